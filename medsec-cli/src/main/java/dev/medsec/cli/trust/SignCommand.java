package dev.medsec.cli.trust;

import dev.medsec.cli.ExitCodes;
import dev.medsec.trust.Certificates;
import dev.medsec.trust.DetachedSigner;
import dev.medsec.trust.DetachedVerifier;
import dev.medsec.trust.PrivateKeyHandle;
import dev.medsec.trust.SignatureProfile;
import dev.medsec.trust.TrustException;
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
import java.util.List;
import java.util.concurrent.Callable;

/** medsec sign FILE... --key KEYREF [--cert CERT] [--out DIR]: detached CMS signatures (FILE.p7s, DER). */
@Command(name = "sign", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file signed", "2:bad usage, unreadable file or key, a signature in the way (see --force), "
                + "or a signer certificate that verify-file would reject", "3:internal error of medsec"},
        description = "Sign files a device must authenticate: detached CMS SignedData (FILE.p7s, DER) with signing time and content digest as signed attributes.")
public final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to sign.")
    List<Path> files;

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--cert", paramLabel = "CERT",
            description = "PEM file with the signer certificate first, then its intermediates (default: the chain stored with the key).")
    Path cert;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Signature profile (default by key: RSA_PSS_SHA256, ECDSA_P256_SHA256, ECDSA_P384_SHA384, ED25519). One of: ${COMPLETION-CANDIDATES}.")
    SignatureProfile profile;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the .p7s files (default: beside each file).")
    Path out;

    @Option(names = "--force", description = "Replace existing .p7s files (without it, an existing one is exit 2 and nothing is signed).")
    boolean force;

    private Path destination(Path f) {
        return (out == null ? f.toAbsolutePath().getParent() : out).resolve(f.getFileName() + ".p7s");
    }

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        try {
            if (out != null && !Files.isDirectory(out)) {
                err.println("medsec sign: --out " + out + ": no such directory");
                return ExitCodes.USAGE;
            }
            for (Path f : files) {
                if (!Files.exists(f)) {
                    err.println("medsec sign: " + f + ": no such file");
                    return ExitCodes.USAGE;
                }
                if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                    err.println("medsec sign: " + f + ": not a readable file");
                    return ExitCodes.USAGE;
                }
                Outputs.checkNew(destination(f), force);
            }
            if (cert != null && !Files.isRegularFile(cert)) {
                err.println("medsec sign: --cert " + cert + ": no such file");
                return ExitCodes.USAGE;
            }
            PrivateKeyHandle key = keyOptions.open();
            if (cert != null) {
                key = key.withChain(Certificates.read(cert));
            }
            try {
                DetachedVerifier.checkSignerCertificate(key.certificate(), new java.util.Date());
            } catch (VerificationException e) {
                err.println("medsec sign: refusing to sign: " + e.reason() + " (verify-file would reject the signature)");
                return ExitCodes.USAGE;
            }
            DetachedSigner signer = profile == null ? DetachedSigner.create(key) : DetachedSigner.create(key, profile);
            for (Path f : files) {
                Path dest = destination(f);
                Outputs.write(dest, signer.sign(f), false);
                stdout.println("signed " + f + " -> " + dest + " (" + signer.profile() + ", "
                        + key.certificate().getSubjectX500Principal().getName() + ")");
            }
            return ExitCodes.OK;
        } catch (TrustException e) {
            err.println("medsec sign: " + e.reason());
            return ExitCodes.USAGE;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            err.println("medsec sign: " + e.getFile());
            return ExitCodes.USAGE;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("medsec sign: " + e.getFile() + ": no such file");
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("medsec sign: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
