package dev.medsec.cli.scan;

import dev.medsec.unpack.UnpackLimits;

import java.time.Duration;

/**
 * @param artifactTimeout time one artifact's checks may take before they are abandoned with an error
 * @param imageCheckTimeout time one whole-image check may take
 */
public record EngineOptions(UnpackLimits limits, Duration artifactTimeout, Duration imageCheckTimeout, int threads) {
    public static EngineOptions defaults() {
        return new EngineOptions(UnpackLimits.defaults(), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Runtime.getRuntime().availableProcessors());
    }
}
