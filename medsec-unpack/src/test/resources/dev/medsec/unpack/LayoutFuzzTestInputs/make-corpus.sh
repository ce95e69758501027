#!/usr/bin/env bash
# Rebuilds the seed corpus of LayoutFuzzTest with the real tools (sgdisk, sfdisk, mkfs.vfat, mtools, mkimage,
# mkenvimage, img2simg, mkfs.ext4, mkfs.cramfs, mkfs.jffs2, mkfs.ubifs, ubinize; and Debian's ovmf package). Each seed is small, so that Jazzer mutates real structures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
seed() { mkdir -p "$here/$1"; cp "$2" "$here/$1/$3"; }

truncate -s 96K gpt.img
sgdisk -n 1:34:+20K -c 1:boot -n 2:0:0 -c 2:rootfs gpt.img >/dev/null
seed partitionTables_arbitraryBytes_refuseOrStayInBounds gpt.img gpt.img
truncate -s 64K mbr.img
printf 'label: dos\nstart=2, size=20, type=c\nstart=30, type=5\nstart=32, size=20, type=83\nstart=60, size=20, type=83\n' | sfdisk -q mbr.img
seed partitionTables_arbitraryBytes_refuseOrStayInBounds mbr.img mbr-logical.img

printf 'hello kernel\n' > k.bin
mkimage -A arm -O linux -T kernel -C none -a 0 -e 0 -d k.bin k.uimg >/dev/null
seed uImage_arbitraryBytes_refuseOrStayInBounds k.uimg kernel.uimg
printf 'a\n' > a.bin; printf 'bb\n' > b.bin
mkimage -A arm -O linux -T multi -C none -d a.bin:b.bin m.uimg >/dev/null
seed uImage_arbitraryBytes_refuseOrStayInBounds m.uimg multi.uimg

cat > f.its <<'ITS'
/dts-v1/;
/ { description = "s"; #address-cells = <1>;
    images { kernel-1 { data = /incbin/("k.bin"); type = "kernel"; compression = "none"; }; };
    configurations { default = "conf-1"; conf-1 { kernel = "kernel-1"; }; }; };
ITS
mkimage -f f.its f.itb >/dev/null
seed fit_arbitraryBytes_refuseOrStayInBounds f.itb embedded.itb
mkimage -E -f f.its fe.itb >/dev/null
seed fit_arbitraryBytes_refuseOrStayInBounds fe.itb external.itb

printf 'bootdelay=0\nbootcmd=boot\n' > env.txt
mkenvimage -s 0x1000 -o env.bin env.txt
{ head -c 256 /dev/zero; cat env.bin; head -c 252 /dev/zero | tr '\0' '\377'; cat k.uimg; } > flash.bin
seed carve_arbitraryBytes_piecesInOrderInsideTheInput flash.bin flash.bin

mkfs.vfat -C fat.img 64 >/dev/null
mcopy -i fat.img k.bin ::/a-long-file-name.bin
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox fat.img fat12.img
mkfs.ext4 -q -O ^has_journal -N 16 ext.img 128K 2>/dev/null
img2simg ext.img ext.simg
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox ext.simg ext.simg
mkdir -p tree/etc && printf 'device\n' > tree/etc/hostname && ln -s hostname tree/etc/link
mkfs.cramfs tree fs.cramfs >/dev/null
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox fs.cramfs small.cramfs
mkfs.jffs2 -l -e 0x1000 -r tree -o fs.jffs2
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox fs.jffs2 small.jffs2
mkfs.ubifs -r tree -m 512 -e 15360 -c 32 -o small.ubifs
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox small.ubifs small.ubifs
printf '[v]\nmode=ubi\nimage=small.ubifs\nvol_id=0\nvol_type=dynamic\nvol_name=rootfs\n' > ubi.cfg
ubinize -o small.ubi -m 512 -p 16KiB ubi.cfg
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox small.ubi small.ubi
cp /usr/share/OVMF/OVMF_VARS.ms.fd vars.fd
seed fatAndSparse_arbitraryBytes_refuseOrWriteInsideTheSandbox vars.fd ovmf-vars-ms.fd
