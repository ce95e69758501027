package dev.medsec.secureboot.pe;

import dev.medsec.core.image.ViewKey;
import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a PE/COFF image that Authenticode needs: the optional header's checksum and certificate-table
 * entry positions, SizeOfHeaders, the section table, and the attribute certificate table. Every offset is
 * checked against the file before use; the section count is bounded by the format (96 in practice, 65535 at
 * most) and the certificate table is walked forward only.
 */
public final class PeFile {
    public static final ViewKey<PeFile> VIEW = ViewKey.of("pe", a -> parse(a.bytes()));
    private static final int MAX_CERTIFICATES = 64;

    /** A section header. */
    public record Section(String name, long virtualSize, long virtualAddress, long sizeOfRawData, long pointerToRawData) {
    }

    /** One WIN_CERTIFICATE entry: revision, type (2 = PKCS#7 SignedData) and its content's place in the file. */
    public record Certificate(int revision, int type, int offset, int length) {
        public static final int TYPE_PKCS_SIGNED_DATA = 2;
    }

    private final ByteBuffer buf;
    private final boolean pe32Plus;
    private final int machine;
    private final int checksumOffset;
    private final int certDirEntryOffset;
    private final long sizeOfHeaders;
    private final long certTableOffset;
    private final long certTableSize;
    private final List<Section> sections;

    private PeFile(ByteBuffer buf, boolean pe32Plus, int machine, int checksumOffset, int certDirEntryOffset,
                   long sizeOfHeaders, long certTableOffset, long certTableSize, List<Section> sections) {
        this.buf = buf;
        this.pe32Plus = pe32Plus;
        this.machine = machine;
        this.checksumOffset = checksumOffset;
        this.certDirEntryOffset = certDirEntryOffset;
        this.sizeOfHeaders = sizeOfHeaders;
        this.certTableOffset = certTableOffset;
        this.certTableSize = certTableSize;
        this.sections = Collections.unmodifiableList(sections);
    }

    public static boolean hasMagic(ByteBuffer b) {
        return b.remaining() >= 2 && b.get(b.position()) == 'M' && b.get(b.position() + 1) == 'Z';
    }

