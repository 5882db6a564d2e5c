#!/usr/bin/env bash
# build-kernels.sh BASE VARIANT...: build same-tree kernels from Debian's
# linux-source-BASE, one per VARIANT of kernel-patch/BASE/series (see README.md
# there), with kernel-patch/config/ksmbench.config merged onto x86_64 defconfig.
# Installs $CACHE/kernels/BASE-VARIANT/{vmlinuz,config,patches,inputs,release}.
# A variant whose inputs (source version, fragment, patch hashes) are those of
# its installed kernel is skipped. `stock`, unless the series names it, is the
# tree with no patch.
# One tree per base, $CACHE/build/BASE/tree, is reverted to pristine and patched
# per variant (the applied patches are kept in $CACHE/build/BASE/applied). Logs:
# $CACHE/build/BASE/logs/VARIANT.log; the terminal gets progress lines only.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
FRAGMENT=$HERE/config/ksmbench.config
# shellcheck source=kernel-patch/series-lib.sh
. "$HERE/series-lib.sh"

die() { echo "build-kernels: $*" >&2; exit 1; }
say() { echo "build-kernels: $*"; }
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

(($# >= 2)) || die "usage: $0 BASE VARIANT... (e.g. 7.3 full bounded naive)"
base=$1; shift
[[ $base =~ ^[0-9]+\.[0-9]+$ ]] || die "BASE must look like 7.3, got '$base'"
pdir=$HERE/$base
variants=()
for v in "$@"; do [[ " ${variants[*]} " == *" $v "* ]] || variants+=("$v"); done

need=()
for c in gcc make bc flex bison ccache patch xz mawk; do command -v "$c" >/dev/null || need+=("$c"); done
[[ -r /usr/include/libelf.h ]] || need+=(libelf-dev)
((${#need[@]} == 0)) || die "missing ${need[*]}: run bash harness/install-deps.sh gcc make libc6-dev bc flex bison libelf-dev ccache xz-utils patch (or make kernels)"
[[ -r $FRAGMENT ]] || die "no config fragment $FRAGMENT"

have_series=0
if [[ -e $pdir/series ]]; then
    series_read "$pdir" || die "kernel-patch/$base: $SERIES_ERROR"
    have_series=1
fi
for v in "${variants[@]}"; do
    [[ $v =~ ^[A-Za-z0-9_]+$ ]] || die "bad variant name '$v'"
    if ((have_series)) && [[ " ${SERIES_VARIANTS[*]} " == *" $v "* ]]; then continue; fi
    [[ $v == stock ]] && continue
    ((have_series)) || die "no kernel-patch/$base/series yet: only the variant 'stock' (no patches) can be built"
    die "variant '$v' is not in kernel-patch/$base/series (it has: ${SERIES_VARIANTS[*]}; 'stock' = no patches)"
done
variant_patches() { if ((have_series)); then series_patches "$1"; fi; }

# One kernel build at a time on this machine, whatever the base.
mkdir -p "$CACHE/build/$base/logs" "$CACHE/kernels"
exec 8>"$CACHE/build/lock"
flock -n 8 || { say "waiting for another kernel build to finish"; flock 8; }

ver=$("$ROOT/harness/qemu/debian-fetch.sh" version "$base") || die "cannot find linux-source-$base"
if [[ -r $pdir/debian-version ]]; then want=$(tr -d ' \t\n' <"$pdir/debian-version"); else want=''; fi
frag_sha=$(sha256sum <"$FRAGMENT" | cut -d' ' -f1)

# inputs VARIANT DIR: what a build of VARIANT with the patches in DIR depends on.
inputs() {
    local p
    echo "source linux-source-$base $ver"
    echo "fragment $frag_sha"
    while read -r p; do
        echo "patch $(sha256sum <"$2/$p" | cut -d' ' -f1) $p"
    done < <(variant_patches "$1")
}

todo=()
for v in "${variants[@]}"; do
    out=$CACHE/kernels/$base-$v
    if [[ -s $out/vmlinuz && -r $out/inputs ]] && [[ $(inputs "$v" "$pdir") == "$(cat "$out/inputs")" ]]; then
        say "$base-$v: up to date ($out)"; continue
    fi
    if [[ -n $(variant_patches "$v") && $want != "$ver" ]]; then
        die "$base-$v: kernel-patch/$base/debian-version says '${want:-missing}', but linux-source-$base is $ver: refusing to apply"
    fi
    todo+=("$v")
done
((${#todo[@]})) || exit 0

tarball=$("$ROOT/harness/qemu/debian-fetch.sh" source "$base") || die "cannot fetch linux-source-$base"
[[ $tarball == */linux-source-${base}_"${ver//:/%3a}"/* ]] || die "fetched $tarball, expected linux-source-$base $ver"

W=$CACHE/build/$base
TREE=$W/tree APPLIED=$W/applied
export CCACHE_DIR=$CACHE/ccache
# The kernel's make must not see ours (jobserver, command-line variables).
# AWK is pinned: arch/x86/tools/cpufeaturemasks.awk walks an array with
# `for (i in a)`, whose order differs between mawk and gawk, so installing gawk
# (lava-dispatcher pulls it in) between two builds used to rewrite
# <asm/cpufeaturemasks.h> and recompile nearly every file of the tree.
kmake() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u O -u CFLAGS -u LDFLAGS \
        make -C "$TREE" ARCH=x86_64 CC="ccache gcc" HOSTCC=gcc AWK=mawk \
        KBUILD_BUILD_USER=ksmbench KBUILD_BUILD_HOST=ksmbench "$@"
}

extract() {
    local t=$SECONDS
    say "extracting $(basename "$tarball") ($ver) into $TREE"
    rm -rf "$TREE" "$W/tree.new" "$APPLIED" "$W/config-key" "$W/source-version"
    mkdir -p "$W/tree.new" "$APPLIED"
    tar -xf "$tarball" -C "$W/tree.new" --strip-components=1 || die "cannot extract $tarball"
    mv "$W/tree.new" "$TREE"
    : >"$APPLIED/list"
    echo "$ver" >"$W/source-version"
    say "extracted in $(mmss $((SECONDS - t)))"
}

# revert LOG: undo the applied patches, last first; re-extract if one fails.
revert() {
    local -a list
    local i p
    mapfile -t list <"$APPLIED/list"
    for ((i = ${#list[@]} - 1; i >= 0; i--)); do
        p=${list[i]}
        echo "== revert $p" >>"$1"
        if ! patch -R "${PATCH_FLAGS[@]}" -d "$TREE" -i "$APPLIED/$p" >>"$1" 2>&1; then
            say "reverting $p failed (tree modified?): starting from a fresh tree"
            extract; return
        fi
        sed -i '$d' "$APPLIED/list"
        rm -f "$APPLIED/$p"
    done
}

if [[ ! -f $TREE/Makefile || ! -f $APPLIED/list || $(cat "$W/source-version" 2>/dev/null) != "$ver" ]]; then extract; fi

for v in "${todo[@]}"; do
    name=$base-$v log=$W/logs/$v.log t0=$SECONDS
    : >"$log"
    say "$name: building (log: $log)"
    revert "$log"
    mapfile -t patches < <(variant_patches "$v")
    for p in "${patches[@]}"; do
        echo "== apply $p" >>"$log"
        cp "$pdir/$p" "$APPLIED/$p"
        if ! patch --dry-run "${PATCH_FLAGS[@]}" -d "$TREE" -i "$APPLIED/$p" >>"$log" 2>&1; then
            rm -f "$APPLIED/$p"; revert "$log"
            die "$name: $p does not apply to linux-source-$base $ver (see $log)"
        fi
        # Listed before it is applied: an interrupted run leaves it to be reverted.
        echo "$p" >>"$APPLIED/list"
        patch "${PATCH_FLAGS[@]}" -d "$TREE" -i "$APPLIED/$p" >>"$log" 2>&1 ||
            { rm -f "$W/source-version"; die "$name: $p failed after a clean dry run; the tree will be re-extracted (see $log)"; }
        say "$name: applied $p"
    done

    # Configure again only when what .config derives from changed.
    key=$( { echo "$ver $frag_sha"; gcc --version | head -n 1
             for p in "${patches[@]}"; do
                 if patch_paths "$APPLIED/$p" | grep -qE '(^|/)Kconfig|^arch/x86/configs/'; then sha256sum <"$APPLIED/$p"; fi
             done; } | sha256sum | cut -d' ' -f1)
    if [[ ! -f $TREE/.config || $(cat "$W/config-key" 2>/dev/null) != "$key" ]]; then
        say "$name: configuring (x86_64 defconfig + $(basename "$FRAGMENT"))"
        rm -f "$W/config-key"
        { kmake defconfig && (cd "$TREE" && scripts/kconfig/merge_config.sh -m .config "$FRAGMENT") &&
            kmake olddefconfig; } >>"$log" 2>&1 || die "$name: configuration failed (see $log)"
        bad=$(config_mismatches "$FRAGMENT" "$TREE/.config")
        missing=$(grep -v '=n ' <<<"$bad" | paste -sd' ' || true)
        [[ -z $missing ]] || die "$name: .config lacks what the suite needs: $missing"
        [[ -z $bad ]] || say "$name: warning: not turned off: $(paste -sd' ' <<<"$bad")"
        echo "$key" >"$W/config-key"
    fi

    say "$name: compiling bzImage with $(nproc) jobs"
    if ! kmake -j"$(nproc)" LOCALVERSION="-$v" bzImage 2>&1 | awk -v logf="$log" -v tag="$name" '
            { print >> logf; fflush(logf) }
            /^  CC / { if (++n % 500 == 0) { printf "build-kernels: %s: %d files compiled (%s)\n", tag, n, $2; fflush() } }
            /^  (LD|BUILD) +(vmlinux(\.o|\.unstripped)?|arch\/x86\/boot\/bzImage)$/ { printf "build-kernels: %s: %s %s\n", tag, $1, $2; fflush() }'; then
        grep -E 'error|Error' "$log" | tail -n 15 >&2 || true
        die "$name: make bzImage failed (see $log)"
    fi

    out=$CACHE/kernels/$name
    rm -rf "$out.new"
    mkdir -p "$out.new"
    cp "$TREE/arch/x86/boot/bzImage" "$out.new/vmlinuz"
    cp "$TREE/.config" "$out.new/config"
    for p in "${patches[@]}"; do
        echo "$(sha256sum <"$APPLIED/$p" | cut -d' ' -f1)  $p"
    done >"$out.new/patches"
    inputs "$v" "$APPLIED" >"$out.new/inputs"
    kmake -s LOCALVERSION="-$v" kernelrelease >"$out.new/release" 2>>"$log"
    rm -rf "$out"
    mv "$out.new" "$out"
    warn=$(grep -c ' warning: ' "$log" || true)
    say "$name: built in $(mmss $((SECONDS - t0))), $warn compiler warnings, release $(cat "$out/release") -> $out/vmlinuz"
done
