package dev.medsec.vuln.rescore;

/** An SBOM that cannot be read; the message names the file and the JSON pointer of the problem. */
public final class SbomFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SbomFormatException(String message) {
        super(message);
    }
}
