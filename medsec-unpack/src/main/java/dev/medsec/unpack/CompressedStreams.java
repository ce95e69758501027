package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Single-stream compressors. */
final class CompressedStreams {
    /** Memory the xz decoder may use (its dictionary); a hostile header asking for more is refused. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    private CompressedStreams() {
    }

    static InputStream open(FileType type, InputStream raw) throws IOException {
        return switch (type) {
            case GZIP -> new GzipCompressorInputStream(raw, true);
            case XZ -> new XZCompressorInputStream(raw, true, XZ_MEMORY_LIMIT_KIB);
            case ZSTD -> new ZstdCompressorInputStream(raw);
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            case LZ4 -> new FramedLZ4CompressorInputStream(raw, true);
            case LZ4_LEGACY -> InitramfsChain.lz4Legacy(raw);
            case LZMA -> new org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream(raw, XZ_MEMORY_LIMIT_KIB);
            case LZOP -> new LzopInputStream(raw);
            default -> throw new IOException("not a compressed stream: " + type);
        };
    }

    static boolean isCompressed(FileType type) {
        return switch (type) {
            case GZIP, XZ, ZSTD, BZIP2, LZ4, LZ4_LEGACY, LZMA, LZOP -> true;
            default -> false;
        };
    }

    /** Name of the decompressed member: the file name without its compression suffix. */
    static String memberName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tgz")) {
            return fileName.substring(0, fileName.length() - 4) + ".tar";
        }
        for (String suffix : new String[] {".gz", ".xz", ".zst", ".zstd", ".bz2", ".lz4", ".lzma", ".lzo", ".z"}) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName + ".decompressed";
    }
}
