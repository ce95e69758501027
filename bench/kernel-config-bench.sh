#!/usr/bin/env bash
# Measures the in-process analysis of one kernel config (parse + all kconfig rules) on the real Debian 6.1
# configs for amd64, arm64 and armmp. Needs a built module: mvn -q -pl medsec-attacksurface -am install -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p lists/partial cache/archives/partial classes
for arch in amd64 arm64 armhf; do
  opts=(-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Architectures::=$arch"
        -o "APT::Architecture=$arch" -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
  apt-get -q "${opts[@]}" update >/dev/null 2>&1 || true
  apt-get -q "${opts[@]}" download "linux-config-6.1:$arch" >/dev/null 2>&1
done
for d in linux-config-6.1_*.deb; do dpkg-deb -x "$d" x; done
xz -dk x/usr/src/linux-config-6.1/config.amd64_none_amd64.xz x/usr/src/linux-config-6.1/config.arm64_none_arm64.xz \
      x/usr/src/linux-config-6.1/config.armhf_none_armmp.xz
(cd "$repo" && mvn -q -o -pl medsec-attacksurface dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
# Private copies of the module classes, so a rebuild in the worktree during the run cannot pull them away.
cp -r "$repo/medsec-attacksurface/target/classes" attacksurface-classes
cp -r "$repo/medsec-core/target/classes" core-classes
cp="$work/attacksurface-classes:$work/core-classes:$(cat cp.txt)"
javac -d classes -cp "$cp" "$here/KernelConfigBench.java"
for f in config.amd64_none_amd64 config.arm64_none_arm64 config.armhf_none_armmp; do
  java -cp "classes:$cp" KernelConfigBench "x/usr/src/linux-config-6.1/$f" 300
done
