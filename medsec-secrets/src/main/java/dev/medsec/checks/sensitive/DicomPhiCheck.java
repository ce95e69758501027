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

/**
 * DICOM files that identify a patient: name, id, birth date or address filled and no "Patient Identity
 * Removed" declaration. Sample images and phantoms shipped for calibration should be de-identified.
 */
@CheckInfo(id = "sensitive.phi-dicom", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {312, 359},
        summary = "DICOM file with identifying patient data stored unencrypted",
        remediation = "Do not ship patient images in the image. Store acquired images in an encrypted store "
                + "(dm-crypt/fscrypt, or application-level encryption with a key in the secure element), and "
                + "de-identify sample data (DICOM PS3.15 Annex E) with (0012,0062) set to YES.")
public final class DicomPhiCheck implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.type() == FileType.DICOM;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        DicomPatientModule p;
        try {
            p = artifact.view(DicomPatientModule.VIEW);
        } catch (IOException e) {
            out.error(artifact.path(), "DICOM file not readable: " + e.getMessage());
            return;
        }
        List<String> filled = p.filledAttributes();
        if (filled.isEmpty() || p.identityRemoved()) {
            return;
        }
        out.at(artifact)
                .message("DICOM file identifies a patient (" + String.join(", ", filled) + ")")
                .evidence("attributes", filled)
                .evidence("transferSyntax", p.transferSyntax())
                .report();
    }
}
