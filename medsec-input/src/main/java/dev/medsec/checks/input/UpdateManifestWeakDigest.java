package dev.medsec.checks.input;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

@CheckInfo(id = "input.update-manifest-weak-digest", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {345, 328, 347},
        summary = "An update manifest or checksum list protects images only with MD5/SHA-1 digests and carries no "
                + "signature",
        remediation = "Sign the manifest (CMS/PGP/SWUpdate -k, RAUC) and list SHA-256 or stronger digests of every "
                + "image; a bare digest protects against corruption, not against an attacker.")
public final class UpdateManifestWeakDigest implements ImageCheck {
    static final long MAX_BYTES = 1 << 20;
    private static final Pattern NAME = Pattern.compile(
            "(?i)(.*manifest.*|sw-description|.*update.*\\.(json|ya?ml|xml|txt|cfg|conf|ini)|md5sums?|sha1sums?|.*\\.md5|.*\\.sha1)");
    private static final Pattern WEAK_KEYED = Pattern.compile(
            "(?i)\\b(md5|sha-?1)(sum)?\\b[\"']?\\s*[:=]\\s*[\"']?([0-9a-f]{32}|[0-9a-f]{40})\\b");
    private static final Pattern SUM_LINE = Pattern.compile("(?im)^([0-9a-f]{32}|[0-9a-f]{40})\\s+\\*?\\S+");
    private static final Pattern STRONG = Pattern.compile("(?i)\\b[0-9a-f]{64}\\b|\\b[0-9a-f]{96}\\b|\\b[0-9a-f]{128}\\b");
    private static final Pattern SIGNED = Pattern.compile(
            "(?i)-----BEGIN PGP SIGNATURE-----|-----BEGIN PKCS7-----|-----BEGIN CMS-----|\"signature\"\\s*:|\\bsignature\\s*=");
    private static final List<String> SIGNATURE_SUFFIXES = List.of(".sig", ".asc", ".gpg", ".p7s", ".cms", ".sign",
            ".signature");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Iterator<Artifact> it = image.files().filter(UpdateManifestWeakDigest::candidate).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            String text = text(a);
            var keyed = WEAK_KEYED.matcher(text);
            var sums = SUM_LINE.matcher(text);
            boolean weak = keyed.find() || sums.find();
            if (!weak || STRONG.matcher(text).find() || SIGNED.matcher(text).find() || hasSignatureFile(image, a)) {
                continue;
            }
            String algorithm = detectAlgorithm(text);
            out.at(a).evidence("digest", algorithm).evidence("signature", "none found")
                    .message(a.fileName() + " lists only " + algorithm + " digests and is not signed")
                    .key(algorithm).report();
        }
    }

    private static boolean candidate(Artifact a) {
        FileType t = a.type();
        return a.size() <= MAX_BYTES && (t == FileType.TEXT || t == FileType.JSON || t == FileType.XML)
                && NAME.matcher(a.fileName()).matches() && !packageIntegrityList(a);
    }

    /**
     * The md5sums a Debian or opkg package carries in its control archive: dpkg's record of what it installed
     * (read by debsums), not what authenticates the package — apt verifies the .deb itself against the signed
     * Release file's SHA-256 chain. Reporting it would put a "high" on every package of every distribution.
     */
    static boolean packageIntegrityList(Artifact a) {
        String p = a.path();
        int c = p.lastIndexOf("!/control.tar");
        return a.fileName().equals("md5sums") && c > 0
                && (p.regionMatches(true, c - 4, ".deb", 0, 4) || p.regionMatches(true, c - 4, ".ipk", 0, 4)
                || p.regionMatches(true, c - 5, ".udeb", 0, 5));
    }

    private static String detectAlgorithm(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("sha1") || lower.contains("sha-1") || Pattern.compile("(?m)^[0-9a-f]{40}\\s").matcher(lower).find()) {
            return lower.contains("md5") ? "MD5 and SHA-1" : "SHA-1";
        }
        return "MD5";
    }

    private static boolean hasSignatureFile(Image image, Artifact a) {
        for (String suffix : SIGNATURE_SUFFIXES) {
            if (image.get(a.path() + suffix).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String text(Artifact a) throws IOException {
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
