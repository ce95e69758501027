package dev.medsec.history;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for a test: Debian's initdb and pg_ctl (package postgresql) in a temporary
 * directory, listening on 127.0.0.1 at a free port, trust authentication, stopped at close. PostgreSQL refuses to
 * run as root: under root (CI) the server runs as the package's "postgres" account.
 */
final class PostgresServer implements AutoCloseable {
    private final Path data;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path data, Path bin, int port, boolean asPostgres) {
        this.data = data;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The newest installed server's bin directory, or empty (the test then fails on CI, skips elsewhere). */
    static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(base)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static PostgresServer start(Path dir) throws Exception {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL server not installed"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = dir.resolve("pgdata");
        Files.createDirectories(dir);
        if (root) {
            Tools.run(dir, "chown", "postgres:postgres", dir.toString());
            Tools.run(dir, "chmod", "0755", dir.getParent().toString());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(data, bin, port, root);
        server.run(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync");
        server.run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", dir.resolve("pg.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        return server;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private void run(String... cmd) {
        List<String> c = new ArrayList<>();
        if (asPostgres) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(List.of(cmd));
        Tools.run(data.getParent(), c.toArray(new String[0]));
    }

    @Override
    public void close() {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "immediate", "stop");
    }
}
