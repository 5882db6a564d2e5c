#!/usr/bin/env bash
# build-tree.sh [--name NAME] SRC: build the kernel source tree SRC (a git
# checkout or any unpacked tree) with kernel-patch/config/ksmbench.config merged
# onto x86_64 defconfig, out of tree, and install the bzImage as
# $CACHE/kernels/NAME/vmlinuz. Prints that path on stdout; progress and errors
# go to stderr. Exit status: 0 built (or up to date), 1 build failed, 2 bad use.
#
# NAME defaults to tree-<dir>-<commit>[-d<hash of uncommitted changes>] for a
# git tree and tree-<dir>-<hash of the tree's sources> otherwise, so a kernel is
# keyed by what it was built from. The object directory,
# $CACHE/build/tree/<dir>-<hash of SRC's path>, is kept between calls: a
# checkout that changes a few files (a bisect step) recompiles only those and
# what prints the kernel version. Log: that directory's build.log.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
FRAGMENT=$HERE/config/ksmbench.config
# shellcheck source=kernel-patch/series-lib.sh
. "$HERE/series-lib.sh"

usage() { echo "usage: $0 [--name NAME] SRC" >&2; exit 2; }
die() { echo "build-tree: $*" >&2; exit "${2:-1}"; }
say() { echo "build-tree: $*" >&2; }

name=''
while (($#)); do
    case $1 in
        --name) (($# >= 2)) || usage; name=$2; shift 2 ;;
        --) shift; break ;;
        -*) usage ;;
        *) break ;;
    esac
done
(($# == 1)) || usage
[[ -f $1/Makefile && -f $1/arch/x86/configs/x86_64_defconfig && -d $1/mm ]] ||
    die "$1 is not a kernel source tree (no Makefile, mm/ or arch/x86/configs/x86_64_defconfig)" 2
src=$(cd "$1" && pwd)
[[ -z $name || $name =~ ^[A-Za-z0-9][A-Za-z0-9._+~-]*$ ]] || die "bad --name '$name'" 2
for c in gcc make bc flex bison ccache mawk; do
    command -v "$c" >/dev/null || die "missing $c: run make deps-kernel" 2
done
[[ -r /usr/include/libelf.h ]] || die "missing libelf-dev: run make deps-kernel" 2

dir=$(basename "$src")
dir=${dir//[^A-Za-z0-9._+~-]/_}
if [[ -z $name ]]; then
    if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        name=tree-$dir-$(git -C "$src" rev-parse --short=12 HEAD)
        # Uncommitted changes (tracked files and untracked sources) are part of the key.
        changes=$( { git -C "$src" diff HEAD; git -C "$src" ls-files -o --exclude-standard -z |
                     xargs -0 -r sha256sum; } | sha256sum | cut -c1-8)
        [[ -z $(git -C "$src" status --porcelain --untracked-files=normal) ]] || name=$name-d$changes
    else
        say "$src is not a git tree: hashing its sources"
        name=tree-$dir-$(cd "$src" && find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z |
                         xargs -0 sha256sum | sha256sum | cut -c1-12)
    fi
fi
out=$CACHE/kernels/$name
frag_sha=$(sha256sum <"$FRAGMENT" | cut -d' ' -f1)
if [[ -s $out/vmlinuz && $(cat "$out/fragment" 2>/dev/null) == "$frag_sha" ]]; then
    say "$name: up to date"
    echo "$out/vmlinuz"; exit 0
fi

obj=$CACHE/build/tree/$dir-$(printf '%s' "$src" | sha256sum | cut -c1-12)
log=$obj/build.log
mkdir -p "$obj" "$CACHE/kernels"
# One build at a time per object directory. Not the machine-wide lock of
# build-kernels.sh: a bisect step recompiles a few files and must not wait
# for a whole Debian tree to build; it runs niced beside it instead.
exec 8>"$obj/lock"
flock -n 8 || { say "waiting for another build of $src to finish"; flock 8; }

export CCACHE_DIR=$CACHE/ccache
# KBUILD_BUILD_TIMESTAMP/USER/HOST fixed: the version banner changes with the
# commit only. LOCALVERSION set (empty): no "+" that depends on the tree state.
# AWK pinned (see build-kernels.sh): another awk rewrites a header every
# object depends on.
kmake() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u CFLAGS -u LDFLAGS \
        nice -n 5 make -C "$src" O="$obj" ARCH=x86_64 CC="ccache gcc" HOSTCC=gcc AWK=mawk LOCALVERSION= \
        KBUILD_BUILD_USER=ksmbench KBUILD_BUILD_HOST=ksmbench \
        KBUILD_BUILD_TIMESTAMP="ksmbench build" "$@"
}
[[ ! -e $src/.config && ! -e $src/include/config ]] ||
    die "$src has an in-tree build (.config or include/config): run make mrproper there first" 2

t0=$SECONDS
: >"$log"
# Configure again only when what .config derives from changed: the fragment,
# the defconfig, any Kconfig file, the compiler.
key=$( { echo "$frag_sha"; gcc --version | head -n 1
         cd "$src" && find . -path ./.git -prune -o \( -name 'Kconfig*' -o -path ./arch/x86/configs/x86_64_defconfig \) \
             -type f -print0 | LC_ALL=C sort -z | xargs -0 cat; } | sha256sum | cut -d' ' -f1)
if [[ ! -f $obj/.config || $(cat "$obj/config-key" 2>/dev/null) != "$key" ]]; then
    say "$name: configuring (x86_64 defconfig + $(basename "$FRAGMENT"))"
    rm -f "$obj/config-key"
    { kmake defconfig && (cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$FRAGMENT") &&
        kmake olddefconfig; } >>"$log" 2>&1 || die "$name: configuration failed (see $log)"
    bad=$(config_mismatches "$FRAGMENT" "$obj/.config")
    missing=$(grep -v '=n ' <<<"$bad" | paste -sd' ' || true)
    [[ -z $missing ]] || die "$name: .config lacks what the suite needs: $missing"
    [[ -z $bad ]] || say "$name: warning: not turned off: $(paste -sd' ' <<<"$bad")"
    echo "$key" >"$obj/config-key"
fi

say "$name: compiling bzImage with $(nproc) jobs (log: $log)"
if ! kmake -j"$(nproc)" bzImage >>"$log" 2>&1; then
    grep -E 'error|Error' "$log" | tail -n 15 >&2 || true
    die "$name: make bzImage failed (see $log)"
fi
compiled=$(grep -c '^  CC ' "$log" || true)
rm -rf "$out.new"
mkdir -p "$out.new"
cp "$obj/arch/x86/boot/bzImage" "$out.new/vmlinuz"
cp "$obj/.config" "$out.new/config"
echo "$frag_sha" >"$out.new/fragment"
echo "$src" >"$out.new/source"
git -C "$src" log -1 --format='%H %s' >"$out.new/commit" 2>/dev/null || rm -f "$out.new/commit"
kmake -s kernelrelease >"$out.new/release" 2>>"$log"
rm -rf "$out"
mv "$out.new" "$out"
say "$name: built in $((SECONDS - t0)) s, $compiled files compiled, release $(cat "$out/release")"
echo "$out/vmlinuz"
