package dev.medsec.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CPU architectures as the kernel names them. Accepts the usual aliases (Debian's amd64/armhf, uname's aarch64)
 * so that a device profile, a kernel config header and a rule file all agree on one name.
 */
public enum Arch {
    X86_64("x86_64", "x86_64", "amd64", "x86-64", "x64"),
    X86("x86", "x86", "i386", "i686", "x86_32"),
    ARM64("arm64", "arm64", "aarch64"),
    ARM("arm", "arm", "armhf", "armel", "armv7", "armv7l", "arm32"),
    RISCV("riscv", "riscv", "riscv64", "riscv32"),
    MIPS("mips", "mips", "mipsel", "mips64", "mips64el"),
    POWERPC("powerpc", "powerpc", "ppc", "ppc64", "ppc64el", "ppc64le"),
    S390("s390", "s390", "s390x"),
    LOONGARCH("loongarch", "loongarch", "loongarch64");

    private final String id;
    private final String[] aliases;

    Arch(String id, String... aliases) {
        this.id = id;
        this.aliases = aliases;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The architecture for a name or alias, case-insensitive. */
    public static Optional<Arch> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Arch a : values()) {
            for (String alias : a.aliases) {
                if (alias.equals(n)) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but rejects an unknown name with the list of accepted ones. */
    @JsonCreator
    public static Arch of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + name
                + "'; expected one of " + Arrays.stream(values()).map(Arch::id).collect(Collectors.joining(", "))));
    }
}
