package dev.medsec.checks.secureboot;

import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UEFI secure-boot key checks on Debian's own OVMF variable stores (package ovmf: no keys, Debian's and
 * Microsoft's keys, the snake-oil test key) and on a store built here around an openssl certificate named like
 * AMI's PKfail test key.
 */
class UefiKeyChecksTest {
    private static final Path OVMF = Path.of("/usr/share/OVMF");

    @TempDir
    Path tmp;

    private static Path ovmf(String name) {
        Path p = OVMF.resolve(name);
        if (!Files.isRegularFile(p) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(p + " missing on CI: the ovmf package is in scripts/debian-packages.d/");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(p), p + " not installed (Debian package ovmf)");
        return p;
    }

    /** The variable store inside an OVMF_VARS file: after the NVRAM volume's header. */
    private static byte[] store(Path vars) throws Exception {
        byte[] fd = Files.readAllBytes(vars);
        int headerLength = ByteBuffer.wrap(fd).order(ByteOrder.LITTLE_ENDIAN).getShort(48) & 0xffff;
        return java.util.Arrays.copyOfRange(fd, headerLength, fd.length);
    }

    @Test
    void setupMode_ovmfWithoutKeys_critical() throws Exception {
        CheckTester.of(new UefiSetupMode(), tmp).file("/fv0/nvram.vss", store(ovmf("OVMF_VARS_4M.fd")))
                .expect("/fv0/nvram.vss", f -> f.evidence().get("PK").equals("absent")).run();
    }

    @Test
    void setupMode_ovmfWithEnrolledKeys_noFinding() throws Exception {
        CheckTester.of(new UefiSetupMode(), tmp).file("/fv0/nvram.vss", store(ovmf("OVMF_VARS_4M.ms.fd"))).run();
    }

    @Test
    void testPlatformKey_debianSnakeOilKey_critical() throws Exception {
        CheckTester.of(new UefiTestPlatformKey(), tmp).file("/fv0/nvram.vss", store(ovmf("OVMF_VARS_4M.snakeoil.fd")))
                .expect("/fv0/nvram.vss", f -> f.evidence().get("marker").equals("snakeoil")).run();
    }

    @Test
    void testPlatformKey_debianProductionKeys_noFinding() throws Exception {
        CheckTester.of(new UefiTestPlatformKey(), tmp).file("/fv0/nvram.vss", store(ovmf("OVMF_VARS_4M.ms.fd"))).run();
    }

    /**
     * PKfail: a store whose PK is a certificate with AMI's "DO NOT TRUST - AMI Test PK" subject (made by openssl),
     * written as EDK2 writes an authenticated variable store.
     */
    @Test
    void testPlatformKey_amiDoNotTrustKey_critical() throws Exception {
        Tools.require("openssl");
        Tools.sh(tmp, "openssl req -x509 -newkey rsa:2048 -nodes -keyout pk.key -out pk.der -outform DER -days 30"
                + " -subj '/CN=DO NOT TRUST - AMI Test PK' 2>/dev/null");
        byte[] der = Files.readAllBytes(tmp.resolve("pk.der"));
        CheckTester.of(new UefiTestPlatformKey(), tmp).file("/nvram.vss", authenticatedStore("PK", GLOBAL, x509List(der)))
                .expect("/nvram.vss", f -> f.message().contains("DO NOT TRUST") && f.evidence().get("reference").toString().contains("CVE-2024-8105"))
                .run();
        CheckTester.of(new UefiSetupMode(), tmp).file("/nvram.vss", authenticatedStore("PK", GLOBAL, x509List(der))).run();
    }

    /** A PK whose data is not an EFI signature list: an error naming it, not a silent "no test key". */
    @Test
    void testPlatformKey_pkNotASignatureList_errorEntry() throws Exception {
        byte[] garbage = new byte[40];
        java.util.Arrays.fill(garbage, (byte) 0x41);
        CheckTester.Result r = CheckTester.of(new UefiTestPlatformKey(), tmp)
                .file("/nvram.vss", authenticatedStore("PK", GLOBAL, garbage)).allowErrors().run();
        assertThat(r.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("PK is not a valid EFI signature list"));
    }

