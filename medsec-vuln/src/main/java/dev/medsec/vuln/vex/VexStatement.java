package dev.medsec.vuln.vex;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One VEX statement: a vulnerability, the products it speaks about (purls, or bom-refs / names), and the
 * supplier's analysis. Status uses OpenVEX words; CycloneDX analysis states are mapped onto them
 * (not_affected and false_positive → not_affected, resolved → fixed, exploitable → affected,
 * in_triage → under_investigation).
 */
public record VexStatement(String vulnerability, List<String> products, Status status, Optional<String> justification,
                           Optional<String> detail, String source) {
    public VexStatement {
        products = List.copyOf(products);
    }

    public enum Status {
        NOT_AFFECTED, AFFECTED, FIXED, UNDER_INVESTIGATION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
