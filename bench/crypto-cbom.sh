#!/usr/bin/env bash
# Time and size of the crypto bill of materials (CycloneDX 1.6 cryptographic assets) in the CycloneDX SBOM of a
# root filesystem, e.g. a Debian bookworm minbase tree made by debootstrap (read only).
# Usage: bash bench/crypto-cbom.sh TREE [RUNS]   (needs hyperfine; builds medsec-cli/target/medsec.jar first)
set -euo pipefail
TREE=${1:?usage: crypto-cbom.sh TREE [RUNS]}
RUNS=${2:-5}
JAR=medsec-cli/target/medsec.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
java -Dcbom.out="$OUT/bom.json" -cp "$JAR" bench/CryptoBomBench.java "$TREE" "$RUNS"
python3 - "$OUT/bom.json" <<'PY'
import json, sys, collections
b = json.load(open(sys.argv[1]))
compact = lambda x: len(json.dumps(x, separators=(",", ":")))
crypto = [c for c in b["components"] if c["type"] == "cryptographic-asset"]
files = [c for c in b["components"] if c.get("bom-ref", "").startswith(("file:", "crypto-library:"))]
print("compact JSON bytes: whole BOM", compact(b), "| cryptographic-asset components", len(crypto), compact(crypto),
      "| file/library components added", len(files), compact(files), "| dependencies", compact(b.get("dependencies", [])))
print(collections.Counter(c["cryptoProperties"]["assetType"] for c in crypto))
print("algorithms:", sorted(c["name"] for c in crypto if c["cryptoProperties"]["assetType"] == "algorithm"))
for d in b.get("dependencies", []):
    if d.get("provides"):
        print("provides:", d["ref"], "->", len(d["provides"]))
PY
hyperfine --warmup 1 --runs "$RUNS" "java -jar $JAR sbom $TREE --format spdx -o $OUT/spdx.json" \
    "java -jar $JAR sbom $TREE -o $OUT/cdx.json"
