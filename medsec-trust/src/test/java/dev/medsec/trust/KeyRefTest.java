package dev.medsec.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRefTest {
    @TempDir
    Path dir;

    @Test
    void parse_pkcs12_givesPath() throws Exception {
        assertThat(KeyRef.parse("pkcs12:keys/signer.p12")).isEqualTo(new KeyRef.Pkcs12(Path.of("keys/signer.p12")));
    }

    @Test
    void parse_pkcs11FullUri_allFieldsDecoded() throws Exception {
        KeyRef ref = KeyRef.parse("pkcs11:token=Device%20HSM;object=update-signer;type=private"
                + "?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/secrets/pin");
        Pkcs11Uri u = ((KeyRef.Pkcs11) ref).uri();
        assertThat(u.token()).contains("Device HSM");
        assertThat(u.object()).contains("update-signer");
        assertThat(u.slotId()).isEmpty();
        assertThat(u.modulePath()).isEqualTo(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
        assertThat(u.pinSource()).isEqualTo(Optional.of(Path.of("/run/secrets/pin")));
    }

    @Test
    void parse_pkcs11SlotId_parsed() throws Exception {
        Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:slot-id=1234567;object=k?module-path=/lib/p11.so");
        assertThat(u.slotId()).contains(1234567L);
        assertThat(u.pinSource()).isEmpty();
    }

    @Test
    void parse_pkcs11PinValue_refused() {
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t;object=k?module-path=/lib/p11.so&pin-value=1234"))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("pin-value is refused");
    }

    @Test
    void parse_pkcs11UnsupportedNarrowingAttribute_refused() {
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t;object=k;id=%01?module-path=/lib/p11.so"))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("id is not supported");
    }

    @Test
    void parse_pkcs11UnknownAttribute_refusedVendorAttributeIgnored() throws Exception {
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t;object=k;colour=red?module-path=/lib/p11.so"))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("unknown attribute colour");
        assertThat(KeyRef.parse("pkcs11:token=t;object=k;x-vendor=1?module-path=/lib/p11.so")).isInstanceOf(KeyRef.Pkcs11.class);
    }

    @Test
    void parse_pkcs11Incomplete_refusedWithWhatIsMissing() {
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t;object=k")).hasMessageContaining("module-path");
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t?module-path=/m.so")).hasMessageContaining("object=");
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:object=k?module-path=/m.so")).hasMessageContaining("token=LABEL or slot-id");
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token=t;object=k%2?module-path=/m.so")).hasMessageContaining("percent");
        assertThatThrownBy(() -> KeyRef.parse("pkcs11:token;object=k?module-path=/m.so")).hasMessageContaining("malformed");
    }

    @Test
    void parse_otherScheme_refused() {
        assertThatThrownBy(() -> KeyRef.parse("/etc/keys/signer.pem")).isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("pkcs12: or pkcs11:");
        assertThatThrownBy(() -> KeyRef.parse("pkcs12:")).isInstanceOf(KeyAccessException.class);
    }

    @Test
    void open_missingPkcs12_refused() {
        assertThatThrownBy(() -> Keys.open(new KeyRef.Pkcs12(dir.resolve("none.p12")), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("no such key store");
    }

    @Test
    void open_notAPkcs12_refused() throws Exception {
        Files.writeString(dir.resolve("x.p12"), "-----BEGIN PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Keys.open(new KeyRef.Pkcs12(dir.resolve("x.p12")), w -> "pw".toCharArray()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("cannot open PKCS#12");
    }

    @Test
    void open_pkcs11MissingModule_refused() {
        assertThatThrownBy(() -> Keys.open(KeyRef.parse("pkcs11:token=t;object=k?module-path=" + dir.resolve("no.so")), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("not found");
    }

    @Test
    void firstLine_stripsLineEndAndClearsInput() {
        byte[] data = "pässword\r\nrest".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(Keys.firstLine(data))).isEqualTo("pässword");
        assertThat(data).containsOnly(0);
    }
}
