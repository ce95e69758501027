package dev.medsec.secureboot.verity;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Rebuilds a dm-verity hash tree over the data and compares it with the stored tree and the root hash, as
 * {@code veritysetup verify} does, reporting the first bad data block or hash block. The data and the tree
 * are memory-mapped and the data level is hashed on every core, so verification runs at SHA-256 speed.
 *
 * <p>Tree layout (cryptsetup format 1): each digest occupies the next power of two bytes; a hash block
 * holds hashBlockSize / that many digests, zero-padded; levels are stored top level first, the root hash is
 * the digest of the single top block. Type 1 hashes salt || block, type 0 (Chrome OS) block || salt.
 */
public final class VerityVerifier {
    private VerityVerifier() {
    }

    /** Layout of the tree: per level (0 = hashes of data blocks) its first hash block and block count. */
    record Layout(int levels, long[] levelStart, long[] levelBlocks, int digestSize, int digestFull, int perBlockBits) {
        long totalBlocks() {
            long t = 0;
            for (long b : levelBlocks) {
                t += b;
            }
            return t;
        }
    }

    static Layout layout(VerityParams p) throws MalformedFormatException {
        int digestSize = digest(p).getDigestLength();
        // Format 1 pads each digest to a power of two; the Chrome OS format (type 0) packs them.
        int digestFull = p.hashType() == 0 ? digestSize : Integer.highestOneBit(digestSize - 1) << 1;
        int perBlockBits = 31 - Integer.numberOfLeadingZeros(p.hashBlockSize() / digestFull);
        if (perBlockBits < 1) {
            throw new MalformedFormatException("dm-verity: hash block too small for " + p.algorithm());
        }
        int levels = 0;
        while (perBlockBits * levels < 64 && ((p.dataBlocks() - 1) >>> (perBlockBits * levels)) != 0) {
            levels++;
        }
        long[] start = new long[levels];
        long[] count = new long[levels];
        long pos = 0;
        for (int i = levels - 1; i >= 0; i--) {
            int shift = (i + 1) * perBlockBits;
            long s = shift >= 63 ? 1 : (p.dataBlocks() + (1L << shift) - 1) >>> shift;
            start[i] = pos;
            count[i] = s;
            pos += s;
        }
        return new Layout(levels, start, count, digestSize, digestFull, perBlockBits);
    }

    private static MessageDigest digest(VerityParams p) throws MalformedFormatException {
        try {
            return MessageDigest.getInstance(VerityParams.jcaName(p.algorithm()).orElseThrow());
        } catch (NoSuchAlgorithmException | java.util.NoSuchElementException e) {
            throw new MalformedFormatException("dm-verity: no digest " + p.algorithm(), e);
        }
    }

    /**
     * Verifies {@code dataFile} (its first dataBlocks blocks) against the tree in {@code hashFile} and the
     * expected root hash. Both may be the same file (combined image with --hash-offset).
     */
    public static List<VerifiedLink> verify(Path dataFile, Path hashFile, VerityParams p, byte[] rootHash)
            throws ChainVerificationException, IOException {
        Layout l = layout(p);
        try (MappedFile data = new MappedFile(dataFile);
             MappedFile hash = dataFile.equals(hashFile) ? null : new MappedFile(hashFile)) {
            MappedFile h = hash == null ? data : hash;
            long dataBytes = p.dataBlocks() * p.dataBlockSize();
            if (data.size() < dataBytes) {
                throw new MalformedFormatException("dm-verity: data is " + data.size() + " bytes, the tree covers "
                        + dataBytes);
            }
            long treeEnd = p.treeOffset() + l.totalBlocks() * p.hashBlockSize();
            if (h.size() < treeEnd) {
                throw new MalformedFormatException("dm-verity: hash area ends at " + h.size() + ", the tree needs "
                        + treeEnd + " bytes");
            }
            if (rootHash.length != l.digestSize) {
                throw new MalformedFormatException("dm-verity: root hash has " + rootHash.length + " bytes, "
                        + p.algorithm() + " gives " + l.digestSize);
            }
            if (l.levels == 0) {
                byte[] block = new byte[p.dataBlockSize()];
                data.read(0, block, 0, block.length);
                if (!MessageDigest.isEqual(hashBlock(p, digest(p), block), rootHash)) {
                    throw new ChainVerificationException("data block 0", "root hash", "the only data block does not match the root hash");
                }
                return List.of(new VerifiedLink("data (1 block)", p.algorithm() + " root hash", ""));
            }
            // Top-down: once the tree is known to match the root hash, a data mismatch is the data's fault.
            for (int level = l.levels - 1; level >= 0; level--) {
                checkLevel(h, p, l, level, rootHash);
            }
            long bad = firstBadDataBlock(data, h, p, l);
            if (bad >= 0) {
                throw new ChainVerificationException("data block " + bad, "hash", "block at byte offset "
                        + bad * p.dataBlockSize() + " does not match its hash in the tree");
            }
            List<VerifiedLink> out = new ArrayList<>();
            out.add(new VerifiedLink("data (" + p.dataBlocks() + " blocks of " + p.dataBlockSize() + " bytes)",
                    p.algorithm() + " hash tree", ""));
            out.add(new VerifiedLink("hash tree (" + l.levels + " levels, " + l.totalBlocks() + " blocks)",
                    p.algorithm() + " root hash " + HexFormat.of().formatHex(rootHash), ""));
            return out;
        }
    }

