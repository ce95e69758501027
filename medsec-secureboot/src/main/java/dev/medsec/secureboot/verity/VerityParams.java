package dev.medsec.secureboot.verity;

import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * dm-verity parameters, from a veritysetup superblock or given by the user.
 *
 * @param hashType      1 = normal (salt hashed first), 0 = Chrome OS (salt hashed last)
 * @param algorithm     hash name as the kernel knows it ("sha256")
 * @param dataBlocks    number of data blocks covered
 * @param treeOffset    byte offset of the first hash block (after the superblock, if any) in the hash file
 */
public record VerityParams(int hashType, String algorithm, int dataBlockSize, int hashBlockSize, long dataBlocks,
                           byte[] salt, long treeOffset) {
    public static final byte[] SIGNATURE = "verity\0\0".getBytes(StandardCharsets.US_ASCII);
    public static final int SUPERBLOCK_SIZE = 512;

    public VerityParams {
        salt = salt.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** True when a veritysetup superblock starts at {@code offset}. */
    public static boolean hasSuperblock(ByteBuffer hashFile, long offset) {
        if (offset < 0 || offset + SUPERBLOCK_SIZE > hashFile.capacity()) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (hashFile.get((int) offset + i) != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the superblock at {@code offset} of the hash area. Layout (little-endian, 512 bytes): signature[8],
     * version u32, hash_type u32, uuid[16], algorithm[32], data_block_size u32, hash_block_size u32,
     * data_blocks u64, salt_size u16, pad[6], salt[256], pad[168].
     */
    public static VerityParams readSuperblock(ByteBuffer hashFile, long offset) throws MalformedFormatException {
        if (!hasSuperblock(hashFile, offset)) {
            throw new MalformedFormatException("dm-verity: no superblock at offset " + offset);
        }
        ByteBuffer b = hashFile.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int o = (int) offset;
        int version = b.getInt(o + 8);
        int hashType = b.getInt(o + 12);
        byte[] alg = new byte[32];
        b.get(o + 32, alg);
        int nul = 0;
        while (nul < alg.length && alg[nul] != 0) {
            nul++;
        }
        String algorithm = new String(alg, 0, nul, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        int dataBs = b.getInt(o + 64);
        int hashBs = b.getInt(o + 68);
        long dataBlocks = b.getLong(o + 72);
        int saltSize = Short.toUnsignedInt(b.getShort(o + 80));
        if (version != 1) {
            throw new MalformedFormatException("dm-verity: superblock version " + version + " (1 expected)");
        }
        if (saltSize > 256) {
            throw new MalformedFormatException("dm-verity: salt size " + saltSize + " > 256");
        }
        byte[] salt = new byte[saltSize];
        b.get(o + 88, salt);
        checkBlockSize(dataBs, "data");
        checkBlockSize(hashBs, "hash");
        // The tree starts at the first hash block boundary after the superblock.
        long tree = offset + ((SUPERBLOCK_SIZE + hashBs - 1L) / hashBs) * hashBs;
        return validated(new VerityParams(hashType, algorithm, dataBs, hashBs, dataBlocks, salt, tree));
    }

    /** Parameters given by the user for a hash area without a superblock. */
    public static VerityParams of(String algorithm, int dataBs, int hashBs, long dataBlocks, String saltHex,
                                  long treeOffset) throws MalformedFormatException {
        checkBlockSize(dataBs, "data");
        checkBlockSize(hashBs, "hash");
        byte[] salt = saltHex.equals("-") ? new byte[0] : HexFormat.of().parseHex(saltHex);
        return validated(new VerityParams(1, algorithm.toLowerCase(Locale.ROOT), dataBs, hashBs, dataBlocks, salt, treeOffset));
    }

    private static VerityParams validated(VerityParams p) throws MalformedFormatException {
        if (p.hashType != 0 && p.hashType != 1) {
            throw new MalformedFormatException("dm-verity: hash type " + p.hashType);
        }
        if (jcaName(p.algorithm).isEmpty()) {
            throw new MalformedFormatException("dm-verity: unsupported hash algorithm '" + p.algorithm + "'");
        }
        if (p.dataBlocks <= 0 || p.dataBlocks > (1L << 40)) {
            throw new MalformedFormatException("dm-verity: data block count " + p.dataBlocks + " out of range");
        }
        return p;
    }

    private static void checkBlockSize(int bs, String what) throws MalformedFormatException {
        if (bs < 512 || bs > (1 << 20) || Integer.bitCount(bs) != 1) {
            throw new MalformedFormatException("dm-verity: " + what + " block size " + bs
                    + " is not a power of two between 512 and 1 MiB");
        }
    }

    public static Optional<String> jcaName(String algorithm) {
        switch (algorithm) {
            case "sha256":
                return Optional.of("SHA-256");
            case "sha512":
                return Optional.of("SHA-512");
            case "sha1":
                return Optional.of("SHA-1");
            default:
                return Optional.empty();
        }
    }
}
