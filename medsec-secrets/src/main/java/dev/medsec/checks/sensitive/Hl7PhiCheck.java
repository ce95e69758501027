package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * HL7 v2 messages stored in clear: an MSH header followed by a PID segment whose identifying fields (patient
 * identifier list, name, birth date, address, phone, SSN) carry values. Field separators are taken from each
 * MSH segment, as the standard defines them; only field positions are reported, never values.
 */
@CheckInfo(id = "sensitive.phi-hl7", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {312, 359},
        summary = "HL7 v2 message with patient identity stored unencrypted",
        remediation = "Do not keep HL7 messages (queues, logs, samples) on the device in clear text: encrypt the "
                + "message store with a key held in the secure element, and ship only synthetic, de-identified samples.")
public final class Hl7PhiCheck implements FileCheck {
    static final long MAX_BYTES = 64L * 1024 * 1024;

    /** PID field numbers (HL7 v2.x) that identify a person. */
    static final Map<Integer, String> PID_FIELDS = Map.of(
            2, "PID-2 patient ID (external)",
            3, "PID-3 patient identifier list",
            4, "PID-4 alternate patient ID",
            5, "PID-5 patient name",
            7, "PID-7 date of birth",
            11, "PID-11 patient address",
            13, "PID-13 home phone",
            19, "PID-19 SSN");

    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.size() <= MAX_BYTES && (artifact.type() == FileType.HL7 || artifact.type() == FileType.TEXT
                && artifact.fileName().toLowerCase(Locale.ROOT).endsWith(".hl7"));
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        ByteBuffer b = artifact.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int messages = 0;
        int withPatient = 0;
        char fieldSep = '|';
        char componentSep = '^';
        String type = "";
        Map<String, Integer> types = new LinkedHashMap<>();
        TreeSet<String> fields = new TreeSet<>();
        for (String seg : text.split("[\r\n]+")) {
            if (seg.startsWith("MSH") && seg.length() > 8) {
                messages++;
                fieldSep = seg.charAt(3);
                componentSep = seg.charAt(4);
                String[] f = split(seg, fieldSep);
                // MSH-1 is the separator itself, so MSH-n is at index n-1.
                type = f.length > 8 ? f[8].replace(componentSep, '_') : "";
            } else if (messages > 0 && seg.startsWith("PID") && seg.length() > 3 && seg.charAt(3) == fieldSep) {
                String[] f = split(seg, fieldSep);
                boolean any = false;
                for (Map.Entry<Integer, String> e : PID_FIELDS.entrySet()) {
                    int i = e.getKey();
                    if (i < f.length && hasValue(f[i], fieldSep, componentSep)) {
                        fields.add(e.getValue());
                        any = true;
                    }
                }
                if (any) {
                    withPatient++;
                    types.merge(type.isEmpty() ? "?" : type, 1, Integer::sum);
                }
            }
        }
        if (withPatient == 0) {
            return;
        }
        out.at(artifact)
                .message(withPatient + " HL7 v2 message(s) with patient identity (" + String.join(", ", fields) + ")")
                .evidence("messages", messages)
                .evidence("messagesWithPatient", withPatient)
                .evidence("messageTypes", types)
                .evidence("fields", fields.stream().toList())
                .report();
    }

    private static String[] split(String seg, char sep) {
        return seg.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
    }

    /** True when the field holds anything besides separators, repetition marks and the HL7 null ("""). */
    private static boolean hasValue(String field, char fieldSep, char componentSep) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != componentSep && c != '&' && c != '~' && c != ' ' && c != '"' && c != fieldSep) {
                return true;
            }
        }
        return false;
    }
}
