package dev.medsec.core;

/** Something that could not be read or checked, and why; the scan goes on. */
public record ScanError(String path, Stage stage, String message) {
    /** Pipeline stage in which the error happened; serialised in lower case. */
    public enum Stage { UNPACK, CLASSIFY, CATALOG, CHECK, MATCH, REPORT }
}
