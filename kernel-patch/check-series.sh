#!/usr/bin/env bash
# check-series.sh [BASE...]: check kernel-patch/ without building a kernel (CI).
# Bases: the arguments, or every kernel-patch/X.Y directory plus 7.3 7.2 6.12.
# Per base with a series, against Debian's linux-source-BASE (only the files the
# patches touch and what kconfig reads are extracted):
#   series/BASE/format          the series parses and names existing patches
#   series/BASE/debian-version  debian-version is linux-source-BASE's version
#   series/BASE/VARIANT         the variant's patches apply in order with the
#                               flags build-kernels.sh uses, then revert to
#                               the pristine files (as build-kernels.sh does)
#   config/BASE                 config/ksmbench.config merged onto x86_64
#                               defconfig keeps every value it sets
# Prints "ok NAME", "not ok NAME: why", "skip NAME: reason" (tests/run-tests.sh);
# lines starting with # are notes. Exit status 1 when a check failed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
FRAGMENT=$HERE/config/ksmbench.config
FETCH=$ROOT/harness/qemu/debian-fetch.sh
# shellcheck source=kernel-patch/series-lib.sh
. "$HERE/series-lib.sh"

failed=0
ok() { echo "ok $1"; }
notok() { echo "not ok $1: $2"; failed=1; }
skip() { echo "skip $1: $2"; }
# last_error LOG: the line of LOG that best says why, on one line.
last_error() { { grep -aiE 'error|fail|not found|malformed|No such' "$1" || tail -n 1 "$1"; } | tail -n 1 | tr -s ' \t' ' '; }

if (($#)); then bases=("$@")
else
    bases=(7.3 7.2 6.12)
    for d in "$HERE"/[0-9]*.[0-9]*/; do
        d=$(basename "$d")
        [[ " ${bases[*]} " == *" $d "* ]] || bases+=("$d")
    done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! bash "$ROOT/harness/install-deps.sh" patch make gcc libc6-dev flex bison xz-utils >"$work/deps.log" 2>&1; then
    for b in "${bases[@]}"; do skip "series/$b" "missing Debian packages: $(last_error "$work/deps.log")"; done
    exit 0
fi
kmake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u O make ARCH=x86_64 "$@"; }

# check_variant BASE VARIANT SRC: apply, then revert, in a scratch copy of SRC.
check_variant() {
    local base=$1 v=$2 src=$3 name="series/$1/$2" dir=$HERE/$1 tree=$work/$1-$2 log=$work/$1-$2.log
    local -a patches paths
    local p i f
    mapfile -t patches < <(series_patches "$v")
    mapfile -t paths < <(for p in "${patches[@]}"; do patch_paths "$dir/$p"; done | LC_ALL=C sort -u)
    mkdir -p "$tree"
    for f in "${paths[@]}"; do
        if [[ -e $src/$f ]]; then (cd "$src" && cp -a --parents "$f" "$tree/"); fi
    done
    for p in "${patches[@]}"; do
        if ! patch "${PATCH_FLAGS[@]}" -d "$tree" -i "$dir/$p" >"$log" 2>&1; then
            notok "$name" "$p does not apply: $(last_error "$log")"; return
        fi
        grep -E 'fuzz|offset' "$log" | sed "s|^|# $name: $p: |" || true
    done
    for ((i = ${#patches[@]} - 1; i >= 0; i--)); do
        if ! patch -R "${PATCH_FLAGS[@]}" -d "$tree" -i "$dir/${patches[i]}" >"$log" 2>&1; then
            notok "$name" "${patches[i]} applies but does not revert: $(last_error "$log")"; return
        fi
    done
    for f in "${paths[@]}"; do
        if [[ -e $src/$f ]]; then cmp -s "$src/$f" "$tree/$f" || { notok "$name" "reverting leaves $f changed"; return; }
        elif [[ -e $tree/$f ]]; then notok "$name" "reverting leaves $f (created by the patches)"; return
        fi
    done
    ok "$name"
}

# check_config BASE SRC: defconfig + fragment in the kconfig subset SRC.
check_config() {
    local name="config/$1" src=$2 log=$work/$1-config.log bad
    if ! { kmake -C "$src" defconfig && (cd "$src" && scripts/kconfig/merge_config.sh -m .config "$FRAGMENT") &&
           kmake -C "$src" olddefconfig; } >"$log" 2>&1; then
        notok "$name" "defconfig + merge failed: $(last_error "$log")"; return
    fi
    bad=$(config_mismatches "$FRAGMENT" "$src/.config" | paste -sd' ')
    if [[ -n $bad ]]; then notok "$name" "not in .config as the fragment says: $bad"; else ok "$name"; fi
}

for base in "${bases[@]}"; do
    dir=$HERE/$base
    if [[ ! -e $dir/series ]]; then skip "series/$base" "no kernel-patch/$base/series yet"; continue; fi
    if ! series_read "$dir"; then notok "series/$base/format" "$SERIES_ERROR"; continue; fi
    ok "series/$base/format"
    for f in "$dir"/*.patch; do
        [[ ! -e $f || -n ${SERIES_OF[$(basename "$f")]+set} ]] || echo "# series/$base: $(basename "$f") is not in the series"
    done

    if ! ver=$("$FETCH" version "$base" 2>"$work/fetch.log"); then
        skip "series/$base/debian-version" "cannot look up linux-source-$base: $(last_error "$work/fetch.log")"
        skip "series/$base" "no linux-source-$base to check against"; continue
    fi
    want=$(tr -d ' \t\n' <"$dir/debian-version" 2>/dev/null || true)
    if [[ $want == "$ver" ]]; then ok "series/$base/debian-version"
    else notok "series/$base/debian-version" "kernel-patch/$base/debian-version says '${want:-missing}', linux-source-$base is $ver"
    fi
    if ! tarball=$("$FETCH" source "$base" 2>"$work/fetch.log"); then
        skip "series/$base" "cannot fetch linux-source-$base: $(last_error "$work/fetch.log")"; continue
    fi

    # One pass over the tarball: every file a patch touches, and what
    # `make defconfig` and merge_config.sh read.
    top=$( { tar -tf "$tarball" 2>/dev/null || true; } | head -n 1)
    top=${top%%/*}
    src=$work/$base-src
    mkdir -p "$src"
    {
        for p in "${SERIES_PATCHES[@]}"; do patch_paths "$dir/$p"; done | sed "s|^|$top/|"
        for m in '*Makefile*' '*Kconfig*' '*Kbuild*' 'scripts/*' 'arch/x86/configs/*' 'arch/x86/tools/*'; do
            echo "$top/$m"
        done
    } >"$work/members"
    tar -xf "$tarball" -C "$src" --strip-components=1 --wildcards -T "$work/members" 2>"$work/tar.log" || true
    # Files the patches create are not in the tarball; anything else is an error.
    if grep -vE ': Not found in archive$|^tar: Exiting with failure status' "$work/tar.log" >&2; then
        notok "series/$base" "cannot extract from $tarball"; continue
    fi
    echo "# series/$base: linux-source-$base $ver, $(find "$src" -type f | wc -l) files extracted"

    for v in "${SERIES_VARIANTS[@]}"; do check_variant "$base" "$v" "$src"; done
    check_config "$base" "$src"
done
exit "$failed"
