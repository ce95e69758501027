package dev.medsec.checks.hardening;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges one compiler invocation (from compile_commands.json or a DW_AT_producer string) against the hardening
 * flag groups. Later flags override earlier ones as they do for GCC and Clang (-fno-stack-protector after
 * -fstack-protector-strong disables it).
 */
final class CompilerFlags {
    /** Architecture family, for the control-flow group. */
    enum Arch { X86, AARCH64, OTHER }

    private CompilerFlags() {
    }

    /** Groups missing from a compile (and, when {@code links}, link) command. */
    static Set<FlagGroup> missing(List<String> args, Arch arch, boolean compiles, boolean links) {
        Set<FlagGroup> out = EnumSet.noneOf(FlagGroup.class);
        if (compiles) {
            if (!has(args, "-Wall") && !has(args, "-Weverything")) {
                out.add(FlagGroup.WARNINGS_ALL);
            }
            if (!werror(args)) {
                out.add(FlagGroup.WARNINGS_AS_ERRORS);
            }
            if (!stackProtector(args)) {
                out.add(FlagGroup.STACK_PROTECTOR);
            }
            if (!fortify(args)) {
                out.add(FlagGroup.FORTIFY);
            }
            if (!pic(args)) {
                out.add(FlagGroup.PIE_PIC);
            }
            if (!last(args, "-fstack-clash-protection", "-fno-stack-clash-protection")) {
                out.add(FlagGroup.STACK_CLASH);
            }
            if (!controlFlow(args, arch)) {
                out.add(FlagGroup.CONTROL_FLOW);
            }
        }
        if (links && !relroNow(args)) {
            out.add(FlagGroup.LINK_RELRO_NOW);
        }
        return out;
    }

    static boolean has(List<String> args, String flag) {
        return args.contains(flag);
    }

    /** True when {@code on} occurs after the last {@code off}. */
    private static boolean last(List<String> args, String on, String off) {
        int lastOn = args.lastIndexOf(on);
        return lastOn >= 0 && lastOn > args.lastIndexOf(off);
    }

    private static boolean werror(List<String> args) {
        return last(args, "-Werror", "-Wno-error");
    }

    static boolean stackProtector(List<String> args) {
        String state = "";
        for (String a : args) {
            if (a.startsWith("-fstack-protector") || a.equals("-fno-stack-protector")) {
                state = a;
            }
        }
        return state.equals("-fstack-protector-strong") || state.equals("-fstack-protector-all");
    }

    static boolean fortify(List<String> args) {
        String level = "";
        String opt = "-O0";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-D") && i + 1 < args.size()) {
                a = "-D" + args.get(++i);
            }
            if (a.startsWith("-D_FORTIFY_SOURCE")) {
                level = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "1";
            } else if (a.equals("-U_FORTIFY_SOURCE")) {
                level = "";
            } else if (a.startsWith("-O")) {
                opt = a;
            }
        }
        return (level.equals("2") || level.equals("3")) && !opt.equals("-O0") && !opt.equals("-Og");
    }

    private static boolean pic(List<String> args) {
        String state = "";
        for (String a : args) {
            String l = a.toLowerCase(Locale.ROOT);
            if (l.equals("-fpie") || l.equals("-fpic") || l.equals("-fno-pie") || l.equals("-fno-pic")) {
                state = l;
            }
        }
        return state.equals("-fpie") || state.equals("-fpic");
    }

    private static boolean controlFlow(List<String> args, Arch arch) {
        String state = "";
        for (String a : args) {
            if (arch == Arch.X86 && a.startsWith("-fcf-protection")) {
                state = a;
            } else if (arch == Arch.AARCH64 && a.startsWith("-mbranch-protection=")) {
                state = a;
            }
        }
        return switch (arch) {
            case X86 -> state.equals("-fcf-protection") || state.equals("-fcf-protection=full");
            case AARCH64 -> !state.isEmpty() && !state.equals("-mbranch-protection=none");
            case OTHER -> true;
        };
    }

    private static boolean relroNow(List<String> args) {
        List<String> z = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-Wl,")) {
                String[] parts = a.substring(4).split(",");
                for (int j = 0; j < parts.length; j++) {
                    if (parts[j].equals("-z") && j + 1 < parts.length) {
                        z.add(parts[++j]);
                    } else if (parts[j].startsWith("-z")) {
                        z.add(parts[j].substring(2));
                    }
                }
            } else if (a.equals("-z") && i + 1 < args.size()) {
                z.add(args.get(++i));
            }
        }
        return z.lastIndexOf("relro") > z.lastIndexOf("norelro") && z.lastIndexOf("now") > z.lastIndexOf("lazy");
    }

    /** The target family from a compiler name (cross prefix), --target / -target, or -m32/-m64; x86 by default. */
    static Arch archOf(List<String> args) {
        String compiler = args.isEmpty() ? "" : args.get(0);
        String base = compiler.substring(compiler.lastIndexOf('/') + 1);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--target=")) {
                return fromTriplet(a.substring(9));
            }
            if (a.equals("-target") && i + 1 < args.size()) {
                return fromTriplet(args.get(i + 1));
            }
        }
        if (base.contains("-linux-") || base.contains("-none-") || base.contains("-elf")) {
            return fromTriplet(base);
        }
        return Arch.X86;
    }

    static Arch fromTriplet(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        if (l.startsWith("x86_64") || l.startsWith("i386") || l.startsWith("i486") || l.startsWith("i586")
                || l.startsWith("i686")) {
            return Arch.X86;
        }
        if (l.startsWith("aarch64") || l.startsWith("arm64")) {
            return Arch.AARCH64;
        }
        return Arch.OTHER;
    }

    /** Splits a shell command line the way compile_commands.json "command" strings are written. */
    static List<String> split(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char ch = command.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < command.length()) {
                    cur.append(command.charAt(++i));
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < command.length()) {
                cur.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
