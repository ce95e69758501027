package dev.medsec.checks.secureboot;

import dev.medsec.secureboot.fit.FitFixture;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kernel-config, inventory and chain-of-trust checks on small images built in the test. */
class ImageChecksTest {
    @TempDir
    Path dir;

    private static final String HEADER = "#\n# Automatically generated file; DO NOT EDIT.\n"
            + "# Linux/arm64 6.1.0 Kernel Configuration\n#\n";
    private static final String WITHOUT = HEADER + "CONFIG_MODULES=y\n# CONFIG_DM_VERITY is not set\n"
            + "CONFIG_HW_RANDOM=y\nCONFIG_HW_RANDOM_OPTEE=m\nCONFIG_CRYPTO_DEV_FSL_CAAM=y\n";
    private static final String WITH = HEADER + "CONFIG_MODULES=y\nCONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_FORCE=y\n"
            + "CONFIG_DM_VERITY=y\nCONFIG_IMA=y\nCONFIG_OPTEE=y\nCONFIG_TEE=y\n";

    @Test
    void kernelNoDmVerity_configWithout_reported_withNot() {
        CheckTester.of(new KernelNoDmVerity(), dir)
                .text("/boot/config-6.1.0", WITHOUT).text("/other/boot/config-6.1.0-secure", WITH)
                .expect("/boot/config-6.1.0", f -> f.evidence().get("line").equals("# CONFIG_DM_VERITY is not set"))
                .run();
    }

    @Test
    void kernelNoIma_configWithout_reported_withNot() {
        CheckTester.of(new KernelNoIma(), dir)
                .text("/boot/config-6.1.0", WITHOUT).text("/other/boot/config-6.1.0-secure", WITH)
                .expect("/boot/config-6.1.0", f -> f.evidence().get("line").equals("(absent)"))
                .run();
    }

    @Test
    void hardwareInventory_teeRngAndCryptoEngine_reportedAsInfo() {
        CheckTester.Result r = CheckTester.of(new HardwareSecurityInventory(), dir)
                .text("/boot/config-6.1.0", WITHOUT)
                .text("/usr/sbin/tee-supplicant", "#!/bin/sh\n")
                .expect("/usr/sbin/tee-supplicant", f -> f.evidence().get("category").equals("tee"))
                .expect("/boot/config-6.1.0", f -> f.evidence().get("category").equals("hwrng")
                        && f.evidence().get("kernelOptions").toString().contains("CONFIG_HW_RANDOM_OPTEE=m"))
                .expect("/boot/config-6.1.0", f -> f.evidence().get("category").equals("crypto-engine"))
                .run();
        assertThat(r.sections()).containsKey("hardwareSecurity");
    }

    @Test
    void hardwareInventory_nothingPresent_noFinding() {
        CheckTester.Result r = CheckTester.of(new HardwareSecurityInventory(), dir)
                .text("/etc/hostname", "device\n").run();
        assertThat(r.sections().get("hardwareSecurity").toString()).contains("present=false");
    }

    @SuppressWarnings("unchecked")
    private static List<ChainOfTrust.Stage> stages(CheckTester.Result r) {
        return (List<ChainOfTrust.Stage>) ((Map<String, Object>) r.sections().get("chainOfTrust")).get("stages");
    }

    @Test
    void chainOfTrust_signedFitVerifiedByInImageKeysButUnsignedModules_breaksAtModules() throws Exception {
        FitFixture.requireTools();
        Tools.require("gcc");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        FitFixture.rsaKey(keys, "dev", 2048);
        Path dtb = FitFixture.controlDtb(dir, "u-boot");
        Path itb = FitFixture.build(dir, "image", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, dtb);
        Files.writeString(dir.resolve("m.c"), "int init_module(void) { return 0; }\n");
        Tools.run(dir, "gcc", "-c", "-o", "m.ko", "m.c");
        CheckTester.Result r = CheckTester.of(new ChainOfTrust(), dir)
                .file("/boot/u-boot.dtb", dtb).file("/boot/image.itb", itb)
                .file("/lib/modules/6.1.0/kernel/drivers/m.ko", dir.resolve("m.ko"))
                .text("/boot/config-6.1.0", WITH)
                .expect("/lib/modules/6.1.0/kernel/drivers/m.ko", f -> f.evidence().get("stage").equals("modules"))
                .run();
        List<ChainOfTrust.Stage> s = stages(r);
        assertThat(s).extracting(ChainOfTrust.Stage::stage).containsExactly("bootloader", "kernel", "modules", "rootfs", "firmware");
        assertThat(s.get(1).status()).isEqualTo("verified");
        assertThat(s.get(1).keys()).contains("key-name-hint dev");
        assertThat(s.get(2).status()).isEqualTo("unsigned");
        assertThat(s.get(3).status()).isEqualTo("unknown");
    }

    @Test
    void chainOfTrust_unsignedFit_breaksAtKernel() throws Exception {
        FitFixture.requireTools();
        Path dtb = FitFixture.controlDtb(dir, "u-boot");
        Path itb = FitFixture.build(dir, "image", FitFixture.Spec.config("sha256,rsa2048", "dev").unsigned(), dir, dtb);
        CheckTester.of(new ChainOfTrust(), dir)
                .file("/boot/image.itb", itb)
                .expect("/boot/image.itb", f -> f.evidence().get("stage").equals("kernel"))
                .run();
    }

