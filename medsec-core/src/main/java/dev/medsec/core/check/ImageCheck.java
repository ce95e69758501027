package dev.medsec.core.check;

import dev.medsec.core.image.Image;

import java.io.IOException;

/** Looks at the whole image: kernel configuration, services, boot chain, package databases. */
public non-sealed interface ImageCheck extends Check {
    void inspect(Image image, Findings out) throws IOException;
}
