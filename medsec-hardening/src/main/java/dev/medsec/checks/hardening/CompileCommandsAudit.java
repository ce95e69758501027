package dev.medsec.checks.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Audits the compiler flags recorded in compile_commands.json (CMake's CMAKE_EXPORT_COMPILE_COMMANDS, Bear,
 * meson) found in the image or in the build directories given with --build-dir: one finding per file and
 * missing flag group, listing the translation units built without it. Entries without -c/-S/-E are link
 * commands and are also checked for -z relro -z now.
 */
@CheckInfo(id = "hardening.build-flags", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
        cwe = {693, 1127},
        summary = "Translation units compiled without a hardening or warning flag group",
        remediation = "Add the missing flags to the build's common compiler flags (CMAKE_C_FLAGS, CFLAGS).")
public final class CompileCommandsAudit implements ImageCheck {
    /** compile_commands.json larger than this is not read (a huge monorepo's is ~100 MB). */
    private static final long MAX_SIZE = 512L << 20;
    /** Made on first use: most images carry no compile_commands.json, and a mapper is costly to set up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Artifact a : image.artifacts()) {
            if (a.hasContent() && a.fileName().equals("compile_commands.json")) {
                if (a.size() > MAX_SIZE) {
                    out.error(a.path(), "compile_commands.json larger than " + MAX_SIZE + " bytes: not audited");
                    continue;
                }
                try (InputStream in = a.open()) {
                    audit(Json.MAPPER.readTree(in), a.path(), out, true);
                } catch (IOException e) {
                    out.error(a.path(), "unreadable compile_commands.json: " + e.getMessage());
                }
            }
        }
        for (Path dir : image.settings().buildDirs()) {
            Path f = Files.isDirectory(dir) ? dir.resolve("compile_commands.json") : dir;
            if (!Files.isRegularFile(f)) {
                out.error(dir.toString(), "no compile_commands.json in build directory");
                continue;
            }
            try (InputStream in = Files.newInputStream(f)) {
                if (Files.size(f) > MAX_SIZE) {
                    out.error(f.toString(), "compile_commands.json larger than " + MAX_SIZE + " bytes: not audited");
                    continue;
                }
                audit(Json.MAPPER.readTree(in), f.toString(), out, false);
            } catch (IOException e) {
                out.error(f.toString(), "unreadable compile_commands.json: " + e.getMessage());
            }
        }
    }

    private static void audit(JsonNode root, String path, Findings out, boolean inImage) {
        if (root == null || !root.isArray()) {
            out.error(path, "compile_commands.json is not a JSON array");
            return;
        }
        FlagAudit compiles = new FlagAudit();
        FlagAudit links = new FlagAudit();
        for (JsonNode e : root) {
            List<String> args = arguments(e);
            String file = e.path("file").asText("");
            if (args.isEmpty() || isAssembly(file)) {
                continue;
            }
            boolean compileOnly = args.contains("-c") || args.contains("-S") || args.contains("-E");
            CompilerFlags.Arch arch = CompilerFlags.archOf(args);
            if (compileOnly) {
                compiles.add(file, CompilerFlags.missing(args, arch, true, false));
            } else {
                String output = e.path("output").asText(file);
                links.add(output, CompilerFlags.missing(args, arch, true, true));
            }
        }
        String source = inImage ? "compile_commands.json in the image" : "compile_commands.json of --build-dir";
        compiles.report(g -> out.at(path), "translation units", source, "compile:");
        links.report(g -> out.at(path), "compile-and-link commands", source, "link:");
    }

    private static List<String> arguments(JsonNode e) {
        JsonNode args = e.get("arguments");
        if (args != null && args.isArray()) {
            List<String> out = new ArrayList<>();
            args.forEach(a -> out.add(a.asText()));
            return out;
        }
        JsonNode cmd = e.get("command");
        return cmd == null ? List.of() : CompilerFlags.split(cmd.asText());
    }

    private static boolean isAssembly(String file) {
        String l = file.toLowerCase(Locale.ROOT);
        return l.endsWith(".s") || l.endsWith(".asm");
    }
}
