#!/usr/bin/env bash
# Heap and RSS per archive entry: tars of N one-byte members (10k, 100k, 990k: just under the default
# 1,000,000-entry budget with their directories), each scanned with the default heap (wall time, peak RSS) and
# with the smallest -Xmx of a ladder that completes — the live heap the entries need.
# Needs: python3, /usr/bin/time. Usage: bench/entries-memory.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${TMPDIR:-/tmp}/medsec-bench/entries"
mkdir -p "$work"
./medsec --version >/dev/null
jar=medsec-cli/target/medsec.jar
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(10000 100000 990000)
for n in "${counts[@]}"; do
  tar="$work/e$n.tar"
  [[ -f "$tar" ]] || python3 - "$n" "$tar" <<'PY'
import io, sys, tarfile
n, out = int(sys.argv[1]), sys.argv[2]
with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as t:
    for i in range(n):
        ti = tarfile.TarInfo(f"d{i // 1000}/f{i}")
        ti.size = 1
        t.addfile(ti, io.BytesIO(b"x"))
PY
  /usr/bin/time -f "$n entries, default heap: %e s, peak RSS %M KB" java -jar "$jar" scan "$tar" -q --db none \
      --json "$work/r.json" 2>&1 | tail -1
  for x in 64 128 256 512 1024 2048; do
    if java -Xmx${x}m -jar "$jar" scan "$tar" -q --db none --json "$work/r.json" >/dev/null 2>&1; then
      python3 -c "import sys; n=int(sys.argv[1]); x=int(sys.argv[2]); print(f'{n} entries: completes with -Xmx{x}m ({x*1048576/n:.0f} bytes of heap per entry at most, baseline included)')" "$n" "$x"
      break
    fi
  done
done
