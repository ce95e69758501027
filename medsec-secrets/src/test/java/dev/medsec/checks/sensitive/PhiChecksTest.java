package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhiChecksTest {
    @TempDir
    static Path db;
    @TempDir
    Path tmp;

    static final String PATIENT_SQL = "CREATE TABLE patients(id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,"
            + " date_of_birth TEXT, mrn TEXT);"
            + " CREATE TABLE readings(id INTEGER PRIMARY KEY, patient_id INTEGER, glucose REAL, taken_at TEXT);"
            + " CREATE TABLE devices(id INTEGER PRIMARY KEY, name TEXT, serial TEXT);"
            + " INSERT INTO patients VALUES(1,'Jane','Doe','1970-01-01','MRN-000123');";
    static final String SETTINGS_SQL = "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT);"
            + " CREATE TABLE wifi(ssid TEXT, security TEXT); CREATE TABLE users(username TEXT, role TEXT, last_login TEXT);"
            + " INSERT INTO settings VALUES('brightness','80');";

    @BeforeAll
    static void makeDatabases() {
        Tools.require("sqlite3");
        Tools.require("sqlcipher");
        Tools.run(db, "sqlite3", "patients.db", PATIENT_SQL);
        Tools.run(db, "sqlite3", "settings.db", SETTINGS_SQL);
        Tools.run(db, "sqlcipher", "cipher.db", "PRAGMA key = 'device-key-from-se';" + PATIENT_SQL);
        Tools.sh(db, "head -c 65536 /dev/urandom | gzip -1 > blob.gz && head -c 8192 /usr/bin/env > notdb.db");
    }

    @Test
    void sqlite_patientTables_reportedWithColumnNamesOnly() throws IOException {
        byte[] before = sha256(db.resolve("patients.db"));
        CheckTester.Result r = CheckTester.of(new SqlitePhiCheck(), tmp)
                .file("/var/lib/app/patients.db", db.resolve("patients.db"))
                .expect("/var/lib/app/patients.db", f -> f.evidence().get("table").equals("patients")
                        && f.evidence().get("columns").equals(List.of("first_name", "last_name", "date_of_birth", "mrn")))
                .expect("/var/lib/app/patients.db", f -> f.evidence().get("table").equals("readings"))
                .run();
        assertThat(r.findings().toString()).doesNotContain("Jane").doesNotContain("MRN-000123");
        assertThat(sha256(db.resolve("patients.db"))).isEqualTo(before);
        assertThat(Files.list(db).filter(p -> p.getFileName().toString().startsWith("patients.db-"))).isEmpty();
    }

    @Test
    void sqlite_settingsOnly_noFinding() {
        CheckTester.of(new SqlitePhiCheck(), tmp).file("/var/lib/app/settings.db", db.resolve("settings.db")).run();
    }

    @Test
    void encryptedStore_sqlcipherFile_info() {
        CheckTester.of(new EncryptedStoreCheck(), tmp)
                .file("/var/lib/app/records.db", db.resolve("cipher.db"))
                .expect("/var/lib/app/records.db", f -> f.severity() == Severity.INFO)
                .run();
        CheckTester.of(new SqlitePhiCheck(), tmp).file("/var/lib/app/records.db", db.resolve("cipher.db")).run();
    }

    @Test
    void encryptedStore_compressedOrLowEntropyOrPlainSqlite_noFinding() {
        CheckTester.of(new EncryptedStoreCheck(), tmp)
                .file("/var/lib/app/blob.gz", db.resolve("blob.gz"))
                .file("/var/lib/app/notdb.db", db.resolve("notdb.db"))
                .file("/var/lib/app/settings.db", db.resolve("settings.db"))
                .run();
    }

    static final String ADT = "MSH|^~\\&|ADT1|HOSP|MONITOR|ICU|202401011200||ADT^A01^ADT_A01|MSG00001|P|2.5\r"
            + "EVN|A01|202401011200\r"
            + "PID|1||123456^^^HOSP^MR||DOE^JANE^Q||19700101|F|||1 MAIN ST^^SPRINGFIELD^IL^62701\r"
            + "PV1|1|I|ICU^01^01\r";
    static final String ACK = "MSH|^~\\&|MONITOR|ICU|ADT1|HOSP|202401011201||ACK^A01|MSG00002|P|2.5\rMSA|AA|MSG00001\r";
    static final String EMPTY_PID = "MSH|^~\\&|SIM|LAB|||202401011200||ORU^R01|1|T|2.5\nPID|1||\"\"||^^||\nOBX|1|NM|GLU||5.5\n";

    @Test
    void hl7_admitWithPatient_reportedWithFieldPositions() {
        CheckTester.Result r = CheckTester.of(new Hl7PhiCheck(), tmp)
                .text("/var/spool/hl7/in/0001.hl7", ADT + ADT.replace("MSG00001", "MSG00003"))
                .expect("/var/spool/hl7/in/0001.hl7", f -> f.evidence().get("messagesWithPatient").equals(2)
                        && f.evidence().get("fields").toString().contains("PID-5 patient name")
                        && f.evidence().get("messageTypes").toString().contains("ADT_A01"))
                .run();
        assertThat(r.findings().toString()).doesNotContain("DOE").doesNotContain("123456").doesNotContain("19700101");
    }

    @Test
    void hl7_ackAndEmptyPid_noFinding() {
        CheckTester.of(new Hl7PhiCheck(), tmp)
                .text("/var/spool/hl7/out/ack.hl7", ACK)
                .text("/usr/share/app/sample.hl7", EMPTY_PID)
                .run();
    }

    static final String PATIENT_JSON = """
            {"resourceType": "Patient", "id": "p1",
             "identifier": [{"system": "urn:oid:1.2.3", "value": "123456"}],
             "name": [{"family": "Doe", "given": ["Jane"]}], "birthDate": "1970-01-01"}
            """;
    static final String BUNDLE_JSON = """
            {"resourceType": "Bundle", "type": "collection", "entry": [
              {"resource": {"resourceType": "Observation", "status": "final",
                "code": {"text": "glucose"}, "subject": {"reference": "Patient/p1"}, "valueQuantity": {"value": 5.5}}},
              {"resource": {"resourceType": "Observation", "status": "final",
                "code": {"text": "glucose"}, "subject": {"reference": "Patient/p1"}, "valueQuantity": {"value": 6.1}}}]}
            """;
    static final String CAPABILITY_JSON = """
            {"resourceType": "CapabilityStatement", "status": "active", "kind": "instance", "fhirVersion": "4.0.1",
             "format": ["json"], "rest": [{"mode": "server", "resource": [{"type": "Patient"}, {"type": "Observation"}]}]}
            """;
    static final String PATIENT_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Patient xmlns="http://hl7.org/fhir">
              <id value="p2"/>
              <name><family value="Doe"/><given value="John"/></name>
              <birthDate value="1965-05-05"/>
            </Patient>
            """;
    static final String OBSERVATION_NO_SUBJECT_XML = """
            <Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="calibration"/></code></Observation>
            """;
    static final String OTHER_XML = """
            <config><Patient><name>not fhir</name></Patient></config>
            """;

    @Test
    void fhir_patientAndObservationsWithSubject_reported() {
        CheckTester.Result r = CheckTester.of(new FhirPhiCheck(), tmp)
                .text("/var/lib/fhir/patient.json", PATIENT_JSON)
                .text("/var/lib/fhir/bundle.json", BUNDLE_JSON)
                .text("/var/lib/fhir/patient.xml", PATIENT_XML)
                .expect("/var/lib/fhir/patient.json", f -> f.evidence().get("elements").toString()
                        .equals("[Patient.birthDate, Patient.identifier, Patient.name]"))
                .expect("/var/lib/fhir/bundle.json", f -> f.evidence().get("resources").toString().equals("{Observation=2}"))
                .expect("/var/lib/fhir/patient.xml", f -> f.evidence().get("elements").toString()
                        .equals("[Patient.birthDate, Patient.name]"))
                .run();
        assertThat(r.findings().toString()).doesNotContain("Doe").doesNotContain("123456");
    }

    @Test
    void fhir_capabilityStatementAndNonFhir_noFinding() {
        CheckTester.of(new FhirPhiCheck(), tmp)
                .text("/usr/share/fhir/capability.json", CAPABILITY_JSON)
                .text("/usr/share/fhir/calibration.xml", OBSERVATION_NO_SUBJECT_XML)
                .text("/etc/app/config.xml", OTHER_XML)
                .text("/etc/app/broken.json", "{\"resourceType\": \"Patient\", \"name\": [")
                .run();
    }

    private static byte[] sha256(Path p) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
