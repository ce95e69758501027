package dev.medsec.checks.hardening;

import dev.medsec.core.image.ViewKey;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.Symbol;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which fortifiable C library functions a linked file uses, checked (__memcpy_chk ...) or plain, counted as
 * distinct functions from the built-in list. Dynamic files are read by their imports; files with the C library
 * linked in by the functions defined in .symtab (absent when stripped: then nothing can be counted). Shared by
 * the FORTIFY check (the judgement) and the hardening inventory (the fact).
 */
record FortifyUse(SortedSet<String> checked, SortedSet<String> plain, boolean libcLinkedIn, boolean counted) {

    /** The fact in one word, for reports. */
    enum State {
        /** Checked variants only. */
        FORTIFIED,
        /** Checked variants beside plain calls: normal, the compiler keeps plain calls where it knows no size. */
        PARTIAL,
        /** Fortifiable calls and not one checked variant. */
        NOT_FORTIFIED,
        /** No fortifiable function is used: FORTIFY has nothing to do. */
        NOTHING_TO_FORTIFY,
        /** Static and stripped: the functions linked in cannot be listed. */
        NOT_DETERMINED;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    FortifyUse {
        checked = Collections.unmodifiableSortedSet(new TreeSet<>(checked));
        plain = Collections.unmodifiableSortedSet(new TreeSet<>(plain));
    }

    /** Cached per artifact: the FORTIFY check and the inventory ask for the same file. */
    static final ViewKey<FortifyUse> VIEW = ViewKey.of("hardening-fortify", a -> {
        LinkedElf le = LinkedElf.of(a).orElseThrow(() -> new ElfFormatException("not a linked ELF file"));
        return of(le.elf(), le.linkage());
    });

    static FortifyUse of(ElfFile elf, Linkage linkage) throws ElfFormatException {
        boolean linkedIn = Linkage.libcLinkedIn(linkage, elf);
        List<Symbol> symbols = linkedIn
                ? elf.staticSymbols().stream().filter(Symbol::isDefined).toList()
                : elf.importedSymbols();
        TreeSet<String> checked = new TreeSet<>();
        TreeSet<String> plain = new TreeSet<>();
        for (Symbol s : symbols) {
            if (FortifiableFunctions.isChecked(s.name())) {
                checked.add(s.name());
            } else if (FortifiableFunctions.checkedVariantOf(s.name()).isPresent()) {
                plain.add(s.name());
            }
        }
        return new FortifyUse(checked, plain, linkedIn, !linkedIn || elf.hasStaticSymbolTable());
    }

    State state() {
        if (!counted) {
            return State.NOT_DETERMINED;
        }
        if (checked.isEmpty()) {
            return plain.isEmpty() ? State.NOTHING_TO_FORTIFY : State.NOT_FORTIFIED;
        }
        return plain.isEmpty() ? State.FORTIFIED : State.PARTIAL;
    }
}
