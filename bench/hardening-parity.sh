#!/usr/bin/env bash
# Parity and speed of medsec's Principle 2 checks against Debian's checksec 2.6.0 on debootstrap'ed Debian
# bookworm minbase trees (amd64 natively, arm64 with --foreign: no emulation needed, nothing is executed).
#
# For every ELF file checksec reports, compares per property (relro, canary, nx, pie, rpath, runpath, symbols,
# fortify_source) checksec's verdict with medsec's findings in report.json, prints the agreement and writes every
# disagreement with its readelf evidence to OUT/disagreements-ARCH.txt. Then times both tools with hyperfine.
#
# Needs (as root): debootstrap, checksec, hyperfine, binutils (readelf), python3.
# Usage: bench/hardening-parity.sh [WORK_DIR]        (default ${TMPDIR:-/tmp}/medsec-parity)
# Environment: ARCHES (default "amd64 arm64"), RUNS hyperfine runs per tool (default 3; checksec needs ~2 min
# per run on an idle 2-core machine; RUNS=0 skips the speed comparison).
#
# Two tables per architecture: FACTS compares checksec with medsec's report section "hardening" (the parity
# figure: same question, same answer expected); JUDGEMENT compares checksec with medsec's findings (differs by
# design where medsec does not call a missing property a weakness).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/medsec-parity}"
mirror="http://deb.debian.org/debian"
mkdir -p "$work"

make_tree() { # arch dir [--foreign]
  local arch="$1" dir="$2"; shift 2
  if [[ ! -d "$dir/var/lib/dpkg" ]]; then
    echo "debootstrap $arch into $dir (a few minutes)..."
    debootstrap "$@" --arch="$arch" --variant=minbase bookworm "$dir" "$mirror" >"$work/debootstrap-$arch.log" 2>&1
  fi
  # Both tools then see the same files: checksec --dir does not open the .deb archives debootstrap may leave.
  rm -f "$dir"/var/cache/apt/archives/*.deb
}

arches="${ARCHES:-amd64 arm64}"
runs="${RUNS:-3}"
for arch in $arches; do
  if [[ "$arch" == amd64 ]]; then
    make_tree amd64 "$work/bookworm-amd64"
  else
    make_tree "$arch" "$work/bookworm-$arch" --foreign
  fi
done
# A --foreign tree keeps its packages unpacked under /debootstrap until the second stage; checksec and medsec
# both look at the extracted files only.

./medsec --version >/dev/null   # builds the jar outside the timings

for arch in $arches; do
  tree="$work/bookworm-$arch"
  echo "== $arch: checksec --dir"
  /usr/bin/time -f "checksec %e s" checksec --dir="$tree" --output=json >"$work/checksec-$arch.json" 2>"$work/checksec-$arch.err" || true
  tail -1 "$work/checksec-$arch.err"
  echo "== $arch: medsec scan"
  /usr/bin/time -f "medsec %e s" ./medsec scan "$tree" -q --json "$work/medsec-$arch.json" || true
  python3 bench/hardening-parity.py "$tree" "$work/checksec-$arch.json" "$work/medsec-$arch.json" \
      "$work/disagreements-$arch.txt"
done

if [[ "$runs" == 0 ]]; then
  exit 0
fi
first="${arches%% *}"
echo "== speed, $first tree (hyperfine)"
hyperfine -i --warmup 1 --runs "$runs" --export-markdown "$work/speed-$first.md" \
  "checksec --dir='$work/bookworm-$first' --output=json >/dev/null 2>&1" \
  "./medsec scan '$work/bookworm-$first' -q --json '$work/medsec-$first.json'"
