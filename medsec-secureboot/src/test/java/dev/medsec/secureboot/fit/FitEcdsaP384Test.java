package dev.medsec.secureboot.fit;

import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import dev.medsec.testkit.Tools;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ECDSA P-384 configuration signatures. Debian's mkimage 2023.01 cannot make them, so the FIT and the control
 * DTB are compiled by dtc and the region (selected as for the mkimage-verified algorithms) is signed by openssl.
 */
class FitEcdsaP384Test {
    @TempDir
    Path dir;

    private static String bytes(byte[] b) {
        StringBuilder sb = new StringBuilder("[");
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.append("]").toString().replace(" ]", "]");
    }

    private static byte[] fixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - n, out, len - n, n);
        return out;
    }

    @Test
    void verify_p384SignedConfiguration_verifiesAndRejectsFlips() throws Exception {
        Tools.require("dtc");
        Tools.require("openssl");
        Tools.run(dir, "openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "k.pem");
        Tools.run(dir, "openssl", "ec", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "k.pub");
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(Files.readAllBytes(dir.resolve("k.pub")));
        ECPoint q = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp384r1").getCurve()
                .decodePoint(spki.getPublicKeyData().getOctets()).normalize();
        Files.writeString(dir.resolve("u-boot.dts"), "/dts-v1/;\n/ { signature { key-p384 { required = \"conf\";"
                + " algo = \"sha384,ecdsa384\"; ecdsa,curve = \"secp384r1\"; ecdsa,x-point = "
                + bytes(fixed(q.getAffineXCoord().toBigInteger(), 48)) + "; ecdsa,y-point = "
                + bytes(fixed(q.getAffineYCoord().toBigInteger(), 48)) + "; }; }; };\n");
        Tools.run(dir, "dtc", "-I", "dts", "-O", "dtb", "-o", "u-boot.dtb", "u-boot.dts");

        byte[] kernel = new byte[900];
        new Random(5).nextBytes(kernel);
        byte[] hash = MessageDigest.getInstance("SHA-384").digest(kernel);
        Files.writeString(dir.resolve("image.dts"), "/dts-v1/;\n/ { description = \"p384\"; images { kernel-1 {"
                + " data = " + bytes(kernel) + "; type = \"kernel\"; hash-1 { algo = \"sha384\"; value = " + bytes(hash)
                + "; }; }; }; configurations { default = \"conf-1\"; conf-1 { kernel = \"kernel-1\"; signature-1 {"
                + " algo = \"sha384,ecdsa384\"; key-name-hint = \"p384\"; hashed-strings = <0 0>;"
                + " hashed-nodes = \"/\", \"/configurations/conf-1\", \"/images/kernel-1\", \"/images/kernel-1/hash-1\";"
                + " value = " + bytes(new byte[96]) + "; }; }; }; };\n");
        Tools.run(dir, "dtc", "-I", "dts", "-O", "dtb", "-o", "image.itb", "image.dts");
        byte[] itb = Files.readAllBytes(dir.resolve("image.itb"));
        Fdt fdt = Fdt.parse(ByteBuffer.wrap(itb));
        FdtNode sig = fdt.node("/configurations/conf-1/signature-1").orElseThrow();
        FdtProperty strings = sig.property("hashed-strings").orElseThrow();
        ByteBuffer.wrap(itb).putInt(strings.valueOffset() + 4, fdt.sizeDtStrings());
        fdt = Fdt.parse(ByteBuffer.wrap(itb));
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        for (FitRegions.Region r : FitRegions.configRegions(fdt, new HashSet<>(sig.property("hashed-nodes").orElseThrow()
                .asStringList()), fdt.sizeDtStrings())) {
            signed.write(itb, r.offset(), r.size());
        }
        Files.write(dir.resolve("region.bin"), signed.toByteArray());
        Tools.run(dir, "openssl", "dgst", "-sha384", "-sign", "k.pem", "-out", "sig.der", "region.bin");
        ASN1Sequence der = ASN1Sequence.getInstance(Files.readAllBytes(dir.resolve("sig.der")));
        byte[] value = new byte[96];
        System.arraycopy(fixed(ASN1Integer.getInstance(der.getObjectAt(0)).getValue(), 48), 0, value, 0, 48);
        System.arraycopy(fixed(ASN1Integer.getInstance(der.getObjectAt(1)).getValue(), 48), 0, value, 48, 48);
        System.arraycopy(value, 0, itb, sig.property("value").orElseThrow().valueOffset(), 96);

        List<FitKey> keys = ControlDtbKeys.read(Fdt.parse(ByteBuffer.wrap(Files.readAllBytes(dir.resolve("u-boot.dtb")))));
        assertThat(keys).singleElement().satisfies(k -> assertThat(k.bits()).isEqualTo(384));
        List<VerifiedLink> links = FitVerifier.verify(FitImage.parse(ByteBuffer.wrap(itb)), keys);
        assertThat(links.get(0).protectedBy()).startsWith("sha384,ecdsa384");
        for (int i = 0; i < value.length; i += 7) {
            byte[] m = itb.clone();
            m[sig.property("value").orElseThrow().valueOffset() + i] ^= 0x20;
            assertThatThrownBy(() -> FitVerifier.verify(FitImage.parse(ByteBuffer.wrap(m)), keys))
                    .isInstanceOf(ChainVerificationException.class);
        }
        byte[] m = itb.clone();
        m[fdt.node("/images/kernel-1").orElseThrow().property("data").orElseThrow().valueOffset() + 9] ^= 1;
        assertThatThrownBy(() -> FitVerifier.verify(FitImage.parse(ByteBuffer.wrap(m)), keys))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("image kernel-1: hash");
    }
}
