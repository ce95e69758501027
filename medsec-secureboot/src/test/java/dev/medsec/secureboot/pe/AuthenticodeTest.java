package dev.medsec.secureboot.pe;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.TrustAnchors;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import dev.medsec.testkit.Tools;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authenticode on Debian's real signed shim and GRUB (apt-get download) and on images signed in the test with
 * sbsign from sbsigntool under two test CAs.
 */
class AuthenticodeTest {
    @TempDir
    static Path dir;
    static Path shim;
    static Path grub;
    static Path unsignedGrub;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Tools.require("sbsign");
        Tools.require("openssl");
        Tools.sh(dir, "apt-get download shim-signed grub-efi-amd64-signed >/dev/null && for f in *.deb; do dpkg-deb -x $f root; done");
        shim = dir.resolve("root/usr/lib/shim/shimx64.efi.signed");
        grub = dir.resolve("root/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed");
        unsignedGrub = dir.resolve("grub-unsigned.efi");
        Files.copy(grub, unsignedGrub);
        Tools.run(dir, "sbattach", "--remove", unsignedGrub.toString());
        for (String ca : List.of("caA", "caB")) {
            Tools.sh(dir, "openssl req -batch -new -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=" + ca
                    + " secure boot CA' -keyout " + ca + ".key -out " + ca + ".crt -addext basicConstraints=critical,CA:TRUE"
                    + " -addext keyUsage=critical,keyCertSign");
            Tools.sh(dir, "openssl req -batch -new -newkey rsa:2048 -nodes -subj '/CN=" + ca + " signer' -keyout "
                    + ca + "-signer.key -out " + ca + "-signer.csr && openssl x509 -req -in " + ca + "-signer.csr -CA "
                    + ca + ".crt -CAkey " + ca + ".key -CAcreateserial -days 3650 -out " + ca + "-signer.crt");
        }
    }

    private static PeFile pe(Path p) throws IOException {
        return PeFile.parse(ByteBuffer.wrap(Files.readAllBytes(p)));
    }

    private static PeFile pe(byte[] b) throws IOException {
        return PeFile.parse(ByteBuffer.wrap(b));
    }

    private static List<X509CertificateHolder> anchor(String file) throws IOException {
        return TrustAnchors.parse(Files.readAllBytes(dir.resolve(file))).certificates();
    }

    private static Path signWith(String ca, String out) {
        Tools.run(dir, "sbsign", "--key", ca + "-signer.key", "--cert", ca + "-signer.crt", "--output", out,
                unsignedGrub.toString());
        return dir.resolve(out);
    }

    /** shim embeds the distribution's CA in its .vendor_cert section: a table, then DER certificates. */
    private static X509CertificateHolder debianCaFromShim() throws IOException {
        PeFile s = pe(shim);
        ByteBuffer v = s.data(s.section(".vendor_cert").orElseThrow());
        for (int i = 0; i + 4 < v.remaining(); i++) {
            if ((v.get(i) & 0xff) == 0x30 && (v.get(i + 1) & 0xff) == 0x82) {
                int len = ((v.get(i + 2) & 0xff) << 8 | (v.get(i + 3) & 0xff)) + 4;
                byte[] der = new byte[len];
                v.duplicate().position(i).get(der);
                return new X509CertificateHolder(der);
            }
        }
        throw new AssertionError("no certificate in shim's .vendor_cert");
    }

    @Test
    void verify_debianGrubAgainstTheCaShimTrusts_verifies() throws Exception {
        X509CertificateHolder debianCa = debianCaFromShim();
        assertThat(debianCa.getSubject().toString()).contains("Debian Secure Boot CA");
        VerifiedLink l = Authenticode.verify(pe(grub), List.of(debianCa));
        assertThat(l.protectedBy()).contains("Debian Secure Boot Signer");
        assertThat(l.key()).contains("Debian Secure Boot CA");
    }

    @Test
    void verify_microsoftSignedShimAgainstDebianCa_fails() throws Exception {
        PeFile s = pe(shim);
        // The digest we compute equals the one Microsoft signed: our Authenticode digest is right.
        Authenticode.SignatureInfo info = Authenticode.describe(s).get(0);
        assertThat(Authenticode.digest(s, "SHA-256")).isEqualTo(info.declaredDigest());
        assertThat(info.certificates()).anyMatch(c -> c.contains("Microsoft"));
        assertThatThrownBy(() -> Authenticode.verify(s, List.of(debianCaFromShim())))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("certificate chain");
    }

    @Test
    void sbat_debianBinaries_listGenerations() throws Exception {
        assertThat(Authenticode.sbat(pe(grub))).hasValueSatisfying(t -> assertThat(t).startsWith("sbat,1").contains("grub"));
        assertThat(Authenticode.sbat(pe(shim))).hasValueSatisfying(t -> assertThat(t).contains("shim"));
    }

    @Test
    void verify_sbsignedWithChainToAnchor_verifies() throws Exception {
        Path signed = signWith("caA", "a.efi");
        VerifiedLink l = Authenticode.verify(pe(signed), anchor("caA.crt"));
        assertThat(l.key()).contains("caA secure boot CA");
        assertThat(l.protectedBy()).contains("caA signer");
    }

    @Test
    void verify_signedByADifferentCa_failsAgainstAnAnchorThatDidNotSignIt() throws Exception {
        Path signed = signWith("caB", "b.efi");
        assertThatThrownBy(() -> Authenticode.verify(pe(signed), anchor("caA.crt")))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("does not chain to a trusted anchor");
        // The signer's own certificate travels inside the signature; it must never count as an anchor.
        assertThatThrownBy(() -> Authenticode.verify(pe(signed), anchor("caA-signer.crt")))
                .isInstanceOf(ChainVerificationException.class);
    }

    @Test
    void verify_unsigned_fails() throws Exception {
        assertThatThrownBy(() -> Authenticode.verify(pe(unsignedGrub), anchor("caA.crt")))
                .isInstanceOf(ChainVerificationException.class).hasMessage("PE image: signature: not signed (no attribute certificate table)");
    }

    @Test
    void verify_twoSignatures_listsBothAndAcceptsTheTrustedOne() throws Exception {
        Path first = signWith("caB", "first.efi");
        Tools.run(dir, "sbsign", "--key", "caA-signer.key", "--cert", "caA-signer.crt", "--output", "both.efi",
                first.toString());
        PeFile both = pe(dir.resolve("both.efi"));
        assertThat(Authenticode.describe(both)).hasSize(2);
        assertThat(Authenticode.verify(both, anchor("caA.crt")).link()).isEqualTo("PE image signature 1");
    }

    @Test
    void verify_flipsAcrossEveryRegion_allFail() throws Exception {
        byte[] good = Files.readAllBytes(signWith("caA", "m.efi"));
        PeFile p = pe(good);
        List<X509CertificateHolder> a = anchor("caA.crt");
        Authenticode.verify(p, a);
        // Representative sample (each try hashes the whole 4 MB image): 200 header bytes (never the checksum
        // or the certificate-table entry, excluded from the digest by design), 20 offsets in each section, 20
        // in the trailing data, every byte of the WIN_CERTIFICATE header and 150 offsets in the PKCS#7 blob.
        List<Long> offsets = new ArrayList<>();
        Random r = new Random(7);
        for (long i = 0; i < p.sizeOfHeaders(); i += 1 + r.nextInt((int) p.sizeOfHeaders() / 100)) {
            boolean excluded = (i >= p.checksumOffset() && i < p.checksumOffset() + 4)
                    || (i >= p.certDirEntryOffset() && i < p.certDirEntryOffset() + 8);
            if (!excluded) {
                offsets.add(i);
            }
        }
        long sectionsEnd = p.sizeOfHeaders();
        for (PeFile.Section s : p.sectionsByFileOffset()) {
            for (int k = 0; k < 20; k++) {
                offsets.add(s.pointerToRawData() + (long) (r.nextDouble() * s.sizeOfRawData()));
            }
            sectionsEnd = Math.max(sectionsEnd, s.pointerToRawData() + s.sizeOfRawData());
        }
        for (int k = 0; k < 20 && sectionsEnd < p.certTableOffset(); k++) {
            offsets.add(sectionsEnd + (long) (r.nextDouble() * (p.certTableOffset() - sectionsEnd)));
        }
        for (int k = 0; k < 8; k++) {
            offsets.add(p.certTableOffset() + k);
        }
        for (int k = 0; k < 150; k++) {
            offsets.add(p.certTableOffset() + 8 + (long) (r.nextDouble() * (p.certTableSize() - 8)));
        }
        List<Long> accepted = new ArrayList<>();
        for (long off : offsets) {
            byte[] m = good.clone();
            m[(int) off] ^= (byte) (1 << (off % 8));
            try {
                Authenticode.verify(pe(m), a);
                accepted.add(off);
            } catch (ChainVerificationException | MalformedFormatException expected) {
                // rejected
            }
        }
        assertThat(offsets.size()).isGreaterThan(300);
        assertThat(accepted).as("accepted flips of %d", offsets.size()).isEmpty();
    }

    @Test
    void verify_dataAppendedAfterTheSignature_fails() throws Exception {
        byte[] good = Files.readAllBytes(signWith("caA", "t.efi"));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 16);
        assertThatThrownBy(() -> Authenticode.verify(pe(longer), anchor("caA.crt")))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("coverage");
    }
}
