package dev.medsec.secureboot.fit;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a FIT image against the keys of a U-Boot control DTB, with the policy a release image must meet:
 *
 * <ul>
 *   <li>every configuration carries a signature that verifies with a trusted key over the regions U-Boot
 *       hashes ({@link FitRegions}), and that signature's {@code hashed-nodes} name the configuration itself,
 *       every image it uses and a strong (SHA-2) hash node of each; each image's data matches that hash;</li>
 *   <li>images-only signing (signatures on image nodes, none on the configuration) is accepted only when the
 *       control DTB itself says so ({@code required = "image"}), because it lets an attacker combine signed
 *       images from different releases (mix-and-match) and leaves load addresses unsigned;</li>
 *   <li>a key marked {@code required} in the control DTB must have signed what it is required for.</li>
 * </ul>
 * A failure throws {@link ChainVerificationException} naming the link and the check; success returns the links.
 */
public final class FitVerifier {
    private FitVerifier() {
    }

    public static List<VerifiedLink> verify(FitImage fit, List<FitKey> keys)
            throws ChainVerificationException, MalformedFormatException {
        if (keys.isEmpty()) {
            throw new ChainVerificationException("trust anchor", "keys", "the control DTB holds no /signature/key-* node");
        }
        if (fit.configurations().isEmpty()) {
            throw new ChainVerificationException("FIT", "configurations", "no configuration to verify");
        }
        boolean imagesOnlyAllowed = keys.stream().anyMatch(k -> k.required().orElse("").equals("image"));
        List<VerifiedLink> links = new ArrayList<>();
        for (FdtNode conf : fit.configurations()) {
            links.addAll(verifyConfiguration(fit, conf, keys, imagesOnlyAllowed));
        }
        return links;
    }

    private static List<VerifiedLink> verifyConfiguration(FitImage fit, FdtNode conf, List<FitKey> keys,
                                                          boolean imagesOnlyAllowed)
            throws ChainVerificationException, MalformedFormatException {
        String link = "configuration " + conf.name();
        if (conf.name().contains("@")) {
            throw new ChainVerificationException(link, "node name", "unit addresses in signed node names are rejected"
                    + " (U-Boot refuses them since the CVE-2021-27097 fixes)");
        }
        List<String> refs = FitImage.referencedImages(conf);
        if (refs.isEmpty()) {
            throw new ChainVerificationException(link, "images", "names no image");
        }
        for (String r : refs) {
            FdtNode img = fit.image(r).orElseThrow(() -> new ChainVerificationException(link, "images",
                    "refers to image '" + r + "' which does not exist"));
            if (img.name().contains("@")) {
                throw new ChainVerificationException("image " + r, "node name", "unit address in a signed image name");
            }
        }
        List<VerifiedLink> links = new ArrayList<>();
        Optional<ConfigSignature> good = Optional.empty();
        List<String> tried = new ArrayList<>();
        for (FdtNode sig : FitImage.signatureNodes(conf)) {
            for (FitKey key : keys) {
                SignatureCheck c = checkConfigSignature(fit, conf, sig, key);
                if (c == SignatureCheck.VALID) {
                    good = Optional.of(new ConfigSignature(sig, key));
                    break;
                }
                tried.add(sig.name() + "/" + key.name() + ": " + c.reason);
            }
            if (good.isPresent()) {
                break;
            }
        }
        for (FitKey k : keys) {
            if (k.required().orElse("").equals("conf")) {
                boolean byThisKey = false;
                for (FdtNode sig : FitImage.signatureNodes(conf)) {
                    byThisKey |= checkConfigSignature(fit, conf, sig, k) == SignatureCheck.VALID;
                }
                if (!byThisKey) {
                    throw new ChainVerificationException(link, "signature", "no valid signature by required key "
                            + k.name() + (tried.isEmpty() ? " (configuration is not signed)" : " " + tried));
                }
            }
        }
        if (good.isPresent()) {
            ConfigSignature cs = good.get();
            Set<String> hashed = new HashSet<>(cs.sig.property("hashed-nodes").map(FdtProperty::asStringList)
                    .orElse(List.of()));
            String algo = cs.sig.string("algo").orElse("?");
            links.add(new VerifiedLink(link, algo + " signature " + cs.sig.name(), cs.key.name()));
            for (String r : refs) {
                FdtNode img = fit.image(r).orElseThrow();
                String imgLink = "image " + r;
                if (!hashed.contains(img.path())) {
                    throw new ChainVerificationException(imgLink, "signature coverage", "the signature of "
                            + conf.name() + " does not cover " + img.path());
                }
                List<FdtNode> covered = FitImage.hashNodes(img).stream().filter(h -> hashed.contains(h.path()))
                        .filter(h -> !FitHashes.weak(h.string("algo").orElse("")))
                        .collect(Collectors.toList());
                if (covered.isEmpty()) {
                    throw new ChainVerificationException(imgLink, "hash", "no SHA-2 hash node covered by the signature of "
                            + conf.name() + " (hashes: " + describeHashes(img) + ")");
                }
                for (FdtNode h : covered) {
                    checkHash(fit, img, h);
                }
                links.add(new VerifiedLink(imgLink, covered.get(0).string("algo").orElse("?") + " hash "
                        + covered.get(0).name() + " under " + conf.name(), ""));
            }
        } else if (!FitImage.signatureNodes(conf).isEmpty()) {
            throw new ChainVerificationException(link, "signature", "no signature verifies with the trusted keys " + tried);
        } else if (!imagesOnlyAllowed) {
            boolean anyImageSig = refs.stream().map(fit::image).flatMap(Optional::stream)
                    .anyMatch(i -> !FitImage.signatureNodes(i).isEmpty());
            throw new ChainVerificationException(link, "signature", anyImageSig
                    ? "configuration not signed; only its images are (images-only signing allows mix-and-match)"
                    : "not signed");
        }
        for (String r : refs) {
            FdtNode img = fit.image(r).orElseThrow();
            boolean needImageSig = good.isEmpty()
                    || keys.stream().anyMatch(k -> k.required().orElse("").equals("image"));
            if (needImageSig) {
                links.add(verifyImageSignature(fit, img, keys, good.isEmpty()));
            }
        }
        return links;
    }

