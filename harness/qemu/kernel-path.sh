#!/usr/bin/env bash
# kernel-path.sh K: print the path of kernel K's bzImage, building or fetching
# it first. K is a kernel built by `make kernels` (e.g. 7.3-bounded), a Debian
# kernel release (e.g. 7.3.4+deb13-cloud-amd64, fetched), a path to a bzImage,
# or a path to a kernel source tree (built by kernel-patch/build-tree.sh).
# Exit status 1 with a message on stderr when K cannot be had.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
(($# == 1)) || { echo "usage: $0 KERNEL" >&2; exit 2; }
k=$1
if [[ $k == */* && -f $k ]]; then realpath "$k"; exit 0; fi
if [[ $k == */* ]]; then
    "$ROOT/kernel-patch/build-tree.sh" "$k" || { echo "kernel-path: cannot build the tree $k" >&2; exit 1; }
    exit 0
fi
if [[ -s $CACHE/kernels/$k/vmlinuz ]]; then echo "$CACHE/kernels/$k/vmlinuz"; exit 0; fi
if [[ $k =~ ^([0-9]+\.[0-9]+)-([A-Za-z0-9_]+)$ ]]; then
    echo "kernel-path: kernel $k is not built: make kernels BASE=${BASH_REMATCH[1]} VARIANTS=${BASH_REMATCH[2]}" >&2
    exit 1
fi
"$HERE/debian-fetch.sh" kernel "$k" || { echo "kernel-path: cannot fetch kernel $k" >&2; exit 1; }
