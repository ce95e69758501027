package dev.medsec.evidence;

import dev.medsec.evidence.afl.FuzzCampaign;
import dev.medsec.evidence.sarif.AnalyzerResult;
import dev.medsec.memory.MemoryError;

import java.util.List;

/**
 * Everything read from the evidence files of one scan.
 *
 * @param memory    errors from Valgrind XML and sanitizer logs, with the evidence file each came from
 * @param fuzzing   AFL++ fuzzer instances
 * @param analyzers results of other analyzers (SARIF, cppcheck XML)
 * @param problems  evidence that could not be read, and why
 */
public record EvidenceSet(List<Sourced<MemoryError>> memory, List<Sourced<FuzzCampaign>> fuzzing,
                          List<Sourced<AnalyzerResult>> analyzers, List<Problem> problems) {
    public EvidenceSet {
        memory = List.copyOf(memory);
        fuzzing = List.copyOf(fuzzing);
        analyzers = List.copyOf(analyzers);
        problems = List.copyOf(problems);
    }

    /** An item and the evidence file (as the user named it) it was read from. */
    public record Sourced<T>(String evidence, T item) {
    }

    /** An evidence file that could not be used. */
    public record Problem(String evidence, String message) {
    }

    public static EvidenceSet empty() {
        return new EvidenceSet(List.of(), List.of(), List.of(), List.of());
    }
}
