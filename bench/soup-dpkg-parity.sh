#!/usr/bin/env bash
# Parity of the dpkg cataloger with dpkg itself on a Debian bookworm minbase tree made by debootstrap:
# the number of components identified from var/lib/dpkg/status must equal `dpkg-query -W | wc -l`, and the
# (name, version, architecture) sets must be identical. Needs (as root): debootstrap, python3.
# Usage: bench/soup-dpkg-parity.sh [TREE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-${TMPDIR:-/tmp}/medsec-bench/bookworm-minbase}"
out="${TMPDIR:-/tmp}/medsec-bench/out"
mkdir -p "$out"
if [[ ! -d "$tree/var/lib/dpkg" ]]; then
  echo "creating $tree with debootstrap (a few minutes)..."
  debootstrap --variant=minbase bookworm "$tree" http://deb.debian.org/debian >"$out/debootstrap.log" 2>&1
fi
dpkg-query --admindir="$tree/var/lib/dpkg" -W -f '${Package}\t${Version}\t${Architecture}\n' | sort >"$out/dpkg-query.tsv"
./medsec sbom "$tree" -o "$out/minbase.cdx.json"
python3 - "$out/minbase.cdx.json" "$out/dpkg-query.tsv" <<'PY'
import json, sys
bom = json.load(open(sys.argv[1]))
ours = set()
for c in bom["components"]:
    props = {p["name"]: p["value"] for p in c.get("properties", [])}
    if props.get("medsec:identifiedBy") == "dpkg":
        ours.add((c["name"], c["version"], props.get("medsec:evidence:architecture", "")))
theirs = {tuple(l.rstrip("\n").split("\t")) for l in open(sys.argv[2]) if l.strip()}
print(f"dpkg-query -W: {len(theirs)} packages; medsec dpkg components: {len(ours)}")
print(f"other components (binary classifier, python, ...): {len(bom['components']) - len(ours)}")
missing, extra = theirs - ours, ours - theirs
print("missing:", sorted(missing)[:10], "extra:", sorted(extra)[:10])
sys.exit(0 if not missing and not extra else 1)
PY
