package dev.medsec.elf;

import java.nio.ByteBuffer;

/**
 * One ELF note (NT_GNU_BUILD_ID, NT_GNU_ABI_TAG, NT_GNU_PROPERTY_TYPE_0 ...).
 *
 * @param owner name of the note's owner, e.g. "GNU"
 * @param desc  read-only view of the descriptor bytes, in the file's byte order
 */
public record Note(String owner, int type, ByteBuffer desc) {
    public static final int NT_GNU_ABI_TAG = 1;
    public static final int NT_GNU_BUILD_ID = 3;
    public static final int NT_GNU_PROPERTY_TYPE_0 = 5;

    public Note {
        desc = desc.asReadOnlyBuffer().order(desc.order());
    }

    /** A copy of the descriptor; notes are small, but callers who only peek should use {@link #desc()}. */
    public byte[] descBytes() {
        ByteBuffer d = desc.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