    /** A variable whose sizes run past the store: not parsed, and said once in errors (not "no finding"). */
    @Test
    void setupMode_truncatedStore_errorEntryNoFinding() throws Exception {
        byte[] store = authenticatedStore("PK", GLOBAL, x509List(new byte[64]));
        java.nio.ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 40, 1 << 20); // DataSize far too large
        CheckTester.Result r = CheckTester.of(new UefiSetupMode(), tmp).file("/nvram.vss", store).allowErrors().run();
        assertThat(r.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("UEFI variable store not checked")
                && m.contains("runs past the store"));
        CheckTester.of(new UefiTestPlatformKey(), tmp).file("/nvram.vss", store).run();
    }

    @Test
    void appliesTo_fileWithoutStoreSignature_skipped() throws Exception {
        CheckTester.of(new UefiSetupMode(), tmp).file("/random.bin", new byte[4096]).run();
    }

    // 8be4df61-93ca-11d2-aa0d-00e098032b8c, EFI_GLOBAL_VARIABLE, in wire order
    private static final byte[] GLOBAL = {0x61, (byte) 0xdf, (byte) 0xe4, (byte) 0x8b, (byte) 0xca, (byte) 0x93, (byte) 0xd2, 0x11,
            (byte) 0xaa, 0x0d, 0x00, (byte) 0xe0, (byte) 0x98, 0x03, 0x2b, (byte) 0x8c};
    // a5c059a1-94e4-4aa7-87b5-ab155c2bf072, EFI_CERT_X509_GUID
    private static final byte[] CERT_X509 = {(byte) 0xa1, 0x59, (byte) 0xc0, (byte) 0xa5, (byte) 0xe4, (byte) 0x94, (byte) 0xa7, 0x4a,
            (byte) 0x87, (byte) 0xb5, (byte) 0xab, 0x15, 0x5c, 0x2b, (byte) 0xf0, 0x72};
    // aaf32c78-947b-439a-a180-2e144ec37792, the authenticated variable store
    private static final byte[] AUTH_STORE = {0x78, 0x2c, (byte) 0xf3, (byte) 0xaa, 0x7b, (byte) 0x94, (byte) 0x9a, 0x43,
            (byte) 0xa1, (byte) 0x80, 0x2e, 0x14, 0x4e, (byte) 0xc3, 0x77, (byte) 0x92};

    /** EFI_SIGNATURE_LIST: type, list size, header size 0, signature size; then owner GUID + certificate. */
    private static byte[] x509List(byte[] der) {
        ByteBuffer b = ByteBuffer.allocate(28 + 16 + der.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(CERT_X509).putInt(28 + 16 + der.length).putInt(0).putInt(16 + der.length);
        b.put(new byte[16]).put(der);
        return b.array();
    }

    /** VARIABLE_STORE_HEADER, then one AUTHENTICATED_VARIABLE_HEADER (state VAR_ADDED), name and data. */
    private static byte[] authenticatedStore(String name, byte[] vendor, byte[] data) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        int size = 28 + 60 + n.length + data.length + 64;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(AUTH_STORE).putInt(size).put((byte) 0x5a).put((byte) 0xfe).putShort((short) 0).putInt(0);
        b.putShort((short) 0x55aa).put((byte) 0x3f).put((byte) 0).putInt(0x27); // NV, BS, RT, time-based authenticated
        b.putLong(0).put(new byte[16]).putInt(0).putInt(n.length).putInt(data.length).put(vendor);
        b.put(n).put(data);
        while (b.hasRemaining()) {
            b.put((byte) 0xff);
        }
        return b.array();
    }
}
