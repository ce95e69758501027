#!/usr/bin/env bash
# Re-assessment speed: a CycloneDX SBOM of 10,000 components (npm, Maven and Debian purls, CPEs of C libraries;
# about half of them vulnerable in the shared test data) re-matched by `medsec rescore` against a database of the
# shared NVD and OSV records. Prints the command's own "matched in N ms" (after the database is open) and the
# whole command's time with hyperfine.
# Usage: bench/rescore-10k.sh [COMPONENTS]   (needs ../shared/vulndata; hyperfine optional)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./medsec db import --db "$work/m.db" -q ../shared/vulndata >/dev/null
python3 - "$n" "$work/bom.json" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
kinds = [
    lambda i: {"name": "lodash", "version": "4.17.%d" % (i % 22), "purl": "pkg:npm/lodash@4.17.%d" % (i % 22)},
    lambda i: {"name": "minimist", "version": "1.2.%d" % (i % 8), "purl": "pkg:npm/minimist@1.2.%d" % (i % 8)},
    lambda i: {"name": "pkg%d" % i, "version": "1.0.%d" % i, "purl": "pkg:npm/pkg%d@1.0.%d" % (i, i)},
    lambda i: {"name": "jackson-databind", "version": "2.13.%d" % (i % 5),
               "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.%d" % (i % 5)},
    lambda i: {"name": "lib%d" % i, "version": "2.%d" % i, "purl": "pkg:maven/org.example/lib%d@2.%d" % (i, i)},
    lambda i: {"name": "zlib1g", "version": "1:1.2.13.dfsg-1", "purl": "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12"},
    lambda i: {"name": "openssl", "version": "3.0.%d" % (i % 12), "cpe": "cpe:2.3:a:openssl:openssl:3.0.%d:*:*:*:*:*:*:*" % (i % 12)},
    lambda i: {"name": "busybox", "version": "1.3%d.0" % (i % 7), "cpe": "cpe:2.3:a:busybox:busybox:1.3%d.0:*:*:*:*:*:*:*" % (i % 7)},
    lambda i: {"name": "c%d" % i, "version": "0.%d" % i, "cpe": "cpe:2.3:a:vendor%d:c%d:0.%d:*:*:*:*:*:*:*" % (i, i, i)},
    lambda i: {"name": "libcurl", "version": "8.%d.0" % (i % 6), "cpe": "cpe:2.3:a:haxx:libcurl:8.%d.0:*:*:*:*:*:*:*" % (i % 6)},
]
comps = []
for i in range(n):
    c = kinds[i % len(kinds)](i)
    c["type"] = "library"
    c["bom-ref"] = "c%d" % i
    comps.append(c)
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "metadata": {"component": {"type": "firmware", "name": "bench-device", "version": "1.0"}},
           "components": comps}, open(out, "w"))
PY
./medsec rescore "$work/bom.json" --db "$work/m.db" --json "$work/r.json"
if command -v hyperfine >/dev/null; then
  hyperfine -w 1 -r 5 -N "./medsec rescore $work/bom.json --db $work/m.db -q --json $work/r.json"
fi
