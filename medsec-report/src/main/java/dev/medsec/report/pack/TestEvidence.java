package dev.medsec.report.pack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The cybersecurity test evidence of the scan, by the kind of test a reviewer looks for: compiler hardening of every
 * binary, the kernel configuration audit, secrets and keys, cryptography, untrusted input, attack surface, memory
 * management and fuzzing. Each section lists the findings with their check, path and id, so every line can be
 * traced back to report.json.
 */
final class TestEvidence {
    private TestEvidence() {
    }

    static String markdown(JsonNode r) {
        StringBuilder sb = new StringBuilder("# Cybersecurity test evidence\n\n");
        sb.append("Firmware `").append(r.path("target").path("path").asText()).append("` (SHA-256 ")
                .append(r.path("target").path("sha256").asText()).append("), ").append(r.path("startedAt").asText())
                .append(". Coverage: ").append(String.format(java.util.Locale.ROOT, "%.1f", r.path("coverage").path("percent").asDouble()))
                .append(" % of the image's bytes reached; ").append(r.path("errors").size())
                .append(" files could not be opened or checked (listed in report/report.json `errors`).\n\n");
        hardening(sb, r);
        section(sb, r, "Kernel configuration audit", f -> f.path("check").asText().startsWith("attacksurface.kernel")
                || f.path("check").asText().equals("attacksurface.sysctl"));
        section(sb, r, "Attack surface (services, interfaces, permissions)", f -> f.path("principle").asInt() == 3
                && !f.path("check").asText().startsWith("attacksurface.kernel") && !f.path("check").asText().equals("attacksurface.sysctl")
                && !f.path("check").asText().startsWith("soup."));
        section(sb, r, "Software composition (known vulnerabilities, end of support)", f -> f.path("check").asText().startsWith("soup."));
        section(sb, r, "Untrusted input (authenticated updates, bounded copies, SQL, TLS)", f -> f.path("principle").asInt() == 4);
        section(sb, r, "Sensitive data, secrets and keys", f -> f.path("principle").asInt() == 6);
        section(sb, r, "Cryptography", f -> f.path("principle").asInt() == 7);
        section(sb, r, "Hardware security and secure boot", f -> f.path("principle").asInt() == 1);
        section(sb, r, "Memory management and fuzzing (imported dynamic-test evidence)", f -> f.path("principle").asInt() == 5);
        JsonNode fuzz = r.path("fuzzing");
        if (!fuzz.isMissingNode()) {
            sb.append("Fuzzing evidence section of the report: `").append(SubmissionPack.cell(fuzz.toString().length() > 400
                    ? fuzz.toString().substring(0, 400) + "…" : fuzz.toString())).append("`\n\n");
        }
        return sb.toString();
    }

    private static void hardening(StringBuilder sb, JsonNode r) {
        sb.append("## Toolchain hardening of every binary\n\n");
        JsonNode files = r.path("hardening").path("files");
        if (files.size() == 0) {
            sb.append("No ELF binary in the image.\n\n");
        } else {
            sb.append("| Binary | Arch | PIE | NX | RELRO | Stack canary | FORTIFY | CET / BTI |\n|---|---|---|---|---|---|---|---|\n");
            for (JsonNode f : files) {
                String cfi = f.has("cet") ? "IBT " + yes(f.path("cet").path("ibt")) + ", SHSTK " + yes(f.path("cet").path("shstk"))
                        : f.has("branchProtection") ? "BTI " + yes(f.path("branchProtection").path("bti")) + ", PAC "
                        + yes(f.path("branchProtection").path("pac")) : "";
                sb.append("| `").append(SubmissionPack.cell(f.path("path").asText())).append("` | ").append(f.path("machine").asText())
                        .append(" | ").append(yes(f.path("pie"))).append(" | ").append(yes(f.path("nx"))).append(" | ")
                        .append(f.path("relro").asText()).append(" | ").append(yes(f.path("canary").path("present"))).append(" | ")
                        .append(f.path("fortify").path("state").asText()).append(" | ").append(cfi).append(" |\n");
            }
            sb.append('\n');
        }
        section(sb, r, "Hardening findings", f -> f.path("principle").asInt() == 2);
    }

    private static String yes(JsonNode b) {
        return b.isBoolean() ? (b.asBoolean() ? "yes" : "no") : "";
    }

    private static void section(StringBuilder sb, JsonNode r, String title, Predicate<JsonNode> which) {
        List<JsonNode> fs = new ArrayList<>();
        for (JsonNode f : r.path("findings")) {
            if (which.test(f)) {
                fs.add(f);
            }
        }
        sb.append("## ").append(title).append("\n\n");
        if (fs.isEmpty()) {
            sb.append("No finding.\n\n");
            return;
        }
        sb.append(fs.size()).append(" findings (").append(SubmissionPack.sevCounts(SubmissionPack.counts(fs))).append(").\n\n")
                .append("| Severity | Check | Path | Finding | Origin | Id |\n|---|---|---|---|---|---|\n");
        for (JsonNode f : fs) {
            sb.append("| ").append(f.path("severity").asText()).append(f.path("waived").asBoolean() ? " (waived)" : "")
                    .append(" | `").append(f.path("check").asText()).append("` | `").append(SubmissionPack.cell(f.path("path").asText()))
                    .append("` | ").append(SubmissionPack.cell(f.path("message").asText())).append(" | ")
                    .append(f.path("origin").path("kind").asText("unknown")).append(" | ").append(f.path("id").asText()).append(" |\n");
        }
        sb.append('\n');
    }
}