    public static PeFile parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        long size = b.remaining();
        if (size < 0x40 || !hasMagic(b)) {
            throw new MalformedFormatException("PE: no MZ header");
        }
        long peOff = Integer.toUnsignedLong(b.getInt(0x3c));
        if (peOff + 24 > size || b.getInt((int) peOff) != 0x00004550) {
            throw new MalformedFormatException("PE: no PE signature at e_lfanew " + peOff);
        }
        int coff = (int) peOff + 4;
        int machine = Short.toUnsignedInt(b.getShort(coff));
        int nSections = Short.toUnsignedInt(b.getShort(coff + 2));
        int optSize = Short.toUnsignedInt(b.getShort(coff + 16));
        int opt = coff + 20;
        if (opt + (long) optSize > size || optSize < 2) {
            throw new MalformedFormatException("PE: optional header of " + optSize + " bytes runs past the file");
        }
        int magic = Short.toUnsignedInt(b.getShort(opt));
        boolean plus;
        if (magic == 0x20b) {
            plus = true;
        } else if (magic == 0x10b) {
            plus = false;
        } else {
            throw new MalformedFormatException("PE: unknown optional header magic 0x" + Integer.toHexString(magic));
        }
        int rvaCountOff = opt + (plus ? 108 : 92);
        int dirs = opt + (plus ? 112 : 96);
        if (rvaCountOff + 4 > opt + optSize) {
            throw new MalformedFormatException("PE: optional header too short for data directories");
        }
        long nDirs = Integer.toUnsignedLong(b.getInt(rvaCountOff));
        long sizeOfHeaders = Integer.toUnsignedLong(b.getInt(opt + 60));
        int certEntry = dirs + 4 * 8;
        long certOff = 0;
        long certSize = 0;
        if (nDirs > 4) {
            if (certEntry + 8 > opt + optSize) {
                throw new MalformedFormatException("PE: certificate table entry outside the optional header");
            }
            certOff = Integer.toUnsignedLong(b.getInt(certEntry));
            certSize = Integer.toUnsignedLong(b.getInt(certEntry + 4));
        } else {
            // Authenticode still skips these 8 bytes' position; without them there is nothing to sign.
            certEntry = -1;
        }
        if (sizeOfHeaders > size || sizeOfHeaders < opt + optSize) {
            throw new MalformedFormatException("PE: SizeOfHeaders " + sizeOfHeaders + " inconsistent with a "
                    + size + "-byte file");
        }
        if (certSize > 0 && (certOff < sizeOfHeaders || certOff + certSize > size)) {
            throw new MalformedFormatException("PE: certificate table [" + certOff + ", +" + certSize
                    + ") outside the file");
        }
        int secTable = opt + optSize;
        if (secTable + 40L * nSections > sizeOfHeaders) {
            throw new MalformedFormatException("PE: " + nSections + " section headers do not fit in SizeOfHeaders");
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < nSections; i++) {
            int s = secTable + 40 * i;
            byte[] name = new byte[8];
            b.get(s, name);
            int len = 0;
            while (len < 8 && name[len] != 0) {
                len++;
            }
            long vsize = Integer.toUnsignedLong(b.getInt(s + 8));
            long va = Integer.toUnsignedLong(b.getInt(s + 12));
            long raw = Integer.toUnsignedLong(b.getInt(s + 16));
            long ptr = Integer.toUnsignedLong(b.getInt(s + 20));
            if (raw > 0 && (ptr > size || raw > size - ptr)) {
                throw new MalformedFormatException("PE: section " + i + " raw data [" + ptr + ", +" + raw
                        + ") outside the file");
            }
            String secName = new String(name, 0, len, StandardCharsets.ISO_8859_1);
            sections.add(new Section(longName(b, coff, secName), vsize, va, raw, ptr));
        }
        return new PeFile(b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN), plus, machine, opt + 64, certEntry,
                sizeOfHeaders, certOff, certSize, sections);
    }

    /**
     * Section names longer than 8 bytes are written "/N": offset N into the COFF string table, which follows
     * the symbol table. Unresolvable references keep the short form.
     */
    private static String longName(ByteBuffer b, int coff, String shortName) {
        if (!shortName.startsWith("/") || shortName.length() < 2) {
            return shortName;
        }
        long n;
        try {
            n = Long.parseLong(shortName.substring(1));
        } catch (NumberFormatException e) {
            return shortName;
        }
        long symtab = Integer.toUnsignedLong(b.getInt(coff + 8));
        long nsyms = Integer.toUnsignedLong(b.getInt(coff + 12));
        long strtab = symtab + nsyms * 18;
        long at = strtab + n;
        if (symtab == 0 || at < 0 || at >= b.capacity()) {
            return shortName;
        }
        StringBuilder sb = new StringBuilder();
        for (long i = at; i < b.capacity() && sb.length() < 256; i++) {
            byte c = b.get((int) i);
            if (c == 0) {
                return sb.toString();
            }
            sb.append((char) (c & 0xff));
        }
        return shortName;
    }

    public boolean pe32Plus() {
        return pe32Plus;
    }

    public int machine() {
        return machine;
    }

    public int checksumOffset() {
        return checksumOffset;
    }

    /** File offset of the certificate-table data directory entry, or -1 when the image has no such entry. */
    public int certDirEntryOffset() {
        return certDirEntryOffset;
    }

    public long sizeOfHeaders() {
        return sizeOfHeaders;
    }

    public long certTableOffset() {
        return certTableOffset;
    }

    public long certTableSize() {
        return certTableSize;
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Sections with raw data in file order, as Authenticode hashes them. */
    public List<Section> sectionsByFileOffset() {
        List<Section> out = new ArrayList<>(sections.stream().filter(s -> s.sizeOfRawData() > 0).toList());
        out.sort(Comparator.comparingLong(Section::pointerToRawData));
        return out;
    }

    public ByteBuffer buffer() {
        return buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long size() {
        return buf.capacity();
    }

    /** Bytes of a range of the file, as a read-only view. */
    public ByteBuffer range(long offset, long length) {
        ByteBuffer d = buffer();
        d.limit((int) (offset + length)).position((int) offset);
        return d.slice();
    }

    /** A section's raw data. */
    public ByteBuffer data(Section s) {
        return range(s.pointerToRawData(), s.sizeOfRawData());
    }

    /**
     * The WIN_CERTIFICATE entries of the attribute certificate table, each 8-byte aligned:
     * dwLength u32 (header included), wRevision u16, wCertificateType u16, then the content.
     */
    public List<Certificate> certificates() throws MalformedFormatException {
        List<Certificate> out = new ArrayList<>();
        long pos = certTableOffset;
        long end = certTableOffset + certTableSize;
        while (certTableSize > 0 && pos + 8 <= end) {
            if (out.size() >= MAX_CERTIFICATES) {
                throw new MalformedFormatException("PE: more than " + MAX_CERTIFICATES + " attribute certificates");
            }
            long len = Integer.toUnsignedLong(buf.getInt((int) pos));
            int rev = Short.toUnsignedInt(buf.getShort((int) pos + 4));
            int type = Short.toUnsignedInt(buf.getShort((int) pos + 6));
            if (len < 8 || len > end - pos) {
                throw new MalformedFormatException("PE: WIN_CERTIFICATE at " + pos + " has length " + len
                        + " beyond the certificate table");
            }
            out.add(new Certificate(rev, type, (int) pos + 8, (int) len - 8));
            pos += (len + 7) & ~7L;
        }
        return out;
    }
}
