package dev.medsec.unpack;

import dev.medsec.core.Coverage;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;

import java.util.List;
import java.util.Set;

/**
 * @param targetType "directory", or the label of the target file's type ("tar", "gzip", "squashfs", "elf"...)
 * @param coverage   the coverage account of the target
 * @param opened     image paths of the containers whose members were found: their bytes are reached through
 *                   their members (and unexplained regions), so byte scans skip the container itself
 */
public record UnpackResult(List<Artifact> artifacts, List<ScanError> errors, String targetType, Coverage coverage,
                           Set<String> opened) {
    public UnpackResult {
        artifacts = List.copyOf(artifacts);
        errors = List.copyOf(errors);
        opened = Set.copyOf(opened);
    }
}
