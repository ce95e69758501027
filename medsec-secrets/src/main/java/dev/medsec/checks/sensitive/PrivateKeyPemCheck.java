package dev.medsec.checks.sensitive;

import dev.medsec.checks.sensitive.PrivateKeyInfoSummary.Encrypted;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * PEM private keys anywhere in the image, including blocks embedded in executables and firmware blobs. Each
 * BEGIN anchor is confirmed by finding its END line within {@link KeyParsing#MAX_KEY_BYTES} and parsing the
 * block with BouncyCastle: prose that mentions "BEGIN RSA PRIVATE KEY", truncated or corrupted blocks, public
 * keys and certificates never produce a finding.
 */
@CheckInfo(id = "sensitive.private-key-pem", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {321, 312},
        summary = "Private key stored in PEM, OpenSSH or PuTTY (PPK) form on the filesystem",
        remediation = "Keep device keys in a secure element, TPM or PKCS#11 token and use them through it; never "
                + "ship a private key in the image. If a key must be on disk, encrypt it (PKCS#8 with PBKDF2/scrypt "
                + "and AES, or OpenSSH bcrypt KDF) with a passphrase that is not stored beside it.")
public final class PrivateKeyPemCheck implements ContentCheck {
    static final List<String> LABELS = List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
            "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY");

    /** Pattern id of a PuTTY private key's first line. */
    static final String PPK = "PuTTY PPK";

    private static final List<BytePattern> PATTERNS = java.util.stream.Stream.concat(LABELS.stream()
            .map(l -> BytePattern.ascii(l, "-----BEGIN " + l + "-----")),
            java.util.stream.Stream.of(BytePattern.ascii(PPK, "PuTTY-User-Key-File-"))).toList();

    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.hasContent();
    }

    @Override
    public List<BytePattern> patterns() {
        return PATTERNS;
    }

    @Override
    public void inspect(Artifact artifact, List<PatternHit> hits, Findings out) throws IOException {
        ByteBuffer bytes = artifact.bytes();
        int ordinal = 0;
        for (PatternHit hit : hits) {
            boolean ppk = hit.patternId().equals(PPK);
            Optional<String> block = ppk ? ppkBlock(bytes, hit) : block(bytes, hit);
            if (block.isEmpty()) {
                continue;
            }
            Optional<PrivateKeyInfoSummary> key;
            try {
                key = ppk ? KeyParsing.parsePpk(block.get()) : KeyParsing.parsePem(hit.patternId(), block.get());
            } catch (IOException e) {
                // a damaged key file is still a key file somebody shipped: say it could not be read
                out.error(artifact.path(), "private key at offset " + hit.offset() + " does not parse: " + e.getMessage());
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            ordinal++;
            reportKey(artifact, out, key.get(), hit, ordinal);
        }
    }

    private static void reportKey(Artifact artifact, Findings out, PrivateKeyInfoSummary key, PatternHit hit, int ordinal) {
        FindingBuilder b = out.at(artifact).key(hit.patternId() + "#" + ordinal);
        key.evidence().forEach(b::evidence);
        if (hit.offset() > 0) {
            b.evidence("offset", hit.offset());
        }
        String what = key.algorithm() + (key.bits() > 0 ? " " + key.bits() + "-bit" : "") + " private key ("
                + key.format() + ")";
        Optional<String> published = KnownTestKeys.describe(key);
        if (published.isPresent()) {
            b.severity(Severity.INFO).evidence("knownTestKey", published.get())
                    .message(what + " is a published test key (" + published.get() + "): it protects nothing");
        } else if (key.protection() instanceof Encrypted e) {
            if (e.weak()) {
                b.severity(Severity.MEDIUM).message(what + " protected only by weak encryption: " + e.why());
            } else {
                b.severity(Severity.LOW).message(what + " encrypted with " + e.kdf() + " / " + e.cipher());
            }
        } else {
            b.message("Unencrypted " + what + (hit.offset() > 0 ? " embedded at offset " + hit.offset() : ""));
        }
        b.report();
    }

    /** A PPK from its first line through its "Private-MAC:" line, if that follows within the bound. */
    static Optional<String> ppkBlock(ByteBuffer bytes, PatternHit hit) {
        int start = (int) hit.offset();
        int limit = (int) Math.min(bytes.limit(), start + (long) KeyParsing.MAX_KEY_BYTES);
        byte[] text = new byte[limit - start];
        bytes.duplicate().position(start).get(text);
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int mac = s.indexOf("\nPrivate-MAC: ");
        if (mac < 0) {
            return Optional.empty();
        }
        int eol = s.indexOf('\n', mac + 1);
        return Optional.of(s.substring(0, eol < 0 ? s.length() : eol));
    }

    /** The text from the BEGIN anchor through its END line, if the END line follows within the bound. */
    static Optional<String> block(ByteBuffer bytes, PatternHit hit) {
        long start = hit.offset();
        int limit = (int) Math.min(bytes.limit(), start + KeyParsing.MAX_KEY_BYTES);
        byte[] end = ("-----END " + hit.patternId() + "-----").getBytes(StandardCharsets.ISO_8859_1);
        int from = (int) start + hit.length();
        outer:
        for (int i = from; i + end.length <= limit; i++) {
            for (int j = 0; j < end.length; j++) {
                if (bytes.get(i + j) != end[j]) {
                    continue outer;
                }
            }
            byte[] text = new byte[i + end.length - (int) start];
            bytes.duplicate().position((int) start).get(text);
            return Optional.of(new String(text, StandardCharsets.ISO_8859_1));
        }
        return Optional.empty();
    }
}
