package dev.medsec.attacksurface.services;

/**
 * A service the image starts, and how.
 *
 * @param name    the service's name as the init system knows it (unit, script, inetd service, inittab id)
 * @param system  the init system or super-server that starts it
 * @param path    image path of the entry that enables it (the link, the inittab, the inetd.conf)
 * @param command the command line, when the entry names one (inittab, inetd, unit ExecStart); "" otherwise
 */
public record Service(String name, InitSystem system, String path, String command) {
    /** Who starts the service. */
    public enum InitSystem { INITTAB, SYSV_RC, INETD, XINETD, SYSTEMD, RUNIT, OPENRC }
}
