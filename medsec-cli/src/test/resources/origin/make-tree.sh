#!/bin/sh
# Builds a small Debian-style root filesystem with the real tools: programs compiled by gcc without the
# hardening flags, packaged with dpkg-deb and installed with dpkg into ROOT (so /var/lib/dpkg has their status
# and file lists), one package file left in the apt cache as debootstrap leaves them, and the same programs
# where no package owns them (the device maker's own code).
#   make-tree.sh SRC WORK ROOT
set -eu
src=$1 work=$2 root=$3
weak="-O1 -fno-stack-protector -fcf-protection=none -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=0 -Wl,-z,norelro -no-pie"
mkdir -p "$work" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/cache/apt/archives"
: > "$root/var/lib/dpkg/status"
package() { # name version file...
    name=$1 version=$2; shift 2
    p="$work/$name"
    mkdir -p "$p/DEBIAN"
    printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: Example Supplier <pkg@supplier.example>\nDescription: test package\n' \
        "$name" "$version" > "$p/DEBIAN/control"
    for f in "$@"; do
        mkdir -p "$p$(dirname "${f#*=}")"
        # shellcheck disable=SC2086
        gcc $weak -o "$p${f#*=}" "$src/${f%%=*}"
    done
    # the control archive's md5sums, as dh_md5sums writes it
    (cd "$p" && find . -type f ! -path './DEBIAN/*' -printf '%P\n' | sort | xargs md5sum > DEBIAN/md5sums)
    dpkg-deb --root-owner-group --build "$p" "$work/${name}_${version}_amd64.deb" >/dev/null
    dpkg --root="$root" --force-not-root --force-script-chrootless --force-depends --force-architecture \
        -i "$work/${name}_${version}_amd64.deb" >/dev/null
}
package libacme1 1.2-3 tool.c=/usr/lib/acme/acme-tool tool.c=/usr/lib/acme/acme-helper aes.c=/usr/lib/acme/acme-cipher
package libtomcrypt1 1.18.2-5 aes.c=/usr/lib/tomcrypt/tomcrypt-aes
cp "$work/libacme1_1.2-3_amd64.deb" "$root/var/cache/apt/archives/"
mkdir -p "$root/opt/pump/bin" "$root/usr/local/bin"
# shellcheck disable=SC2086
gcc $weak -o "$root/opt/pump/bin/pumpd" "$src/tool.c"
# shellcheck disable=SC2086
gcc $weak -o "$root/opt/pump/bin/pump-cipher" "$src/aes.c"
# shellcheck disable=SC2086
gcc $weak -o "$root/usr/local/bin/pumpctl" "$src/tool.c"
