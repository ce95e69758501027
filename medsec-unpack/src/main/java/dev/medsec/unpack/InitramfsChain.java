package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;

/**
 * An initramfs as the kernel reads it (init/initramfs.c): newc cpio archives one after another, NUL padding
 * between them, and a compressed segment (gzip, xz, zstd, bzip2, LZ4 frame or legacy, LZMA) holding more of
 * them — an early-microcode cpio in front of a compressed main archive is the common case. Every archive's
 * entries go into one layer, later ones replacing earlier ones of the same name, as the kernel unpacks them.
 */
final class InitramfsChain {
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_NESTING = 3;
    /** The LZ4 legacy format's frame magic (lz4 -l, the kernel's CONFIG_RD_LZ4). */
    static final int LZ4_LEGACY_MAGIC = 0x184c2102;

    private InitramfsChain() {
    }

    static void read(InputStream in, LayerWriter out, RatioGuard guard) throws IOException {
        read(new PushbackInputStream(in, 16), out, guard, 0);
    }

    private static void read(PushbackInputStream in, LayerWriter out, RatioGuard guard, int nesting) throws IOException {
        for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
            int b;
            while ((b = in.read()) == 0) {
                // padding between archives
            }
            if (b < 0) {
                return;
            }
            in.unread(b);
            byte[] head = in.readNBytes(13);
            in.unread(head);
            FileType type = typeOf(head);
            if (type == FileType.CPIO) {
                StreamArchives.cpio(new KeepOpen(in), out, guard, 4);
                continue;
            }
            if (type == null) {
                out.error("initramfs: data after archive " + segment + " is neither a cpio archive nor a known compression; rest ignored");
                return;
            }
            if (nesting >= MAX_NESTING) {
                out.error("initramfs: compressed segments nested deeper than " + MAX_NESTING + "; not opened");
                return;
            }
            InputStream decoded = CompressedStreams.open(type, in);
            // A compressed segment runs to its end; what follows it is read by the kernel but hard to find in a
            // stream, and initramfs builders put the compressed archive last.
            read(new PushbackInputStream(decoded, 16), out, guard, nesting + 1);
            return;
        }
        out.error("initramfs: more than " + MAX_SEGMENTS + " segments; rest ignored");
    }

    /** What a segment starts with; null when it is nothing the kernel would unpack. */
    static FileType typeOf(byte[] h) {
        // newc and crc as the kernel reads them; odc and binary cpio too, as cpio(1) writes them
        if (h.length >= 6 && h[0] == '0' && h[1] == '7' && h[2] == '0' && h[3] == '7' && h[4] == '0'
                && (h[5] == '1' || h[5] == '2' || h[5] == '7')) {
            return FileType.CPIO;
        }
        if (h.length >= 2 && ((h[0] & 0xff) == 0xc7 && (h[1] & 0xff) == 0x71 || (h[0] & 0xff) == 0x71 && (h[1] & 0xff) == 0xc7)) {
            return FileType.CPIO;
        }
        if (h.length < 4) {
            return null;
        }
        int m = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        if ((m >>> 16) == 0x1f8b) {
            return FileType.GZIP;
        }
        if (m == 0xfd377a58) {
            return FileType.XZ;
        }
        if (m == 0x28b52ffd) {
            return FileType.ZSTD;
        }
        if ((m >>> 8) == 0x425a68) {
            return FileType.BZIP2;
        }
        if (m == 0x04224d18) {
            return FileType.LZ4;
        }
        if (m == 0x02214c18) {
            return FileType.LZ4_LEGACY;
        }
        if (m == 0x894c5a4f) {
            return FileType.LZOP;
        }
        return dev.medsec.core.classify.Classifier.isLzmaAlone(h, h.length) ? FileType.LZMA : null;
    }

    /**
     * The LZ4 legacy format (lz4 -l, the kernel's CONFIG_RD_LZ4): the magic, then blocks of a 32-bit little-endian compressed size and an LZ4 block of
     * at most 8 MiB; it ends at the end of the input or where another magic begins.
     */
    static InputStream lz4Legacy(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new MalformedLayoutException("LZ4 legacy stream: truncated magic");
        }
        return new SequenceInputStream(new java.util.Enumeration<>() {
            private InputStream next = nextBlock();

            private InputStream nextBlock() throws IOException {
                byte[] size = in.readNBytes(4);
                if (size.length < 4) {
                    return null;
                }
                int n = (size[0] & 0xff) | (size[1] & 0xff) << 8 | (size[2] & 0xff) << 16 | (size[3] & 0xff) << 24;
                if (n == LZ4_LEGACY_MAGIC) {
                    return nextBlock();
                }
                if (n <= 0 || n > (8 << 20) + (8 << 20) / 255 + 16) {
                    throw new MalformedLayoutException("LZ4 legacy stream: block of " + Integer.toUnsignedString(n) + " bytes");
                }
                byte[] block = in.readNBytes(n);
                if (block.length < n) {
                    throw new MalformedLayoutException("LZ4 legacy stream: truncated block");
                }
                return new BlockLZ4CompressorInputStream(new ByteArrayInputStream(block));
            }

            @Override
            public boolean hasMoreElements() {
                return next != null;
            }

            @Override
            public InputStream nextElement() {
                InputStream current = next;
                try {
                    next = nextBlock();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return current;
            }
        }) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        };
    }

    /** Lets a cpio reader finish one archive without closing the stream the next archive is read from. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the chain goes on
        }
    }
}
