#!/usr/bin/env bash
# End-to-end scan benchmark on a Debian bookworm minbase tree (about 5,200 files, 120 MB):
# walk, classify, SHA-256 of every file, every check registered, report written.
# Prints hyperfine wall times, peak RSS (/usr/bin/time -v) and the I/O floor (tar of the tree to wc).
# Needs (as root): debootstrap, hyperfine, time. Usage: bench/scan-minbase.sh [TREE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-${TMPDIR:-/tmp}/medsec-bench/bookworm-minbase}"
out="${TMPDIR:-/tmp}/medsec-bench/out"
mkdir -p "$out"

if [[ ! -d "$tree/var/lib/dpkg" ]]; then
  echo "creating $tree with debootstrap (a few minutes)..."
  debootstrap --variant=minbase bookworm "$tree" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1
fi

echo "tree: $(find "$tree" -xdev -type f | wc -l) files, $(du -sm --apparent-size "$tree" | cut -f1) MB"
./medsec --version >/dev/null   # builds the jar if needed, outside the timings

echo "== I/O floor: tar -cf - TREE | wc -c"
hyperfine --warmup 1 --runs 5 "tar -cf - -C '$tree' . | wc -c"

echo "== medsec scan (JVM start included)"
hyperfine --warmup 1 --runs 10 "./medsec scan '$tree' -q --json '$out/report.json'"

echo "== peak memory"
/usr/bin/time -v ./medsec scan "$tree" -q --json "$out/report.json" 2>&1 | grep -E "Maximum resident|Elapsed"
python3 -c "import json;r=json.load(open('$out/report.json'));print('files',r['stats']['files'],'findings',len(r['findings']),'errors',len(r['errors']))"
