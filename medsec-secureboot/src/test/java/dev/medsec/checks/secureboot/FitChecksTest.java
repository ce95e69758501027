package dev.medsec.checks.secureboot;

import dev.medsec.secureboot.fit.FitFixture;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtProperty;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The FIT and control-DTB checks, on images signed by mkimage in the test: each with positive and negative cases. */
class FitChecksTest {
    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() {
        FitFixture.requireTools();
        FitFixture.rsaKey(keys, "dev", 2048);
        FitFixture.rsaKey(keys, "other", 2048);
    }

    private record Built(Path itb, Path dtb) {
    }

    private Built build(String name, FitFixture.Spec spec, String... extra) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(name));
        Path dtb = FitFixture.controlDtb(sub, "u-boot");
        return new Built(FitFixture.build(sub, "image", spec, keys, dtb, extra), dtb);
    }

    private static final FitFixture.Spec SIGNED = FitFixture.Spec.config("sha256,rsa2048", "dev");

    @Test
    void fitUnsigned_unsignedAndSigned_reportsOnlyTheUnsigned() throws Exception {
        Built plain = build("plain", SIGNED.unsigned());
        Built signed = build("signed", SIGNED);
        Built imagesOnly = build("imgs", SIGNED.imagesOnly());
        CheckTester.of(new FitUnsigned(), dir)
                .file("/boot/plain.itb", plain.itb()).file("/boot/signed.itb", signed.itb())
                .file("/boot/imgs.itb", imagesOnly.itb()).file("/boot/u-boot.dtb", signed.dtb())
                .expect("/boot/plain.itb", f -> f.evidence().get("configuration").equals("conf-1"))
                .run();
    }

    @Test
    void fitMixAndMatch_imagesOnlySigned_reported_configSignedNot() throws Exception {
        Built imagesOnly = build("imgs", SIGNED.imagesOnly());
        Built signed = build("signed", SIGNED);
        Built plain = build("plain", SIGNED.unsigned());
        CheckTester.of(new FitMixAndMatch(), dir)
                .file("/boot/imgs.itb", imagesOnly.itb()).file("/boot/signed.itb", signed.itb())
                .file("/boot/plain.itb", plain.itb())
                .expect("/boot/imgs.itb", f -> f.message().contains("kernel-1"))
                .run();
    }

    @Test
    void fitWeakAlgorithm_sha1Hashes_reportedPerNode() throws Exception {
        Built weak = build("weak", SIGNED.withHash("sha1"));
        Built strong = build("strong", SIGNED);
        CheckTester.of(new FitWeakAlgorithm(), dir)
                .file("/weak.itb", weak.itb()).file("/strong.itb", strong.itb())
                .expect("/weak.itb", f -> f.evidence().get("node").equals("/images/kernel-1/hash-1"))
                .expect("/weak.itb", f -> f.evidence().get("node").equals("/images/fdt-1/hash-1"))
                .run();
    }

    @Test
    void controlDtbKeyNotRequired_keyWithoutRequired_reported() throws Exception {
        Built lax = build("lax", SIGNED, "--not-required");
        Built strict = build("strict", SIGNED);
        Built images = build("images", SIGNED.imagesOnly());
        CheckTester.of(new ControlDtbKeyNotRequired(), dir)
                .file("/lax/u-boot.dtb", lax.dtb()).file("/strict/u-boot.dtb", strict.dtb())
                .file("/images/u-boot.dtb", images.dtb()).file("/lax/image.itb", lax.itb())
                .expect("/lax/u-boot.dtb", f -> f.evidence().get("required").equals("(absent)"))
                .expect("/images/u-boot.dtb", f -> f.evidence().get("required").equals("image"))
                .run();
    }

    @Test
    void fitSignatureInvalid_otherKeyAndTamperedData_reported_validNot() throws Exception {
        Built good = build("good", SIGNED);
        Built other = build("other", FitFixture.Spec.config("sha256,rsa2048", "other"));
        byte[] tampered = Files.readAllBytes(good.itb());
        FdtProperty data = Fdt.parse(ByteBuffer.wrap(tampered)).node("/images/fdt-1").orElseThrow()
                .property("data").orElseThrow();
        tampered[data.valueOffset() + 3] ^= 1;
        CheckTester.of(new FitSignatureInvalid(), dir)
                .file("/boot/u-boot.dtb", good.dtb())
                .file("/boot/good.itb", good.itb())
                .file("/boot/other.itb", other.itb())
                .file("/boot/tampered.itb", tampered)
                .expect("/boot/other.itb", f -> f.evidence().get("keyNameHint").equals("other"))
                .expect("/boot/tampered.itb", f -> f.evidence().get("check").equals("hash"))
                .run();
    }
}
