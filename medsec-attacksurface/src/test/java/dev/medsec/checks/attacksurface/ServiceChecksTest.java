package dev.medsec.checks.attacksurface;

import dev.medsec.core.Severity;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceChecksTest {
    @TempDir
    Path tmp;

    private static FileMeta link(String target) {
        return FileMeta.of(EntryKind.SYMLINK, 0777, 0, 0).withLinkTarget(target);
    }

    private static final String INETD = "# telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n"
            + "ftp stream tcp nowait root /usr/sbin/tcpd in.ftpd\n"
            + "tftp dgram udp wait nobody /usr/sbin/tcpd in.tftpd /srv/tftp\n"
            + "ident stream tcp nowait identd /usr/sbin/identd identd\n";

    @Test
    void insecureService_inetdXinetdSystemdSysvRunitOpenrc_allFound() {
        CheckTester.of(new InsecureService(), tmp)
                .text("/etc/inetd.conf", INETD)
                .text("/etc/xinetd.d/rsh", "service shell\n{\n  socket_type = stream\n  server = /usr/sbin/in.rshd\n}\n")
                .text("/etc/xinetd.d/rlogin", "service login\n{\n  disable = yes\n  server = /usr/sbin/in.rlogind\n}\n")
                .entry("/etc/systemd/system/multi-user.target.wants/telnet.socket", link("/lib/systemd/system/telnet.socket"))
                .entry("/etc/rc2.d/S02gdbserver", link("../init.d/gdbserver"))
                .entry("/etc/rc2.d/K01adbd", link("../init.d/adbd"))
                .entry("/etc/service/adbd", link("/etc/sv/adbd"))
                .entry("/etc/runlevels/default/vsftpd", link("/etc/init.d/vsftpd"))
                .expect("/etc/inetd.conf", f -> "ftp".equals(f.evidence().get("service")))
                .expect("/etc/inetd.conf", f -> "tftp".equals(f.evidence().get("service")))
                .expect("/etc/xinetd.d/rsh", f -> "R_SERVICES".equals(f.evidence().get("kind")))
                .expect("/etc/systemd/system/multi-user.target.wants/telnet.socket",
                        f -> "TELNET".equals(f.evidence().get("kind")))
                .expect("/etc/rc2.d/S02gdbserver", f -> "GDBSERVER".equals(f.evidence().get("kind")))
                .expect("/etc/service/adbd", f -> "ADB".equals(f.evidence().get("kind")))
                .expect("/etc/runlevels/default/vsftpd", f -> f.severity() == Severity.HIGH)
                .run();
    }

    @Test
    void insecureService_sshAndOrdinaryDaemons_notReported() {
        CheckTester.of(new InsecureService(), tmp)
                .entry("/etc/systemd/system/multi-user.target.wants/ssh.service", link("/lib/systemd/system/ssh.service"))
                .entry("/etc/systemd/system/multi-user.target.wants/systemd-logind.service",
                        link("/lib/systemd/system/systemd-logind.service"))
                .entry("/etc/rc3.d/S01rsyslog", link("../init.d/rsyslog"))
                // "login" and "shell" are r-services only as inetd service names.
                .entry("/etc/runlevels/default/login", link("/etc/init.d/login"))
                .entry("/etc/systemd/system/multi-user.target.wants/shell.service", link("/lib/systemd/system/shell.service"))
                .text("/etc/inetd.conf", "# all commented\n#telnet stream tcp nowait root /usr/sbin/in.telnetd\n")
                .run();
    }

    @Test
    void insecureService_profileForbidsOrAllows() throws Exception {
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "services:\n  allowed: [tftp]\n  forbidden: [pumpdebugd]\n");
        CheckTester.of(new InsecureService(), tmp)
                .settings(ScanSettings.defaults().withProfile(profile))
                .text("/etc/inetd.conf", "tftp dgram udp wait nobody /usr/sbin/in.tftpd in.tftpd /srv\n")
                .entry("/etc/rc5.d/S90pumpdebugd", link("../init.d/pumpdebugd"))
                .expect("/etc/inetd.conf", f -> f.severity() == Severity.INFO && "allowed".equals(f.evidence().get("profile")))
                .expect("/etc/rc5.d/S90pumpdebugd", f -> f.severity() == Severity.HIGH
                        && "forbidden".equals(f.evidence().get("profile")))
                .run();
    }

    @Test
    void consoleWithoutLogin_busyboxShellAndAutologinGetty() {
        CheckTester.of(new ConsoleWithoutLogin(), tmp)
                .text("/etc/inittab", "::sysinit:/etc/init.d/rcS\nttyS0::respawn:-/bin/sh\n"
                        + "tty1::respawn:/sbin/getty 38400 tty1\n::ctrlaltdel:/sbin/reboot\n")
                .text("/rootfs2/etc/inittab", "")
                .expect("/etc/inittab", f -> "ttyS0".equals(f.evidence().get("terminal"))
                        && Boolean.TRUE.equals(f.evidence().get("serial")))
                .run();
    }

    @Test
    void consoleWithoutLogin_systemdAutologinAndDebugShell() {
        CheckTester.of(new ConsoleWithoutLogin(), tmp)
                .entry("/etc/systemd/system/getty.target.wants/serial-getty@ttyAMA0.service",
                        link("/lib/systemd/system/serial-getty@.service"))
                .text("/lib/systemd/system/serial-getty@.service", "[Service]\n"
                        + "ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %I $TERM\n")
                .entry("/etc/systemd/system/sysinit.target.wants/debug-shell.service",
                        link("/lib/systemd/system/debug-shell.service"))
                .expect("/etc/systemd/system/getty.target.wants/serial-getty@ttyAMA0.service",
                        f -> "ttyAMA0".equals(f.evidence().get("terminal")))
                .expect("/etc/systemd/system/sysinit.target.wants/debug-shell.service")
                .run();
    }

    @Test
    void consoleWithoutLogin_gettyWithLogin_notReported() {
        CheckTester.of(new ConsoleWithoutLogin(), tmp)
                .text("/etc/inittab", "id:3:initdefault:\nT0:23:respawn:/sbin/getty -L ttyS0 115200 vt100\n"
                        + "1:2345:respawn:/sbin/getty 38400 tty1\n")
                .run();
    }

    @Test
    void serviceInventory_sshReportedAndSectionListsAll() {
        CheckTester.Result r = CheckTester.of(new ServiceInventoryReport(), tmp)
                .entry("/etc/rc2.d/S01dropbear", link("../init.d/dropbear"))
                .entry("/etc/rc2.d/S01cron", link("../init.d/cron"))
                .expect("/etc/rc2.d/S01dropbear", f -> f.severity() == Severity.INFO)
                .run();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) r.sections().get("services");
        assertThat(rows).extracting(m -> m.get("name")).containsExactly("cron", "dropbear");
    }

    /** BusyBox inittab: an empty id is the console, but a respawned daemon is the service its program is. */
    @Test
    void insecureService_busyboxInittabRespawnedDaemon_reportedByItsProgram() {
        CheckTester.Result r = CheckTester.of(new InsecureService(), tmp)
                .text("/etc/inittab", "::sysinit:/bin/mount -t proc proc /proc\n::sysinit:/etc/init.d/rcS\n"
                        + "::respawn:/usr/sbin/telnetd -F -l /bin/sh\nttyS0::askfirst:-/bin/sh\n::shutdown:/bin/umount -a -r\n")
                .expect("/etc/inittab", f -> "telnetd".equals(f.evidence().get("service"))
                        && "TELNET".equals(f.evidence().get("kind"))
                        && "/usr/sbin/telnetd -F -l /bin/sh".equals(f.evidence().get("command")))
                .run();
        CheckTester.Result inventory = CheckTester.of(new ServiceInventoryReport(), tmp)
                .text("/etc/inittab", "::sysinit:/bin/mount -t proc proc /proc\n::respawn:/usr/sbin/telnetd -F\n"
                        + "ttyS0::askfirst:-/bin/sh\n")
                .run();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) inventory.sections().get("services");
        // the one-shot mount is not a service; the shell on ttyS0 keeps its terminal's name
        assertThat(rows).extracting(m -> m.get("name")).containsExactlyInAnyOrder("telnetd", "ttyS0");
        assertThat(r.findings()).hasSize(1);
    }

    /** A daemon an init script starts on its start path is a service of its own, with its arguments. */
    @Test
    void insecureService_daemonStartedByInitScript_reportedWithArguments_stopBranchIgnored() {
        String script = "#!/bin/sh\n# debug helpers\ncase \"$1\" in\n  start)\n"
                + "    echo \"starting\"\n    mkdir -p /var/run/dbg\n    /usr/bin/gdbserver --multi 0.0.0.0:2345 &\n    ;;\n"
                + "  stop)\n    killall gdbserver\n    /usr/sbin/telnetd -F &\n    ;;\nesac\n";
        CheckTester.of(new InsecureService(), tmp)
                .text("/etc/init.d/S99debug", script)
                .expect("/etc/init.d/S99debug", f -> "gdbserver".equals(f.evidence().get("service"))
                        && f.evidence().get("command").toString().contains("0.0.0.0:2345"))
                .run();
    }

    /** The profile's lists match the daemon, not only the script's name. */
    @Test
    void insecureService_profileForbidsTheDaemonAScriptOfAnotherNameStarts() throws Exception {
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "services:\n  forbidden: [pumpdebugd]\n");
        CheckTester.of(new InsecureService(), tmp)
                .settings(ScanSettings.defaults().withProfile(profile))
                .text("/etc/rc.local", "#!/bin/sh\n/opt/pump/bin/pumpdebugd --listen 0.0.0.0:4444 &\nexit 0\n")
                .expect("/etc/rc.local", f -> "forbidden".equals(f.evidence().get("profile"))
                        && "pumpdebugd".equals(f.evidence().get("service")))
                .run();
    }

    @Test
    void serviceInventory_scriptsThatStartNoDaemon_listOnlyTheScript() {
        CheckTester.Result r = CheckTester.of(new ServiceInventoryReport(), tmp)
                .text("/etc/init.d/S10setup", "#!/bin/sh\ndo_start() {\n  echo setup\n  mkdir -p /run/x\n}\n"
                        + "case \"$1\" in\n  start) do_start ;;\n  *) echo usage ;;\nesac\n")
                .run();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) r.sections().get("services");
        assertThat(rows).extracting(m -> m.get("name")).containsExactly("setup");
    }

    /** Debian's own init script (package dbus): start) calls a function that runs start-stop-daemon --exec $DAEMON. */
    @Test
    void serviceInventory_debianInitScript_daemonFoundThroughItsFunctionsAndVariables() throws Exception {
        dev.medsec.testkit.Tools.require("apt-get");
        dev.medsec.testkit.Tools.require("dpkg-deb");
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        dev.medsec.testkit.Tools.run(debs, "apt-get", "download", "dbus");
        Path deb;
        try (var l = Files.list(debs)) {
            deb = l.filter(p -> p.getFileName().toString().startsWith("dbus_")).findFirst().orElseThrow();
        }
        Path root = Files.createDirectories(tmp.resolve("root"));
        dev.medsec.testkit.Tools.run(tmp, "dpkg-deb", "-x", deb.toString(), root.toString());
        CheckTester.Result r = CheckTester.of(new ServiceInventoryReport(), tmp)
                .file("/etc/init.d/dbus", root.resolve("etc/init.d/dbus"))
                .entry("/etc/rc2.d/S01dbus", link("../init.d/dbus"))
                .run();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> rows = (List<Map<String, String>>) r.sections().get("services");
        assertThat(rows).anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo("dbus-daemon");
            assertThat(m.get("command")).startsWith("/usr/bin/dbus-daemon --system");
            assertThat(m.get("path")).isEqualTo("/etc/init.d/dbus");
        });
    }

    @Test
    void insecureService_shellBoundToAPort_reportedWhereverStarted() {
        CheckTester.of(new InsecureService(), tmp)
                .text("/etc/inittab", "::sysinit:/etc/init.d/rcS\n::respawn:/usr/bin/nc -ll -p 4444 -e /bin/sh\n")
                .entry("/etc/rc5.d/S99factory", link("../init.d/factory"))
                .text("/etc/init.d/factory", "#!/bin/sh\ncase \"$1\" in\n  start)\n    busybox nc -l -p 2323 -e /bin/ash &\n    ;;\nesac\n")
                .entry("/etc/systemd/system/multi-user.target.wants/diag.service", link("/etc/systemd/system/diag.service"))
                .text("/etc/systemd/system/diag.service",
                        "[Service]\nExecStart=/usr/bin/socat TCP-LISTEN:5555,reuseaddr,fork EXEC:/bin/bash,pty,stderr\n")
                .expect("/etc/inittab", f -> "BIND_SHELL".equals(f.evidence().get("kind"))
                        && f.evidence().get("listen").equals(List.of("4444")))
                .expect("/etc/init.d/factory", f -> "BIND_SHELL".equals(f.evidence().get("kind")))
                .expect("/etc/systemd/system/multi-user.target.wants/diag.service",
                        f -> "BIND_SHELL".equals(f.evidence().get("kind")) && f.evidence().get("listen").equals(List.of("5555")))
                .run();
    }

    @Test
    void insecureService_netcatAndSocatWithoutAShell_notReported() {
        CheckTester.of(new InsecureService(), tmp)
                .text("/etc/inittab", "::respawn:/usr/bin/nc -l -p 5000 -o /var/log/dump.hex\n"
                        + "::respawn:/usr/bin/socat TCP-LISTEN:8080,fork TCP:127.0.0.1:80\n"
                        + "::once:/usr/bin/nc -z -w 2 update.example.com 443\n"
                        + "::respawn:/usr/bin/nc update.example.com 443 -e /usr/sbin/flash-tool\n")
                .run();
    }
}
