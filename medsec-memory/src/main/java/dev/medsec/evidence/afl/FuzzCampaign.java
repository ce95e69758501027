package dev.medsec.evidence.afl;

import java.util.List;
import java.util.Objects;

/**
 * One AFL++ fuzzer instance's results (an output directory holds one per -M/-S instance, "default" otherwise).
 *
 * @param instance        instance directory name
 * @param target          the fuzzed program as AFL++ recorded it (afl_banner), "" when unknown
 * @param commandLine     afl-fuzz's command line, "" when unknown
 * @param aflVersion      afl_version
 * @param execs           executions done
 * @param runTimeSeconds  run time
 * @param corpusCount     inputs in the queue
 * @param stabilityPercent edge stability, -1 when not reported
 * @param coveragePercent bitmap coverage, -1 when not reported
 * @param crashes         unique crash inputs saved
 * @param hangs           unique hang inputs saved
 */
public record FuzzCampaign(String instance, String target, String commandLine, String aflVersion, long execs,
                           long runTimeSeconds, long corpusCount, double stabilityPercent, double coveragePercent,
                           List<FuzzInput> crashes, List<FuzzInput> hangs) {
    public FuzzCampaign {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(aflVersion, "aflVersion");
        crashes = List.copyOf(crashes);
        hangs = List.copyOf(hangs);
    }
}