    private static VerifiedLink verifyImageSignature(FitImage fit, FdtNode img, List<FitKey> keys, boolean anyKey)
            throws ChainVerificationException, MalformedFormatException {
        String imgLink = "image " + img.name();
        List<FdtNode> sigs = FitImage.signatureNodes(img);
        if (sigs.isEmpty()) {
            throw new ChainVerificationException(imgLink, "signature", "not signed");
        }
        ByteBuffer data = fit.data(img);
        Set<String> required = keys.stream().filter(k -> k.required().orElse("").equals("image"))
                .map(FitKey::name).collect(Collectors.toCollection(LinkedHashSet::new));
        Optional<VerifiedLink> first = Optional.empty();
        for (FdtNode sig : sigs) {
            Optional<FitAlgorithm> algo = algorithm(sig);
            Optional<byte[]> value = sig.property("value").map(FdtProperty::bytes);
            if (algo.isEmpty() || value.isEmpty()) {
                continue;
            }
            for (FitKey key : keys) {
                if (FitSignatures.verify(algo.get(), key, List.of(data), value.get())) {
                    if (algo.get().weak()) {
                        throw new ChainVerificationException(imgLink, "signature algorithm", algo.get().label()
                                + " is too weak");
                    }
                    required.remove(key.name());
                    if (first.isEmpty() && (anyKey || key.required().isPresent())) {
                        first = Optional.of(new VerifiedLink(imgLink, algo.get().label() + " signature "
                                + sig.name(), key.name()));
                    }
                }
            }
        }
        if (!required.isEmpty()) {
            throw new ChainVerificationException(imgLink, "signature", "no valid signature by required key(s) " + required);
        }
        return first.orElseThrow(() -> new ChainVerificationException(imgLink, "signature",
                "no signature verifies with the trusted keys"));
    }

