package dev.medsec.core.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Identifies third-party components in the image (package databases, jars, binary classifiers). Catalogers run
 * before the checks so that checks (end of support, vulnerability matching, crypto inventory) can read
 * {@link Image#components()}.
 */
public interface Cataloger {
    /** Short name, used as {@link Component#source()} where one cataloger has one source. */
    String name();

    List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException;
}
