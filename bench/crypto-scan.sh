#!/usr/bin/env bash
# Scan time of a tree holding Debian's real crypto libraries, servers and configurations (the inputs of the
# principle 4/7 checks: ELF imports, constant tables in the shared content pass, certificates, configs).
# Usage: bash bench/crypto-scan.sh [medsec.jar]   (needs apt-get, dpkg-deb, hyperfine)
set -euo pipefail
JAR=${1:-medsec-cli/target/medsec.jar}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get download -q libssl3 libmbedcrypto7 libwolfssl35 libgcrypt20 libnettle8 libgnutls30 openssh-server \
    openssh-client openssl nginx-common ca-certificates curl libcurl4 >/dev/null
mkdir root
for d in *.deb; do dpkg-deb -x "$d" root; done
echo "tree: $(find root -type f | wc -l) files, $(du -sh root | cut -f1)"
hyperfine --warmup 1 --runs 5 "java -jar $OLDPWD/$JAR scan -q --json=$WORK/report.json $WORK/root"
python3 - "$WORK/report.json" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
c = collections.Counter(f["check"] for f in r["findings"] if f["check"].startswith(("crypto.", "input.")))
for k, v in sorted(c.items()):
    print(f"{v:5d}  {k}")
PY
