#!/usr/bin/env bash
# mkramdisk.sh OUT BASE_INITRD KSMBENCH_LAVA_BIN: the LAVA ramdisk, one gzip'd
# newc cpio: the QEMU runner's initramfs (busybox, /bin/ksmbench) with
# lava-init.sh as /init and /bin/ksmbench-lava. One archive, not an appended
# one: LAVA unpacks the ramdisk with cpio to add its overlay, and cpio stops
# at the first archive's end.
set -euo pipefail
umask 022

die() { echo "lava-mkramdisk: $*" >&2; exit 1; }
[[ $# -eq 3 ]] || die "usage: $0 OUT BASE_INITRD KSMBENCH_LAVA_BIN"
out=$1 base=$2 bin=$3
HERE=$(cd "$(dirname "$0")" && pwd)
[[ -r $base ]] || die "$base not readable"
base=$(realpath "$base") bin=$(realpath "$bin")
[[ -x $bin ]] || die "$bin: not an executable"
if [[ $(ldd "$bin" 2>&1 || true) == *'=>'* ]]; then die "$bin is dynamically linked; the guest needs a static binary"; fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
(cd "$stage" && gzip -dc "$base" | cpio --quiet -id --no-absolute-filenames) || die "cannot unpack $base"
cp "$HERE/lava-init.sh" "$stage/init"
cp "$bin" "$stage/bin/ksmbench-lava"
chmod 755 "$stage/init" "$stage/bin/ksmbench-lava"
mkdir -p "$stage/root"

tmp_out=$out.tmp.$$
(cd "$stage" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
    find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$tmp_out" ||
    { rm -f "$tmp_out"; die "cpio/gzip failed"; }
mv "$tmp_out" "$out"
echo "lava-mkramdisk: $out ($(wc -c <"$out") bytes)" >&2
