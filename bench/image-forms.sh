#!/usr/bin/env bash
# Image forms at scale, on the Debian bookworm minbase tree (bench/scan-minbase.sh makes it with debootstrap):
#  1. packed images at the speed of their tree: the tree as a directory, as rootfs.tar.gz and as squashfs, with
#     members on the memory-backed filesystem (default) and on disk (--memory-budget 0), beside gzip -dc alone;
#  2. a 1 GiB GPT disk (64 MiB FAT boot partition + ext4 root with the tree, the rest zeros): medsec end to end,
#     the reference tools alone (debugfs rdump + mcopy), and binwalk -e (time and files reached);
#  3. a 4 GiB sparse disk of the same layout: peak RSS must not follow the image size;
#  4. a 64 MiB NOR dump (environment, uImage, squashfs root at erase-block offsets): CPU of carving alone, of the
#     whole unpack stage (carving, decompression, the tree's classification), and the whole scan.
# Needs: hyperfine, sgdisk, mkfs.vfat, mtools, e2fsprogs, squashfs-tools, u-boot-tools, binwalk, /usr/bin/time.
# Usage: bench/image-forms.sh [TREE_DIR]; ONLY="2 3" runs some sections only.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
tree="${1:-${TMPDIR:-/tmp}/medsec-bench/bookworm-minbase}"
work="$(mktemp -d "${TMPDIR:-/tmp}/medsec-image-forms.XXXXXX")"
trap 'rm -rf "$work"' EXIT
./medsec --version >/dev/null   # builds the jar if needed, outside the timings
jar="$repo/medsec-cli/target/medsec.jar"

echo "tree: $(find "$tree" -xdev -type f | wc -l) files, $(du -sm --apparent-size "$tree" | cut -f1) MB"
only="${ONLY:-1 2 3 4}"
run() { [[ " $only " == *" $1 "* ]]; }

if run 1; then
tar -czf "$work/rootfs.tar.gz" -C "$tree" .
mksquashfs "$tree" "$work/rootfs.squashfs" -quiet -noappend -comp xz >/dev/null
echo "== 1. packed images (medians of 5)"
hyperfine --warmup 1 --runs 5 --export-markdown "$work/packed.md" \
  "gzip -dc '$work/rootfs.tar.gz' | wc -c" \
  "./medsec scan '$tree' -q --json '$work/r.json'" \
  "./medsec scan '$work/rootfs.tar.gz' -q --json '$work/r.json'" \
  "./medsec scan '$work/rootfs.tar.gz' -q --memory-budget 0 --json '$work/r.json'" \
  "./medsec scan '$work/rootfs.squashfs' -q --json '$work/r.json'" \
  "./medsec scan '$work/rootfs.squashfs' -q --memory-budget 0 --json '$work/r.json'"
cat "$work/packed.md"
fi

if run 2 || run 3; then
echo "== 2. 1 GiB GPT disk image"
disk="$work/disk.img"
truncate -s 1G "$disk"
sgdisk -n 1:2048:+64M -c 1:boot -t 1:ef00 -n 2:0:0 -c 2:rootfs "$disk" >/dev/null
p1=$((2048 * 512))
p2=$(( $(sgdisk -i 2 "$disk" | awk '/First sector/{print $3}') * 512 ))
p2blocks=$(( ($(sgdisk -i 2 "$disk" | awk '/Last sector/{print $3}') * 512 + 512 - p2) / 1024 ))
mkfs.vfat -C "$work/boot.vfat" 65536 >/dev/null
mcopy -s -i "$work/boot.vfat" "$tree/etc" ::/etc
dd if="$work/boot.vfat" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
mkfs.ext4 -q -F -d "$tree" -E offset="$p2" "$disk" "${p2blocks}k"
ls -ls "$disk"
fi
if run 2; then
hyperfine --warmup 1 --runs 3 --export-markdown "$work/disk.md" \
  --prepare "rm -rf '$work/ref' && mkdir -p '$work/ref/boot' '$work/ref/root'" \
  "debugfs -R 'rdump / $work/ref/root' '$disk?offset=$p2' >/dev/null 2>&1 && mcopy -s -n -i '$disk@@$p1' ::/ '$work/ref/boot'" \
  "./medsec scan '$disk' -q --json '$work/disk.json'"
