import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelRuleSet;
import dev.medsec.attacksurface.kernel.RuleResult;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * In-process cost of analysing one kernel configuration: parse + every kconfig rule. Usage:
 * java -cp ... KernelConfigBench CONFIG_FILE [iterations]. Prints warm median, p90 and max in milliseconds.
 */
public final class KernelConfigBench {
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long coldStart = System.nanoTime();
        int fails = run(bytes);
        double cold = (System.nanoTime() - coldStart) / 1e6;
        for (int i = 0; i < 100; i++) {
            run(bytes);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            run(bytes);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s: %d bytes, %d failed rules; first call (incl. rule-set load) %.1f ms;"
                        + " warm median %.2f ms, p90 %.2f ms, max %.2f ms over %d runs%n",
                Path.of(args[0]).getFileName(), bytes.length, fails, cold, ms[n / 2], ms[(int) (n * 0.9)],
                ms[n - 1], n);
    }

    private static int run(byte[] bytes) throws Exception {
        KernelConfig c = KernelConfig.parse(ByteBuffer.wrap(bytes));
        List<RuleResult> r = KernelRuleSet.builtIn().evaluateConfig(c, Optional.empty());
        return (int) r.stream().filter(x -> x.status() == RuleResult.Status.FAIL).count();
    }
}
