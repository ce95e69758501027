package dev.medsec.attacksurface.kernel;

import java.io.IOException;

/** Content that is not a kernel configuration, or one that exceeds the parser's limits. */
public final class KernelConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    public KernelConfigException(String message) {
        super(message);
    }

    public KernelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
