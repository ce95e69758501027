package dev.medsec.attacksurface.kernel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.profile.DeviceProfile;
import dev.medsec.profile.InvalidProfileException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Every parser of this module on hostile bytes: each may reject input only with its declared exception. In
 * {@code mvn verify} these run over the committed corpus in KernelParsersFuzzTestInputs/.
 */
class KernelParsersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void kernelConfig(byte[] data) {
        try {
            KernelConfig c = KernelConfig.parse(ByteBuffer.wrap(data));
            c.arch();
            c.version();
            KernelRuleSet.builtIn().evaluateConfig(c, Optional.empty());
        } catch (KernelConfigException expected) {
            // declared rejection
        }
    }

    @FuzzTest(maxDuration = "30s")
    void embeddedConfig(byte[] data) {
        try {
            EmbeddedConfig.extract(ByteBuffer.wrap(data));
        } catch (KernelConfigException expected) {
            // declared rejection
        } catch (IOException e) {
            throw new AssertionError("undeclared exception", e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ubootEnvironment(byte[] data) {
        CommandLineSources.binaryEnv(ByteBuffer.wrap(data));
    }

    @FuzzTest(maxDuration = "30s")
    void deviceTreeBootargs(byte[] data) {
        FdtBootargs.find(ByteBuffer.wrap(data));
    }

    @FuzzTest(maxDuration = "30s")
    void commandLine(byte[] data) {
        KernelCommandLine c = KernelCommandLine.parse(new String(data, StandardCharsets.ISO_8859_1));
        KernelRuleSet.builtIn().evaluateCmdline(c.params(), Optional.empty(), Optional.empty());
        c.consoles();
    }

    @FuzzTest(maxDuration = "30s")
    void deviceProfile(byte[] data) {
        try {
            DeviceProfile.parse(new ByteArrayInputStream(data), "fuzz.yaml");
        } catch (InvalidProfileException expected) {
            // declared rejection
        }
    }
}
