package dev.medsec.evidence.afl;

import java.util.Objects;

/**
 * One input AFL++ saved in crashes/ or hangs/.
 *
 * @param name   file name, e.g. "id:000000,sig:06,src:000000,time:812,execs:2043,op:havoc,rep:2"
 * @param sha256 SHA-256 of the file content, hex
 * @param size   bytes
 * @param signal the signal that killed the target ("sig:06"), 0 for hangs or when the name does not say
 */
public record FuzzInput(String name, String sha256, long size, int signal) {
    public FuzzInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }
}
