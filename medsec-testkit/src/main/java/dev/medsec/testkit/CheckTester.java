package dev.medsec.testkit;

import dev.medsec.core.Finding;
import dev.medsec.core.ScanError;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.ContentEngine;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs one check over a small image built in the test and fails on a missing finding, on any finding nobody
 * expected, on an error the check recorded (unless allowed) and on a crash inside the check.
 *
 * <pre>{@code
 * CheckTester.of(new NoStackCanary(), tmp)
 *     .file("/usr/bin/app", compiledBinary)
 *     .expect("/usr/bin/app", f -> f.evidence().containsKey("symbol"))
 *     .run();
 * }</pre>
 */
public final class CheckTester {
    private final Check check;
    private final Path scratch;
    private final List<Artifact> artifacts = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private ScanSettings settings = ScanSettings.defaults();
    private boolean allowErrors;
    private int counter;

    private record Expectation(String path, Predicate<Finding> predicate, String description) {
    }

    /** Result of a run, for further assertions. */
    public record Result(List<Finding> findings, List<ScanError> errors, Map<String, Object> sections) {
    }

    private CheckTester(Check check, Path scratch) {
        this.check = check;
        this.scratch = scratch;
        List<String> problems = CheckMetadata.of(check).problems();
        assertThat(problems).as("metadata of " + check.getClass().getSimpleName()).isEmpty();
    }

    /** {@code scratch} is a temporary directory of the test (JUnit's {@code @TempDir}). */
    public static CheckTester of(Check check, Path scratch) {
        return new CheckTester(check, scratch);
    }

    /** Adds a regular file at {@code imagePath} with the content of {@code hostFile}, mode 0755 root:root. */
    public CheckTester file(String imagePath, Path hostFile) {
        return file(imagePath, hostFile, FileMeta.of(EntryKind.FILE, 0755, 0, 0));
    }

    public CheckTester file(String imagePath, Path hostFile, FileMeta meta) {
        try {
            artifacts.add(Artifact.ofFile("", imagePath, meta, hostFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds a regular file with the given bytes, mode 0644 root:root. */
    public CheckTester file(String imagePath, byte[] content) {
        return file(imagePath, content, FileMeta.of(EntryKind.FILE, 0644, 0, 0));
    }

    public CheckTester file(String imagePath, byte[] content, FileMeta meta) {
        try {
            Path p = scratch.resolve("checktester-" + (counter++));
            Files.write(p, content);
            return file(imagePath, p, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a text file (UTF-8), mode 0644 root:root. */
    public CheckTester text(String imagePath, String content) {
        return file(imagePath, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds an entry without content (directory, symlink, device) or a prepared artifact. */
    public CheckTester artifact(Artifact a) {
        artifacts.add(a);
        return this;
    }

    /**
     * Adds every entry of a host directory tree (for example packages unpacked with dpkg-deb) at the same paths
     * in the image: regular files with content, directories, and symbolic links with their targets as written.
     */
    public CheckTester tree(Path root) {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String imagePath = "/" + root.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    entry(imagePath, FileMeta.of(EntryKind.SYMLINK, 0777, 0, 0)
                            .withLinkTarget(Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p)) {
                    entry(imagePath, FileMeta.of(EntryKind.DIRECTORY, 0755, 0, 0));
                } else if (Files.isRegularFile(p)) {
                    file(imagePath, p, FileMeta.of(EntryKind.FILE, 0644, 0, 0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public CheckTester entry(String imagePath, FileMeta meta) {
        return artifact(Artifact.ofEntry("", imagePath, meta));
    }

    public CheckTester settings(ScanSettings s) {
        this.settings = s;
        return this;
    }

    /** Errors recorded by the check are acceptable (tests of malformed input). */
    public CheckTester allowErrors() {
        this.allowErrors = true;
        return this;
    }

    /** Expects exactly one finding at {@code path} (per call) matching {@code predicate}. */
    public CheckTester expect(String path, Predicate<Finding> predicate, String description) {
        expectations.add(new Expectation(path, predicate, description));
        return this;
    }

    public CheckTester expect(String path, Predicate<Finding> predicate) {
        return expect(path, predicate, "matching predicate");
    }

    public CheckTester expect(String path) {
        return expect(path, f -> true, "any finding");
    }

    /** Runs the check; asserts expectations were met one-to-one and nothing else was found. */
    public Result run() {
        Result r = runUnchecked();
        if (!allowErrors) {
            assertThat(r.errors()).as("errors recorded by " + check.getClass().getSimpleName()).isEmpty();
        }
        List<Finding> remaining = new ArrayList<>(r.findings());
        for (Expectation e : expectations) {
            Finding match = remaining.stream()
                    .filter(f -> f.path().equals(e.path()) && e.predicate().test(f))
                    .findFirst().orElse(null);
            if (match == null) {
                fail("missing finding at " + e.path() + " (" + e.description() + "); found: " + describe(r.findings()));
            }
            remaining.remove(match);
        }
        if (!remaining.isEmpty()) {
            fail("unexpected findings: " + describe(remaining));
        }
        return r;
    }

    /** Runs the check without judging the findings; a crash still fails the test. */
    public Result runUnchecked() {
        FindingCollector out = new FindingCollector(CheckMetadata.of(check), settings);
        Image image = new Image("test", artifacts, settings);
        try {
            if (check instanceof FileCheck fc) {
                for (Artifact a : image.artifacts()) {
                    if (fc.appliesTo(a)) {
                        fc.inspect(a, out);
                    }
                }
            } else if (check instanceof ImageCheck ic) {
                ic.inspect(image, out);
            } else if (check instanceof ContentCheck cc) {
                ContentEngine engine = new ContentEngine(List.of(cc));
                for (Artifact a : image.artifacts()) {
                    engine.scan(a, Map.of(cc, out));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(check.getClass().getSimpleName() + " crashed: " + e, e);
        }
        return new Result(out.findings(), out.errors(), out.sections());
    }

    private static String describe(List<Finding> fs) {
        StringBuilder sb = new StringBuilder("[");
        for (Finding f : fs) {
            sb.append("\n  ").append(f.checkId()).append(" @ ").append(f.path()).append(": ").append(f.message())
                    .append(' ').append(f.evidence());
        }
        return sb.append(fs.isEmpty() ? "]" : "\n]").toString();
    }
}
