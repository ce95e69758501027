package dev.medsec.unpack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux kernel images (Documentation/arch/x86/boot.rst, Documentation/arch/arm64/booting.rst): whatever is
 * appended after the image's declared end (the bzImage setup header's syssize, the arm64/RISC-V header's
 * image_size) becomes a member {@code appended}: an appended initramfs, or a device tree. The rest of the kernel
 * is code: explained, not a gap, and not carved — a kernel's compressed payload, once a member, would be judged
 * by the ELF hardening checks as a user-space program (so a built-in initramfs is not reached yet).
 */
final class KernelImages {
    private KernelImages() {
    }

    static Layout read(ByteSource src) throws IOException {
        List<Layout.Piece> pieces = new ArrayList<>();
        long size = src.size();
        ByteBuffer h = src.read(0, 0x270);
        long end = size;
        if (h.remaining() >= 0x250 && h.get(0x202) == 'H' && h.get(0x203) == 'd' && h.get(0x204) == 'r' && h.get(0x205) == 'S') {
            int setupSects = h.get(0x1f1) & 0xff;
            long pm = (long) ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
            long sysSize = Integer.toUnsignedLong(h.getInt(0x1f4)) * 16;
            // An EFI-stub bzImage is also a PE whose Authenticode signature (sbsign) follows syssize: not appended data.
            boolean pe = h.get(0) == 'M' && h.get(1) == 'Z';
            if (!pe && sysSize > 0 && pm + sysSize < size) {
                end = pm + sysSize;
            }
        } else if (size >= 64 && h.get(0x38) == 'A' && h.get(0x39) == 'R' && h.get(0x3a) == 'M' && h.get(0x3b) == 0x64
                || size >= 64 && h.get(0x38) == 'R' && h.get(0x39) == 'S' && h.get(0x3a) == 'C' && h.get(0x3b) == 0x05) {
            long imageSize = h.getLong(0x10);
            if (imageSize > 64 && imageSize < size) {
                end = imageSize;
            }
        }
        if (end < size) {
            pieces.add(new Layout.Slice(end, size - end, "appended"));
        }
        return new Layout("linux-kernel", pieces);
    }
}
