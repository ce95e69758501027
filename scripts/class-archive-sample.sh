#!/usr/bin/env bash
# Writes a small sample root filesystem into DIR for the launcher's class-data archive training scan: one file of
# each kind a device image usually holds, so that the classes a real scan loads are in the archive.
# Nothing here is a finding anyone reads; the training report is deleted. Usage: class-archive-sample.sh DIR
set -uo pipefail
d="$1"
mkdir -p "$d"/usr/bin "$d"/usr/lib "$d"/etc/ssh "$d"/etc/init.d "$d"/etc/systemd/system/multi-user.target.wants \
  "$d"/var/lib/dpkg/info "$d"/usr/share/doc/sample "$d"/usr/lib/python3/dist-packages/sample-1.0.dist-info \
  "$d"/usr/lib/node_modules/sample "$d"/usr/src/sample "$d"/var/lib/app
for b in sh ls; do
  p="$(command -v "$b" 2>/dev/null)" && cp -L "$p" "$d/usr/bin/$b" 2>/dev/null
done
libc="$(ldd "$(command -v sh)" 2>/dev/null | awk '/libc\.so/ {print $3}')"
[[ -n "$libc" && -f "$libc" ]] && cp -L "$libc" "$d/usr/lib/" 2>/dev/null
printf 'root:x:0:0:root:/root:/bin/sh\nsvc:x:100:100::/var/lib/app:/bin/false\n' >"$d/etc/passwd"
printf 'root:$6$salt$hash:19000:0:99999:7:::\nsvc:!:19000::::::\n' >"$d/etc/shadow"
printf 'PermitRootLogin yes\nCiphers aes128-cbc\nPasswordAuthentication yes\n' >"$d/etc/ssh/sshd_config"
printf 'net.ipv4.ip_forward = 1\n' >"$d/etc/sysctl.conf"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n' >"$d/etc/os-release"
printf '#!/bin/sh\ncurl -k -o /tmp/u http://example.invalid/update && sh /tmp/u\n' >"$d/etc/init.d/S50update"
printf '[Service]\nExecStart=/usr/bin/ls\n' >"$d/etc/systemd/system/sample.service"
ln -sf ../sample.service "$d/etc/systemd/system/multi-user.target.wants/sample.service"
printf 'Package: sample\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n\n' >"$d/var/lib/dpkg/status"
printf '/usr/bin/ls\n' >"$d/var/lib/dpkg/info/sample.list"
printf 'sample (1.0-1) unstable; urgency=low\n\n  * Initial release.\n' | gzip -c >"$d/usr/share/doc/sample/changelog.Debian.gz"
printf 'Metadata-Version: 2.1\nName: sample\nVersion: 1.0\n' >"$d/usr/lib/python3/dist-packages/sample-1.0.dist-info/METADATA"
printf '{"name": "sample", "version": "1.0.0", "license": "MIT"}\n' >"$d/usr/lib/node_modules/sample/package.json"
printf '<?xml version="1.0"?>\n<Patient xmlns="http://hl7.org/fhir"><name><family value="Doe"/></name></Patient>\n' \
  >"$d/var/lib/app/patient.xml"
printf 'MSH|^~\\&|APP|FAC|||202401011200||ADT^A01|1|P|2.5\rPID|1||123||DOE^JOHN\r' >"$d/var/lib/app/msg.hl7"
printf '#include <string.h>\nvoid f(char *d, const char *s) { strcpy(d, s); }\n' >"$d/usr/src/sample/f.c"
printf '[{"directory": "/usr/src/sample", "file": "f.c", "command": "cc -O2 -c f.c"}]\n' \
  >"$d/usr/src/sample/compile_commands.json"
(cd "$d/usr/share/doc/sample" && tar -czf docs.tar.gz changelog.Debian.gz 2>/dev/null)
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=sample -days 2 -keyout "$d/etc/ssl-sample.key" \
    -out "$d/etc/ssl-sample.pem" >/dev/null 2>&1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=sample-ec -days 2 \
    -keyout "$d/etc/ssl-sample-ec.key" -out "$d/etc/ssl-sample-ec.pem" >/dev/null 2>&1
fi
exit 0
