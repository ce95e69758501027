package dev.medsec.unpack;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoDecompressor;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * An lzop file (lzop 1.04's format, also what U-Boot's {@code -C lzo} payloads are): the header with its optional
 * fields, then blocks of LZO1X data, each decompressed by aircompressor's LZO block decoder. Every length is
 * bounded before anything is allocated; the format's own Adler-32/CRC32 checksums are skipped, not verified
 * (a corrupt block still fails to decode).
 */
final class LzopInputStream extends InputStream {
    private static final byte[] MAGIC = {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a, 0x0a};
    private static final int MAX_BLOCK = 64 << 20;
    private static final int F_ADLER32_D = 0x1;
    private static final int F_ADLER32_C = 0x2;
    private static final int F_H_EXTRA_FIELD = 0x40;
    private static final int F_CRC32_D = 0x100;
    private static final int F_CRC32_C = 0x200;
    private static final int F_H_FILTER = 0x800;

    private final DataInputStream in;
    private final int flags;
    private final LzoDecompressor lzo = new LzoDecompressor();
    private byte[] block = new byte[0];
    private int pos;
    private int limit;
    private boolean end;

    LzopInputStream(InputStream raw) throws IOException {
        this.in = new DataInputStream(raw);
        try {
            byte[] magic = in.readNBytes(9);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new MalformedLayoutException("lzop: bad magic");
            }
            int version = in.readUnsignedShort();
            in.readUnsignedShort(); // library version
            if (version >= 0x0940) {
                in.readUnsignedShort(); // version needed to extract
            }
            int method = in.readUnsignedByte();
            if (method < 1 || method > 3) {
                throw new MalformedLayoutException("lzop: unsupported method " + method);
            }
            if (version >= 0x0940) {
                in.readUnsignedByte(); // level
            }
            flags = in.readInt();
            if ((flags & F_H_FILTER) != 0) {
                in.readInt();
            }
            in.readInt(); // mode
            in.readInt(); // mtime
            if (version >= 0x0940) {
                in.readInt(); // mtime, high half
            }
            int nameLength = in.readUnsignedByte();
            in.skipNBytes(nameLength);
            in.readInt(); // header checksum
            if ((flags & F_H_EXTRA_FIELD) != 0) {
                int extra = in.readInt();
                if (extra < 0 || extra > 1 << 16) {
                    throw new MalformedLayoutException("lzop: extra field of " + extra + " bytes");
                }
                in.skipNBytes(extra + 4L);
            }
        } catch (EOFException e) {
            throw new MalformedLayoutException("lzop: truncated header");
        }
    }

    private boolean fill() throws IOException {
        if (end) {
            return false;
        }
        try {
            int dst = in.readInt();
            if (dst == 0) {
                end = true;
                return false;
            }
            int src = in.readInt();
            if (dst < 0 || dst > MAX_BLOCK || src <= 0 || src > dst) {
                throw new MalformedLayoutException("lzop: block of " + Integer.toUnsignedString(src) + " bytes for "
                        + Integer.toUnsignedString(dst));
            }
            in.skipNBytes(((flags & F_ADLER32_D) != 0 ? 4 : 0) + ((flags & F_CRC32_D) != 0 ? 4 : 0));
            if (src < dst) {
                in.skipNBytes(((flags & F_ADLER32_C) != 0 ? 4 : 0) + ((flags & F_CRC32_C) != 0 ? 4 : 0));
            }
            byte[] compressed = in.readNBytes(src);
            if (compressed.length < src) {
                throw new MalformedLayoutException("lzop: truncated block");
            }
            if (block.length < dst) {
                block = new byte[dst];
            }
            if (src == dst) {
                System.arraycopy(compressed, 0, block, 0, dst);
            } else {
                int n = lzo.decompress(compressed, 0, src, block, 0, dst);
                if (n != dst) {
                    throw new MalformedLayoutException("lzop: block decoded to " + n + " bytes, header says " + dst);
                }
            }
            pos = 0;
            limit = dst;
            return true;
        } catch (EOFException e) {
            throw new MalformedLayoutException("lzop: truncated stream");
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new MalformedLayoutException("lzop: corrupt LZO block (" + e.getMessage() + ")");
        }
    }

    @Override
    public int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return block[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
