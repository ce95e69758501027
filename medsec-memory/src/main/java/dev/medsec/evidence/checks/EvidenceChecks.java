package dev.medsec.evidence.checks;

import dev.medsec.core.check.Check;

import java.util.List;

/** The checks that read non-memory evidence: fuzzing results and other analyzers' results. */
public final class EvidenceChecks {
    private EvidenceChecks() {
    }

    public static List<Check> all() {
        return List.of(new FuzzCrash(), new FuzzHang(), new FuzzingMissing(), new HardwareAnalyzerFinding(),
                new HardeningAnalyzerFinding(), new AttackSurfaceAnalyzerFinding(), new InputAnalyzerFinding(),
                new MemoryAnalyzerFinding(), new SensitiveDataAnalyzerFinding(), new CryptoAnalyzerFinding());
    }
}
