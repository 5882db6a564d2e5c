#!/usr/bin/env bash
# mkinitramfs.sh OUT KSMBENCH_BIN: gzip'd newc cpio with busybox-static (applet
# symlinks), /init (guest-init.sh) and /bin/ksmbench. Byte-for-byte reproducible:
# fixed mtimes, owner 0:0, sorted entries, gzip -n. No device nodes (devtmpfs).
set -euo pipefail
umask 022

die() { echo "mkinitramfs: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: $0 OUT KSMBENCH_BIN"
out=$1 bin=$2
HERE=$(cd "$(dirname "$0")" && pwd)
[[ -x $bin ]] || die "$bin: not an executable"
# The guest has no libc: only static (or static-pie) binaries run there.
if [[ $(ldd "$bin" 2>&1 || true) == *'=>'* ]]; then die "$bin is dynamically linked; the initramfs needs a static binary"; fi
busybox=$(dpkg-query -L busybox-static 2>/dev/null | awk '/\/bin\/busybox$/ { print; exit }' || true)
[[ -n $busybox && -x $busybox ]] ||
    die "busybox-static is not installed (bash harness/install-deps.sh busybox-static)"
command -v cpio >/dev/null || die "cpio is not installed"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,results}
cp "$busybox" "$stage/bin/busybox"
cp "$bin" "$stage/bin/ksmbench"
cp "$HERE/guest-init.sh" "$stage/init"
chmod 755 "$stage/init" "$stage/bin/busybox" "$stage/bin/ksmbench"
# Applet links as busybox itself lays them out (bin/sh, sbin/poweroff, usr/bin/tee...).
while read -r applet; do
    [[ $applet == */* && ! -e $stage/$applet ]] || continue
    rel=$(realpath -m --relative-to="$stage/$(dirname "$applet")" "$stage/bin/busybox")
    ln -s "$rel" "$stage/$applet"
done < <("$stage/bin/busybox" --list-full)
[[ -L $stage/bin/sh ]] || die "busybox has no sh applet"

tmp_out=$out.tmp.$$
(cd "$stage" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
    find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$tmp_out" ||
    { rm -f "$tmp_out"; die "cpio/gzip failed"; }
mv "$tmp_out" "$out"
echo "mkinitramfs: $out ($(wc -c <"$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16))" >&2
