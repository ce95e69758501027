package dev.medsec.checks.sensitive;

import dev.medsec.core.image.ViewKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The patient-identifying attributes of a DICOM Part 10 file: a small, defensive reader that walks the file
 * meta group (always explicit VR little endian), learns the transfer syntax, then walks the data set (implicit
 * or explicit VR, little or big endian, deflated) only as far as group 0012. Sequences are skipped, including
 * undefined-length ones, with a nesting bound; every length is checked against the bytes left before use.
 * Values are kept only as "filled or not" and never leave this class except as that flag.
 */
public final class DicomPatientModule {
    public static final ViewKey<DicomPatientModule> VIEW = ViewKey.of("dicom-patient", a -> parse(a.bytes()));

    /** Patient attributes whose presence makes a file PHI, by tag. */
    static final Map<Integer, String> PATIENT_TAGS = Map.of(
            0x00100010, "(0010,0010) PatientName",
            0x00100020, "(0010,0020) PatientID",
            0x00100030, "(0010,0030) PatientBirthDate",
            0x00101000, "(0010,1000) OtherPatientIDs",
            0x00101040, "(0010,1040) PatientAddress",
            0x00102154, "(0010,2154) PatientTelephoneNumbers",
            0x00101005, "(0010,1005) PatientBirthName");
    private static final int PATIENT_IDENTITY_REMOVED = 0x00120062;
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ELEMENTS = 100_000;
    private static final int MAX_INFLATED = 1 << 20;
    private static final Set<String> NOT_A_NAME = Set.of("", "anonymous", "anonymized", "anon", "unknown", "none");
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final String transferSyntax;
    private final Map<String, Boolean> filled;
    private final boolean identityRemoved;

    private DicomPatientModule(String transferSyntax, Map<String, Boolean> filled, boolean identityRemoved) {
        this.transferSyntax = transferSyntax;
        this.filled = Map.copyOf(filled);
        this.identityRemoved = identityRemoved;
    }

    public String transferSyntax() {
        return transferSyntax;
    }

    /** Names of the patient attributes that carry a value, in tag order. */
    public java.util.List<String> filledAttributes() {
        return filled.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }

    /** (0012,0062) Patient Identity Removed = YES: the file declares itself de-identified. */
    public boolean identityRemoved() {
        return identityRemoved;
    }

