package dev.medsec.vuln.db;

/** Where parsed advisories go: the database writer, or a test's collector. */
@FunctionalInterface
public interface RecordSink {
    VulnDatabase.Upsert put(VulnRecord record) throws VulnDatabaseException;
}
