package dev.medsec.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owns a file, and so who acts on its findings: the device maker's own code is fixed; a third-party component
 * (SOUP) is assessed as a whole (upgrade, rebuild or accept, with a justification) — the split IEC 62304 and a
 * regulatory file ask for.
 *
 * @param kind      first-party, SOUP or unknown (unknown is treated like first-party for severity)
 * @param component the SOUP component, when {@code kind} is SOUP
 * @param basis     how it was decided, for audit ("dpkg /var/lib/dpkg/info/coreutils.list", "profile firstParty
 *                  /opt/pump/**", "binary classifier")
 */
public record Origin(Kind kind, Optional<Component> component, String basis) {
    /** Nothing says who owns the file. */
    public static final Origin UNKNOWN = new Origin(Kind.UNKNOWN, Optional.empty(), "no package owns it");

    public enum Kind {
        FIRST_PARTY, SOUP, UNKNOWN;

        /** "first-party", "soup", "unknown": the report.json spelling. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown origin '" + text + "' (first-party, soup, unknown)");
        }
    }

    public Origin {
        Objects.requireNonNull(kind, "kind");
        component = component == null ? Optional.empty() : component;
        basis = basis == null ? "" : basis;
        if (kind == Kind.SOUP && component.isEmpty()) {
            throw new IllegalArgumentException("a SOUP origin names its component");
        }
    }

    public static Origin firstParty(String basis) {
        return new Origin(Kind.FIRST_PARTY, Optional.empty(), basis);
    }

    public static Origin soup(Component component, String basis) {
        return new Origin(Kind.SOUP, Optional.of(component), basis);
    }

    public boolean isSoup() {
        return kind == Kind.SOUP;
    }

    /** First-party or unknown: code nobody else answers for, judged at full severity. */
    public boolean isOwnCode() {
        return kind != Kind.SOUP;
    }
}
