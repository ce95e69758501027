package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain SQLite databases whose schema holds patient data. A readable SQLite header is itself the proof that
 * the file is not encrypted (SQLCipher encrypts the header too); the schema tells whether it matters.
 * Evidence lists table and column names only; no row is ever read.
 */
@CheckInfo(id = "sensitive.phi-sqlite", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {312, 311},
        summary = "Unencrypted SQLite database with patient data columns",
        remediation = "Encrypt the database (SQLCipher, or an encrypted filesystem such as dm-crypt/fscrypt) with a "
                + "key kept in the secure element or TPM; ship the image with an empty schema, never with patient rows.")
public final class SqlitePhiCheck implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.type() == FileType.SQLITE;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        SqliteSchema schema;
        try {
            schema = artifact.view(SqliteSchema.VIEW);
        } catch (IOException e) {
            out.error(artifact.path(), e.getMessage());
            return;
        }
        for (Map.Entry<String, List<String>> t : schema.tables().entrySet()) {
            Optional<PatientColumns.Verdict> v = PatientColumns.judge(t.getKey(), t.getValue());
            if (v.isEmpty()) {
                continue;
            }
            out.at(artifact).key(t.getKey())
                    .message("Table '" + t.getKey() + "' of an unencrypted SQLite database holds patient data columns "
                            + v.get().columnNames())
                    .evidence("table", t.getKey())
                    .evidence("columns", v.get().columnNames())
                    .evidence("categories", v.get().columns().keySet().stream().map(Enum::name).toList())
                    .report();
        }
    }
}
