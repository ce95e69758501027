package dev.medsec.checks.input;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

@CheckInfo(id = "input.dangerous-functions", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, principle = Principle.UNTRUSTED_INPUT, severity = Severity.MEDIUM,
        cwe = {242, 120, 78},
        summary = "A binary imports unbounded copy/format functions (gets, strcpy, sprintf, scanf) or system/popen",
        remediation = "Use bounded variants (fgets, snprintf, strlcpy/memcpy with checked lengths), build with "
                + "-D_FORTIFY_SOURCE=2, and replace system/popen with execve on a fixed argument vector.")
public final class ElfDangerousFunctions implements FileCheck {
    /** Severity per function: gets cannot be used safely at all; the others need a length check at each call. */
    private static final Map<String, Severity> FUNCTIONS = Map.ofEntries(
            Map.entry("gets", Severity.HIGH),
            Map.entry("strcpy", Severity.MEDIUM), Map.entry("strcat", Severity.MEDIUM),
            Map.entry("sprintf", Severity.MEDIUM), Map.entry("vsprintf", Severity.MEDIUM),
            Map.entry("scanf", Severity.MEDIUM), Map.entry("sscanf", Severity.MEDIUM),
            Map.entry("fscanf", Severity.MEDIUM), Map.entry("vscanf", Severity.MEDIUM),
            Map.entry("vsscanf", Severity.MEDIUM), Map.entry("vfscanf", Severity.MEDIUM),
            Map.entry("__isoc99_scanf", Severity.MEDIUM), Map.entry("__isoc99_sscanf", Severity.MEDIUM),
            Map.entry("__isoc99_fscanf", Severity.MEDIUM), Map.entry("__isoc23_scanf", Severity.MEDIUM),
            Map.entry("__isoc23_sscanf", Severity.MEDIUM), Map.entry("__isoc23_fscanf", Severity.MEDIUM),
            Map.entry("system", Severity.LOW), Map.entry("popen", Severity.LOW));
    private static final Set<String> HIGH_FIRST = Set.of("gets");

    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.type() == FileType.ELF;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        // A file the ELF reader rejects is reported once, by crypto.elf-weak-primitives and the hardening checks.
        java.util.Optional<ElfFile> parsed = artifact.tryView(ElfFile.VIEW);
        if (parsed.isEmpty()) {
            return;
        }
        ElfFile elf = parsed.get();
        TreeSet<String> found = new TreeSet<>();
        Severity worst = Severity.INFO;
        for (String name : elf.importedSymbolNames()) {
            String base = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
            Severity s = FUNCTIONS.get(base);
            if (s != null) {
                found.add(base);
                if (s.compareTo(worst) < 0) {
                    worst = s;
                }
            }
        }
        if (found.isEmpty()) {
            return;
        }
        List<String> list = new ArrayList<>(found);
        out.at(artifact).evidence("functions", list).severity(worst)
                .message(artifact.fileName() + " imports " + String.join(", ", list)
                        + (found.stream().anyMatch(HIGH_FIRST::contains) ? " (gets can never be used safely)" : ""))
                .report();
    }
}