    /** Thrown for anything that is not a well-formed DICOM file as far as this reader walks it. */
    public static final class DicomFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        DicomFormatException(String message) {
            super(message);
        }
    }

    public static DicomPatientModule parse(ByteBuffer file) throws DicomFormatException {
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 132 || b.get(128) != 'D' || b.get(129) != 'I' || b.get(130) != 'C' || b.get(131) != 'M') {
            throw new DicomFormatException("no DICM prefix at offset 128");
        }
        Cursor meta = new Cursor(b, 132, b.limit(), true);
        String ts = "";
        while (meta.remaining() >= 8 && (meta.peekUShort(0) == 0x0002)) {
            Element e = meta.next();
            if (e.tag() == 0x00020010) {
                ts = meta.string(e, 64).orElse("");
            }
            meta.skipValue(e, 0);
        }
        if (ts.isEmpty()) {
            throw new DicomFormatException("file meta information has no transfer syntax (0002,0010)");
        }
        Cursor data;
        boolean allowTruncation = false;
        if (ts.equals(DEFLATED)) {
            ByteBuffer inflated = inflate(b, meta.pos);
            data = new Cursor(inflated.order(ByteOrder.LITTLE_ENDIAN), 0, inflated.limit(), true);
            allowTruncation = true;
        } else if (ts.equals(EXPLICIT_BE)) {
            ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
            data = new Cursor(be, meta.pos, be.limit(), true);
        } else {
            data = new Cursor(b, meta.pos, b.limit(), !ts.equals(IMPLICIT_LE));
        }
        Map<String, Boolean> filled = new LinkedHashMap<>();
        boolean removed = false;
        int count = 0;
        try {
            while (data.remaining() >= 8 && count++ < MAX_ELEMENTS) {
                if (data.peekUShort(0) > 0x0012) {
                    break;
                }
                Element e = data.next();
                String name = PATIENT_TAGS.get(e.tag());
                if (name != null) {
                    filled.put(name, data.string(e, 4096).map(DicomPatientModule::meaningful).orElse(false));
                } else if (e.tag() == PATIENT_IDENTITY_REMOVED) {
                    removed = data.string(e, 16).map(v -> v.equalsIgnoreCase("YES")).orElse(false);
                }
                data.skipValue(e, 0);
            }
        } catch (DicomFormatException truncated) {
            if (!allowTruncation) {
                throw truncated;
            }
        }
        return new DicomPatientModule(ts, filled, removed);
    }

    private static boolean meaningful(String value) {
        String v = value.replace("^", " ").replace("=", " ").strip().toLowerCase(java.util.Locale.ROOT);
        return !NOT_A_NAME.contains(v);
    }

    private static ByteBuffer inflate(ByteBuffer b, int from) throws DicomFormatException {
        byte[] in = new byte[b.limit() - from];
        b.duplicate().position(from).get(in);
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in);
            byte[] out = new byte[MAX_INFLATED];
            int n = 0;
            while (n < out.length && !inf.finished()) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            return ByteBuffer.wrap(out, 0, n).slice();
        } catch (DataFormatException e) {
            throw new DicomFormatException("deflated data set is corrupt: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    /** Header of one data element; {@code length} is {@link #UNDEFINED} for undefined length. */
    private record Element(int tag, String vr, long length, int valueStart) {
    }

    private static final class Cursor {
        private final ByteBuffer b;
        private final int end;
        private final boolean explicit;
        private int pos;

        Cursor(ByteBuffer b, int start, int end, boolean explicit) {
            this.b = b;
            this.pos = start;
            this.end = end;
            this.explicit = explicit;
        }

        int remaining() {
            return end - pos;
        }

        int peekUShort(int ahead) throws DicomFormatException {
            need(ahead + 2);
            return b.getShort(pos + ahead) & 0xffff;
        }

        private void need(long n) throws DicomFormatException {
            if (n < 0 || n > end - pos) {
                throw new DicomFormatException("truncated data element at offset " + pos);
            }
        }

        Element next() throws DicomFormatException {
            need(8);
            int group = b.getShort(pos) & 0xffff;
            int elem = b.getShort(pos + 2) & 0xffff;
            int tag = (group << 16) | elem;
            // Item and delimiter tags never carry a VR, whatever the transfer syntax.
            if (group == 0xFFFE || !explicit) {
                long len = b.getInt(pos + 4) & 0xFFFFFFFFL;
                pos += 8;
                return new Element(tag, group == 0xFFFE ? "" : "UN?", len, pos);
            }
            String vr = new String(new byte[] {b.get(pos + 4), b.get(pos + 5)}, StandardCharsets.US_ASCII);
            if (!vr.matches("[A-Z]{2}")) {
                throw new DicomFormatException("invalid VR at offset " + (pos + 4));
            }
            if (LONG_VRS.contains(vr)) {
                need(12);
                long len = b.getInt(pos + 8) & 0xFFFFFFFFL;
                pos += 12;
                return new Element(tag, vr, len, pos);
            }
            long len = b.getShort(pos + 6) & 0xffff;
            pos += 8;
            return new Element(tag, vr, len, pos);
        }

        Optional<String> string(Element e, int max) throws DicomFormatException {
            if (e.length() == UNDEFINED) {
                return Optional.empty();
            }
            need(e.length());
            int n = (int) Math.min(e.length(), max);
            byte[] v = new byte[n];
            b.duplicate().position(e.valueStart()).get(v);
            return Optional.of(new String(v, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip());
        }

        /** Moves past the element's value; undefined lengths are walked item by item up to the delimiter. */
        void skipValue(Element e, int depth) throws DicomFormatException {
            if (e.length() != UNDEFINED) {
                need(e.length());
                pos = e.valueStart() + (int) e.length();
                return;
            }
            if (depth >= MAX_DEPTH) {
                throw new DicomFormatException("sequences nested deeper than " + MAX_DEPTH);
            }
            // Undefined length: a sequence (or UN/OB encapsulated data) made of items, ended by a delimiter.
            while (true) {
                Element item = nextInSequence();
                if (item.tag() == 0xFFFEE0DD) {
                    return;
                }
                if (item.tag() != 0xFFFEE000) {
                    throw new DicomFormatException(String.format("expected item tag in sequence, found %08x", item.tag()));
                }
                if (item.length() != UNDEFINED) {
                    need(item.length());
                    pos = item.valueStart() + (int) item.length();
                    continue;
                }
                int guard = 0;
                while (true) {
                    if (guard++ > MAX_ELEMENTS) {
                        throw new DicomFormatException("too many elements in one item");
                    }
                    Element inner = next();
                    if (inner.tag() == 0xFFFEE00D) {
                        break;
                    }
                    skipValue(inner, depth + 1);
                }
            }
        }

        private Element nextInSequence() throws DicomFormatException {
            need(8);
            int group = b.getShort(pos) & 0xffff;
            int elem = b.getShort(pos + 2) & 0xffff;
            long len = b.getInt(pos + 4) & 0xFFFFFFFFL;
            pos += 8;
            return new Element((group << 16) | elem, "", len, pos);
        }
    }
}
