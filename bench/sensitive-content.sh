#!/usr/bin/env bash
# Cost of principle 6 content scanning (PEM private keys, secret/token rule table) on a Debian bookworm
# minbase tree (~120 MB of files): in-process timings of the shared automaton pass with and without the
# principle 6 anchors, then the end-to-end scan with every registered check (hyperfine).
# Needs (as root): debootstrap, hyperfine, JDK 17, Maven. Usage: bench/sensitive-content.sh [TREE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-${TMPDIR:-/tmp}/medsec-bench/bookworm-minbase}"
out="${TMPDIR:-/tmp}/medsec-bench/out-sensitive"
mkdir -p "$out"

if [[ ! -d "$tree/var/lib/dpkg" ]]; then
  echo "creating $tree with debootstrap (a few minutes)..."
  debootstrap --variant=minbase bookworm "$tree" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1
fi
./medsec --version >/dev/null   # builds the jar if needed, outside the timings

echo "== in process (single thread, CPU time, best of 5)"
java -cp medsec-cli/target/medsec.jar bench/SensitiveContentBench.java "$tree" 5

echo "== end to end: medsec scan, every registered check (JVM start included)"
hyperfine --warmup 1 --runs 5 "./medsec scan '$tree' -q --json '$out/report.json'"
python3 - "$out/report.json" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
c = collections.Counter(f['check'] for f in r['findings'] if f['check'].startswith('sensitive.'))
print('principle 6 findings by check:', dict(c) or 'none', '| errors:', len(r['errors']))
PY
