package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import dev.medsec.core.image.ViewKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed kernel configuration (the {@code .config} format written by kconfig, also found as
 * {@code /boot/config-*}, {@code /proc/config.gz} and the IKCONFIG blob of a kernel image).
 *
 * <p>Options keep the kconfig distinction between "set to n" ({@code # CONFIG_X is not set}, the option exists
 * and is off) and absent (the option is not offered, usually because a parent option is off or the kernel
 * version does not have it): rules must not confuse the two.
 */
public final class KernelConfig {
    /** A config file view for text artifacts classified as {@code KERNEL_CONFIG}. */
    public static final ViewKey<KernelConfig> VIEW = ViewKey.of("kernel-config", a -> parse(a.bytes()));

    /** Real configs are 100-300 KiB; anything beyond this is not a config. */
    public static final int MAX_BYTES = 8 << 20;
    public static final int MAX_OPTIONS = 100_000;
    private static final int MAX_LINE = 64 * 1024;

    private static final Pattern SET = Pattern.compile("(CONFIG_[A-Za-z0-9_]+)=(.*)");
    private static final Pattern NOT_SET = Pattern.compile("# (CONFIG_[A-Za-z0-9_]+) is not set\\s*");
    private static final Pattern HEADER = Pattern.compile("# Linux/(\\S+) (\\S+) Kernel Configuration\\s*");

    /** How an option appears in the file. */
    public enum State {
        /** {@code =y}: built in. */
        BUILTIN,
        /** {@code =m}: a loadable module. */
        MODULE,
        /** {@code # CONFIG_X is not set}: offered and switched off. */
        NOT_SET,
        /** A string, decimal or hex value. */
        VALUE,
        /** Not in the file at all. */
        ABSENT
    }

    /**
     * One option line.
     *
     * @param name  the option with its CONFIG_ prefix
     * @param value "y", "m", "n" (for not set) or the value as written (strings keep their quotes)
     * @param line  1-based line number, for evidence
     */
    public record Option(String name, String value, int line) {
        public State state() {
            switch (value) {
                case "y":
                    return State.BUILTIN;
                case "m":
                    return State.MODULE;
                case "n":
                    return State.NOT_SET;
                default:
                    return State.VALUE;
            }
        }

        /** The value without the quotes of a string option. */
        public String text() {
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            return value;
        }

        /** The config line as written, for evidence. */
        public String asLine() {
            return value.equals("n") ? "# " + name + " is not set" : name + "=" + value;
        }
    }

    private final Map<String, Option> options;
    private final Optional<String> headerArch;
    private final Optional<String> release;

    private KernelConfig(Map<String, Option> options, Optional<String> headerArch, Optional<String> release) {
        this.options = Collections.unmodifiableMap(options);
        this.headerArch = headerArch;
        this.release = release;
    }

    public static KernelConfig parse(ByteBuffer content) throws KernelConfigException {
        if (content.remaining() > MAX_BYTES) {
            throw new KernelConfigException("kernel config of " + content.remaining() + " bytes exceeds "
                    + MAX_BYTES);
        }
        byte[] b = new byte[content.remaining()];
        content.duplicate().get(b);
        return parse(new String(b, StandardCharsets.ISO_8859_1));
    }

    /** Parses config text; fails when it holds no option line (so random text is not taken for a config). */
    public static KernelConfig parse(String text) throws KernelConfigException {
        if (text.length() > MAX_BYTES) {
            throw new KernelConfigException("kernel config of " + text.length() + " characters exceeds " + MAX_BYTES);
        }
        Map<String, Option> opts = new LinkedHashMap<>();
        Optional<String> arch = Optional.empty();
        Optional<String> rel = Optional.empty();
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNo++;
            if (end - start <= MAX_LINE) {
                String line = text.substring(start, end);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.startsWith("CONFIG_")) {
                    Matcher m = SET.matcher(line);
                    if (m.matches()) {
                        put(opts, new Option(m.group(1), m.group(2).strip(), lineNo));
                    }
                } else if (line.startsWith("# CONFIG_")) {
                    Matcher m = NOT_SET.matcher(line);
                    if (m.matches()) {
                        put(opts, new Option(m.group(1), "n", lineNo));
                    }
                } else if (line.startsWith("# Linux/") && arch.isEmpty()) {
                    Matcher m = HEADER.matcher(line);
                    if (m.matches()) {
                        arch = Optional.of(m.group(1));
                        rel = Optional.of(m.group(2));
                    }
                }
            }
            start = end + 1;
        }
        if (opts.isEmpty()) {
            throw new KernelConfigException("no CONFIG_ option lines: not a kernel configuration");
        }
        return new KernelConfig(opts, arch, rel);
    }

    private static void put(Map<String, Option> opts, Option o) throws KernelConfigException {
        // kconfig semantics: a later assignment of the same option wins.
        opts.put(o.name(), o);
        if (opts.size() > MAX_OPTIONS) {
            throw new KernelConfigException("more than " + MAX_OPTIONS + " options: not a kernel configuration");
        }
    }

    /** The option line, if the file mentions the option (set, module, value or "is not set"). */
    public Optional<Option> option(String name) {
        return Optional.ofNullable(options.get(normalize(name)));
    }

    public State state(String name) {
        Option o = options.get(normalize(name));
        return o == null ? State.ABSENT : o.state();
    }

    /** Built in or module. */
    public boolean isEnabled(String name) {
        State s = state(name);
        return s == State.BUILTIN || s == State.MODULE;
    }

    public boolean isBuiltin(String name) {
        return state(name) == State.BUILTIN;
    }

    /** Every option the file mentions, in file order. */
    public Map<String, Option> options() {
        return options;
    }

    /** Kernel release from the header ("6.1.0-13-amd64" or "6.1.176"), if the file has the standard header. */
    public Optional<String> release() {
        return release;
    }

    public Optional<KernelVersion> version() {
        return release.flatMap(KernelVersion::find);
    }

    /**
     * Architecture: from the arch-selecting options first (the header says "x86" for both 32- and 64-bit),
     * then from the header.
     */
    public Optional<Arch> arch() {
        if (isBuiltin("CONFIG_X86_64")) {
            return Optional.of(Arch.X86_64);
        }
        if (isBuiltin("CONFIG_X86_32") || isBuiltin("CONFIG_X86")) {
            return Optional.of(Arch.X86);
        }
        if (isBuiltin("CONFIG_ARM64")) {
            return Optional.of(Arch.ARM64);
        }
        if (isBuiltin("CONFIG_ARM")) {
            return Optional.of(Arch.ARM);
        }
        if (isBuiltin("CONFIG_RISCV")) {
            return Optional.of(Arch.RISCV);
        }
        if (isBuiltin("CONFIG_MIPS")) {
            return Optional.of(Arch.MIPS);
        }
        if (isBuiltin("CONFIG_PPC")) {
            return Optional.of(Arch.POWERPC);
        }
        return headerArch.flatMap(Arch::find);
    }

    private static String normalize(String name) {
        return name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
    }
}