    private static String describeHashes(FdtNode img) {
        List<FdtNode> hs = FitImage.hashNodes(img);
        return hs.isEmpty() ? "none" : hs.stream().map(h -> h.name() + "=" + h.string("algo").orElse("?"))
                .collect(Collectors.joining(", "));
    }

    /** Recomputes an image's hash node over its data; throws when it differs. */
    public static void checkHash(FitImage fit, FdtNode img, FdtNode hashNode)
            throws ChainVerificationException, MalformedFormatException {
        String algo = hashNode.string("algo").orElse("");
        String imgLink = "image " + img.name();
        byte[] expected = hashNode.property("value").map(FdtProperty::bytes)
                .orElseThrow(() -> new ChainVerificationException(imgLink, "hash", hashNode.name() + " has no value"));
        byte[] actual = computeHash(algo, fit.data(img))
                .orElseThrow(() -> new ChainVerificationException(imgLink, "hash", "unsupported algorithm '" + algo + "'"));
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ChainVerificationException(imgLink, "hash", algo + " of the data does not match " + hashNode.name());
        }
    }

    /** Digest (or CRC32 checksum, big-endian) of the data; empty for unknown algorithms. */
    public static Optional<byte[]> computeHash(String algo, ByteBuffer data) {
        if (algo.equals("crc32")) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data.duplicate());
            return Optional.of(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        try {
            MessageDigest md = FitHashes.digest(algo);
            md.update(data.duplicate());
            return Optional.of(md.digest());
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** Outcome of checking one configuration signature with one key, with the reason when it is not valid. */
    public enum SignatureCheck {
        VALID("valid"),
        BAD_ALGORITHM("unknown algorithm or padding"),
        WEAK_ALGORITHM("algorithm too weak"),
        KEY_MISMATCH("key type or size differs from the algorithm"),
        MALFORMED("missing value, hashed-nodes or hashed-strings"),
        CONFIG_NOT_HASHED("hashed-nodes does not list the configuration"),
        INVALID("signature does not verify");

        public final String reason;

        SignatureCheck(String reason) {
            this.reason = reason;
        }
    }

    private record ConfigSignature(FdtNode sig, FitKey key) {
    }

    static Optional<FitAlgorithm> algorithm(FdtNode sig) {
        return sig.string("algo").flatMap(a -> FitAlgorithm.parse(a, sig.string("padding")));
    }

    /** Checks one configuration signature node with one key over the regions U-Boot hashes. */
    public static SignatureCheck checkConfigSignature(FitImage fit, FdtNode conf, FdtNode sig, FitKey key)
            throws MalformedFormatException {
        Optional<FitAlgorithm> algo = algorithm(sig);
        if (algo.isEmpty()) {
            return SignatureCheck.BAD_ALGORITHM;
        }
        if (!algo.get().cipher().equals(key.cipher()) || algo.get().bits() != key.bits()) {
            return SignatureCheck.KEY_MISMATCH;
        }
        Optional<byte[]> value = sig.property("value").map(FdtProperty::bytes);
        List<String> nodes = sig.property("hashed-nodes").map(FdtProperty::asStringList).orElse(List.of());
        Optional<FdtProperty> strings = sig.property("hashed-strings");
        if (value.isEmpty() || nodes.isEmpty() || strings.isEmpty() || strings.get().length() != 8) {
            return SignatureCheck.MALFORMED;
        }
        if (!nodes.contains(conf.path())) {
            return SignatureCheck.CONFIG_NOT_HASHED;
        }
        int stringsSize = strings.get().value().getInt(4);
        List<FitRegions.Region> regions = FitRegions.configRegions(fit.fdt(), new HashSet<>(nodes), stringsSize);
        List<ByteBuffer> parts = new ArrayList<>();
        ByteBuffer buf = fit.fdt().buffer();
        for (FitRegions.Region r : regions) {
            ByteBuffer p = buf.duplicate();
            p.limit(r.offset() + r.size()).position(r.offset());
            parts.add(p.slice());
        }
        if (!FitSignatures.verify(algo.get(), key, parts, value.get())) {
            return SignatureCheck.INVALID;
        }
        return algo.get().weak() ? SignatureCheck.WEAK_ALGORITHM : SignatureCheck.VALID;
    }
}
