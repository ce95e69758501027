package dev.medsec.attacksurface.services;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFieldsTest {
    @Test
    void listen_hostPortWordsAndPortOptions() {
        assertThat(ListenAddresses.of("/usr/bin/gdbserver --multi 0.0.0.0:2345")).containsExactly("0.0.0.0:2345");
        assertThat(ListenAddresses.of("/usr/bin/gdbserver :2345 /opt/pump/bin/ctl")).containsExactly(":2345");
        assertThat(ListenAddresses.of("/usr/sbin/dropbear -F -R -p 192.168.7.2:22")).containsExactly("192.168.7.2:22");
        assertThat(ListenAddresses.of("/usr/sbin/telnetd -F -p 2323")).containsExactly("2323");
        assertThat(ListenAddresses.of("/usr/bin/socat TCP-LISTEN:4444,reuseaddr,fork EXEC:/bin/sh")).containsExactly("4444");
        assertThat(ListenAddresses.of("/usr/bin/app --port=8080 --bind [::1]:8081")).containsExactly("8080", "[::1]:8081");
    }

    @Test
    void listen_nothingVisible_empty() {
        assertThat(ListenAddresses.of("/usr/sbin/sshd -D $SSHD_OPTS")).isEmpty();
        // a remote server named by host, a baud rate, a time and a mode are not listening addresses
        assertThat(ListenAddresses.of("/usr/sbin/ntpd -p pool.ntp.org:123")).isEmpty();
        assertThat(ListenAddresses.of("/sbin/getty -L ttyS0 115200 vt100")).isEmpty();
        assertThat(ListenAddresses.of("/usr/bin/logger -t boot 12:30")).isEmpty();
        assertThat(ListenAddresses.of("/usr/bin/app -p 99999 -l /var/log/app.log")).isEmpty();
        assertThat(ListenAddresses.of("")).isEmpty();
    }

    @Test
    void daemon_wrappersAndAssignmentsSkipped() {
        Service s = new Service("x", Service.InitSystem.SYSV_RC, "/etc/init.d/x",
                "LD_LIBRARY_PATH=/opt/lib nice -n 10 nohup /usr/bin/gdbserver --once :2345");
        assertThat(s.daemon()).isEqualTo("/usr/bin/gdbserver");
        assertThat(s.arguments()).isEqualTo("--once :2345");
        assertThat(s.listen()).containsExactly(":2345");
        assertThat(new Service("y", Service.InitSystem.RUNIT, "/etc/service/y", "chpst -u nobody:nogroup /usr/sbin/tftpd -l")
                .daemon()).isEqualTo("/usr/sbin/tftpd");
        assertThat(new Service("z", Service.InitSystem.SYSV_RC, "/etc/init.d/z", "").daemon()).isEmpty();
    }

    @Test
    void initScript_startStopDaemonChuid_isTheUser() {
        List<InitScriptDaemons.Started> started = InitScriptDaemons.startCommands("""
                #!/bin/sh
                case "$1" in
                  start)
                    start-stop-daemon --start --chuid pumpdbg:pumpdbg --background --exec /usr/bin/gdbserver -- --multi 0.0.0.0:2345
                    ;;
                  stop)
                    start-stop-daemon --stop --exec /usr/bin/gdbserver
                    ;;
                esac
                """);
        assertThat(started).containsExactly(new InitScriptDaemons.Started("/usr/bin/gdbserver --multi 0.0.0.0:2345", "pumpdbg"));
    }

    @Test
    void unitFile_continuationsResetsAndSections() {
        SystemdUnits.UnitFile u = SystemdUnits.UnitFile.parse("a.service", "/a", List.of(
                "[Service]", "ExecStart=/bin/false", "ExecStart=", "ExecStart=/usr/bin/app \\", "  --port 9000",
                "# ExecStart=/usr/bin/other", "User=app", "[Install]", "WantedBy=multi-user.target"));
        assertThat(SystemdUnits.execStart(u)).isEqualTo("/usr/bin/app --port 9000");
        assertThat(SystemdUnits.user(u)).isEqualTo("app");
        assertThat(u.first("Install.WantedBy")).isEqualTo("multi-user.target");
        SystemdUnits.UnitFile dyn = SystemdUnits.UnitFile.parse("b.service", "/b", List.of("[Service]", "DynamicUser=yes"));
        assertThat(SystemdUnits.user(dyn)).isEqualTo("dynamic");
        SystemdUnits.UnitFile sock = SystemdUnits.UnitFile.parse("t.socket", "/t", List.of("[Socket]", "ListenStream=23",
                "Accept=yes"));
        assertThat(SystemdUnits.socketService("t.socket", sock)).isEqualTo("t@.service");
        assertThat(SystemdUnits.listens(sock)).containsExactly("23");
    }
}
