package dev.medsec.attacksurface.kernel;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Finds the kernel command lines an image's boot configuration passes: U-Boot environments (binary, with their
 * CRC verified, and uEnv.txt), U-Boot scripts (boot.cmd, boot.scr), extlinux.conf, grub.cfg,
 * /etc/default/grub, Raspberry Pi cmdline.txt, and the built-in CONFIG_CMDLINE of a kernel configuration.
 */
public final class CommandLineSources {
    /** Environments and boot files are small; larger files are not boot configuration. */
    static final int MAX_FILE = 4 << 20;
    private static final int MAX_EXPANSION_DEPTH = 8;

    private static final Pattern SETENV = Pattern.compile("(?m)^\\s*(?:setenv|env\\s+set)\\s+(\\w+)\\s+(.*?)\\s*$");
    private static final Pattern APPEND = Pattern.compile("(?im)^\\s*append\\s+(.*?)\\s*$");
    private static final Pattern LABEL = Pattern.compile("(?im)^\\s*label\\s+(.*?)\\s*$");
    private static final Pattern GRUB_LINUX = Pattern.compile("(?m)^\\s*linux(?:efi|16)?\\s+\\S+\\s*(.*?)\\s*$");
    private static final Pattern GRUB_DEFAULT = Pattern.compile(
            "(?m)^\\s*(GRUB_CMDLINE_LINUX(?:_DEFAULT)?)\\s*=\\s*[\"']?(.*?)[\"']?\\s*$");
    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /**
     * One command line.
     *
     * @param path  image path of the file it is written in
     * @param where the entry inside the file ("bootargs", "label rescue", "GRUB_CMDLINE_LINUX", "CONFIG_CMDLINE")
     */
    public record Source(String path, String layer, String where, KernelCommandLine cmdline) {
    }

    private CommandLineSources() {
    }

    public static List<Source> find(Image image) {
        List<Source> out = new ArrayList<>();
        for (Artifact a : (Iterable<Artifact>) image.files()::iterator) {
            if (a.size() > MAX_FILE || a.size() == 0) {
                continue;
            }
            String name = a.fileName().toLowerCase(Locale.ROOT);
            String inner = a.innerPath();
            try {
                if (name.equals("extlinux.conf") || name.equals("syslinux.cfg")) {
                    extlinux(a, text(a), out);
                } else if (name.equals("grub.cfg")) {
                    grub(a, text(a), out);
                } else if (inner.equals("/etc/default/grub")) {
                    grubDefault(a, text(a), out);
                } else if (name.equals("cmdline.txt") && inner.startsWith("/boot")) {
                    out.add(new Source(a.path(), a.layer(), "cmdline.txt", KernelCommandLine.parse(text(a).strip())));
                } else if (name.equals("uenv.txt") || name.endsWith(".env.txt")) {
                    ubootEnv(a, textEnv(text(a)), out);
                } else if (name.equals("boot.cmd") || name.endsWith(".scr") || name.equals("boot.script")) {
                    ubootScript(a, text(a), out);
                } else if (isUbootEnvName(name)) {
                    Optional<Map<String, String>> env = binaryEnv(a.bytes());
                    if (env.isPresent()) {
                        ubootEnv(a, env.get(), out);
                    }
                }
            } catch (IOException e) {
                // An unreadable boot file is reported by the checks that need it; skip it here.
            }
        }
        return out;
    }

    /** The built-in command line of a kernel configuration, if it has a non-empty one. */
    public static Optional<Source> builtIn(KernelConfigSources.Located l) {
        return l.config().option("CONFIG_CMDLINE").map(KernelConfig.Option::text).filter(s -> !s.isBlank())
                .map(s -> new Source(l.path(), l.layer(), "CONFIG_CMDLINE", KernelCommandLine.parse(s)));
    }

    private static boolean isUbootEnvName(String name) {
        return name.contains("uboot") && name.contains("env") || name.contains("u-boot") && name.contains("env")
                || name.equals("env.bin") || name.equals("boot.env");
    }

    private static String text(Artifact a) throws IOException {
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void extlinux(Artifact a, String text, List<Source> out) {
        String label = "";
        for (String line : text.split("\n")) {
            Matcher l = LABEL.matcher(line);
            if (l.matches()) {
                label = l.group(1);
                continue;
            }
            Matcher m = APPEND.matcher(line);
            if (m.matches()) {
                out.add(new Source(a.path(), a.layer(), label.isEmpty() ? "append" : "label " + label,
                        KernelCommandLine.parse(m.group(1))));
            }
        }
    }

    private static void grub(Artifact a, String text, List<Source> out) {
        Matcher m = GRUB_LINUX.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
            out.add(new Source(a.path(), a.layer(), "linux entry " + n, KernelCommandLine.parse(m.group(1))));
        }
    }

    private static void grubDefault(Artifact a, String text, List<Source> out) {
        Matcher m = GRUB_DEFAULT.matcher(text);
        StringBuilder all = new StringBuilder();
        while (m.find()) {
            all.append(' ').append(m.group(2));
        }
        if (all.length() > 0) {
            out.add(new Source(a.path(), a.layer(), "GRUB_CMDLINE_LINUX", KernelCommandLine.parse(all.toString())));
        }
    }

    private static void ubootScript(Artifact a, String text, List<Source> out) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = SETENV.matcher(text);
        while (m.find()) {
            String v = m.group(2);
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            env.put(m.group(1), v);
        }
        ubootEnv(a, env, out);
    }

    private static void ubootEnv(Artifact a, Map<String, String> env, List<Source> out) {
        String args = env.get("bootargs");
        if (args != null) {
            out.add(new Source(a.path(), a.layer(), "bootargs", KernelCommandLine.parse(expand(args, env, 0))));
        }
    }

    private static Map<String, String> textEnv(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (!l.startsWith("#") && eq > 0) {
                env.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        return env;
    }

    /** Expands ${var} from the same environment, as U-Boot does when it runs bootcmd. */
    static String expand(String value, Map<String, String> env, int depth) {
        if (depth >= MAX_EXPANSION_DEPTH || value.indexOf('$') < 0) {
            return value;
        }
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String rep = env.containsKey(name) ? expand(env.get(name), env, depth + 1) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A binary U-Boot environment: CRC32 (little endian) of the data area, an optional flag byte (redundant
     * environments), then NUL-terminated name=value strings ending with an empty string. The CRC must verify,
     * so that random binary files named like an environment are not misread.
     */
    public static Optional<Map<String, String>> binaryEnv(ByteBuffer content) {
        ByteBuffer b = content.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining();
        if (n < 8 || n > MAX_FILE) {
            return Optional.empty();
        }
        long stored = Integer.toUnsignedLong(b.getInt(0));
        for (int dataOff : new int[] {4, 5}) {
            CRC32 crc = new CRC32();
            ByteBuffer data = b.duplicate();
            data.position(dataOff);
            crc.update(data);
            if (crc.getValue() == stored) {
                return Optional.of(envStrings(b, dataOff));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> envStrings(ByteBuffer b, int off) {
        Map<String, String> env = new LinkedHashMap<>();
        int n = b.limit();
        int i = off;
        while (i < n) {
            int end = i;
            while (end < n && b.get(end) != 0) {
                end++;
            }
            if (end == i) {
                break;
            }
            byte[] s = new byte[end - i];
            b.duplicate().position(i).get(s);
            String kv = new String(s, StandardCharsets.ISO_8859_1);
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            i = end + 1;
        }
        return env;
    }
}
