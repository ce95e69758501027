package dev.medsec.secureboot.fit;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FIT verification against images signed by Debian's mkimage in the test. */
class FitVerifierTest {
    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() {
        FitFixture.requireTools();
        FitFixture.rsaKey(keys, "dev", 2048);
        FitFixture.rsaKey(keys, "dev3072", 3072);
        FitFixture.rsaKey(keys, "dev4096", 4096);
        FitFixture.rsaKey(keys, "other", 2048);
        FitFixture.ecKey(keys, "ec256", "prime256v1");
    }

    private static List<FitKey> keysOf(Path dtb) throws IOException {
        return ControlDtbKeys.read(Fdt.parse(ByteBuffer.wrap(Files.readAllBytes(dtb))));
    }

    private static List<VerifiedLink> verify(byte[] itb, Path dtb) throws Exception {
        return FitVerifier.verify(FitImage.parse(ByteBuffer.wrap(itb)), keysOf(dtb));
    }

    private record Signed(byte[] itb, Path dtb) {
    }

    private Signed sign(FitFixture.Spec spec, String... extra) throws IOException {
        Path dtb = FitFixture.controlDtb(dir, "u-boot");
        Path itb = FitFixture.build(dir, "image", spec, keys, dtb, extra);
        return new Signed(Files.readAllBytes(itb), dtb);
    }

    // Debian's mkimage 2023.01 signs ECDSA with P-256 only; P-384 verification shares the same code path.
    @ParameterizedTest
    @CsvSource({"sha256,rsa2048,dev,", "sha256,rsa3072,dev3072,", "sha512,rsa4096,dev4096,",
            "sha256,rsa2048,dev,pss", "sha384,rsa4096,dev4096,pss", "sha256,ecdsa256,ec256,"})
    void verify_signedByMkimage_verifiesEveryLink(String hash, String cipher, String key, String padding)
            throws Exception {
        FitFixture.Spec spec = FitFixture.Spec.config(hash + "," + cipher, key)
                .withPadding(padding == null ? "" : padding);
        Signed s = sign(spec);
        List<VerifiedLink> links = verify(s.itb(), s.dtb());
        assertThat(links).extracting(VerifiedLink::link)
                .containsExactly("configuration conf-1", "image kernel-1", "image fdt-1");
        assertThat(links.get(0).key()).isEqualTo(key);
    }