cat "$work/disk.md"
python3 - "$work/disk.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["coverage"]
print(f"medsec: {r['stats']['files']} files reached, coverage {c['percent']} % of {c['targetBytes']} bytes, "
      f"{len(r['errors'])} errors, {len(r['findings'])} findings, unpack {r['timings']['unpackMs']} ms")
PY
/usr/bin/time -v ./medsec scan "$disk" -q --json "$work/disk.json" 2>&1 | grep -E "Maximum resident|Elapsed"
if command -v binwalk >/dev/null; then
  rm -rf "$work/bw"
  /usr/bin/time -f "binwalk -e: %e s wall, %M KB peak RSS" binwalk -q -e -C "$work/bw" "$disk" >/dev/null 2>"$work/bw.err" || true
  tail -1 "$work/bw.err"
  echo "binwalk -e: $(find "$work/bw" -type f 2>/dev/null | wc -l) files reached"
  rm -rf "$work/bw"
fi
fi

if run 3; then
echo "== 3. 4 GiB sparse disk of the same layout"
cp --sparse=always "$disk" "$work/big.img"
truncate -s 4G "$work/big.img"
sgdisk -e "$work/big.img" >/dev/null   # the backup GPT moves to the new end
ls -ls "$work/big.img"
/usr/bin/time -v ./medsec scan "$work/big.img" -q --json "$work/big.json" 2>&1 | grep -E "Maximum resident|Elapsed"
python3 -c "import json;r=json.load(open('$work/big.json'));print('coverage',r['coverage']['percent'],'files',r['stats']['files'])"
rm -f "$work/big.img"
fi

if run 4; then
echo "== 4. 64 MiB NOR dump"
printf 'bootdelay=3\nbootcmd=bootm 0x100000\n' > "$work/env.txt"
mkenvimage -s 0x20000 -o "$work/env.bin" "$work/env.txt"
head -c 3000000 /dev/urandom > "$work/k.bin" && gzip -1 -c "$work/k.bin" > "$work/k.gz"
mkimage -A arm -O linux -T kernel -C gzip -a 0x8000 -e 0x8000 -d "$work/k.gz" "$work/k.uimg" >/dev/null
mksquashfs "$tree/usr/share" "$work/share.sqfs" -quiet -noappend -comp xz >/dev/null
head -c 67108864 /dev/zero | tr '\000' '\377' > "$work/nor.bin"
head -c 262144 /dev/urandom > "$work/spl.bin"
dd if="$work/spl.bin" of="$work/nor.bin" conv=notrunc status=none
dd if="$work/env.bin" of="$work/nor.bin" bs=128K seek=4 conv=notrunc status=none
dd if="$work/k.uimg" of="$work/nor.bin" bs=128K seek=8 conv=notrunc status=none
dd if="$work/share.sqfs" of="$work/nor.bin" bs=128K seek=64 conv=notrunc status=none
ls -l "$work/share.sqfs"
(cd "$repo" && mvn -q -o -pl medsec-unpack dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp -r "$repo/medsec-unpack/target/classes" "$work/unpack-classes"
cp="$work/unpack-classes:$(cat "$work/cp.txt")"
mkdir -p "$work/classes" && javac -d "$work/classes" -cp "$cp" bench/UnpackCpu.java bench/CarveCpu.java
java -cp "$work/classes:$cp" dev.medsec.unpack.CarveCpu "$work/nor.bin" 5
java -cp "$work/classes:$cp" UnpackCpu "$work/nor.bin" 5
/usr/bin/time -f 'whole scan of the dump: %e s wall, %U s user, %S s system, %M KB peak RSS' ./medsec scan "$work/nor.bin" -q --json "$work/nor.json"
python3 -c "import json;r=json.load(open('$work/nor.json'));print('coverage',r['coverage']['percent'],'files',r['stats']['files'],[c['path'] for c in r['coverage']['containers']][:6])"
fi
