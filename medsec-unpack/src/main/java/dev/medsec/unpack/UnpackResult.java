package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;

import java.util.List;

/**
 * @param targetType "directory", or the label of the target file's type ("tar", "gzip", "squashfs", "elf"...)
 */
public record UnpackResult(List<Artifact> artifacts, List<ScanError> errors, String targetType) {
    public UnpackResult {
        artifacts = List.copyOf(artifacts);
        errors = List.copyOf(errors);
    }
}
