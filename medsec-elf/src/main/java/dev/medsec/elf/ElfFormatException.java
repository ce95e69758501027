package dev.medsec.elf;

import java.io.IOException;

/** The one exception the ELF reader throws: the input is not ELF, is truncated or is internally inconsistent. */
public final class ElfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
