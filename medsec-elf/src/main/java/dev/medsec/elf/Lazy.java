package dev.medsec.elf;

/** A value computed once on first use; a parse failure is remembered and rethrown to every caller. */
final class Lazy<T> {
    interface Source<T> {
        T get() throws ElfFormatException;
    }

    private final Source<T> source;
    private T value;
    private ElfFormatException failure;

    Lazy(Source<T> source) {
        this.source = source;
    }

    synchronized T get() throws ElfFormatException {
        if (failure != null) {
            throw new ElfFormatException(failure.getMessage());
        }
        if (value == null) {
            try {
                value = source.get();
            } catch (ElfFormatException e) {
                failure = e;
                throw e;
            }
        }
        return value;
    }
}
