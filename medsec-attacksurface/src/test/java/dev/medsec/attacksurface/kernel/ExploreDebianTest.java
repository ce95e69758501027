package dev.medsec.attacksurface.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;

class ExploreDebianTest {
    @Test
    void explore() throws Exception {
        for (DebianKernelConfigs.Flavour f : DebianKernelConfigs.Flavour.values()) {
            KernelConfig c = KernelConfig.parse(DebianKernelConfigs.text(f));
            System.out.println("=== " + f + " " + c.release() + " " + c.arch() + " " + c.options().size());
            long t0 = System.nanoTime();
            var res = KernelRuleSet.builtIn().evaluateConfig(c, Optional.empty());
            System.out.println("eval ms " + (System.nanoTime() - t0) / 1e6);
            for (RuleResult r : res) {
                System.out.println(r.status() + " " + r.rule().id() + " | " + r.detail() + " " + r.observed());
            }
        }
    }
}
