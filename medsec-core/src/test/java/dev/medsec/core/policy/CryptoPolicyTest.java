package dev.medsec.core.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one algorithm table: digests and key sizes beside the TLS and SSH rows, each with its source. */
class CryptoPolicyTest {
    private final CryptoPolicy p = CryptoPolicy.standard();

    @Test
    void digest_approvedWeakAndUnknown() {
        assertThat(p.digest("SHA256").status()).isEqualTo(CryptoPolicy.Status.APPROVED);
        assertThat(p.digest("sha3-384").status()).isEqualTo(CryptoPolicy.Status.APPROVED);
        assertThat(p.digest("sha1").status().isWeak()).isTrue();
        assertThat(p.digest("md5").source()).contains("SP 800-131A");
        assertThat(p.digest("crc32").status().isWeak()).isTrue();
        // a name the table does not know is never strong by default
        assertThat(p.digest("crc16-ccitt").status().isWeak()).isTrue();
    }

    @Test
    void keys_thresholdsFromTheTable() {
        assertThat(p.weakKey("rsa", 1024)).isPresent();
        assertThat(p.weakKey("RSA", 2048)).isEmpty();
        assertThat(p.weakKey("ec", 224)).isPresent();
        assertThat(p.weakKey("ec", 256)).isEmpty();
        assertThat(p.minimumKeyBits("dsa")).isEqualTo(2048);
        assertThat(p.minimumKeyBits("ed25519")).isZero();
        assertThat(p.rules()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    }
}
