package dev.medsec.sbom.catalog;

import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Small metadata files (pom.properties, METADATA, package.json) read with a size cap. */
final class TextFiles {
    static final int MAX = 4 * 1024 * 1024;

    private TextFiles() {
    }

    static String read(Artifact a) throws IOException {
        if (a.size() > MAX) {
            throw new IOException("metadata file larger than " + MAX + " bytes");
        }
        try (InputStream in = a.open()) {
            return new String(in.readNBytes(MAX), StandardCharsets.UTF_8);
        }
    }
}
