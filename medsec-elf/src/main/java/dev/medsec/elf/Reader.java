package dev.medsec.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to the file bytes. Every read names what it reads, so a corrupt file yields a message
 * that says which field points where.
 */
final class Reader {
    /** Longest string the reader returns; longer ones (no NUL in sight) are a format error. */
    static final int MAX_STRING = 64 * 1024;

    private final ByteBuffer buf;
    private final long size;
    private final boolean wide;

    Reader(ByteBuffer buf, boolean wide) {
        this.buf = buf;
        this.size = buf.limit();
        this.wide = wide;
    }

    long size() {
        return size;
    }

    ByteOrder order() {
        return buf.order();
    }

    /** Throws unless [offset, offset+length) lies inside the file; both values are treated as unsigned-safe. */
    void check(long offset, long length, String what) throws ElfFormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new ElfFormatException(what + " at offset " + Long.toUnsignedString(offset) + " length "
                    + Long.toUnsignedString(length) + " lies outside the file (" + size + " bytes)");
        }
    }

    int u8(long off, String what) throws ElfFormatException {
        check(off, 1, what);
        return buf.get((int) off) & 0xff;
    }

    int u16(long off, String what) throws ElfFormatException {
        check(off, 2, what);
        return buf.getShort((int) off) & 0xffff;
    }

    /** Unsigned 32-bit value in a long. */
    long u32(long off, String what) throws ElfFormatException {
        check(off, 4, what);
        return buf.getInt((int) off) & 0xffffffffL;
    }

    int i32(long off, String what) throws ElfFormatException {
        check(off, 4, what);
        return buf.getInt((int) off);
    }

    /** 64-bit value; values above Long.MAX_VALUE come back negative and fail every later range check. */
    long u64(long off, String what) throws ElfFormatException {
        check(off, 8, what);
        return buf.getLong((int) off);
    }

    /** An address-sized field: 4 bytes in ELF32, 8 in ELF64. */
    long word(long off, String what) throws ElfFormatException {
        return wide ? u64(off, what) : u32(off, what);
    }

    /** A NUL-terminated string starting at {@code off} that must end before {@code limit}. */
    String cstring(long off, long limit, String what) throws ElfFormatException {
        String s = cstringOrNull(off, limit);
        if (s == null) {
            throw cstringError(off, limit, what);
        }
        return s;
    }

    /**
     * The NUL-terminated string at {@code off}, or null when {@code off} is outside the table or the string is not
     * terminated within it ({@link #cstringError} says which). For loops over thousands of names, whose error
     * text is only built when there is an error.
     */
    String cstringOrNull(long off, long limit) {
        long end = Math.min(limit, size);
        if (off < 0 || off >= end) {
            return null;
        }
        long max = Math.min(end, off + MAX_STRING);
        // Bulk copies in growing windows: symbol names are short, and one bulk get is far cheaper than a
        // bounds-checked get per byte of a mapped buffer.
        byte[] window = new byte[(int) Math.min(max - off, 64)];
        int have = 0;
        while (true) {
            int n = (int) Math.min(window.length, max - off) - have;
            buf.get((int) (off + have), window, have, n);
            for (int i = have; i < have + n; i++) {
                if (window[i] == 0) {
                    return new String(window, 0, i, StandardCharsets.UTF_8);
                }
            }
            have += n;
            if (off + have >= max) {
                return null;
            }
            window = java.util.Arrays.copyOf(window, (int) Math.min(max - off, (long) window.length * 4));
        }
    }

    ElfFormatException cstringError(long off, long limit, String what) {
        long end = Math.min(limit, size);
        if (off < 0 || off >= end) {
            return new ElfFormatException(what + ": string offset " + Long.toUnsignedString(off)
                    + " outside its table");
        }
        return new ElfFormatException(what + ": string at offset " + off + " is not terminated within its table");
    }

    /** Like {@link #check(long, long, String)}, with the subject named "section INDEX contents" only on failure. */
    void checkSection(long offset, long length, int index) throws ElfFormatException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            check(offset, length, "section " + index + " contents");
        }
    }

    /** A read-only view of [offset, offset+length), in the file's byte order. */
    ByteBuffer slice(long offset, long length, String what) throws ElfFormatException {
        check(offset, length, what);
        return buf.slice((int) offset, (int) length).asReadOnlyBuffer().order(buf.order());
    }
}
