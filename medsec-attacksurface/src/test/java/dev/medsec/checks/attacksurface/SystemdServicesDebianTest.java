package dev.medsec.checks.attacksurface;

import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.DebianPackages;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * systemd units as Debian ships them (systemd's targets, openssh-server's ssh.socket and ssh.service), enabled by
 * the real {@code systemctl --root enable}, plus two units of a device maker: a debugger wanted by
 * multi-user.target and a telnet server wanted only by rescue.target.
 */
class SystemdServicesDebianTest {
    @TempDir
    static Path dir;
    static Path root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tree() throws Exception {
        Tools.require("systemctl");
        root = DebianPackages.extract(dir, "systemd", "openssh-server");
        // the SysV script would make systemctl run update-rc.d in a chroot; the unit files are what we test
        Files.deleteIfExists(root.resolve("etc/init.d/ssh"));
        Path units = root.resolve("etc/systemd/system");
        Files.createDirectories(units);
        Files.writeString(units.resolve("remote-debug.service"), """
                [Unit]
                Description=Remote debugger for the pump controller
                After=network.target

                [Service]
                User=pumpdbg
                ExecStart=/usr/bin/gdbserver --multi \\
                    0.0.0.0:2345
                Restart=always

                [Install]
                WantedBy=multi-user.target
                """);
        Files.writeString(units.resolve("rescue-telnet.service"), """
                [Unit]
                Description=Telnet for the rescue shell

                [Service]
                ExecStart=-/usr/sbin/telnetd -F -p 2323

                [Install]
                WantedBy=rescue.target
                """);
        Tools.run(dir, "systemctl", "--root=" + root, "enable", "ssh.socket", "remote-debug.service",
                "rescue-telnet.service");
        // drop-ins: /etc's 10-port.conf hides the vendor's of the same name; the vendor's 20-user.conf applies after it
        Path etcDropIns = Files.createDirectories(units.resolve("remote-debug.service.d"));
        Files.writeString(etcDropIns.resolve("10-port.conf"), "[Service]\nExecStart=\nExecStart=/usr/bin/gdbserver --multi 0.0.0.0:9999\n");
        Path vendorDropIns = Files.createDirectories(root.resolve("usr/lib/systemd/system/remote-debug.service.d"));
        Files.writeString(vendorDropIns.resolve("10-port.conf"), "[Service]\nExecStart=\nExecStart=/usr/bin/gdbserver :1111\n");
        Files.writeString(vendorDropIns.resolve("20-user.conf"), "[Service]\nUser=debugger\n");
    }

    @Test
    void inventory_socketServiceAndUser_fromRealUnits() {
        CheckTester.Result r = CheckTester.of(new ServiceInventoryReport(), tmp).tree(root)
                .expect("/etc/systemd/system/sockets.target.wants/ssh.socket",
                        f -> f.evidence().get("listen").equals(List.of("22")))
                .run();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.sections().get("services");
        Map<String, Object> ssh = row(rows, "ssh.socket");
        assertThat(ssh).containsEntry("daemon", "/usr/sbin/sshd").containsEntry("arguments", "-D $SSHD_OPTS")
                .containsEntry("listen", List.of("22")).containsEntry("reachable", true);
        Map<String, Object> debug = row(rows, "remote-debug.service");
        // the unit's own ExecStart (0.0.0.0:2345, pumpdbg) as its drop-ins change it
        assertThat(debug).containsEntry("daemon", "/usr/bin/gdbserver").containsEntry("user", "debugger")
                .containsEntry("listen", List.of("0.0.0.0:9999")).containsEntry("reachable", true);
        Map<String, Object> telnet = row(rows, "rescue-telnet.service");
        assertThat(telnet).containsEntry("daemon", "/usr/sbin/telnetd").containsEntry("listen", List.of("2323"))
                .containsEntry("reachable", false);
        // systemd's own static wants (journald's sockets, sysinit units) are reached from graphical.target
        assertThat(row(rows, "systemd-journald.socket")).containsEntry("reachable", true);
    }

    @Test
    void insecureService_debuggerHigh_rescueOnlyTelnetMedium_sshNotReported() {
        CheckTester.of(new InsecureService(), tmp).tree(root)
                .expect("/etc/systemd/system/multi-user.target.wants/remote-debug.service",
                        f -> f.severity() == Severity.HIGH && "GDBSERVER".equals(f.evidence().get("kind"))
                                && f.message().contains("listening on 0.0.0.0:9999"))
                .expect("/etc/systemd/system/rescue.target.wants/rescue-telnet.service",
                        f -> f.severity() == Severity.MEDIUM && Boolean.FALSE.equals(f.evidence().get("reachable")))
                .run();
    }

    @Test
    void insecureService_profileForbidsTheDaemon_matchedThroughTheUnit() throws Exception {
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, "services:\n  forbidden: [sshd]\n");
        CheckTester.Result r = CheckTester.of(new InsecureService(), tmp).tree(root)
                .settings(ScanSettings.defaults().withProfile(profile))
                .expect("/etc/systemd/system/sockets.target.wants/ssh.socket",
                        f -> "forbidden".equals(f.evidence().get("profile")) && f.severity() == Severity.HIGH)
                .expect("/etc/systemd/system/multi-user.target.wants/remote-debug.service")
                .expect("/etc/systemd/system/rescue.target.wants/rescue-telnet.service")
                .run();
        assertThat(r.findings()).extracting(Finding::message).anyMatch(m -> m.startsWith("forbidden by the device profile"));
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String name) {
        return rows.stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no service " + name + " in " + rows.stream().map(m -> m.get("name")).toList()));
    }
}
