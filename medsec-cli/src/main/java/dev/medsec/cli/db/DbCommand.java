package dev.medsec.cli.db;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code medsec db import|update|status}: the offline vulnerability database. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Manage the offline vulnerability database (NVD CVE API 2.0 and OSV records in SQLite).",
        subcommands = {DbImportCommand.class, DbUpdateCommand.class, DbStatusCommand.class})
public final class DbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a db command is required (import, update, status)");
    }
}
