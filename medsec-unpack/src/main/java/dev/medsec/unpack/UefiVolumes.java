package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.formats.uefi.Guids;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * UEFI firmware volumes (PI specification 1.8, volume 3): the volume header with its checksum, FFS files (large
 * files too) with the erase polarity honoured, and their sections: PE32 and TE images become members
 * ({@code fv0/Shell.efi}, named by the file's user-interface section or its GUID), LZMA-compressed and
 * GUID-defined sections are decoded (LZMA through Commons Compress), nested volumes are walked in turn, and the
 * NVRAM volume's variable store becomes a member {@code nvram.vss} for the secure-boot key checks. Tiano/EFI
 * standard compression is named in errors. Nesting and counts are bounded; every size is checked.
 */
final class UefiVolumes {
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 20_000;
    private static final long MAX_DECODED = 256L << 20;

    private final LayerWriter out;
    private int files;
    private int volumes;
    private final Map<String, Integer> used = new HashMap<>();

    private UefiVolumes(LayerWriter out) {
        this.out = out;
    }

    static void read(ByteSource src, LayerWriter out) throws IOException {
        ByteBuffer all = src.map(0, src.size()).order(ByteOrder.LITTLE_ENDIAN);
        new UefiVolumes(out).volumesIn(all, "", 0);
    }

    /** Volumes one after another from the start of {@code b} (an OVMF.fd is the NVRAM volume, then the code). */
    private void volumesIn(ByteBuffer b, String prefix, int depth) throws IOException {
        int pos = 0;
        int found = 0;
        while (pos + 64 <= b.limit()) {
            if (!(b.get(pos + 40) == '_' && b.get(pos + 41) == 'F' && b.get(pos + 42) == 'V' && b.get(pos + 43) == 'H')) {
                if (found == 0) {
                    throw new MalformedLayoutException("UEFI: no firmware volume header at the start");
                }
                out.error("UEFI: " + (b.limit() - pos) + " bytes after the last firmware volume" + (prefix.isEmpty() ? "" : " in " + prefix) + " not read");
                return;
            }
            long length = b.getLong(pos + 32);
            if (length < 64 || length > b.limit() - pos) {
                throw new MalformedLayoutException("UEFI: firmware volume at " + pos + " declares " + length + " bytes");
            }
            ByteBuffer fv = b.duplicate().position(pos).limit((int) (pos + length)).slice().order(ByteOrder.LITTLE_ENDIAN);
            volume(fv, prefix + "fv" + (volumes++), depth);
            found++;
            pos += (int) length;
        }
    }

    private void volume(ByteBuffer fv, String name, int depth) throws IOException {
        int headerLength = fv.getShort(48) & 0xffff;
        if (headerLength < 56 || headerLength > fv.limit() || checksum16(fv, headerLength) != 0) {
            out.error("UEFI firmware volume " + name + ": header checksum or length wrong; not read");
            return;
        }
        String fs = Guids.read(fv, 16);
        boolean erasedIsOne = (fv.getInt(44) & 0x800) != 0;
        if (fs.equals(Guids.NV_DATA_FV)) {
            ByteBuffer store = fv.duplicate().position(headerLength).slice();
            out.file("/" + name + "/nvram.vss", FileMeta.of(EntryKind.FILE), new ByteBufferInputStream(store), RatioGuard.none());
            return;
        }
        if (!fs.equals(Guids.FFS2) && !fs.equals(Guids.FFS3)) {
            out.error("UEFI firmware volume " + name + " has file system " + fs + ", which is not FFS; not read");
            return;
        }
        int pos = headerLength;
        int ext = fv.getShort(52) & 0xffff;
        if (ext != 0 && ext + 20 <= fv.limit()) {
            pos = Math.max(pos, ext + fv.getInt(ext + 16));
        }
        pos = (pos + 7) & ~7;
        while (pos + 24 <= fv.limit()) {
            if (fv.getLong(pos) == -1L && fv.getLong(pos + 8) == -1L && fv.getLong(pos + 16) == -1L) {
                return; // free space
            }
            if (++files > MAX_FILES) {
                out.error("UEFI: more than " + MAX_FILES + " files; the rest not read");
                return;
            }
            int attributes = fv.get(pos + 19) & 0xff;
            long size = (fv.get(pos + 20) & 0xff) | (fv.get(pos + 21) & 0xff) << 8 | (fv.get(pos + 22) & 0xff) << 16;
            int header = 24;
            if ((attributes & 0x01) != 0 && pos + 32 <= fv.limit()) {
                size = fv.getLong(pos + 24);
                header = 32;
            }
            if (size < header || size > fv.limit() - pos) {
                out.error("UEFI firmware volume " + name + ": file at " + pos + " has an impossible size " + size + "; rest skipped");
                return;
            }
            int state = fv.get(pos + 23) & 0xff;
            if (erasedIsOne) {
                state = ~state & 0xff;
            }
            int type = fv.get(pos + 18) & 0xff;
            boolean valid = (state & 0x04) != 0 && (state & 0x10) == 0;
            if (valid && type != 0xf0) {
                ByteBuffer data = fv.duplicate().position(pos + header).limit((int) (pos + size)).slice().order(ByteOrder.LITTLE_ENDIAN);
                String fileName = Guids.read(fv, pos);
                if (type == 0x01) {
                    member(name + "/" + fileName + ".raw", data);
                } else {
                    sections(data, name, fileName, depth);
                }
            }
            pos = (int) ((pos + size + 7) & ~7L);
        }
    }

    /** A file's sections; the user-interface section, wherever it is, names the file's images. */
    private void sections(ByteBuffer data, String fv, String file, int depth) throws IOException {
        String ui = userInterfaceName(data);
        String base = fv + "/" + (ui != null ? ui : file);
        walkSections(data, base, depth);
    }

    private String userInterfaceName(ByteBuffer data) {
        int pos = 0;
        while (pos + 4 <= data.limit()) {
            int size = (data.get(pos) & 0xff) | (data.get(pos + 1) & 0xff) << 8 | (data.get(pos + 2) & 0xff) << 16;
            if (size < 4 || size > data.limit() - pos) {
                return null;
            }
            if ((data.get(pos + 3) & 0xff) == 0x15 && size > 6) {
                byte[] n = new byte[size - 4];
                data.get(pos + 4, n);
                String s = new String(n, StandardCharsets.UTF_16LE);
                int nul = s.indexOf('\0');
                s = (nul >= 0 ? s.substring(0, nul) : s).replaceAll("[^A-Za-z0-9._-]", "_");
                return s.isEmpty() ? null : s;
            }
            pos = (pos + size + 3) & ~3;
        }
        return null;
    }

    private void walkSections(ByteBuffer data, String base, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            out.error("UEFI: sections nested deeper than " + MAX_DEPTH + " in " + LayerWriter.printable(base) + "; not read");
            return;
        }
        int pos = 0;
        while (pos + 4 <= data.limit()) {
            long size = (data.get(pos) & 0xff) | (data.get(pos + 1) & 0xff) << 8 | (data.get(pos + 2) & 0xff) << 16;
            int type = data.get(pos + 3) & 0xff;
            int header = 4;
            if (size == 0xffffff && pos + 8 <= data.limit()) {
                size = Integer.toUnsignedLong(data.getInt(pos + 4));
                header = 8;
            }
            if (size < header || size > data.limit() - pos) {
                out.error("UEFI section in " + LayerWriter.printable(base) + " has an impossible size " + size + "; rest skipped");
                return;
            }
            ByteBuffer body = data.duplicate().position(pos + header).limit((int) (pos + size)).slice().order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case 0x10 -> member(base + ".efi", body);
                case 0x12 -> member(base + ".te", body);
                case 0x11 -> member(base + ".pic", body);
                case 0x19 -> member(base + ".bin", body);
                case 0x17 -> volumesIn(body, base + "/", depth + 1);
                case 0x01 -> compressed(body, base, depth);
                case 0x02 -> guidDefined(body, base, depth);
                default -> {
                    // dependency expressions, version and user-interface strings: nothing to extract
                }
            }
            pos = (int) ((pos + size + 3) & ~3L);
        }
    }

    /** EFI_COMPRESSION_SECTION: uncompressed length, type 0 (none) or 1 (EFI/Tiano standard compression). */
    private void compressed(ByteBuffer body, String base, int depth) throws IOException {
        if (body.limit() < 5) {
            return;
        }
        int kind = body.get(4) & 0xff;
        ByteBuffer inner = body.duplicate().position(5).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (kind == 0) {
            walkSections(inner, base, depth + 1);
        } else {
            out.error("UEFI section in " + LayerWriter.printable(base) + " uses EFI standard (Tiano) compression, which this version does not decode");
        }
    }

    /** EFI_GUID_DEFINED_SECTION: the GUID says how the data (from DataOffset) is encoded. */
    private void guidDefined(ByteBuffer body, String base, int depth) throws IOException {
        if (body.limit() < 20) {
            return;
        }
        String guid = Guids.read(body, 0);
        int dataOffset = (body.getShort(16) & 0xffff) - 4; // DataOffset counts from the section header
        if (dataOffset < 20 || dataOffset > body.limit()) {
            out.error("UEFI GUID-defined section in " + LayerWriter.printable(base) + " has a bad data offset");
            return;
        }
        ByteBuffer payload = body.duplicate().position(dataOffset).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (guid.equals(Guids.LZMA_SECTION)) {
            byte[] decoded;
            try (InputStream in = new LZMACompressorInputStream(new ByteBufferInputStream(payload), 256 * 1024)) {
                decoded = in.readNBytes((int) MAX_DECODED + 1);
            }
            if (decoded.length > MAX_DECODED) {
                out.error("UEFI LZMA section in " + LayerWriter.printable(base) + " decodes to more than " + MAX_DECODED + " bytes; not read");
                return;
            }
            walkSections(ByteBuffer.wrap(decoded).order(ByteOrder.LITTLE_ENDIAN), base, depth + 1);
        } else if (guid.equals(Guids.CRC32_SECTION)) {
            walkSections(payload, base, depth + 1);
        } else {
            out.error("UEFI section in " + LayerWriter.printable(base) + " is encoded by " + (guid.equals(Guids.TIANO_SECTION)
                    ? "Tiano compression" : "GUID " + guid) + ", which this version does not decode");
        }
    }

    private void member(String name, ByteBuffer data) throws IOException {
        int n = used.merge(name, 1, Integer::sum);
        String unique = n == 1 ? name : name.replaceFirst("(\\.[a-z]+)?$", "-" + n + "$1");
        out.file("/" + unique, FileMeta.of(EntryKind.FILE), new ByteBufferInputStream(data), RatioGuard.none());
    }

    /** The header's 16-bit words sum to zero. */
    private static int checksum16(ByteBuffer fv, int length) {
        int sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += fv.getShort(i) & 0xffff;
        }
        return sum & 0xffff;
    }
}
