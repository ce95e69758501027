package dev.medsec.unpack;

import java.io.IOException;

/** A budget of {@link UnpackLimits} was violated; the message names the budget and the numbers. */
public class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
