package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * CPU time of carving alone: the padding split and the carver over a whole raw dump, as LayoutUnpacker runs them,
 * without extracting what was found. Compiled into the unpack package (the carver is package-private).
 * Usage: java -cp ... dev.medsec.unpack.CarveCpu DUMP [runs]
 */
public final class CarveCpu {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var bean = ManagementFactory.getThreadMXBean();
        Artifact a = Artifact.ofFile("", "/dump", FileMeta.of(EntryKind.FILE), dump);
        for (int i = 0; i < runs; i++) {
            long cpu0 = bean.getCurrentThreadCpuTime();
            int pieces = 0;
            long padding = 0;
            try (ByteSource src = ByteSource.of(a)) {
                for (RegionStats.Gap g : RegionStats.split(src, 0, src.size())) {
                    if (g.padding()) {
                        padding += g.length();
                    } else {
                        pieces += Carver.carve(src, g.offset(), g.offset() + g.length(), src.size()).size();
                    }
                }
            }
            System.out.printf("run %d: carving cpu %.3f s, %d pieces, %d bytes of padding%n", i + 1,
                    (bean.getCurrentThreadCpuTime() - cpu0) / 1e9, pieces, padding);
        }
    }
}
