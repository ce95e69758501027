package dev.medsec.checks.sensitive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * FHIR resources (JSON or XML) that carry patient data: a Patient/Person/RelatedPerson with identifying elements,
 * or a clinical resource (Observation, Condition, Encounter...) tied to a subject. Conformance resources
 * (CapabilityStatement, StructureDefinition, ValueSet...) describe an API, not a person, and are ignored.
 * Bundles are walked entry by entry.
 */
@CheckInfo(id = "sensitive.phi-fhir", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {312, 359},
        summary = "FHIR resource with patient data stored unencrypted",
        remediation = "Keep FHIR resources about real patients only in an encrypted store (key in the secure "
                + "element) and purge them once transmitted; ship only synthetic examples.")
public final class FhirPhiCheck implements FileCheck {
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final String FHIR_NS = "http://hl7.org/fhir";

    static final Set<String> PERSON_RESOURCES = Set.of("Patient", "Person", "RelatedPerson");
    static final Set<String> IDENTIFYING = Set.of("name", "birthDate", "identifier", "address", "telecom", "photo");
    static final Set<String> CLINICAL = Set.of("Observation", "Condition", "Encounter", "DiagnosticReport",
            "MedicationRequest", "MedicationStatement", "MedicationAdministration", "Procedure", "AllergyIntolerance",
            "Immunization", "CarePlan", "DocumentReference", "ServiceRequest", "Specimen", "ImagingStudy",
            "QuestionnaireResponse", "Claim", "Coverage", "EpisodeOfCare", "Appointment", "Composition",
            "DeviceRequest", "NutritionOrder", "RiskAssessment", "ClinicalImpression", "FamilyMemberHistory");
    static final Set<String> SUBJECT = Set.of("subject", "patient", "beneficiary");
    private static final int MAX_DEPTH = 64;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build());

    @Override
    public boolean appliesTo(Artifact artifact) {
        return (artifact.type() == FileType.JSON || artifact.type() == FileType.XML) && artifact.size() <= MAX_BYTES;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        Map<String, Integer> phi = new TreeMap<>();
        Set<String> elements = new TreeSet<>();
        if (artifact.type() == FileType.JSON) {
            JsonNode root;
            try (InputStream in = artifact.open()) {
                root = JSON.readTree(in);
            } catch (IOException e) {
                return; // not JSON after all, or not ours to judge: other checks read JSON too
            }
            if (root != null) {
                json(root, phi, elements, 0);
            }
        } else {
            try {
                xml(artifact, phi, elements);
            } catch (XMLStreamException e) {
                return;
            }
        }
        if (phi.isEmpty()) {
            return;
        }
        out.at(artifact)
                .message("FHIR data about patients: " + phi)
                .evidence("resources", phi)
                .evidence("elements", elements.stream().toList())
                .report();
    }

    private static void json(JsonNode node, Map<String, Integer> phi, Set<String> elements, int depth) {
        if (depth > 8 || !node.isObject() || !node.path("resourceType").isTextual()) {
            return;
        }
        String type = node.get("resourceType").asText();
        if (type.equals("Bundle")) {
            for (JsonNode entry : node.path("entry")) {
                json(entry.path("resource"), phi, elements, depth + 1);
            }
            return;
        }
        Set<String> present = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isNull() && !(v.isContainerNode() && v.isEmpty()) && !(v.isTextual() && v.asText().isBlank())) {
                present.add(f.getKey());
            }
        }
        judge(type, present, phi, elements);
    }

    static void judge(String type, Set<String> present, Map<String, Integer> phi, Set<String> elements) {
        Set<String> hits = new TreeSet<>();
        if (PERSON_RESOURCES.contains(type)) {
            present.stream().filter(IDENTIFYING::contains).forEach(hits::add);
        } else if (CLINICAL.contains(type)) {
            present.stream().filter(SUBJECT::contains).forEach(hits::add);
        }
        if (!hits.isEmpty()) {
            phi.merge(type, 1, Integer::sum);
            hits.forEach(h -> elements.add(type + "." + h));
        }
    }

    /**
     * XML: a resource is an element in the FHIR namespace that is the document root or the child of a
     * {@code <resource>} element; its direct children name the elements it carries. DTDs and external
     * entities are disabled.
     */
    private static void xml(Artifact artifact, Map<String, Integer> phi, Set<String> elements)
            throws IOException, XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try (InputStream in = artifact.open()) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            try {
                Deque<String> path = new ArrayDeque<>();
                Deque<Set<String>> children = new ArrayDeque<>();
                Deque<Integer> resourceDepth = new ArrayDeque<>();
                Deque<String> resourceType = new ArrayDeque<>();
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String name = r.getLocalName();
                        boolean fhir = FHIR_NS.equals(r.getNamespaceURI());
                        if (!resourceDepth.isEmpty() && path.size() == resourceDepth.peek()) {
                            children.peek().add(name);
                        }
                        boolean isResource = fhir && !name.isEmpty() && Character.isUpperCase(name.charAt(0))
                                && (path.isEmpty() || "resource".equals(path.peek()) || "contained".equals(path.peek()));
                        path.push(name);
                        if (path.size() > MAX_DEPTH) {
                            return;
                        }
                        if (isResource) {
                            resourceDepth.push(path.size());
                            resourceType.push(name);
                            children.push(new HashSet<>());
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        if (!resourceDepth.isEmpty() && path.size() == resourceDepth.peek()) {
                            resourceDepth.pop();
                            judge(resourceType.pop(), children.pop(), phi, elements);
                        }
                        path.pop();
                    }
                }
            } finally {
                r.close();
            }
        }
    }
}
