package dev.medsec.unpack;

import java.io.IOException;

/** Reads a container's byte layout: finds and validates its structures and members (they are extracted elsewhere). */
@FunctionalInterface
interface LayoutReader {
    /**
     * @throws MalformedLayoutException when the container's own structures do not validate
     */
    Layout read(ByteSource src) throws IOException;
}
