package dev.medsec.elf;

/** Calls every lazy accessor, so malformed input is driven through every parser path. */
final class ElfExercise {
    private ElfExercise() {
    }

    static void all(ElfFile elf) throws ElfFormatException {
        elf.header();
        elf.interpreter();
        elf.dynamicEntries();
        elf.needed();
        elf.soname();
        elf.rpath();
        elf.runpath();
        elf.dynamicSymbols();
        elf.staticSymbols();
        elf.importedSymbolNames();
        elf.definedSymbols();
        elf.notes();
        elf.gnuProperties();
        elf.buildId();
        DwarfUnits.compileUnits(elf);
        for (Section s : elf.sections()) {
            elf.sectionBytes(s);
        }
        for (ProgramHeader p : elf.programHeaders()) {
            if (p.type() == SegmentType.LOAD) {
                elf.segmentBytes(p);
            }
        }
    }

    /** Parses and exercises; returns normally or throws the declared exception, nothing else. */
    static void parseAll(byte[] data) {
        try {
            all(ElfFile.parse(java.nio.ByteBuffer.wrap(data)));
        } catch (ElfFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("exception without a message", expected);
            }
        }
    }
}
