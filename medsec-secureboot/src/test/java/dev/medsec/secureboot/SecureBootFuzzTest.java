package dev.medsec.secureboot;

import dev.medsec.formats.MalformedFormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitImage;
import dev.medsec.secureboot.fit.FitRegions;
import dev.medsec.secureboot.fit.FitVerifier;
import dev.medsec.secureboot.modsig.KernelModules;
import dev.medsec.secureboot.modsig.ModuleSignature;
import dev.medsec.secureboot.modsig.ModuleVerifier;
import dev.medsec.secureboot.pe.Authenticode;
import dev.medsec.secureboot.pe.PeFile;
import dev.medsec.secureboot.ubootenv.UBootEnv;
import dev.medsec.secureboot.verity.VerityParams;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;

/**
 * Fuzzes every parser of the module. Contract: arbitrary bytes yield a result or a
 * {@link MalformedFormatException}, never another exception, a hang or an unbounded allocation. Under
 * {@code mvn verify} the committed corpus (SecureBootFuzzTestInputs/) runs as regression tests; with
 * JAZZER_FUZZ=1 Jazzer explores further.
 */
class SecureBootFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void fdtAndFit_arbitraryBytes_onlyMalformedInputException(byte[] input) {
        try {
            Fdt fdt = Fdt.parse(ByteBuffer.wrap(input));
            if (ControlDtbKeys.hasKeys(fdt)) {
                ControlDtbKeys.read(fdt);
            }
            if (FitImage.isFit(fdt)) {
                FitImage fit = FitImage.of(fdt);
                for (FdtNode img : fit.images()) {
                    fit.data(img);
                    for (FdtNode h : FitImage.hashNodes(img)) {
                        FitVerifier.computeHash(h.string("algo").orElse(""), fit.data(img));
                    }
                }
                for (FdtNode conf : fit.configurations()) {
                    for (FdtNode sig : FitImage.signatureNodes(conf)) {
                        Optional<FdtProperty> strings = sig.property("hashed-strings");
                        int size = strings.filter(p -> p.length() == 8).map(p -> p.value().getInt(4)).orElse(0);
                        FitRegions.configRegions(fdt, new HashSet<>(sig.property("hashed-nodes")
                                .map(FdtProperty::asStringList).orElse(java.util.List.of())), size);
                    }
                }
            }
        } catch (MalformedFormatException expected) {
            // the one declared failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void peAndAuthenticode_arbitraryBytes_onlyMalformedInputException(byte[] input) {
        try {
            PeFile pe = PeFile.parse(ByteBuffer.wrap(input));
            Authenticode.sbat(pe);
            Authenticode.describe(pe);
            if (pe.certDirEntryOffset() >= 0) {
                Authenticode.digest(pe, "SHA-256");
            }
        } catch (MalformedFormatException expected) {
            // the one declared failure
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void moduleAndEnvAndVerity_arbitraryBytes_onlyMalformedInputException(byte[] input) {
        try {
            ByteBuffer m = KernelModules.content(ByteBuffer.wrap(input));
            Optional<ModuleSignature> s = ModuleSignature.parse(m);
            if (s.isPresent()) {
                ModuleVerifier.parse(m, s.get()).getSignerInfos();
            }
        } catch (MalformedFormatException expected) {
            // the one declared failure
        } catch (RuntimeException e) {
            // BouncyCastle decodes lazily: getSignerInfos on hostile DER may throw; verify() maps it.
            if (!(e.getClass().getName().startsWith("org.bouncycastle") || e instanceof ClassCastException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
                throw e;
            }
        }
        try {
            UBootEnv.parse(ByteBuffer.wrap(input));
        } catch (MalformedFormatException expected) {
            // the one declared failure
        }
        try {
            VerityParams.readSuperblock(ByteBuffer.wrap(input), 0);
        } catch (MalformedFormatException expected) {
            // the one declared failure
        }
    }
}
