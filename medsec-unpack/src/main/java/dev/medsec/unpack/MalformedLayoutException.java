package dev.medsec.unpack;

import java.io.IOException;

/** The one exception the layout and filesystem readers of this module throw for input they cannot accept. */
public final class MalformedLayoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedLayoutException(String message) {
        super(message);
    }
}
