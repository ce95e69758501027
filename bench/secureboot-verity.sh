#!/usr/bin/env bash
# dm-verity verification speed: a 64 MiB data image with its hash tree made by veritysetup, verified by
# 'medsec verify' (JVM start included) and by 'veritysetup verify' for reference, with hyperfine.
# Also prints the SHA-256 floor of the machine (openssl speed) and the MB/s of each run.
# Needs: cryptsetup-bin (veritysetup), hyperfine, openssl. Usage: bench/secureboot-verity.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-64}"
work="${TMPDIR:-/tmp}/medsec-bench/verity"
mkdir -p "$work"
data="$work/data-${size_mib}m.img"
hash="$work/data-${size_mib}m.hash"
if [[ ! -f "$data" ]]; then
  head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$data"
fi
root="$(veritysetup format "$data" "$hash" | awk '/Root hash:/ {print $3}')"
echo "data: ${size_mib} MiB, root hash $root"
./medsec --version >/dev/null   # builds the jar if needed, outside the timings

echo "== SHA-256 floor (openssl, one core, 4 KiB blocks)"
openssl speed -evp sha256 -bytes 4096 -seconds 2 2>/dev/null | tail -1

echo "== in-process verification (JVM warm, 5 rounds, SHA-256 over data and tree)"
java -cp medsec-cli/target/medsec.jar dev.medsec.secureboot.verity.VerityBench "$data" "$hash" "$root" 5

echo "== hyperfine: medsec verify (JVM start included) vs veritysetup verify"
hyperfine --warmup 1 --runs 10 \
  "./medsec verify '$data' --root-hash $root --hash-tree '$hash'" \
  "veritysetup verify '$data' '$hash' $root"
