#!/usr/bin/env bash
# compare.sh --outdir DIR --kernels "K1 K2 [K3...]" --timeout S [--mem MiB]
#            [--initrd BASE_INITRD] [--ksmbench BIN] -- KSMBENCH_ARGS...
# Each K is a kernel built by kernel-patch/build-kernels.sh (a directory
# $CACHE/kernels/K with a vmlinuz, e.g. 7.3-bounded) or a Debian kernel release
# to fetch (e.g. 7.3.4+deb13-cloud-amd64). Boots each with boot.sh into DIR/K/,
# then runs build/ksmbench-report on all run directories (K1 is the baseline)
# and plots driver_time.
# Defaults: --initrd $KSMBENCH_INITRD or build/initramfs.cpio.gz,
#           --ksmbench $KSMBENCH_BIN or build/ksmbench (rebuilds the initrd when newer).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
die() { echo "compare: $*" >&2; exit 2; }
usage="usage: $0 --outdir DIR --kernels \"K1 K2 [K3...]\" --timeout S [--mem MiB] [--initrd F] [--ksmbench BIN] -- KSMBENCH_ARGS..."
outdir='' kernels='' timeout='' mem=2048
initrd=${KSMBENCH_INITRD:-$ROOT/build/initramfs.cpio.gz}
ksmbench=${KSMBENCH_BIN:-$ROOT/build/ksmbench}
report=${KSMBENCH_REPORT:-$ROOT/build/ksmbench-report}
while (($#)); do
    case $1 in
        --outdir|--kernels|--timeout|--mem|--initrd|--ksmbench)
            (($# >= 2)) || die "$1 needs a value"
            declare "${1#--}=$2"; shift 2 ;;
        --) shift; break ;;
        *) die "unknown argument '$1'; $usage" ;;
    esac
done
[[ -n $outdir && -n $timeout ]] || die "$usage"
read -r -a rels <<<"$kernels"
((${#rels[@]} >= 2)) || die "--kernels needs two or more kernels, got '$kernels'"
for rel in "${rels[@]}"; do
    [[ $rel =~ ^[A-Za-z0-9][A-Za-z0-9._+~-]*$ ]] || die "bad kernel name '$rel'"
    (($(printf '%s\n' "${rels[@]}" | grep -cxF -- "$rel") == 1)) || die "kernel '$rel' named twice"
done
[[ $outdir != *\'* ]] || die "DIR must not contain a single quote (gnuplot -e)"

start=$SECONDS
# The guest image must hold the current ksmbench and init.
if [[ -e $ksmbench && ( ! -e $initrd || $ksmbench -nt $initrd || $HERE/guest-init.sh -nt $initrd || $HERE/mkinitramfs.sh -nt $initrd ) ]]; then
    "$HERE/mkinitramfs.sh" "$initrd" "$ksmbench" || die "cannot build $initrd"
fi
[[ -r $initrd ]] || die "no initramfs $initrd (build $ksmbench, then harness/qemu/mkinitramfs.sh)"

# kernel_path K: a built kernel's vmlinuz, or the Debian release's (fetched).
kernel_path() {
    if [[ -s $CACHE/kernels/$1/vmlinuz ]]; then echo "$CACHE/kernels/$1/vmlinuz"; return; fi
    if [[ $1 =~ ^([0-9]+\.[0-9]+)-([A-Za-z0-9_]+)$ ]]; then
        echo "compare: kernel $1 is not built: make kernels BASE=${BASH_REMATCH[1]} VARIANTS=${BASH_REMATCH[2]}" >&2
        return 1
    fi
    "$HERE/debian-fetch.sh" kernel "$1" || { echo "compare: cannot fetch kernel $1" >&2; return 1; }
}

mkdir -p "$outdir"
fail=0
for rel in "${rels[@]}"; do
    t=$SECONDS
    if ! vmlinuz=$(kernel_path "$rel"); then fail=1; continue; fi
    "$HERE/boot.sh" --kernel "$vmlinuz" --initrd "$initrd" --out "$outdir/$rel" \
        --timeout "$timeout" --mem "$mem" -- "$@" || fail=1
    echo "compare: $rel done in $((SECONDS - t)) s" >&2
done

echo "== guests"
for rel in "${rels[@]}"; do
    if [[ -r $outdir/$rel/guest-status ]]; then
        printf '%-32s %s: %s\n' "$rel" "$(sed -n 1p "$outdir/$rel/guest-status")" "$(sed -n 2p "$outdir/$rel/guest-status")"
    else
        printf '%-32s %s\n' "$rel" "not booted"
    fi
done

runs=() missing=()
for rel in "${rels[@]}"; do
    runs+=("$outdir/$rel/run")
    [[ -d $outdir/$rel/run ]] || missing+=("$outdir/$rel/run")
done
if ((${#missing[@]})); then
    echo "compare: no report: missing run directory ${missing[*]}" >&2
    fail=1
elif [[ ! -x $report ]]; then
    echo "compare: no report: $report not built (make)" >&2; fail=1
elif ! "$report" --out "$outdir" "${runs[@]}"; then
    echo "compare: $report failed" >&2; fail=1
elif [[ ! -r $outdir/driver_time.dat ]]; then
    echo "compare: no plot: $report wrote no $outdir/driver_time.dat" >&2; fail=1
elif ! command -v gnuplot >/dev/null; then
    echo "compare: no plot: gnuplot missing (bash harness/install-deps.sh gnuplot-nox)" >&2; fail=1
elif [[ ! -r $ROOT/plot/driver_time.gp ]]; then
    echo "compare: no plot: $ROOT/plot/driver_time.gp missing" >&2; fail=1
elif gnuplot -e "datafile='$outdir/driver_time.dat'; outfile='$outdir/driver_time.png'" "$ROOT/plot/driver_time.gp"; then
    echo "compare: plot $outdir/driver_time.png"
else
    echo "compare: gnuplot failed" >&2; fail=1
fi
echo "compare: total wall time $((SECONDS - start)) s"
exit "$fail"
