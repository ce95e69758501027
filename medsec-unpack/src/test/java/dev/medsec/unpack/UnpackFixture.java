package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Unpacks a target in a sandbox below a test directory and keeps the sandbox open until closed. */
final class UnpackFixture implements AutoCloseable {
    final Sandbox sandbox;
    final UnpackResult result;
    final Map<String, Artifact> byPath;

    UnpackFixture(Path target, Path scratch, UnpackLimits limits) throws IOException {
        this.sandbox = Sandbox.create(limits, scratch);
        this.result = new ImageBuilder(sandbox).build(target);
        this.byPath = result.artifacts().stream().collect(Collectors.toMap(Artifact::path, Function.identity(), (a, b) -> b));
    }

    UnpackFixture(Path target, Path scratch) throws IOException {
        this(target, scratch, UnpackLimits.defaults());
    }

    Optional<Artifact> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    String text(String path) throws IOException {
        Artifact a = get(path).orElseThrow(() -> new AssertionError("no artifact " + path + " in " + byPath.keySet()));
        return new String(a.open().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** Builds a small tree that every archive format test packs. */
    static Path sampleTree(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("etc/hostname"), "device\n");
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\necho hi\n");
        Files.createSymbolicLink(root.resolve("usr/bin/link"), Path.of("tool"));
        return root;
    }
}
