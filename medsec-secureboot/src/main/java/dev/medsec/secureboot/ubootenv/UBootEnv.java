package dev.medsec.secureboot.ubootenv;

import dev.medsec.core.image.ViewKey;
import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A U-Boot environment: binary (as written by mkenvimage / fw_setenv: CRC32 little-endian, an optional
 * redundancy flag byte, then "key=value\0" pairs ending in an empty string, padded) or text
 * ("key=value" lines, as in u-boot-initial-env or uEnv.txt). CRC32 is the format's own checksum
 * (java.util.zip), not a security measure.
 */
public final class UBootEnv {
    public static final int MAX_SIZE = 1 << 20;
    private static final int MAX_VARS = 10_000;

    public static final ViewKey<UBootEnv> VIEW = ViewKey.of("uboot-env", a -> parse(a.bytes()));

    /** How the environment was stored. */
    public enum Format { BINARY, BINARY_REDUNDANT, TEXT }

    private final Format format;
    private final Map<String, String> vars;

    private UBootEnv(Format format, Map<String, String> vars) {
        this.format = format;
        this.vars = Collections.unmodifiableMap(vars);
    }

    public Format format() {
        return format;
    }

    public Map<String, String> variables() {
        return vars;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    public static UBootEnv parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining();
        if (n > MAX_SIZE) {
            throw new MalformedFormatException("U-Boot env: " + n + " bytes is larger than any environment");
        }
        if (n >= 8) {
            long stored = Integer.toUnsignedLong(b.getInt(0));
            for (int start : new int[] {4, 5}) {
                CRC32 crc = new CRC32();
                ByteBuffer data = b.duplicate().position(start);
                crc.update(data);
                if (crc.getValue() == stored) {
                    return new UBootEnv(start == 4 ? Format.BINARY : Format.BINARY_REDUNDANT, binaryVars(b, start));
                }
            }
        }
        return new UBootEnv(Format.TEXT, textVars(b));
    }

    private static Map<String, String> binaryVars(ByteBuffer b, int start) throws MalformedFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        int p = start;
        int n = b.limit();
        while (p < n && b.get(p) != 0) {
            int e = p;
            while (e < n && b.get(e) != 0) {
                e++;
            }
            byte[] kv = new byte[e - p];
            b.get(p, kv);
            put(out, new String(kv, StandardCharsets.UTF_8));
            p = e + 1;
        }
        return out;
    }

    private static Map<String, String> textVars(ByteBuffer b) throws MalformedFormatException {
        byte[] all = new byte[b.remaining()];
        b.duplicate().get(all);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(all, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.indexOf('=') <= 0 || l.indexOf('\0') >= 0) {
                throw new MalformedFormatException("U-Boot env: not an environment (line '" + abbreviate(l) + "')");
            }
            put(out, l);
        }
        if (out.isEmpty()) {
            throw new MalformedFormatException("U-Boot env: no variables");
        }
        return out;
    }

    private static void put(Map<String, String> out, String kv) throws MalformedFormatException {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new MalformedFormatException("U-Boot env: entry without '=': '" + abbreviate(kv) + "'");
        }
        if (out.size() >= MAX_VARS) {
            throw new MalformedFormatException("U-Boot env: more than " + MAX_VARS + " variables");
        }
        out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Compiled once: every file of a scan is tested against it. */
    private static final java.util.regex.Pattern ENV_NAME =
            java.util.regex.Pattern.compile("u-?boot[-_.]?env(\\.bin|\\.img|\\.txt)?|u-?boot-env-.*");

    /** Environment files by name: uboot.env, u-boot.env, uEnv.txt, u-boot-initial-env, boot.env and the like. */
    public static boolean isEnvName(String fileName) {
        String f = fileName.toLowerCase(java.util.Locale.ROOT);
        // "0x00040000.ubootenv": an environment the unpack stage carved out of a flash dump (its CRC32 verified)
        return f.equals("uenv.txt") || f.equals("u-boot-initial-env") || f.endsWith(".env") || f.endsWith(".ubootenv")
                || ENV_NAME.matcher(f).matches();
    }

    /** The cheap test the environment checks share: a file of plausible size and name. */
    public static boolean isCandidate(dev.medsec.core.image.Artifact a) {
        return a.hasContent() && a.size() <= MAX_SIZE && isEnvName(a.fileName());
    }
}
