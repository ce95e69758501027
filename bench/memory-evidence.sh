#!/usr/bin/env bash
# Parsing speed of dynamic-test evidence: a large Valgrind XML (N errors), a large ASan/LSan log and a large
# SARIF file, each imported with `medsec evidence import`. Needs gcc, valgrind, flawfinder, hyperfine.
# Usage: bench/memory-evidence.sh [N]   (default 20000 errors / reports / results)
set -euo pipefail
n="${1:-20000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > uaf.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void) { char *p = malloc(16); p[0] = 1; free(p); printf("%d\n", p[0]); return 0; }
C
gcc -g -O0 -o uaf uaf.c
gcc -g -O0 -fsanitize=address -o uaf-asan uaf.c
valgrind --tool=memcheck --xml=yes --xml-file=one.xml --leak-check=full ./uaf >/dev/null 2>&1
(./uaf-asan > one.log 2>&1 || true)

# N copies of the error block, each with its own function name so that none merge
python3 - "$n" <<'PY'
import re, sys, json
n = int(sys.argv[1])
x = open("one.xml").read()
head, rest = x.split("<error>", 1)
block, tail = rest.split("</error>", 1)
tail = tail[tail.index("<errorcounts>"):] if "<errorcounts>" in tail else tail
with open("big.xml", "w") as f:
    f.write(head)
    for i in range(n):
        f.write("<error>" + block.replace("<fn>main</fn>", "<fn>fn%d</fn>" % i) + "</error>\n")
    f.write("<errorcounts>\n</errorcounts>\n</valgrindoutput>\n")
log = open("one.log").read()
with open("big.log", "w") as f:
    for i in range(n):
        f.write(log.replace(" in main ", " in fn%d " % i))
results = [{"ruleId": "FF1001", "level": "error", "message": {"text": "strcpy %d" % i},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/f%d.c" % i},
                                                 "region": {"startLine": i % 900 + 1}}}]} for i in range(n)]
json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Flawfinder", "rules": [{"id": "FF1001",
          "relationships": [{"target": {"id": "CWE-120", "toolComponent": {"name": "CWE"}}}]}]}},
          "results": results}]}, open("big.sarif", "w"))
PY
ls -l big.xml big.log big.sarif
"$here/medsec" --version >/dev/null
hyperfine --warmup 1 --runs 5 --export-markdown "$work/result.md" \
  -n "valgrind-xml-$n" "$here/medsec evidence import -q --json $work/a.json $work/big.xml" \
  -n "asan-log-$n" "$here/medsec evidence import -q --json $work/b.json $work/big.log" \
  -n "sarif-$n" "$here/medsec evidence import -q --json $work/c.json $work/big.sarif"
cat "$work/result.md"
