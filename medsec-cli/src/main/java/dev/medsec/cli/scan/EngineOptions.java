package dev.medsec.cli.scan;

import dev.medsec.unpack.UnpackLimits;

import java.time.Duration;

/**
 * @param artifactTimeout time one artifact's checks may take before they are abandoned with an error
 * @param imageCheckTimeout time one whole-image check may take
 * @param scanTimeout       time the whole scan may take (--scan-timeout); zero for no limit
 */
public record EngineOptions(UnpackLimits limits, Duration artifactTimeout, Duration imageCheckTimeout, int threads,
                            Duration scanTimeout) {
    public EngineOptions(UnpackLimits limits, Duration artifactTimeout, Duration imageCheckTimeout, int threads) {
        this(limits, artifactTimeout, imageCheckTimeout, threads, Duration.ZERO);
    }

    public static EngineOptions defaults() {
        return new EngineOptions(UnpackLimits.defaults(), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Runtime.getRuntime().availableProcessors());
    }
}
