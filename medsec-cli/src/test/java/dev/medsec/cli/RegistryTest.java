package dev.medsec.cli;

import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Rejects bad metadata in the registry: a check that breaks the rules cannot ship. */
class RegistryTest {
    @Test
    void allChecks_prepareLoadsTheirTablesWithoutError() {
        List<String> failed = new java.util.ArrayList<>();
        for (Check c : BuiltInChecks.all()) {
            try {
                c.prepare();
                c.prepare(); // twice is allowed
            } catch (RuntimeException e) {
                failed.add(c.getClass().getSimpleName() + ": " + e);
            }
        }
        assertThat(failed).isEmpty();
    }

    @Test
    void allChecks_metadataValid() {
        List<String> problems = BuiltInChecks.all().stream()
                .flatMap(c -> CheckMetadata.of(c).problems().stream()).toList();
        assertThat(problems).isEmpty();
    }

    @Test
    void allChecks_idsAndAltIdsUnique() {
        Set<String> seen = new HashSet<>();
        for (Check c : BuiltInChecks.all()) {
            CheckMetadata m = CheckMetadata.of(c);
            assertThat(seen.add(m.id())).as("duplicate id " + m.id()).isTrue();
            for (String alt : m.altIds()) {
                assertThat(seen.add(alt)).as("duplicate alternative id " + alt).isTrue();
            }
        }
    }

    @Test
    void allChecks_eachClassRegisteredOnce() {
        List<Class<?>> classes = BuiltInChecks.all().stream().<Class<?>>map(Object::getClass).toList();
        assertThat(classes).doesNotHaveDuplicates();
    }

    @Test
    void catalogers_namesUnique() {
        assertThat(BuiltInChecks.catalogers().stream().map(c -> c.name()).toList()).doesNotHaveDuplicates();
    }

    /** Check-id prefixes by principle, as docs/architecture.md lists them (ids never change, so the table grows). */
    static final java.util.Map<Integer, Set<String>> PREFIXES = java.util.Map.of(
            1, Set.of("hardware", "secureboot"), 2, Set.of("hardening"), 3, Set.of("attacksurface", "soup"),
            4, Set.of("input"), 5, Set.of("memory"), 6, Set.of("sensitive"), 7, Set.of("crypto"));

    @Test
    void allChecks_idPrefixBelongsToTheirPrinciple() {
        List<String> wrong = new java.util.ArrayList<>();
        for (Check c : BuiltInChecks.all()) {
            CheckMetadata m = CheckMetadata.of(c);
            String prefix = m.id().substring(0, m.id().indexOf('.'));
            if (!PREFIXES.get(m.principle().number()).contains(prefix)) {
                wrong.add(m.id() + " (principle " + m.principle().number() + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void registry_principlesInOrderAndClassesSortedWithinEach() {
        List<Check> all = BuiltInChecks.all();
        for (int i = 1; i < all.size(); i++) {
            CheckMetadata prev = CheckMetadata.of(all.get(i - 1));
            CheckMetadata cur = CheckMetadata.of(all.get(i));
            assertThat(cur.principle().number()).as(cur.id() + " after " + prev.id()).isGreaterThanOrEqualTo(prev.principle().number());
            if (cur.principle() == prev.principle()) {
                assertThat(all.get(i).getClass().getName()).as("registry order within principle " + cur.principle().number())
                        .isGreaterThan(all.get(i - 1).getClass().getName());
            }
        }
    }

    /** Every concrete @CheckInfo class on the class path is registered: a check that is written but not listed never runs. */
    @Test
    void checkInfoClasses_allRegistered() throws Exception {
        Set<String> registered = new HashSet<>();
        BuiltInChecks.all().forEach(c -> registered.add(c.getClass().getName()));
        List<String> orphans = new java.util.ArrayList<>();
        int seen = 0;
        List<String> names = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path root = java.nio.file.Path.of(entry);
            String file = root.getFileName() == null ? "" : root.getFileName().toString();
            if (java.nio.file.Files.isDirectory(root.resolve("dev/medsec")) && !entry.contains("test-classes")) {
                try (var walk = java.nio.file.Files.walk(root.resolve("dev/medsec"))) {
                    walk.map(f -> root.relativize(f).toString()).forEach(names::add);
                }
            } else if (file.startsWith("medsec-") && file.endsWith(".jar") && !file.contains("tests")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName).forEach(names::add);
                }
            }
        }
        for (String rel : names) {
            if (!rel.startsWith("dev/medsec/") || !rel.endsWith(".class") || rel.contains("$")) {
                continue;
            }
            Class<?> k = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false, getClass().getClassLoader());
            if (k.isAnnotationPresent(dev.medsec.core.check.CheckInfo.class) && !java.lang.reflect.Modifier.isAbstract(k.getModifiers())) {
                seen++;
                if (!registered.contains(k.getName())) {
                    orphans.add(k.getName());
                }
            }
        }
        assertThat(seen).as("@CheckInfo classes found on the class path").isGreaterThanOrEqualTo(registered.size() - 5);
        assertThat(orphans).isEmpty();
    }
}
