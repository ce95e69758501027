package dev.medsec.cli;

import picocli.CommandLine;

/** Tool version from the jar manifest (set by the build), "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"medsec " + get()};
    }
}
