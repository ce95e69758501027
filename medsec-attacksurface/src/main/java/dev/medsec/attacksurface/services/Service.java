package dev.medsec.attacksurface.services;

import java.util.List;

/**
 * A service the image starts, and how.
 *
 * @param name      the service's name as the init system knows it (unit, script, inetd service, inittab id)
 * @param system    the init system or super-server that starts it
 * @param path      image path of the entry that enables it (the link, the inittab, the inetd.conf)
 * @param command   the command line, when the entry names one (inittab, inetd, unit ExecStart); "" otherwise
 * @param user      the account it runs as when the entry says so (unit User=, inetd's user field, start-stop-daemon
 *                  --chuid); "" when the entry does not say (init systems then run it as root)
 * @param listen    the addresses it listens on where the entry shows them ("0.0.0.0:2345", "22", "telnet/tcp")
 * @param reachable false when the entry enables it for a boot target the default target never reaches (a unit
 *                  wanted only by rescue.target); true otherwise, and when the image does not let us tell
 */
public record Service(String name, InitSystem system, String path, String command, String user, List<String> listen,
                      boolean reachable) {
    /** Who starts the service. */
    public enum InitSystem { INITTAB, SYSV_RC, INETD, XINETD, SYSTEMD, RUNIT, OPENRC }

    public Service {
        listen = List.copyOf(listen);
    }

    /** A service whose entry names no user; its listening addresses are read from its command line. */
    public Service(String name, InitSystem system, String path, String command) {
        this(name, system, path, command, "", ListenAddresses.of(command), true);
    }

    /** The program the command runs, wrappers and environment assignments skipped; "" when there is no command. */
    public String daemon() {
        return CommandLine.daemon(command);
    }

    /** The command's arguments after the daemon. */
    public String arguments() {
        return CommandLine.arguments(command);
    }
}
