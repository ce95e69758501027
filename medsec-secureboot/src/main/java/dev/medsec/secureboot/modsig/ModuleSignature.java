package dev.medsec.secureboot.modsig;

import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The signature the kernel's sign-file appends to a module:
 * {@code [module][PKCS#7 DER, sig_len bytes][struct module_signature, 12 bytes]["~Module signature appended~\n"]}.
 * struct module_signature is {algo, hash, id_type, signer_len, key_id_len, pad[3], be32 sig_len}; for
 * PKCS#7 (id_type 2) every field but id_type and sig_len is zero.
 *
 * @param signedLength number of leading bytes the signature covers (the module proper)
 * @param pkcs7        offset and length of the PKCS#7 blob in the buffer
 */
public record ModuleSignature(int signedLength, int pkcs7Offset, int pkcs7Length, int idType) {
    public static final byte[] MAGIC = "~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII);
    public static final int INFO_SIZE = 12;
    public static final int ID_PKCS7 = 2;

    /** True when the buffer ends with the trailer magic. */
    public static boolean hasTrailer(ByteBuffer b) {
        int n = b.remaining();
        if (n < MAGIC.length) {
            return false;
        }
        int base = b.position() + n - MAGIC.length;
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(base + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The trailer of a module, empty when it carries none; malformed trailers throw. */
    public static Optional<ModuleSignature> parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.BIG_ENDIAN);
        if (!hasTrailer(b)) {
            return Optional.empty();
        }
        int n = b.remaining();
        int infoAt = n - MAGIC.length - INFO_SIZE;
        if (infoAt < 0) {
            throw new MalformedFormatException("module signature: trailer without room for struct module_signature");
        }
        int idType = b.get(infoAt + 2) & 0xff;
        long sigLen = Integer.toUnsignedLong(b.getInt(infoAt + 8));
        if (idType != ID_PKCS7) {
            throw new MalformedFormatException("module signature: id_type " + idType + " (only PKCS#7, 2, is defined)");
        }
        for (int i : new int[] {0, 1, 3, 4, 5, 6, 7}) {
            if (b.get(infoAt + i) != 0) {
                throw new MalformedFormatException("module signature: struct module_signature byte " + i
                        + " must be zero for PKCS#7");
            }
        }
        if (sigLen == 0 || sigLen > infoAt) {
            throw new MalformedFormatException("module signature: sig_len " + sigLen + " exceeds the "
                    + infoAt + " bytes before the trailer");
        }
        int sigAt = infoAt - (int) sigLen;
        return Optional.of(new ModuleSignature(sigAt, sigAt, (int) sigLen, idType));
    }
}
