package dev.medsec.cli.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medsec.cli.ExitCodes;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitImage;
import dev.medsec.secureboot.fit.FitKey;
import dev.medsec.secureboot.fit.FitVerifier;
import dev.medsec.secureboot.modsig.KernelImageCertificates;
import dev.medsec.secureboot.modsig.KernelModules;
import dev.medsec.secureboot.modsig.ModuleSignature;
import dev.medsec.secureboot.modsig.ModuleVerifier;
import dev.medsec.secureboot.pe.Authenticode;
import dev.medsec.secureboot.pe.PeFile;
import dev.medsec.secureboot.verify.TrustAnchors;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import dev.medsec.secureboot.verity.VerityParams;
import dev.medsec.secureboot.verity.VerityVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code medsec verify}: checks one link of a secure-boot chain of trust. Exit 0 verified, 1 not verified
 * (one line naming the link and the check that failed), 2 unreadable, unsupported or missing anchors.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:verified", "1:not verified (the reason on one line and in the JSON)", "2:bad usage or an unreadable input", "3:internal error of medsec"},
        description = {"Verify a signed boot artifact: a U-Boot FIT image (against a control DTB), a UEFI PE image"
                + " (Authenticode, against certificates), a Linux kernel module (.ko, .ko.xz, .ko.zst) or a"
                + " dm-verity image (with --root-hash).",
                "Exit codes: 0 verified, 1 not verified, 2 unreadable or unsupported input."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The artifact to verify (for dm-verity: the data image).")
    Path file;

    @Option(names = "--trust", arity = "1..*", paramLabel = "ANCHOR",
            description = "Trusted certificate (PEM/DER), PEM public key, U-Boot control DTB with /signature keys,"
                    + " or a Linux kernel image (its built-in certificates, for modules).")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--root-hash", paramLabel = "HEX", description = "dm-verity root hash (hex) to verify FILE against.")
    Optional<String> rootHash = Optional.empty();

    @Option(names = "--hash-tree", paramLabel = "FILE", description = "dm-verity hash device (with veritysetup superblock).")
    Optional<Path> hashTree = Optional.empty();

    @Option(names = "--hash-offset", paramLabel = "N", description = "dm-verity hash area offset in FILE itself (combined image).")
    Optional<Long> hashOffset = Optional.empty();

    @Option(names = "--salt", paramLabel = "HEX", description = "dm-verity salt, for a hash area without superblock"
            + " (veritysetup --no-superblock); '-' for none.")
    Optional<String> salt = Optional.empty();

    @Option(names = "--data-blocks", paramLabel = "N", description = "dm-verity data blocks (without superblock;"
            + " default: FILE size / data block size).")
    Optional<Long> dataBlocks = Optional.empty();

    @Option(names = "--hash", paramLabel = "ALG", defaultValue = "sha256",
            description = "dm-verity hash algorithm without superblock (default: ${DEFAULT-VALUE}).")
    String hashAlgorithm = "sha256";

    @Option(names = "--data-block-size", paramLabel = "BYTES", defaultValue = "4096",
            description = "dm-verity data block size without superblock (default: ${DEFAULT-VALUE}).")
    int dataBlockSize = 4096;

    @Option(names = "--hash-block-size", paramLabel = "BYTES", defaultValue = "4096",
            description = "dm-verity hash block size without superblock (default: ${DEFAULT-VALUE}).")
    int hashBlockSize = 4096;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Optional<Path> json = Optional.empty();

    /** The result of one verification, as printed and as written with --json. */
    public record Result(String file, String type, boolean verified, String link, String check, String reason,
                         List<String> links) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Result r;
        try {
            r = run();
        } catch (MalformedFormatException | UsageException e) {
            err.println("medsec verify: " + e.getMessage());
            writeJson(new Result(file.toString(), "unknown", false, "", "input", e.getMessage(), List.of()));
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("medsec verify: cannot read: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (r.verified()) {
            out.println("verified: " + r.type() + " " + file);
            for (String l : r.links()) {
                out.println("  " + l);
            }
        } else {
            out.println("not verified: " + r.type() + " " + file + ": " + r.link() + ": " + r.check() + ": " + r.reason());
        }
        writeJson(r);
        return r.verified() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void writeJson(Result r) throws IOException {
        if (json.isPresent()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file());
            m.put("type", r.type());
            m.put("verified", r.verified());
            if (!r.verified()) {
                m.put("link", r.link());
                m.put("check", r.check());
                m.put("reason", r.reason());
            }
            m.put("links", r.links());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.get().toFile(), m);
        }
    }

    /** A command line that cannot be acted upon (missing anchors, conflicting options). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String m) {
            super(m);
        }
    }

    Result run() throws IOException, UsageException {
        if (rootHash.isPresent()) {
            return verity();
        }
        ByteBuffer bytes = map(file);
        if (Fdt.hasMagic(bytes)) {
            return fit(bytes);
        }
        if (PeFile.hasMagic(bytes)) {
            PeFile pe = PeFile.parse(bytes);
            return attempt("uefi-pe", () -> List.of(Authenticode.verify(pe, certificates())));
        }
        ByteBuffer module = KernelModules.content(bytes);
        if (ModuleSignature.hasTrailer(module) || isElf(module)) {
            return attempt("kernel-module", () -> List.of(ModuleVerifier.verify(bytes, certificates())));
        }
        throw new UsageException("unsupported file: not a FIT image, PE image, kernel module or (with --root-hash)"
                + " dm-verity data");
    }

    private static boolean isElf(ByteBuffer b) {
        return b.remaining() >= 4 && b.get(0) == 0x7f && b.get(1) == 'E' && b.get(2) == 'L' && b.get(3) == 'F';
    }

    private interface Verification {
        List<VerifiedLink> run() throws ChainVerificationException, IOException, UsageException;
    }

    private Result attempt(String type, Verification v) throws IOException, UsageException {
        try {
            List<VerifiedLink> links = v.run();
            return new Result(file.toString(), type, true, "", "", "", links.stream().map(VerifiedLink::toString).toList());
        } catch (ChainVerificationException e) {
            String prefix = e.link() + ": " + e.check() + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            return new Result(file.toString(), type, false, e.link(), e.check(), reason, List.of());
        }
    }

    private Result fit(ByteBuffer bytes) throws IOException, UsageException {
        Fdt fdt = Fdt.parse(bytes);
        if (!FitImage.isFit(fdt)) {
            throw new UsageException("unsupported file: a device tree but not a FIT image");
        }
        FitImage fit = FitImage.of(fdt);
        List<FitKey> keys = new ArrayList<>();
        for (Path t : trust) {
            ByteBuffer b = map(t);
            if (!Fdt.hasMagic(b)) {
                throw new UsageException("--trust " + t + ": FIT images are verified against a U-Boot control DTB");
            }
            keys.addAll(ControlDtbKeys.read(Fdt.parse(b)));
        }
        if (trust.isEmpty()) {
            throw new UsageException("--trust CONTROL_DTB is required to verify a FIT image");
        }
        return attempt("fit", () -> FitVerifier.verify(fit, keys));
    }

    private List<org.bouncycastle.cert.X509CertificateHolder> certificates() throws IOException, UsageException {
        if (trust.isEmpty()) {
            throw new UsageException("--trust CERTIFICATE is required");
        }
        TrustAnchors all = TrustAnchors.empty();
        for (Path t : trust) {
            ByteBuffer b = map(t);
            if (KernelImageCertificates.isBzImage(b)) {
                // A kernel image as anchor: the certificates of its builtin keyring, as the kernel trusts them.
                all = all.plus(new TrustAnchors(KernelImageCertificates.extract(b), List.of()));
            } else {
                all = all.plus(TrustAnchors.parse(Files.readAllBytes(t)));
            }
        }
        if (all.certificates().isEmpty()) {
            throw new UsageException("--trust: no certificate among the anchors (public keys alone cannot anchor a"
                    + " PKCS#7 chain)");
        }
        return all.certificates();
    }

    private Result verity() throws IOException, UsageException {
        if (hashTree.isPresent() == hashOffset.isPresent()) {
            throw new UsageException("dm-verity needs exactly one of --hash-tree FILE or --hash-offset N");
        }
        byte[] root;
        try {
            root = HexFormat.of().parseHex(rootHash.get().trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--root-hash is not hex: " + e.getMessage());
        }
        Path hashFile = hashTree.orElse(file);
        long offset = hashOffset.orElse(0L);
        VerityParams p;
        if (salt.isPresent()) {
            // No superblock: the parameters come from the command line, as with veritysetup --no-superblock.
            long blocks = dataBlocks.orElse(Files.size(file) / Math.max(1, dataBlockSize));
            try {
                p = VerityParams.of(hashAlgorithm, dataBlockSize, hashBlockSize, blocks, salt.get().trim(), offset);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--salt is not hex: " + e.getMessage());
            }
        } else {
            try (FileChannel ch = FileChannel.open(hashFile, StandardOpenOption.READ)) {
                if (offset < 0 || offset + VerityParams.SUPERBLOCK_SIZE > ch.size()) {
                    throw new UsageException("no dm-verity superblock at offset " + offset + " of " + hashFile);
                }
                ByteBuffer sb = ch.map(FileChannel.MapMode.READ_ONLY, offset, VerityParams.SUPERBLOCK_SIZE);
                if (!VerityParams.hasSuperblock(sb, 0)) {
                    throw new UsageException("no dm-verity superblock at offset " + offset + " of " + hashFile
                            + " (for a hash area without one, give --salt and the other parameters)");
                }
                VerityParams rel = VerityParams.readSuperblock(sb, 0);
                p = new VerityParams(rel.hashType(), rel.algorithm(), rel.dataBlockSize(), rel.hashBlockSize(),
                        rel.dataBlocks(), rel.salt(), rel.treeOffset() + offset);
            }
        }
        VerityParams params = p;
        return attempt("dm-verity", () -> VerityVerifier.verify(file, hashFile, params, root));
    }

    private static ByteBuffer map(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE - 16) {
                throw new MalformedFormatException(p + " is larger than 2 GiB");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }
}
