package dev.medsec.cli.trust;

import dev.medsec.cli.ExitCodes;
import dev.medsec.trust.Certificates;
import dev.medsec.trust.Sealer;
import dev.medsec.trust.TrustException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** medsec seal FILE --recipient CERT... [--out FILE.p7m]: CMS AuthEnvelopedData, AES-256-GCM. */
@Command(name = "seal", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sealed", "2:bad usage, an unreadable file or recipient certificate, or an output in the way (see --force)", "3:internal error of medsec"},
        description = "Encrypt patient data for recipients: CMS AuthEnvelopedData with AES-256-GCM (fresh key and nonce each time), RSA-OAEP or ECDH P-256/P-384.")
public final class SealCommand implements Callable<Integer> {
    /** Sealing holds the file in memory; beyond this, stream-oriented storage encryption is the right tool. */
    static final long MAX_BYTES = 1L << 30;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to seal.")
    Path file;

    @Option(names = "--recipient", required = true, arity = "1..*", paramLabel = "CERT", description = "Recipient certificate files (PEM or DER).")
    List<Path> recipients;

    @Option(names = "--out", paramLabel = "FILE.p7m", description = "Output (default: FILE.p7m).")
    Path out;

    @Option(names = "--force", description = "Replace an existing output file.")
    boolean force;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Path dest = out != null ? out : Path.of(file + ".p7m");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                err.println("medsec seal: " + file + ": not a readable file of at most " + MAX_BYTES + " bytes");
                return ExitCodes.USAGE;
            }
            Outputs.checkNew(dest, force);
            List<X509Certificate> certs = new ArrayList<>();
            for (Path r : recipients) {
                certs.addAll(Certificates.read(r));
            }
            Outputs.write(dest, Sealer.forRecipients(certs).seal(Files.readAllBytes(file)), false);
            spec.commandLine().getOut().println("sealed " + file + " -> " + dest + " for " + certs.size() + " recipient(s)");
            return ExitCodes.OK;
        } catch (TrustException e) {
            err.println("medsec seal: " + e.reason());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("medsec seal: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
