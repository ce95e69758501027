package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;

/**
 * Records where a database is expected (by its name) but the content is indistinguishable from random bytes in
 * whole pages: an encrypted store such as SQLCipher. Information for the reviewer (and the positive side of
 * principle 6), not a defect.
 */
@CheckInfo(id = "sensitive.encrypted-store", principle = Principle.SENSITIVE_DATA, severity = Severity.INFO,
        cwe = {311},
        summary = "Encrypted data store (e.g. SQLCipher) found",
        remediation = "No action needed if the key is held in the secure element or TPM and not stored in the image; "
                + "verify where the key comes from.")
public final class EncryptedStoreCheck implements FileCheck {
    static final Set<String> DB_SUFFIXES = Set.of(".db", ".sqlite", ".sqlite3", ".db3", ".sqlcipher", ".s3db", ".sdb");
    /** Bits per byte above which a sample looks like ciphertext (random data reaches ~7.95 over 16 KiB). */
    static final double MIN_ENTROPY = 7.8;
    private static final int SAMPLE = 16 * 1024;
    private static final int MIN_PAGE = 512;

    @Override
    public boolean appliesTo(Artifact artifact) {
        String name = artifact.fileName().toLowerCase(Locale.ROOT);
        return artifact.type() == FileType.OTHER && artifact.size() >= 2048 && artifact.size() % MIN_PAGE == 0
                && DB_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        ByteBuffer b = artifact.bytes();
        b.limit(Math.min(b.limit(), SAMPLE));
        double bits = Entropy.bitsPerByte(b);
        if (bits < MIN_ENTROPY) {
            return;
        }
        out.at(artifact)
                .message("Database file without a SQLite header and with ciphertext-like entropy: encrypted store")
                .evidence("entropyBitsPerByte", Entropy.rounded(bits))
                .evidence("size", artifact.size())
                .report();
    }
}
