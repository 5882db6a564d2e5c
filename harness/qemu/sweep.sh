#!/usr/bin/env bash
# sweep.sh --outdir DIR --kernels "K1 K2 [K3...]" --timeout S [compare.sh options]
#          -- KSMBENCH_ARGS...
# Glue for `make sweep`: compare.sh runs the sweep's points (scenarios named
# NAME@KEY=VALUE) on every kernel, then ksmbench-sweep fits the log-log
# slopes and plot/sweep.gp draws one curve per kernel with its fit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
sweep=${KSMBENCH_SWEEP:-$ROOT/build/ksmbench-sweep}
die() { echo "sweep: $*" >&2; exit 2; }
args=("$@") outdir='' kernels='' boot_args=() guest_args=()
while (($#)); do
    case $1 in
        --outdir) outdir=${2:-}; shift 2 || die "--outdir needs a value" ;;
        --kernels) kernels=${2:-}; shift 2 || die "--kernels needs a value" ;;
        --timeout|--mem|--initrd) boot_args+=("$1" "${2:-}"); shift 2 || die "$1 needs a value" ;;
        --) shift; guest_args=("$@"); break ;;
        *) shift ;;
    esac
done
[[ -n $outdir && -n $kernels ]] || die "usage: $0 --outdir DIR --kernels \"K...\" --timeout S -- ARGS"
[[ $outdir != *\'* ]] || die "DIR must not contain a single quote (gnuplot -e)"
[[ -x $sweep ]] || die "$sweep not built (make)"
read -r -a rels <<<"$kernels"
start=$SECONDS
fail=0
((${#rels[@]} >= 2)) || die "make sweep needs two or more KERNELS, like make compare"
bash "$HERE/compare.sh" "${args[@]}" || fail=1

# A guest that panicked while booting (TCG's rare early int3 oops) is booted
# once more; its first console log is kept beside the new one.
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
retried=0 retry_failed=0
for rel in "${rels[@]}"; do
    [[ $(sed -n 1p "$outdir/$rel/guest-status" 2>/dev/null) == panic ]] || continue
    [[ -s $CACHE/kernels/$rel/vmlinuz ]] || continue
    echo "sweep: $rel panicked ($(sed -n 2p "$outdir/$rel/guest-status")); booting it once more" >&2
    cp "$outdir/$rel/console.log" "$outdir/$rel/console-panic.log"
    bash "$HERE/boot.sh" --kernel "$CACHE/kernels/$rel/vmlinuz" --out "$outdir/$rel" \
        "${boot_args[@]}" -- "${guest_args[@]}" && retried=1 || retry_failed=1
done
if ((retried)); then
    fail=$retry_failed
    runs=()
    for rel in "${rels[@]}"; do runs+=("$outdir/$rel/run"); done
    "$ROOT/build/ksmbench-report" --out "$outdir" "${runs[@]}" >/dev/null || fail=1
fi

runs=()
for rel in "${rels[@]}"; do
    [[ -d $outdir/$rel/run ]] && runs+=("$outdir/$rel/run")
done
((${#runs[@]})) || die "no run directory in $outdir"
if ! "$sweep" --out "$outdir" "${runs[@]}"; then
    echo "sweep: ksmbench-sweep found no complete sweep" >&2; fail=1
fi
# sweep_* is driver time (plot/sweep.gp), sweepwalk_* per walk (sweep_walks.gp).
for dat in "$outdir"/sweep_*.dat "$outdir"/sweepwalk_*.dat; do
    [[ -e $dat ]] || continue
    base=${dat%.dat} gp=sweep.gp
    [[ ${base##*/} == sweepwalk_* ]] && gp=sweep_walks.gp
    if gnuplot -e "datafile='$dat'; fitfile='$base.fit'; outfile='$base.png'" "$ROOT/plot/$gp"; then
        echo "sweep: plot $base.png"
    else
        echo "sweep: gnuplot failed on $dat" >&2; fail=1
    fi
done
echo "sweep: total wall time $((SECONDS - start)) s"
exit "$fail"
