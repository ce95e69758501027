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
        summary = "Private key stored in PEM/OpenSSH form on the filesystem",
        remediation = "Keep device keys in a secure element, TPM or PKCS#11 token and use them through it; never "
                + "ship a private key in the image. If a key must be on disk, encrypt it (PKCS#8 with PBKDF2/scrypt "
                + "and AES, or OpenSSH bcrypt KDF) with a passphrase that is not stored beside it.")
public final class PrivateKeyPemCheck implements ContentCheck {
    static final List<String> LABELS = List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
            "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY");

    private static final List<BytePattern> PATTERNS = LABELS.stream()
            .map(l -> BytePattern.ascii(l, "-----BEGIN " + l + "-----")).toList();

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
            Optional<String> block = block(bytes, hit);
            if (block.isEmpty()) {
                continue;
            }
            Optional<PrivateKeyInfoSummary> key = KeyParsing.parsePem(hit.patternId(), block.get());
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
