package dev.medsec.evidence;

/** The evidence formats medsec reads; recognised by content, never by file name. */
public enum EvidenceFormat {
    VALGRIND_XML, SANITIZER_LOG, AFL_OUTPUT, SARIF, CPPCHECK_XML, UNKNOWN
}
