#!/usr/bin/env bash
# Origin triage on stock Debian trees, which hold no code of the device maker: every finding should have an
# origin, none first-party, at most one per (component, check), and few above info. Prints, per check, how many
# findings the checks made and how many the report lists after the triage (report section "triage").
# Trees: a debootstrap'ed bookworm minbase (amd64, installed: dpkg database) and a first-stage foreign arm64
# one (--foreign: packages unpacked, no dpkg database; origin from the package files in the apt cache).
# Needs (as root): debootstrap, python3. Usage: bench/origin-triage.sh [AMD64_TREE] [ARM64_TREE]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${TMPDIR:-/tmp}/medsec-bench"
amd64="${1:-$base/bookworm-minbase}"
arm64="${2:-$base/bookworm-minbase-arm64}"
mkdir -p "$base/out"
[[ -d "$amd64/var/lib/dpkg" ]] || debootstrap --variant=minbase bookworm "$amd64" http://deb.debian.org/debian >"$base/out/debootstrap.log" 2>&1
[[ -d "$arm64/var/cache/apt/archives" ]] || debootstrap --foreign --arch=arm64 --variant=minbase bookworm "$arm64" \
  http://deb.debian.org/debian >"$base/out/debootstrap-arm64.log" 2>&1
./medsec --version >/dev/null
for tree in "$amd64" "$arm64"; do
  json="$base/out/origin-$(basename "$tree").json"
  ./medsec scan "$tree" -q --json "$json" || true
  python3 - "$json" "$tree" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
f = r["findings"]
kinds = collections.Counter(x["origin"]["kind"] for x in f)
per = collections.Counter((x["origin"].get("component", {}).get("name"), x["check"]) for x in f if x["origin"]["kind"] == "soup")
t = r["triage"]
print(f"== {sys.argv[2]}: {r['stats']['files']} files")
print(f"findings: {sum(v['checked'] for v in t['byCheck'].values())} from the checks -> {len(f)} reported, "
      f"{sum(1 for x in f if x['severity'] != 'info')} above info; origins {dict(kinds)}; "
      f"most findings of one (component, check): {max(per.values()) if per else 0}; "
      f"SOUP components with findings: {t['soupComponentsWithFindings']}")
above = collections.Counter(x["check"] for x in f if x["severity"] != "info")
print(f"  {'check':45} {'checks':>7} {'report':>7} {'>info':>6}")
for c, v in sorted(t["byCheck"].items(), key=lambda kv: -kv[1]["checked"]):
    print(f"  {c:45} {v['checked']:7} {v['reported']:7} {above.get(c, 0):6}")
PY
done
