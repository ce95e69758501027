package dev.medsec.elf;

import java.util.Optional;

/**
 * The attributes of a DWARF compile unit's root DIE that say how it was built.
 *
 * @param offset   offset of the unit header in .debug_info
 * @param version  DWARF version (2..5)
 * @param producer DW_AT_producer, e.g. "GNU C17 12.2.0 -mtune=generic -march=x86-64 -g -O2 -fstack-protector-strong"
 */
public record CompileUnit(long offset, int version, Optional<String> name, Optional<String> producer,
                          Optional<String> compDir) {
}
