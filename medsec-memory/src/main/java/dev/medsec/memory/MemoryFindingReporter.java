package dev.medsec.memory;

import dev.medsec.core.Severity;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;

import java.util.List;
import java.util.Locale;

/**
 * Turns one {@link MemoryError} into a finding. Shared by {@code medsec memcheck} and the evidence checks so that
 * the same defect gets the same id, message and evidence whichever way it arrived.
 */
public final class MemoryFindingReporter {
    /** Frames kept per stack in the evidence; the fingerprint uses fewer. */
    public static final int EVIDENCE_FRAMES = 16;

    private MemoryFindingReporter() {
    }

    public static void report(MemoryError e, String path, Findings out) {
        FindingBuilder b = out.at(path).message(message(e)).key(e.fingerprintKey())
                .evidence("kind", e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .evidence("tool", e.tool())
                .evidence("toolKind", e.toolKind())
                .evidence("what", e.what());
        e.defectFrame().ifPresent(f -> {
            b.evidence("function", f.function());
            b.evidence("location", f.location());
        });
        b.evidence("stack", frames(e.stack()));
        if (!e.allocStack().isEmpty()) {
            b.evidence("allocStack", frames(e.allocStack()));
        }
        if (!e.freeStack().isEmpty()) {
            b.evidence("freeStack", frames(e.freeStack()));
        }
        if (!e.originStack().isEmpty()) {
            b.evidence("originStack", frames(e.originStack()));
        }
        if (e.bytes() > 0) {
            b.evidence("bytes", e.bytes());
        }
        if (e.blocks() > 0) {
            b.evidence("blocks", e.blocks());
        }
        b.evidence("occurrences", e.occurrences());
        if (!e.program().isEmpty()) {
            b.evidence("program", e.program());
        }
        if (e.kind() == MemoryErrorKind.LEAK_POSSIBLE) {
            // a pointer into the block's interior still exists: often a real leak, sometimes a custom allocator
            b.severity(Severity.LOW).evidence("severityReason", "possibly lost: an interior pointer remains");
        }
        b.report();
    }

    static String message(MemoryError e) {
        String where = e.defectFrame().map(f -> " in " + f.display()).orElse("");
        switch (e.kind()) {
            case LEAK_DEFINITE:
            case LEAK_INDIRECT:
            case LEAK_POSSIBLE:
            case STILL_REACHABLE:
                return e.bytes() + " bytes in " + e.blocks() + " blocks " + e.kind().description()
                        + ", allocated" + where;
            case UNDEFINED_BEHAVIOUR:
                return "Undefined behaviour (" + e.toolKind() + ")" + where + ": " + e.what();
            default:
                String d = e.kind().description();
                return Character.toUpperCase(d.charAt(0)) + d.substring(1) + where
                        + (e.what().isEmpty() ? "" : ": " + e.what());
        }
    }

    private static List<String> frames(List<StackFrame> stack) {
        return stack.stream().limit(EVIDENCE_FRAMES).map(StackFrame::display).toList();
    }
}
