package dev.medsec.core.image;

import java.io.IOException;
import java.util.Objects;

/**
 * Names a parsed view of an artifact (an ELF reader, an X.509 certificate, an FDT tree...) and how to make it.
 * Views are parsed at most once per artifact and shared by every check that asks, so checks stay cheap.
 * Declare each key once, as a constant next to the parser: {@code ViewKey.of("elf", ElfFile::open)}.
 */
public final class ViewKey<T> {
    /** Makes the view from the artifact; throws on malformed input (the failure is cached too). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Artifact artifact) throws IOException;
    }

    private final String name;
    private final Parser<T> parser;

    private ViewKey(String name, Parser<T> parser) {
        this.name = Objects.requireNonNull(name);
        this.parser = Objects.requireNonNull(parser);
    }

    public static <T> ViewKey<T> of(String name, Parser<T> parser) {
        return new ViewKey<>(name, parser);
    }

    public String name() {
        return name;
    }

    T parse(Artifact artifact) throws IOException {
        return parser.parse(artifact);
    }

    @Override
    public String toString() {
        return "ViewKey[" + name + "]";
    }
}