    private static byte[] hashBlock(VerityParams p, MessageDigest md, byte[] block) {
        byte[] salt = p.salt();
        if (p.hashType() == 1) {
            md.update(salt);
            md.update(block);
        } else {
            md.update(block);
            md.update(salt);
        }
        return md.digest();
    }

    /** Hashes every data block on all cores; returns the lowest bad block index or -1. */
    private static long firstBadDataBlock(MappedFile data, MappedFile h, VerityParams p, Layout l)
            throws MalformedFormatException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        long n = p.dataBlocks();
        long per = (n + threads - 1) / threads;
        AtomicLong firstBad = new AtomicLong(Long.MAX_VALUE);
        MessageDigest proto = digest(p);
        long level0 = p.treeOffset() + l.levelStart[0] * p.hashBlockSize();
        long mask = (1L << l.perBlockBits) - 1;
        IntStream.range(0, threads).parallel().forEach(t -> {
            MessageDigest md;
            try {
                md = (MessageDigest) proto.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            byte[] block = new byte[p.dataBlockSize()];
            byte[] stored = new byte[l.digestSize];
            long from = t * per;
            long to = Math.min(n, from + per);
            for (long i = from; i < to && i < firstBad.get(); i++) {
                data.read(i * p.dataBlockSize(), block, 0, block.length);
                byte[] d = hashBlock(p, md, block);
                long at = level0 + (i >>> l.perBlockBits) * p.hashBlockSize() + (i & mask) * l.digestFull;
                h.read(at, stored, 0, stored.length);
                if (!MessageDigest.isEqual(d, stored)) {
                    firstBad.accumulateAndGet(i, Math::min);
                    return;
                }
            }
        });
        return firstBad.get() == Long.MAX_VALUE ? -1 : firstBad.get();
    }

    /** Hashes each stored block of {@code level} and compares it with its entry one level up (or the root). */
    private static void checkLevel(MappedFile h, VerityParams p, Layout l, int level, byte[] rootHash)
            throws ChainVerificationException, MalformedFormatException {
        MessageDigest md = digest(p);
        byte[] block = new byte[p.hashBlockSize()];
        byte[] stored = new byte[l.digestSize];
        long mask = (1L << l.perBlockBits) - 1;
        for (long b = 0; b < l.levelBlocks[level]; b++) {
            h.read(p.treeOffset() + (l.levelStart[level] + b) * p.hashBlockSize(), block, 0, block.length);
            byte[] d = hashBlock(p, md, block);
            if (level == l.levels - 1) {
                if (!MessageDigest.isEqual(d, rootHash)) {
                    throw new ChainVerificationException("hash tree", "root hash", "the top hash block does not match the"
                            + " expected root hash (hash area changed, or a different root hash)");
                }
                continue;
            }
            long at = p.treeOffset() + (l.levelStart[level + 1] + (b >>> l.perBlockBits)) * p.hashBlockSize()
                    + (b & mask) * l.digestFull;
            h.read(at, stored, 0, stored.length);
            if (!MessageDigest.isEqual(d, stored)) {
                throw new ChainVerificationException("hash block " + b + " of level " + level, "hash",
                        "stored at byte offset " + (p.treeOffset() + (l.levelStart[level] + b) * p.hashBlockSize())
                                + " does not match its entry one level up");
            }
        }
    }
}
