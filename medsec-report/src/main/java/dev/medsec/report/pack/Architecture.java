package dev.medsec.report.pack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The device-level security architecture view of the FDA guidance: the chain of trust from ROM to the update path
 * (each stage's status, protection, keys and the artifacts that break it), the hardware security the image uses,
 * and the interfaces and services it exposes against the device profile.
 */
final class Architecture {
    private Architecture() {
    }

    static String markdown(JsonNode r) {
        StringBuilder sb = new StringBuilder("# Security architecture view\n\n");
        sb.append("Firmware `").append(r.path("target").path("path").asText()).append("`, ").append(r.path("startedAt").asText())
                .append(". The diagram is in report/report.html (chain of trust).\n\n## Chain of trust\n\n");
        sb.append("| Stage | Status | Protection | Keys | Breaking artifacts | Note |\n|---|---|---|---|---|---|\n");
        JsonNode stages = r.path("chainOfTrust").path("stages");
        for (JsonNode s : stages) {
            sb.append("| ").append(s.path("stage").asText()).append(" | ").append(s.path("status").asText()).append(" | ")
                    .append(SubmissionPack.cell(s.path("protection").asText())).append(" | ").append(SubmissionPack.cell(s.path("keys").toString()))
                    .append(" | ").append(SubmissionPack.cell(s.path("breaking").toString())).append(" | ")
                    .append(SubmissionPack.cell(s.path("note").asText())).append(" |\n");
        }
        if (stages.size() == 0) {
            sb.append("| — | not assessed | | | | the report has no chain-of-trust section |\n");
        }
        int updates = 0;
        for (JsonNode f : r.path("findings")) {
            String c = f.path("check").asText();
            if (c.startsWith("input.") && c.contains("update") && !f.path("severity").asText().equals("info")) {
                updates++;
            }
        }
        sb.append("| update path | ").append(updates == 0 ? "no finding" : "unverified (" + updates + " findings)")
                .append(" | | | | from the update checks (input.*update*) |\n\n## Hardware security\n\n");
        JsonNode hw = r.path("hardwareSecurity");
        if (hw.isObject() && hw.size() > 0) {
            sb.append("| Capability | Present | Kernel options | Files |\n|---|---|---|---|\n");
            hw.fields().forEachRemaining(e -> sb.append("| ").append(e.getKey()).append(" | ")
                    .append(e.getValue().path("present").asBoolean() ? "yes" : "no").append(" | ")
                    .append(SubmissionPack.cell(e.getValue().path("kernelOptions").toString())).append(" | ")
                    .append(SubmissionPack.cell(e.getValue().path("files").toString())).append(" |\n"));
            sb.append('\n');
        } else {
            sb.append("Not in the report.\n\n");
        }
        sb.append("## Services\n\n| Service | Started by | Daemon and arguments | Listens on | User | Reachable |\n|---|---|---|---|---|---|\n");
        for (JsonNode s : r.path("services")) {
            sb.append("| ").append(SubmissionPack.cell(s.path("name").asText())).append(" | ").append(s.path("enabledBy").asText())
                    .append(" | `").append(SubmissionPack.cell(s.path("command").asText())).append("` | ")
                    .append(SubmissionPack.cell(s.path("listen").toString())).append(" | ").append(s.path("user").asText(""))
                    .append(" | ").append(s.path("reachable").asBoolean(true) ? "yes" : "no").append(" |\n");
        }
        sb.append("\n## Interfaces and services against the device profile\n\n");
        boolean any = false;
        for (JsonNode f : r.path("findings")) {
            String c = f.path("check").asText();
            if (c.equals("attacksurface.interface-inventory") || c.equals("attacksurface.unneeded-interface")
                    || c.equals("attacksurface.insecure-service") || c.equals("attacksurface.service-inventory")
                    || c.equals("attacksurface.console-without-login")) {
                sb.append("- ").append(f.path("severity").asText()).append(": ").append(SubmissionPack.cell(f.path("message").asText()))
                        .append(" (`").append(f.path("path").asText()).append("`)\n");
                any = true;
            }
        }
        if (!any) {
            sb.append("No interface or service finding.\n");
        }
        return sb.toString();
    }
}
