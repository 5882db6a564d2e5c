#!/usr/bin/env bash
# compare.sh --outdir DIR --kernels "K1 K2 [K3...]" --timeout S [--mem MiB]
#            [--initrd BASE_INITRD] [--ksmbench BIN] -- KSMBENCH_ARGS...
# Each K is a kernel built by kernel-patch/build-kernels.sh (a directory
# $CACHE/kernels/K with a vmlinuz, e.g. 7.3-bounded), a Debian kernel release
# to fetch (e.g. 7.3.4+deb13-cloud-amd64), a path to a built bzImage, or a path
# to a kernel source tree (built by kernel-patch/build-tree.sh, keyed by its
# commit and uncommitted changes). Boots each with boot.sh into DIR/LABEL/,
# then runs build/ksmbench-report on all run directories (K1 is the baseline),
# which writes report.txt and draws every declared plot, and writes mail.txt
# with ksmbench-report --mail.
# Exit status: 0 when every kernel booted and its ksmbench run passed; 1 when
# any kernel could not be built or fetched, timed out, panicked, returned no
# results, or failed verification (the report is printed first); 2 bad use.
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
# label K: the directory name of K's results. A path (it has a /) is a bzImage
# or a source tree; its label is built from its last components.
label() {
    local k=$1 l
    if [[ $k != */* ]]; then echo "$k"; return; fi
    [[ -e $k ]] || die "kernel path '$k' does not exist"
    k=$(realpath "$k")
    if [[ -f $k ]]; then
        l=bzimage-$(basename "$(dirname "$k")")-$(sha256sum <"$k" | cut -c1-8)
    else
        [[ -f $k/Makefile && -d $k/mm ]] || die "'$k' is neither a bzImage nor a kernel source tree"
        l=tree-$(basename "$k")
    fi
    echo "${l//[^A-Za-z0-9._+~-]/_}"
}
labels=()
for rel in "${rels[@]}"; do
    if [[ $rel != */* ]]; then
        [[ $rel =~ ^[A-Za-z0-9][A-Za-z0-9._+~-]*$ ]] || die "bad kernel name '$rel'"
    fi
    (($(printf '%s\n' "${rels[@]}" | grep -cxF -- "$rel") == 1)) || die "kernel '$rel' named twice"
    labels+=("$(label "$rel")")
done
(($(printf '%s\n' "${labels[@]}" | sort -u | wc -l) == ${#labels[@]})) ||
    die "two kernels would share a results directory: ${labels[*]}"

[[ $outdir != *\'* ]] || die "DIR must not contain a single quote (gnuplot -e)"

start=$SECONDS
# The guest image must hold the current ksmbench and init.
if [[ -e $ksmbench && ( ! -e $initrd || $ksmbench -nt $initrd || $HERE/guest-init.sh -nt $initrd || $HERE/mkinitramfs.sh -nt $initrd ) ]]; then
    "$HERE/mkinitramfs.sh" "$initrd" "$ksmbench" || die "cannot build $initrd"
fi
[[ -r $initrd ]] || die "no initramfs $initrd (build $ksmbench, then harness/qemu/mkinitramfs.sh)"

mkdir -p "$outdir"
fail=0
for i in "${!rels[@]}"; do
    rel=${rels[i]} t=$SECONDS
    if ! vmlinuz=$("$HERE/kernel-path.sh" "$rel"); then fail=1; continue; fi
    [[ $rel != */* ]] || echo "$rel" >"$outdir/${labels[i]}.kernel"
    "$HERE/boot.sh" --kernel "$vmlinuz" --initrd "$initrd" --out "$outdir/${labels[i]}" \
        --timeout "$timeout" --mem "$mem" -- "$@" || fail=1
    echo "compare: $rel done in $((SECONDS - t)) s" >&2
done

# verdict LABEL: one line on how that kernel's run ended; false unless it passed.
verdict() {
    local d=$outdir/$1 st rc
    [[ -r $d/guest-status ]] || { echo "not booted (build or fetch failed)"; return 1; }
    st=$(sed -n 1p "$d/guest-status")
    [[ $st == ok ]] || { echo "$st: $(sed -n 2p "$d/guest-status")"; return 1; }
    rc=$(cat "$d/exit-status" 2>/dev/null || echo missing)
    [[ $rc == 0 ]] || { echo "FAILED: ksmbench exit status $rc (see $d/ksmbench.log)"; return 1; }
    echo "passed"
}

echo "== guests"
for l in "${labels[@]}"; do
    if [[ -r $outdir/$l/guest-status ]]; then
        printf '%-32s %s: %s\n' "$l" "$(sed -n 1p "$outdir/$l/guest-status")" "$(sed -n 2p "$outdir/$l/guest-status")"
    else
        printf '%-32s %s\n' "$l" "not booted"
    fi
done

runs=() missing=()
for l in "${labels[@]}"; do
    runs+=("$outdir/$l/run")
    [[ -d $outdir/$l/run ]] || missing+=("$outdir/$l/run")
done
if ((${#missing[@]})); then
    echo "compare: no report: missing run directory ${missing[*]}" >&2
    fail=1
elif [[ ! -x $report ]]; then
    echo "compare: no report: $report not built (make)" >&2; fail=1
elif ! "$report" --out "$outdir" "${runs[@]}"; then
    echo "compare: $report failed (report or plots)" >&2; fail=1
else
    echo "compare: report and plots (plot/plots.c) in $outdir"
    # Refused (exit 2) when the kernels ran different parameters or KSM states.
    if "$report" --mail "${runs[@]}" >"$outdir/mail.txt"; then
        echo "compare: text for a patch mail: $outdir/mail.txt"
    else
        echo "compare: no mail.txt: $report --mail refused or failed" >&2
        rm -f "$outdir/mail.txt"; fail=1
    fi
fi
echo "== verdict"
for l in "${labels[@]}"; do
    v=$(verdict "$l") || fail=1
    printf '%-32s %s\n' "$l" "$v"
done
echo "compare: total wall time $((SECONDS - start)) s"
((fail == 0)) || echo "compare: exit status 1: a kernel failed, timed out, panicked or was not run (see == verdict)" >&2
exit "$fail"
