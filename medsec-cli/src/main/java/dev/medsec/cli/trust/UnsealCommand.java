package dev.medsec.cli.trust;

import dev.medsec.cli.ExitCodes;
import dev.medsec.trust.KeyAccessException;
import dev.medsec.trust.MalformedTrustDataException;
import dev.medsec.trust.Unsealer;
import dev.medsec.trust.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** medsec unseal FILE.p7m --key KEYREF [--out FILE]: exit 0 opened, 1 altered or not for this key, 2 unreadable. */
@Command(name = "unseal", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:opened and written", "1:the sealed file does not authenticate (altered, or not for this key); nothing written", "2:bad usage, an unreadable file or key, or an output in the way (see --force)", "3:internal error of medsec"},
        description = "Open a sealed file (CMS AuthEnvelopedData, AES-GCM). The plaintext is written only when the authentication tag verifies, readable by the owner only.")
public final class UnsealCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.p7m", description = "The sealed file.")
    Path file;

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Output (default: FILE.p7m without .p7m, else FILE.out).")
    Path out;

    @Option(names = "--force", description = "Replace an existing output file.")
    boolean force;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        String name = file.toString();
        Path dest = out != null ? out : Path.of(name.endsWith(".p7m") ? name.substring(0, name.length() - 4) : name + ".out");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > SealCommand.MAX_BYTES + (1 << 20)) {
                err.println("medsec unseal: " + file + ": not a readable sealed file");
                return ExitCodes.USAGE;
            }
            Outputs.checkNew(dest, force);
            byte[] plain = Unsealer.of(keyOptions.open()).open(Files.readAllBytes(file));
            Outputs.write(dest, plain, true);
            spec.commandLine().getOut().println("unsealed " + file + " -> " + dest);
            return ExitCodes.OK;
        } catch (VerificationException e) {
            spec.commandLine().getOut().println("invalid: " + file + ": " + e.reason());
            return ExitCodes.FAILED;
        } catch (MalformedTrustDataException | KeyAccessException e) {
            err.println("medsec unseal: " + e.reason());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("medsec unseal: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
