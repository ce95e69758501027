package dev.medsec.cli.trust;

import dev.medsec.cli.ExitCodes;
import dev.medsec.trust.Certificates;
import dev.medsec.trust.DetachedVerifier;
import dev.medsec.trust.KeyAccessException;
import dev.medsec.trust.MalformedTrustDataException;
import dev.medsec.trust.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** medsec verify-file FILE --sig FILE.p7s --trust ANCHOR...: exit 0 valid, 1 invalid (one-line reason), 2 unreadable. */
@Command(name = "verify-file", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the signature is valid", "1:the signature is invalid (the reason on one line)",
                "2:bad usage, or an unreadable file, signature or trust anchor", "3:internal error of medsec"},
        description = "Verify a detached CMS signature: signer chain to the trust anchors at the signing time, key usage, approved algorithms. Exit 0 valid, 1 invalid, 2 unreadable.")
public final class VerifyFileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The signed file.")
    Path file;

    @Option(names = "--sig", paramLabel = "FILE.p7s", description = "Detached signature (default: FILE.p7s).")
    Path sig;

    @Option(names = "--trust", required = true, arity = "1..*", paramLabel = "ANCHOR", description = "PEM or DER certificate files of the trusted roots.")
    List<Path> trust;

    @Option(names = "--require-signer", paramLabel = "SUBJECT", description = "Required signer subject, RFC 2253 (e.g. \"CN=Update Signer,O=Example\").")
    String requireSigner;

    /**
     * The signature as DER: a PEM-armoured one ("-----BEGIN PKCS7-----" or "CMS", as openssl cms -outform PEM
     * writes) is unwrapped; any other PEM type is refused with what was found.
     */
    static byte[] der(Path signature, byte[] bytes) throws MalformedTrustDataException {
        String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.US_ASCII);
        if (!head.stripLeading().startsWith("-----BEGIN ")) {
            return bytes;
        }
        try (org.bouncycastle.util.io.pem.PemReader r = new org.bouncycastle.util.io.pem.PemReader(
                new java.io.StringReader(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)))) {
            org.bouncycastle.util.io.pem.PemObject o = r.readPemObject();
            if (o == null) {
                throw new MalformedTrustDataException(signature + ": PEM armour without a complete block");
            }
            if (!o.getType().equals("PKCS7") && !o.getType().equals("CMS")) {
                throw new MalformedTrustDataException(signature + ": a PEM " + o.getType()
                        + " block, not a signature (expected -----BEGIN PKCS7----- or CMS, or DER)");
            }
            return o.getContent();
        } catch (IOException e) {
            throw new MalformedTrustDataException(signature + ": PEM armour that does not decode: " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Path signature = sig != null ? sig : Path.of(file + ".p7s");
        try {
            if (!Files.isRegularFile(file)) {
                err.println("medsec verify-file: " + file + ": no such file");
                return ExitCodes.USAGE;
            }
            DetachedVerifier.Builder b = DetachedVerifier.builder();
            for (Path t : trust) {
                if (!Files.isRegularFile(t)) {
                    err.println("medsec verify-file: --trust " + t + ": no such file");
                    return ExitCodes.USAGE;
                }
                b.trustAnchors(Certificates.read(t));
            }
            if (requireSigner != null) {
                b.requireSigner(requireSigner);
            }
            DetachedVerifier verifier = b.build();
            if (!Files.isRegularFile(signature)) {
                err.println("medsec verify-file: " + signature + ": no such signature file");
                return ExitCodes.USAGE;
            }
            if (Files.size(signature) > DetachedVerifier.MAX_SIGNATURE_BYTES) {
                err.println("medsec verify-file: " + signature + ": too large for a detached signature");
                return ExitCodes.USAGE;
            }
            verifier.verify(file, der(signature, Files.readAllBytes(signature)));
            spec.commandLine().getOut().println("valid: " + file);
            return ExitCodes.OK;
        } catch (VerificationException e) {
            spec.commandLine().getOut().println("invalid: " + file + ": " + e.reason());
            return ExitCodes.FAILED;
        } catch (MalformedTrustDataException | KeyAccessException e) {
            err.println("medsec verify-file: " + e.reason());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("medsec verify-file: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
