package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.Section;
import dev.medsec.elf.Symbol;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stack-protector evidence. A dynamically linked file built with -fstack-protector* imports the canary failure
 * handler (or guard) from libc. A static file has nothing to import: there the handler is defined, but the C
 * library's own objects bring it in whether or not the program was protected, so the check decodes the calls
 * of {@code main} and reports a canary only when {@code main} itself calls the failure handler. (checksec looks
 * for the import only and so reports every static binary as unprotected.)
 */
@CheckInfo(id = "hardening.no-stack-canary", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {121, 693},
        summary = "No stack canary: stack buffer overflows overwrite the return address undetected",
        remediation = "Compile with -fstack-protector-strong (or -fstack-protector-all).")
public final class NoStackCanary implements FileCheck {
    static final Set<String> CANARY_SYMBOLS = Set.of("__stack_chk_fail", "__stack_chk_guard",
            "__stack_chk_fail_local", "__intel_security_cookie");

    @Override
    public boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<LinkedElf> le = LinkedElf.of(artifact);
        if (le.isEmpty()) {
            return;
        }
        ElfFile elf = le.get().elf();
        try {
            for (String name : elf.importedSymbolNames()) {
                if (CANARY_SYMBOLS.contains(name)) {
                    return;
                }
            }
            if (providesAndCallsHandler(elf)) {
                return;
            }
            if (Linkage.libcLinkedIn(le.get().linkage(), elf)) {
                inspectStatic(artifact, elf, le.get().linkage(), out);
                return;
            }
            out.at(artifact).message("No stack canary: none of " + sorted() + " is imported")
                    .evidence("linkage", le.get().linkage().label())
                    .evidence("symbols", "no import of " + sorted())
                    .report();
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }

    private static void inspectStatic(Artifact artifact, ElfFile elf, Linkage linkage, Findings out)
            throws ElfFormatException {
        List<Symbol> symtab = elf.staticSymbols();
        if (symtab.isEmpty()) {
            // No symbol says where main is: the protection cannot be verified, which an audit must know.
            out.at(artifact).severity(Severity.INFO)
                    .message("Stack canary not determined: statically linked and stripped, so the program's own "
                            + "functions cannot be told from the C library's")
                    .evidence("linkage", linkage.label())
                    .evidence("determined", false)
                    .evidence("symbols", "no .symtab; nothing imported")
                    .report();
            return;
        }
        Set<Long> handlers = new HashSet<>();
        for (Symbol s : symtab) {
            if (s.isDefined() && (s.name().equals("__stack_chk_fail") || s.name().equals("__stack_chk_fail_local"))) {
                handlers.add(s.value());
            }
        }
        if (handlers.isEmpty()) {
            out.at(artifact).message("No stack canary: statically linked and __stack_chk_fail is not linked in, "
                            + "so no function checks a canary")
                    .evidence("linkage", linkage.label())
                    .evidence("symbols", "__stack_chk_fail not defined in .symtab")
                    .report();
            return;
        }
        Optional<Symbol> main = symtab.stream()
                .filter(s -> s.name().equals("main") && s.isDefined() && s.kind() == Symbol.Kind.FUNC).findFirst();
        if (main.isEmpty()) {
            return;
        }
        Optional<Boolean> protectedMain = CallSites.calls(elf, main.get(), handlers, symtab);
        if (protectedMain.isPresent() && !protectedMain.get()) {
            out.at(artifact).severity(Severity.LOW)
                    .message("No stack canary in main: statically linked; __stack_chk_fail is linked in (C library "
                            + "functions use it) but main never calls it")
                    .evidence("linkage", linkage.label())
                    .evidence("symbols", "__stack_chk_fail defined; no call to it from main")
                    .evidence("main", "0x" + Long.toHexString(main.get().value()) + ", " + main.get().size() + " bytes")
                    .evidence("note", "with -fstack-protector-strong a main without arrays or address-taken locals "
                            + "has no canary even when the program was built with the flag")
                    .report();
        }
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

    private static List<String> sorted() {
        return CANARY_SYMBOLS.stream().sorted().toList();
    }
}
