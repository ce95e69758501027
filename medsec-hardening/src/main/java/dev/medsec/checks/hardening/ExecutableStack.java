package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ProgramHeader;
import dev.medsec.elf.SegmentType;

import java.io.IOException;
import java.util.Optional;

/**
 * The stack is executable when PT_GNU_STACK asks for it, or when the segment is missing and the kernel falls back
 * to its historical default (executable on x86-32, ARM, MIPS and others). A shared library counts too: loading
 * it makes the stack of the whole process executable.
 */
@CheckInfo(id = "hardening.executable-stack", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.HIGH,
        cwe = {693, 119},
        summary = "Stack is executable (NX disabled): injected code on the stack can run",
        remediation = "Link with -z noexecstack; find the object that asks for it (assembly without "
                + ".note.GNU-stack, nested-function trampolines) with 'readelf -lW' on each input.")
public final class ExecutableStack extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        Optional<ProgramHeader> stack = linked.elf().segment(SegmentType.GNU_STACK);
        if (!executable(stack)) {
            return;
        }
        if (stack.isEmpty()) {
            out.at(artifact)
                    .message("No PT_GNU_STACK segment: the kernel's default stack permissions apply "
                            + "(executable on many architectures)")
                    .evidence("segment", "PT_GNU_STACK absent")
                    .evidence("machine", linked.elf().machine().name())
                    .evidence("linkage", linked.linkage().label())
                    .report();
        } else {
            out.at(artifact)
                    .message("PT_GNU_STACK requests an executable stack (flags " + stack.get().flagString().trim() + ")")
                    .evidence("segment", "PT_GNU_STACK")
                    .evidence("flags", stack.get().flagString())
                    .evidence("machine", linked.elf().machine().name())
                    .evidence("linkage", linked.linkage().label())
                    .report();
        }
    }

    /** Whether the stack is executable, given the file's PT_GNU_STACK: asked for, or the kernel's default. */
    static boolean executable(Optional<ProgramHeader> gnuStack) {
        return gnuStack.isEmpty() || gnuStack.get().isExecutable();
    }
}
