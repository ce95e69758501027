package dev.medsec.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder until the scan engine lands in this module (foundation issue). */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "Scan a firmware image, archive or directory.")
public final class ScanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.USAGE;
    }
}
