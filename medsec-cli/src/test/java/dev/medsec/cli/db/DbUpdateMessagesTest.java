package dev.medsec.cli.db;

import dev.medsec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed update says which host, why, and what was kept: never "null". */
class DbUpdateMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void describe_causesWithoutMessages_namedInWords() {
        assertThat(DbUpdateCommand.describe(new IOException(new java.net.UnknownHostException("services.nvd.nist.gov"))))
                .contains("host services.nvd.nist.gov not found").contains("medsec db import");
        assertThat(DbUpdateCommand.describe(new IOException(new java.net.ConnectException()))).startsWith("cannot connect");
        assertThat(DbUpdateCommand.describe(new IOException((String) null))).isEqualTo("IOException");
    }

    /** A port on loopback where nothing listens: the command names the host and the cause, exit 1. */
    @Test
    void update_nothingListening_namesHostAndCause() {
        CliRun r = CliRun.of("db", "update", "--db", tmp.resolve("v.db").toString(), "--nvd-url", "http://127.0.0.1:9/nvd",
                "--delay-ms", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("while reaching 127.0.0.1").contains("cannot connect").doesNotContain("null");
    }
}