    @Test
    void verify_externalData_verifies() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev"), "-E");
        Fdt fdt = Fdt.parse(ByteBuffer.wrap(s.itb()));
        assertThat(fdt.node("/images/kernel-1").orElseThrow().property("data-offset")).isPresent();
        assertThat(verify(s.itb(), s.dtb())).hasSize(3);
        byte[] tampered = s.itb().clone();
        tampered[tampered.length - 10] ^= 1;
        assertThatThrownBy(() -> verify(tampered, s.dtb())).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("image fdt-1: hash");
    }

    @Test
    void verify_flipInEveryImageByteAndSignatureByte_fails() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev"));
        Fdt fdt = Fdt.parse(ByteBuffer.wrap(s.itb()));
        List<FdtProperty> targets = List.of(
                fdt.node("/images/kernel-1").orElseThrow().property("data").orElseThrow(),
                fdt.node("/images/fdt-1").orElseThrow().property("data").orElseThrow(),
                fdt.node("/configurations/conf-1/signature-1").orElseThrow().property("value").orElseThrow());
        // Every byte of the signature; every 5th byte of the payloads (each run re-verifies the whole FIT).
        int mutations = 0;
        for (FdtProperty p : targets) {
            int step = p.name().equals("value") ? 1 : 5;
            for (int i = 0; i < p.length(); i += step) {
                byte[] m = s.itb().clone();
                m[p.valueOffset() + i] ^= (byte) (1 << (i % 8));
                assertThatThrownBy(() -> verify(m, s.dtb()))
                        .as("flip in %s at %d", p.name(), i).isInstanceOf(ChainVerificationException.class);
                mutations++;
            }
        }
        assertThat(mutations).isEqualTo(1200 + 140 + 256);
    }

    @Test
    void verify_everyByteOfTheFile_failsOrLiesOutsideTheSignedRegions() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev"));
        Fdt fdt = Fdt.parse(ByteBuffer.wrap(s.itb()));
        FdtNode sig = fdt.node("/configurations/conf-1/signature-1").orElseThrow();
        Set<String> hashed = new HashSet<>(sig.property("hashed-nodes").orElseThrow().asStringList());
        boolean[] signed = new boolean[s.itb().length];
        for (FitRegions.Region r : FitRegions.configRegions(fdt, hashed,
                sig.property("hashed-strings").orElseThrow().value().getInt(4))) {
            for (int i = r.offset(); i < r.offset() + r.size(); i++) {
                signed[i] = true;
            }
        }
        for (String img : List.of("/images/kernel-1", "/images/fdt-1")) {
            FdtProperty d = fdt.node(img).orElseThrow().property("data").orElseThrow();
            for (int i = d.valueOffset(); i < d.valueOffset() + d.length(); i++) {
                signed[i] = true;
            }
        }
        boolean[] payload = new boolean[s.itb().length];
        for (String img : List.of("/images/kernel-1", "/images/fdt-1")) {
            FdtProperty d = fdt.node(img).orElseThrow().property("data").orElseThrow();
            java.util.Arrays.fill(payload, d.valueOffset(), d.valueOffset() + d.length(), true);
        }
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < s.itb().length; i++) {
            if (payload[i]) {
                continue; // payload bytes: the previous test flips them
            }
            byte[] m = s.itb().clone();
            m[i] ^= 0x01;
            try {
                verify(m, s.dtb());
                accepted.add(i);
                assertThat(signed[i]).as("accepted flip at %d lies in a signed region", i).isFalse();
            } catch (ChainVerificationException | MalformedFormatException expected) {
                // rejected, as it should be for signed bytes
            }
        }
        // Only unsigned metadata may change undetected, and every such byte must be one of: the FDT header
        // (U-Boot signs blocks, not the header; a header change that moves a block fails), the memory reservation block, the signature node's own properties (but its value),
        // strings added after signing, or free space outside the structure and strings blocks.
        boolean[] unsignedMeta = new boolean[s.itb().length];
        java.util.Arrays.fill(unsignedMeta, 4, 40, true);
        java.util.Arrays.fill(unsignedMeta, ByteBuffer.wrap(s.itb()).getInt(16), fdt.offDtStruct(), true);
        for (FdtProperty p : sig.properties()) {
            if (!p.name().equals("value")) {
                java.util.Arrays.fill(unsignedMeta, fdt.offDtStruct() + p.structOffset(),
                        (p.valueOffset() + p.length() + 3) & ~3, true); // with its alignment padding
            }
        }
        // U-Boot does not sign /configurations' own properties ("default"): which configuration boots is not
        // authenticated, which is why every configuration must verify, not only the default one.
        for (FdtProperty p : fdt.node("/configurations").orElseThrow().properties()) {
            java.util.Arrays.fill(unsignedMeta, fdt.offDtStruct() + p.structOffset(),
                    (p.valueOffset() + p.length() + 3) & ~3, true);
        }
        int hashedStrings = sig.property("hashed-strings").orElseThrow().value().getInt(4);
        java.util.Arrays.fill(unsignedMeta, fdt.offDtStrings() + hashedStrings, s.itb().length, true);
        java.util.Arrays.fill(unsignedMeta, fdt.offDtStruct() + fdt.sizeDtStruct(), fdt.offDtStrings(), true);
        for (int i : accepted) {
            assertThat(unsignedMeta[i]).as("accepted flip at %d is unsigned metadata", i).isTrue();
        }
    }

    @Test
    void verify_hashRecomputedAfterTampering_onlyTheSignatureCatchesIt() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev"));
        Fdt fdt = Fdt.parse(ByteBuffer.wrap(s.itb()));
        FdtProperty data = fdt.node("/images/kernel-1").orElseThrow().property("data").orElseThrow();
        FdtProperty hash = fdt.node("/images/kernel-1/hash-1").orElseThrow().property("value").orElseThrow();
        byte[] m = s.itb().clone();
        m[data.valueOffset() + 100] ^= 0x55;
        byte[] newHash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Arrays.copyOfRange(m, data.valueOffset(), data.valueOffset() + data.length()));
        System.arraycopy(newHash, 0, m, hash.valueOffset(), 32);
        FitImage tampered = FitImage.parse(ByteBuffer.wrap(m));
        FdtNode img = tampered.image("kernel-1").orElseThrow();
        FitVerifier.checkHash(tampered, img, img.child("hash-1").orElseThrow()); // the hash alone is fooled
        assertThatThrownBy(() -> verify(m, s.dtb())).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("configuration conf-1: signature");
    }

    @Test
    void verify_imagesOnlySigning_acceptedOnlyWhenTheControlDtbRequiresImageKeys() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev").imagesOnly());
        List<FitKey> k = keysOf(s.dtb());
        assertThat(k).singleElement().satisfies(key -> assertThat(key.required()).hasValue("image"));
        assertThat(verify(s.itb(), s.dtb())).extracting(VerifiedLink::link)
                .containsExactly("image kernel-1", "image fdt-1");

        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Path confDtb = FitFixture.controlDtb(confDir, "u-boot");
        FitFixture.build(confDir, "image", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, confDtb);
        assertThatThrownBy(() -> verify(s.itb(), confDtb)).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("configuration conf-1: signature")
                .hasMessageContaining("required key dev");
    }

    @Test
    void verify_imagesOnlySigningAgainstKeyWithoutRequired_failsAsMixAndMatch() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev").imagesOnly());
        FitKey k = keysOf(s.dtb()).get(0);
        FitKey lax = new FitKey(k.name(), k.algo(), java.util.Optional.empty(), k.publicKey(), k.bits());
        assertThatThrownBy(() -> FitVerifier.verify(FitImage.parse(ByteBuffer.wrap(s.itb())), List.of(lax)))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("mix-and-match");
    }

    @Test
    void verify_signedWithAnotherKey_fails() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "other"));
        Path devDir = Files.createDirectories(dir.resolve("dev"));
        Path devDtb = FitFixture.controlDtb(devDir, "u-boot");
        FitFixture.build(devDir, "image", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, devDtb);
        assertThatThrownBy(() -> verify(s.itb(), devDtb)).isInstanceOf(ChainVerificationException.class)
                .satisfies(e -> assertThat(((ChainVerificationException) e).link()).isEqualTo("configuration conf-1"))
                .satisfies(e -> assertThat(((ChainVerificationException) e).check()).isEqualTo("signature"));
    }

    @Test
    void verify_unsigned_fails() throws Exception {
        Path anchorDtb = FitFixture.controlDtb(dir, "anchor");
        FitFixture.build(dir, "anchor", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, anchorDtb);
        Path itb = FitFixture.build(dir, "plain", FitFixture.Spec.config("sha256,rsa2048", "dev").unsigned(),
                keys, anchorDtb);
        assertThatThrownBy(() -> verify(Files.readAllBytes(itb), anchorDtb))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("conf-1: signature");
    }

    @Test
    void verify_weakImageHash_fails() throws Exception {
        Signed s = sign(FitFixture.Spec.config("sha256,rsa2048", "dev").withHash("sha1"));
        assertThatThrownBy(() -> verify(s.itb(), s.dtb())).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("image kernel-1: hash").hasMessageContaining("no SHA-2 hash");
    }

    @Test
    void controlDtbKeys_mkimageOutput_readsRsaAndEcKeys() throws Exception {
        Path dtb = FitFixture.controlDtb(dir, "both");
        FitFixture.build(dir, "a", FitFixture.Spec.config("sha256,rsa3072", "dev3072"), keys, dtb);
        FitFixture.build(dir, "b", FitFixture.Spec.config("sha256,ecdsa256", "ec256"), keys, dtb);
        assertThat(keysOf(dtb)).extracting(FitKey::name, FitKey::cipher, FitKey::bits)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("dev3072", "rsa", 3072),
                        org.assertj.core.groups.Tuple.tuple("ec256", "ecdsa", 256));
    }
}
