package dev.medsec.cli;

import dev.medsec.core.check.CheckMetadata;
import picocli.CommandLine.Command;

import java.util.Comparator;
import java.util.concurrent.Callable;

/** Lists every built-in check: id, principle, severity, summary. */
@Command(name = "checks", mixinStandardHelpOptions = true, description = "List every check: id, principle, severity, summary.")
public final class ChecksCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var metas = BuiltInChecks.all().stream().map(CheckMetadata::of)
                .sorted(Comparator.comparing((CheckMetadata m) -> m.principle().number()).thenComparing(CheckMetadata::id))
                .toList();
        int width = metas.stream().mapToInt(m -> m.id().length()).max().orElse(10);
        System.out.printf("%-" + width + "s  %s  %-8s  %s%n", "ID", "P", "SEVERITY", "SUMMARY");
        for (CheckMetadata m : metas) {
            System.out.printf("%-" + width + "s  %d  %-8s  %s%n", m.id(), m.principle().number(), m.severity().label(), m.summary());
        }
        System.out.printf("%d checks%n", metas.size());
        return ExitCodes.OK;
    }

}