    /**
     * An update bundle with a correctly signed, verified FIT beside an unsigned uImage kernel: the break is the
     * uImage, not the FIT that happens to be the stage's first artifact. A uImage ramdisk is not a kernel at all.
     */
    @Test
    void chainOfTrust_pinnedToTheUnsignedKernel_uImageRamdiskIsNoKernel() throws Exception {
        FitFixture.requireTools();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        FitFixture.rsaKey(keys, "dev", 2048);
        Path dtb = FitFixture.controlDtb(dir, "u-boot");
        Path itb = FitFixture.build(dir, "kernel", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, dtb);
        Files.write(dir.resolve("payload"), new byte[4096]);
        Tools.run(dir, "mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x80008000",
                "-e", "0x80008000", "-n", "legacy kernel", "-d", "payload", "uImage");
        Tools.run(dir, "mkimage", "-A", "arm", "-O", "linux", "-T", "ramdisk", "-C", "none", "-n", "initrd",
                "-d", "payload", "uInitrd");
        CheckTester.Result r = CheckTester.of(new ChainOfTrust(), dir)
                .file("/boot/a-kernel.itb", itb).file("/boot/u-boot.dtb", dtb)
                .file("/boot/uImage", dir.resolve("uImage")).file("/boot/uInitrd", dir.resolve("uInitrd"))
                .expect("/boot/uImage", f -> f.evidence().get("breakingArtifacts").equals(List.of("/boot/uImage"))
                        && ((List<?>) f.evidence().get("artifacts")).contains("/boot/a-kernel.itb"))
                .run();
        assertThat(stages(r).get(1).artifacts()).doesNotContain("/boot/uInitrd");
        // without the legacy kernel: the signed FIT is the kernel stage, the ramdisk does not break it
        CheckTester.of(new ChainOfTrust(), dir).file("/boot/a-kernel.itb", itb).file("/boot/u-boot.dtb", dtb)
                .file("/boot/uInitrd", dir.resolve("uInitrd")).run();
    }

    @Test
    void chainOfTrust_signedModulesWithEnforcementOrWithoutConfig_noBreak_withoutEnforcement_breaks() throws Exception {
        FitFixture.requireTools();
        Tools.require("gcc");
        String signFile = dev.medsec.secureboot.modsig.ModuleVerifierTest.locateSignFile();
        Files.writeString(dir.resolve("m.c"), "int init_module(void) { return 0; }\n");
        Tools.run(dir, "gcc", "-c", "-o", "m.ko", "m.c");
        Tools.sh(dir, "openssl req -batch -new -x509 -newkey rsa:2048 -nodes -subj /CN=k -keyout k.key -out k.crt");
        Tools.run(dir, signFile, "sha256", "k.key", "k.crt", "m.ko");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        FitFixture.rsaKey(keys, "dev", 2048);
        Path dtb = FitFixture.controlDtb(dir, "u-boot");
        Path itb = FitFixture.build(dir, "image", FitFixture.Spec.config("sha256,rsa2048", "dev"), keys, dtb);
        String ko = "/lib/modules/6.1.0/kernel/m.ko";
        CheckTester.of(new ChainOfTrust(), dir).file("/boot/image.itb", itb).file("/boot/u-boot.dtb", dtb)
                .file(ko, dir.resolve("m.ko")).text("/boot/config-6.1.0", WITH).run();
        CheckTester.of(new ChainOfTrust(), dir).file("/boot/image.itb", itb).file("/boot/u-boot.dtb", dtb)
                .file(ko, dir.resolve("m.ko")).run();
        CheckTester.of(new ChainOfTrust(), dir).file("/boot/image.itb", itb).file("/boot/u-boot.dtb", dtb)
                .file(ko, dir.resolve("m.ko")).text("/boot/config-6.1.0", WITHOUT)
                .expect(ko, f -> f.message().contains("unsigned modules would still load"))
                .run();
    }

    @Test
    void chainOfTrust_rootfsOnly_sectionButNoFinding() {
        CheckTester.Result r = CheckTester.of(new ChainOfTrust(), dir).text("/etc/os-release", "ID=debian\n")
                .text("/boot/config-6.1.0", WITHOUT).run();
        assertThat(stages(r).get(3).status()).isEqualTo("unsigned");
    }

    /** An EFI loader whose certificate-table entry points past the end: an error entry, not a silent "unsigned". */
    @Test
    void chainOfTrust_peCertificateTablePastTheEnd_errorEntry() throws Exception {
        byte[] pe;
        try (var in = getClass().getResourceAsStream("/dev/medsec/secureboot/SecureBootFuzzTestInputs/"
                + "peAndAuthenticode_arbitraryBytes_onlyMalformedInputException/minimal.efi")) {
            pe = in.readAllBytes();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pe).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int opt = b.getInt(0x3c) + 24;
        int certEntry = opt + (b.getShort(opt) == 0x20b ? 112 : 96) + 4 * 8;
        b.putInt(certEntry, pe.length + 4096).putInt(certEntry + 4, 0x2000);
        Path efi = dir.resolve("bootx64.efi");
        Files.write(efi, pe);
        CheckTester.Result r = CheckTester.of(new ChainOfTrust(), dir).allowErrors().file("/EFI/BOOT/bootx64.efi", efi)
                .expect("/EFI/BOOT/bootx64.efi", f -> f.evidence().get("stage").equals("bootloader"))
                .run();
        assertThat(r.errors()).extracting(e -> e.path() + ": " + e.message())
                .anyMatch(m -> m.startsWith("/EFI/BOOT/bootx64.efi: secureboot.chain-of-trust: PE: certificate table [")
                        && m.endsWith("outside the file; its Authenticode signature cannot be read, so it counts as unsigned"));
    }
}
