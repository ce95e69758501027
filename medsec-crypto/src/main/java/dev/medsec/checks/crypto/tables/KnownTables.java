package dev.medsec.checks.crypto.tables;

import dev.medsec.core.content.BytePattern;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every form in which the tables of {@link ReferenceTables} are found in binaries: bytes, 32-bit entries and
 * 64-bit entries, little- and big-endian, and the known alternative layouts (SHA-512 as 32-bit high/low pairs,
 * zero-based DES permutations). Also the 32-bit constants that implementations load as instruction
 * immediates rather than from a table (SHA-1 K, MD5 T, the TEA delta), which can only be confirmed by
 * finding enough of them in one file.
 */
public final class KnownTables {
    /** Anchor length for a table: long enough to be specific, short enough for the shared automaton. */
    static final int ANCHOR = 32;

    /** A constant recognised one 32-bit word at a time, with the set it belongs to. */
    public record Immediate(String id, Primitive primitive, String set, int value, ByteOrder order) {
    }

    /** SHA-1 round constants (FIPS 180-4 §4.2.1), shared with RIPEMD-160's left line. */
    static final int[] SHA1_K = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};
    /** TEA/XTEA: the key schedule constant (and its negation, used by compilers for sum -= -delta). */
    static final int TEA_DELTA = 0x9E3779B9;
    static final int TEA_DELTA_NEG = 0x61C88647;
    /** delta * 32: the start value of the 32-cycle decipher loop in TEA and XTEA. */
    static final int TEA_SUM32 = 0xC6EF3720;

    private static final List<TableSpec> TABLES = buildTables();
    private static final List<Immediate> IMMEDIATES = buildImmediates();
    private static final Map<String, TableSpec> TABLE_BY_ID = index(TABLES);
    private static final Map<String, Immediate> IMMEDIATE_BY_ID = indexImm(IMMEDIATES);

    private KnownTables() {
    }

    public static List<TableSpec> tables() {
        return TABLES;
    }

    public static List<Immediate> immediates() {
        return IMMEDIATES;
    }

    public static Optional<TableSpec> table(String id) {
        return Optional.ofNullable(TABLE_BY_ID.get(id));
    }

    public static Optional<Immediate> immediate(String id) {
        return Optional.ofNullable(IMMEDIATE_BY_ID.get(id));
    }

    /** The anchors of every table and immediate, for the shared content automaton. */
    public static List<BytePattern> patterns() {
        List<BytePattern> out = new ArrayList<>();
        for (TableSpec t : TABLES) {
            out.add(new BytePattern(t.id(), t.anchor(ANCHOR), false));
        }
        for (Immediate i : IMMEDIATES) {
            out.add(new BytePattern(i.id(), ByteBuffer.allocate(4).order(i.order()).putInt(i.value()).array(), false));
        }
        return out;
    }

    private static List<TableSpec> buildTables() {
        List<TableSpec> out = new ArrayList<>();
        bytesForms(out, Primitive.AES, "S-box", ReferenceTables.AES_SBOX, true);
        bytesForms(out, Primitive.AES, "inverse S-box", ReferenceTables.AES_INV_SBOX, true);
        wordForms(out, Primitive.AES, "T-table Te0", ReferenceTables.AES_TE0);
        wordForms(out, Primitive.AES, "T-table Td0", ReferenceTables.AES_TD0);
        wordForms(out, Primitive.SHA256, "round constants K", ReferenceTables.SHA256_K);
        longForms(out, Primitive.SHA512, "round constants K", ReferenceTables.SHA512_K);
        wordForms(out, Primitive.MD5, "sine table T", ReferenceTables.MD5_T);
        wordForms(out, Primitive.BLOWFISH, "P-array", ReferenceTables.BLOWFISH_P);
        bytesForms(out, Primitive.DES, "S-box S1", ReferenceTables.DES_S1, true);
        bytesForms(out, Primitive.DES, "permuted choice PC-1", ReferenceTables.DES_PC1, false);
        bytesForms(out, Primitive.DES, "initial permutation IP", ReferenceTables.DES_IP, false);
        bytesForms(out, Primitive.DES, "permuted choice PC-1 zero-based", minusOne(ReferenceTables.DES_PC1), false);
        bytesForms(out, Primitive.DES, "initial permutation IP zero-based", minusOne(ReferenceTables.DES_IP), false);
        wordForms(out, Primitive.DES, "SP-box 1 (Outerbridge)", ReferenceTables.DES_SP1_OUTERBRIDGE);
        wordForms(out, Primitive.DES, "SP-box 1 (SSLeay)", ReferenceTables.DES_SP1_SSLEAY);
        for (String sigma : List.of("expand 32-byte k", "expand 16-byte k")) {
            byte[] le = sigma.getBytes(StandardCharsets.US_ASCII);
            out.add(new TableSpec("chacha-sigma-" + sigma.charAt(7) + "/le", Primitive.CHACHA,
                    "constant \"" + sigma + "\"", "text / 32-bit LE", le));
            out.add(new TableSpec("chacha-sigma-" + sigma.charAt(7) + "/be", Primitive.CHACHA,
                    "constant \"" + sigma + "\"", "32-bit BE", swapWords(le)));
        }
        return List.copyOf(out);
    }

    private static List<Immediate> buildImmediates() {
        List<Immediate> out = new ArrayList<>();
        for (ByteOrder o : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            String suffix = o == ByteOrder.LITTLE_ENDIAN ? "le" : "be";
            for (int i = 0; i < SHA1_K.length; i++) {
                out.add(new Immediate("imm-sha1-k" + i + "/" + suffix, Primitive.SHA1, "SHA-1 round constants", SHA1_K[i], o));
            }
            for (int i = 0; i < ReferenceTables.MD5_T.length; i++) {
                out.add(new Immediate("imm-md5-t" + i + "/" + suffix, Primitive.MD5, "MD5 sine constants",
                        ReferenceTables.MD5_T[i], o));
            }
            out.add(new Immediate("imm-tea-delta/" + suffix, Primitive.TEA, "delta", TEA_DELTA, o));
            out.add(new Immediate("imm-tea-delta-neg/" + suffix, Primitive.TEA, "delta", TEA_DELTA_NEG, o));
            out.add(new Immediate("imm-tea-sum32/" + suffix, Primitive.TEA, "sum32", TEA_SUM32, o));
        }
        return List.copyOf(out);
    }

    private static void bytesForms(List<TableSpec> out, Primitive p, String table, byte[] b, boolean asWords) {
        String base = slug(p, table);
        out.add(new TableSpec(base + "/bytes", p, table, "bytes", b));
        if (asWords) {
            ByteBuffer le = ByteBuffer.allocate(b.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer be = ByteBuffer.allocate(b.length * 4).order(ByteOrder.BIG_ENDIAN);
            for (byte x : b) {
                le.putInt(x & 0xff);
                be.putInt(x & 0xff);
            }
            out.add(new TableSpec(base + "/u32le", p, table, "32-bit entries, LE", le.array()));
            out.add(new TableSpec(base + "/u32be", p, table, "32-bit entries, BE", be.array()));
        }
    }

    private static void wordForms(List<TableSpec> out, Primitive p, String table, int[] w) {
        String base = slug(p, table);
        ByteBuffer le = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.allocate(w.length * 4).order(ByteOrder.BIG_ENDIAN);
        for (int x : w) {
            le.putInt(x);
            be.putInt(x);
        }
        out.add(new TableSpec(base + "/le", p, table, "32-bit LE (or byte-swapped layout on BE)", le.array()));
        out.add(new TableSpec(base + "/be", p, table, "32-bit BE (or byte-swapped layout on LE)", be.array()));
    }

    private static void longForms(List<TableSpec> out, Primitive p, String table, long[] w) {
        String base = slug(p, table);
        ByteBuffer le = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.allocate(w.length * 8).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer pairs = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : w) {
            le.putLong(x);
            be.putLong(x);
            pairs.putInt((int) (x >>> 32)).putInt((int) x);
        }
        out.add(new TableSpec(base + "/le", p, table, "64-bit LE", le.array()));
        out.add(new TableSpec(base + "/be", p, table, "64-bit BE", be.array()));
        out.add(new TableSpec(base + "/hilo32le", p, table, "32-bit high/low pairs, LE", pairs.array()));
    }

    private static byte[] minusOne(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) (b[i] - 1);
        }
        return out;
    }

    private static byte[] swapWords(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i + 3 < b.length; i += 4) {
            out[i] = b[i + 3];
            out[i + 1] = b[i + 2];
            out[i + 2] = b[i + 1];
            out[i + 3] = b[i];
        }
        return out;
    }

    private static String slug(Primitive p, String table) {
        return (p.name() + "-" + table).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static Map<String, TableSpec> index(List<TableSpec> tables) {
        Map<String, TableSpec> m = new HashMap<>();
        for (TableSpec t : tables) {
            if (m.put(t.id(), t) != null) {
                throw new IllegalStateException("duplicate table id " + t.id());
            }
        }
        return Map.copyOf(m);
    }

    private static Map<String, Immediate> indexImm(List<Immediate> imms) {
        Map<String, Immediate> m = new HashMap<>();
        for (Immediate i : imms) {
            m.put(i.id(), i);
        }
        return Map.copyOf(m);
    }
}
