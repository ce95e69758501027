package dev.medsec.unpack;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** zlib and raw deflate blocks of a known decoded size (cramfs pages, JFFS2 and UBIFS nodes), through java.util.zip. */
final class Inflation {
    private Inflation() {
    }

    /**
     * @param raw      raw deflate (UBIFS) rather than a zlib stream (cramfs, JFFS2)
     * @param expected the decoded size the format declares; fewer bytes is an error unless {@code allowShort}
     */
    static byte[] inflate(byte[] in, int expected, boolean raw, boolean allowShort, String what) throws MalformedLayoutException {
        Inflater inf = new Inflater(raw);
        try {
            inf.setInput(in);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inf.finished()) {
                int k = inf.inflate(out, n, expected - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != expected && !allowShort) {
                throw new MalformedLayoutException(what + ": inflated to " + n + " bytes, not " + expected);
            }
            return out;
        } catch (DataFormatException e) {
            throw new MalformedLayoutException(what + ": corrupt deflate data");
        } finally {
            inf.end();
        }
    }
}
