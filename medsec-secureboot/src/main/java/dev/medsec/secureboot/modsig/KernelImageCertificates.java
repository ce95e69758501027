package dev.medsec.secureboot.modsig;

import dev.medsec.formats.MalformedFormatException;
import org.bouncycastle.cert.X509CertificateHolder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The X.509 certificates built into a Linux kernel (its builtin trusted keyring: the module signing key,
 * CONFIG_SYSTEM_TRUSTED_KEYS), read from an x86 bzImage (also when it is a signed EFI PE) or from a plain
 * vmlinux: the bzImage's compressed payload (setup header fields payload_offset/payload_length) is
 * decompressed with a size limit, then scanned for DER certificates, each parsed by BouncyCastle.
 */
public final class KernelImageCertificates {
    private static final int MAX_CERTIFICATES = 64;

    private KernelImageCertificates() {
    }

    /** True for an x86 boot image with the "HdrS" setup header. */
    public static boolean isBzImage(ByteBuffer b) {
        ByteBuffer l = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return l.limit() > 0x250 && l.getInt(0x202) == 0x53726448;
    }

    public static List<X509CertificateHolder> extract(ByteBuffer image) throws MalformedFormatException {
        ByteBuffer kernel = image;
        if (isBzImage(image)) {
            ByteBuffer l = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int setupSects = l.get(0x1f1) & 0xff;
            long base = (long) ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
            long off = base + Integer.toUnsignedLong(l.getInt(0x248));
            long len = Integer.toUnsignedLong(l.getInt(0x24c));
            if (off + len > l.limit()) {
                throw new MalformedFormatException("kernel image: payload [" + off + ", +" + len + ") outside the file");
            }
            ByteBuffer payload = l.duplicate();
            payload.limit((int) (off + len)).position((int) off);
            payload = payload.slice();
            if (KernelModules.compression(payload) == KernelModules.Compression.NONE) {
                throw new MalformedFormatException("kernel image: payload compression not supported (xz, zstd, gzip are)");
            }
            kernel = KernelModules.content(payload);
        }
        return scan(kernel);
    }

    /** DER certificates in the bytes: SEQUENCE (long form) holding a TBSCertificate that starts with version v3. */
    static List<X509CertificateHolder> scan(ByteBuffer b) {
        List<X509CertificateHolder> out = new ArrayList<>();
        int n = b.limit();
        for (int i = 0; i + 13 < n && out.size() < MAX_CERTIFICATES; i++) {
            if ((b.get(i) & 0xff) != 0x30 || (b.get(i + 1) & 0xff) != 0x82 || (b.get(i + 4) & 0xff) != 0x30
                    || (b.get(i + 5) & 0xff) != 0x82 || (b.get(i + 8) & 0xff) != 0xa0 || b.get(i + 9) != 3
                    || b.get(i + 10) != 2 || b.get(i + 11) != 1 || b.get(i + 12) != 2) {
                continue;
            }
            int len = (((b.get(i + 2) & 0xff) << 8) | (b.get(i + 3) & 0xff)) + 4;
            if (i + len > n) {
                continue;
            }
            byte[] der = new byte[len];
            b.get(i, der);
            try {
                X509CertificateHolder c = new X509CertificateHolder(der);
                if (!out.contains(c)) {
                    out.add(c);
                }
                i += len - 1;
            } catch (java.io.IOException | RuntimeException e) {
                // not a certificate after all; keep scanning
            }
        }
        return out;
    }
}
