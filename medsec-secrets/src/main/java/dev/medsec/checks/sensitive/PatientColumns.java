package dev.medsec.checks.sensitive;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Column-name heuristics for patient data. A table is PHI when it combines an identifying category with
 * another category (name + birth date, identifier + diagnosis...), or holds a national or medical record
 * number on its own. A bare "name" only counts in a table named after people (patients, persons, subjects).
 */
public final class PatientColumns {
    /** What a column says about a person. */
    public enum Category { NAME, BIRTH_DATE, RECORD_ID, PATIENT_LINK, CONTACT, CLINICAL }

    private static final Map<Category, Pattern> RULES = new EnumMap<>(Map.of(
            Category.NAME, Pattern.compile("(patient|first|last|given|family|full|middle|maiden|sur|birth)name|surname|forename"),
            Category.BIRTH_DATE, Pattern.compile("dob|birthdate|dateofbirth|birthday|birthdt|geburtsdatum"),
            Category.RECORD_ID, Pattern.compile("mrn|medicalrecord(number|no|id)?|ssn|socialsecurity(number|no)?|nationalid"
                    + "|nhsnumber|insurance(number|no|id)|healthinsurance|medicare(number|id)?|medicaid(number|id)?|passport(number|no)?"),
            Category.PATIENT_LINK, Pattern.compile("(patient|subject|resident)(id|uid|uuid|ref|key|no)?"),
            Category.CONTACT, Pattern.compile("(home|street|postal|mailing)?address(line)?\\d?|street|postalcode|zipcode|zip|phone(number)?"
                    + "|telephone|mobile(number)?|email(address)?"),
            Category.CLINICAL, Pattern.compile("diagnos[ie]s|icd(9|10|11)?(code)?|condition|medication|allerg(y|ies)|bloodtype"
                    + "|bloodglucose|glucose|heartrate|bloodpressure|systolic|diastolic|spo2|labresult|prescription|dosage|dose"
                    + "|symptoms?|treatment|insulin(units|dose)?|weightkg|bmi")));
    private static final Set<String> PERSON_TABLES = Set.of("patient", "patients", "person", "persons", "people",
            "subject", "subjects", "resident", "residents", "client", "clients");
    private static final Set<Category> IDENTIFYING = Set.of(Category.NAME, Category.BIRTH_DATE, Category.RECORD_ID,
            Category.PATIENT_LINK, Category.CONTACT);

    /** A table judged to hold patient data: the matching columns by category. */
    public record Verdict(Map<Category, List<String>> columns) {
        public List<String> columnNames() {
            List<String> out = new ArrayList<>();
            columns.values().forEach(out::addAll);
            return out;
        }
    }

    private PatientColumns() {
    }

    static String normalize(String column) {
        return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    public static java.util.Optional<Verdict> judge(String table, List<String> columns) {
        boolean personTable = PERSON_TABLES.contains(normalize(table));
        Map<Category, List<String>> found = new EnumMap<>(Category.class);
        for (String col : columns) {
            String n = normalize(col);
            for (Map.Entry<Category, Pattern> r : RULES.entrySet()) {
                if (r.getValue().matcher(n).matches()) {
                    found.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(col);
                    break;
                }
            }
            if (personTable && (n.equals("name") || n.equals("fullname"))) {
                found.computeIfAbsent(Category.NAME, k -> new ArrayList<>()).add(col);
            }
        }
        boolean identifying = found.keySet().stream().anyMatch(IDENTIFYING::contains);
        // A patient link or contact data alone is not yet PHI; next to a name, a birth date or clinical data it is.
        boolean phi = found.containsKey(Category.RECORD_ID)
                || identifying && found.size() >= 2
                || personTable && found.containsKey(Category.NAME);
        return phi ? java.util.Optional.of(new Verdict(found)) : java.util.Optional.empty();
    }
}
