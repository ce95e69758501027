package dev.medsec.checks.hardening;

import dev.medsec.core.image.ViewKey;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.Section;
import dev.medsec.elf.Symbol;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a linked file shows about stack-protector use: the fact both the canary check (which judges it) and the
 * hardening inventory (which lists it) read, so the two never disagree.
 *
 * <p>A dynamically linked file built with -fstack-protector* imports the canary failure handler (or guard) from
 * libc. A file that defines and exports the handler itself (libc) proves it by calling it. A static file has
 * nothing to import: there the handler is defined, but the C library's own objects bring it in whether or not
 * the program was protected, so only a call from {@code main} to the handler is evidence.
 */
record CanaryEvidence(Kind kind, Optional<String> symbol, Optional<Symbol> main) {

    static final Set<String> CANARY_SYMBOLS = Set.of("__stack_chk_fail", "__stack_chk_guard",
            "__stack_chk_fail_local", "__intel_security_cookie");

    enum Kind {
        /** A canary symbol is imported. */
        IMPORTED_SYMBOL(true, true),
        /** The file exports the handler and its own code calls it (a C library). */
        DEFINED_SYMBOL_CALLED(true, true),
        /** Static: the handler is linked in and main calls it. */
        DEFINED_SYMBOL_CALLED_BY_MAIN(true, true),
        /** Static: the handler is linked in; main is absent or its machine code cannot be decoded. */
        DEFINED_SYMBOL(true, false),
        /** Static: the handler is linked in but main never calls it. */
        MAIN_WITHOUT_CANARY(false, true),
        /** Static: the handler is not linked in, so no function checks a canary. */
        NO_HANDLER_LINKED(false, true),
        /** Static and stripped: the program's functions cannot be told from the C library's. */
        STRIPPED_STATIC(false, false),
        /** Dynamic: no canary symbol imported. */
        NONE(false, true);

        final boolean present;
        final boolean determined;

        Kind(boolean present, boolean determined) {
            this.present = present;
            this.determined = determined;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Cached per artifact: the canary check and the inventory ask for the same file, and deciding may mean
     * decoding every call of a C library's code.
     */
    static final ViewKey<CanaryEvidence> VIEW = ViewKey.of("hardening-canary", a -> {
        LinkedElf le = LinkedElf.of(a).orElseThrow(() -> new ElfFormatException("not a linked ELF file"));
        return of(le.elf(), le.linkage());
    });

    static CanaryEvidence of(ElfFile elf, Linkage linkage) throws ElfFormatException {
        for (String name : elf.importedSymbolNames()) {
            if (CANARY_SYMBOLS.contains(name)) {
                return new CanaryEvidence(Kind.IMPORTED_SYMBOL, Optional.of(name), Optional.empty());
            }
        }
        if (providesAndCallsHandler(elf)) {
            return new CanaryEvidence(Kind.DEFINED_SYMBOL_CALLED, Optional.of("__stack_chk_fail"), Optional.empty());
        }
        if (!Linkage.libcLinkedIn(linkage, elf)) {
            return new CanaryEvidence(Kind.NONE, Optional.empty(), Optional.empty());
        }
        List<Symbol> symtab = elf.staticSymbols();
        if (symtab.isEmpty()) {
            return new CanaryEvidence(Kind.STRIPPED_STATIC, Optional.empty(), Optional.empty());
        }
        Set<Long> handlers = new HashSet<>();
        for (Symbol s : symtab) {
            if (s.isDefined() && (s.name().equals("__stack_chk_fail") || s.name().equals("__stack_chk_fail_local"))) {
                handlers.add(s.value());
            }
        }
        if (handlers.isEmpty()) {
            return new CanaryEvidence(Kind.NO_HANDLER_LINKED, Optional.empty(), Optional.empty());
        }
        Optional<String> handler = Optional.of("__stack_chk_fail");
        Optional<Symbol> main = symtab.stream()
                .filter(s -> s.name().equals("main") && s.isDefined() && s.kind() == Symbol.Kind.FUNC).findFirst();
        if (main.isEmpty()) {
            return new CanaryEvidence(Kind.DEFINED_SYMBOL, handler, main);
        }
        Optional<Boolean> protectedMain = CallSites.calls(elf, main.get(), handlers, symtab);
        if (protectedMain.isEmpty()) {
            return new CanaryEvidence(Kind.DEFINED_SYMBOL, handler, main);
        }
        return new CanaryEvidence(protectedMain.get() ? Kind.DEFINED_SYMBOL_CALLED_BY_MAIN : Kind.MAIN_WITHOUT_CANARY,
                handler, main);
    }

    boolean present() {
        return kind.present;
    }

    boolean determined() {
        return kind.determined;
    }

    /**
     * The C library itself defines the handler instead of importing it; its functions call it directly. A call
     * from any executable section to the exported address is the evidence.
     */
    private static boolean providesAndCallsHandler(ElfFile elf) throws ElfFormatException {
        Set<Long> handlers = new HashSet<>();
        for (Symbol s : elf.dynamicSymbols()) {
            if (s.isDefined() && s.kind() == Symbol.Kind.FUNC && s.name().equals("__stack_chk_fail")) {
                handlers.add(s.value());
            }
        }
        if (handlers.isEmpty()) {
            return false;
        }
        for (Section sec : elf.sections()) {
            if ((sec.flags() & Section.SHF_EXECINSTR) != 0 && sec.hasFileBytes()) {
                Symbol whole = new Symbol(sec.name(), sec.addr(), sec.size(), Symbol.Binding.LOCAL, Symbol.Kind.FUNC,
                        0, sec.index(), Symbol.Table.STATIC);
                if (CallSites.calls(elf, whole, handlers, List.of()).orElse(false)) {
                    return true;
                }
            }
        }
        return false;
    }
}
