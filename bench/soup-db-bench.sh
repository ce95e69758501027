#!/usr/bin/env bash
# Vulnerability database benchmarks (figures in the SOUP issue note):
#  1. import of 200,000 NVD-format records GENERATED FROM THE REAL SHARED RECORDS (new ids, renamed products;
#     see soup/generate-nvd.py) with a 1 GiB heap: wall time and peak RSS; then a re-import (all unchanged);
#  2. matching 10,000 components against that database (soup/MatchBench.java), three rounds in one JVM.
# Needs: python3, /usr/bin/time, the shared vulndata. Usage: bench/soup-db-bench.sh [VULNDATA_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
vulndata="${1:-../shared/vulndata}"
n="${2:-200000}"
work="${TMPDIR:-/tmp}/medsec-bench/soup"
rm -rf "$work" && mkdir -p "$work"
python3 bench/soup/generate-nvd.py "$vulndata/nvd" "$work/feeds" "$n"
./medsec --version >/dev/null   # builds the jar outside the timings
jar=medsec-cli/target/medsec.jar
echo "== import of $n generated records, -Xmx1g"
/usr/bin/time -v java -Xmx1g -jar "$jar" db import -q --db "$work/bench.db" "$work/feeds" \
  2>"$work/time.txt" | tail -2
grep -E "User time|System time|Elapsed|Maximum resident" "$work/time.txt"
echo "== re-import (idempotent: every record unchanged)"
/usr/bin/time -v java -Xmx1g -jar "$jar" db import -q --db "$work/bench.db" "$work/feeds" \
  2>"$work/time2.txt" | tail -2
grep -E "User time|System time|Elapsed|Maximum resident" "$work/time2.txt"
ls -la "$work/bench.db"
echo "== matching 10,000 components"
mvn -q -o -pl medsec-sbom dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="medsec-sbom/target/classes:medsec-core/target/classes:$(cat "$work/cp.txt")"
java -Xmx1g -cp "$cp" bench/soup/MatchBench.java "$work/bench.db" 10000
