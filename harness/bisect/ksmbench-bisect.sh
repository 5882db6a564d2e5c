#!/usr/bin/env bash
# ksmbench-bisect.sh --scenario S [--reps N] [--timeout SECONDS] [--out DIR]
#                    [--boots N] [--driver D] [--phase P] RULE...
# A `git bisect run` command: run it from a kernel git tree, e.g.
#   git bisect run /path/to/ksmbench/harness/bisect/ksmbench-bisect.sh \
#       --scenario mremap2k --verify
# Builds the checked-out tree with the suite's config fragment
# (kernel-patch/build-tree.sh), boots it in QEMU with scenario S, and only
# driver D if given (harness/qemu/boot.sh), and exits with build/ksmbench-verdict's judgement of
# the results by RULE (--verify, --max, --min, --max-ratio, --min-ratio; see
# ksmbench-verdict --help): 0 good, 1 bad, 125 when the tree does not build or
# the guest does not finish. A guest that panics is booted again, up to N
# boots in all (default 2): stock kernels oops early now and then under QEMU
# TCG (about one boot in ten), and a skipped step costs the
# bisection its precision. Bad use exits 255, which stops the bisection.
# Each step's results go to DIR/<commit> (default $CACHE/bisect/<tree>), and
# one line per step (commit, build, boot and total seconds, verdict) is
# appended to DIR/steps.log. Needs `make` run in the ksmbench tree first.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
VERDICT=${KSMBENCH_VERDICT:-$ROOT/build/ksmbench-verdict}
INITRD=${KSMBENCH_INITRD:-$ROOT/build/initramfs.cpio.gz}
abort() { echo "ksmbench-bisect: $*" >&2; exit 255; }

scenario='' reps=1 timeout=1500 out='' boots=2 rule=() guest=()
while (($#)); do
    case $1 in
        --scenario|--reps|--timeout|--out|--boots)
            (($# >= 2)) || abort "$1 needs a value"
            declare "${1#--}=$2"; shift 2 ;;
        --driver|--phase|--max|--min|--max-ratio|--min-ratio|--baseline)
            (($# >= 2)) || abort "$1 needs a value"
            # The guest runs only the driver the rule looks at.
            [[ $1 != --driver ]] || guest+=(--drivers "$2")
            rule+=("$1" "$2"); shift 2 ;;
        --verify) rule+=("$1"); shift ;;
        *) abort "unknown argument '$1' (see the head of $0)" ;;
    esac
done
[[ $scenario =~ ^[a-z0-9_]+$ ]] || abort "--scenario NAME is required (one scenario of workloads/scenarios.conf)"
[[ $reps =~ ^[1-9][0-9]*$ ]] || abort "--reps must be a positive integer"
[[ $boots =~ ^[1-9]$ ]] || abort "--boots must be 1..9"
[[ -x $VERDICT && -r $INITRD ]] || abort "$VERDICT or $INITRD missing: run make in $ROOT"
"$VERDICT" --check "${rule[@]}" || abort "bad rule: ${rule[*]}"
src=$(git rev-parse --show-toplevel 2>/dev/null) || abort "not in a git tree (run it through git bisect run)"
commit=$(git -C "$src" rev-parse --short=12 HEAD)
[[ -n $out ]] || out=$CACHE/bisect/$(basename "$src")
mkdir -p "$out" || abort "cannot create $out"
out=$(cd "$out" && pwd)

t0=$SECONDS try=0
echo "ksmbench-bisect: $commit: $(git -C "$src" log -1 --format=%s HEAD)" >&2
if ! vmlinuz=$("$ROOT/kernel-patch/build-tree.sh" "$src"); then
    rc=125 verdict="cannot tell: build failed"
    build=$((SECONDS - t0)) boot=0
else
    build=$((SECONDS - t0)) t1=$SECONDS
    for ((try = 1; try <= boots; try++)); do
        "$ROOT/harness/qemu/boot.sh" --kernel "$vmlinuz" --initrd "$INITRD" --out "$out/$commit" \
            --timeout "$timeout" -- --scenario "$scenario" --reps "$reps" "${guest[@]}" >&2
        [[ $(sed -n 1p "$out/$commit/guest-status" 2>/dev/null) == panic ]] || break
        ((try == boots)) || echo "ksmbench-bisect: $commit: the guest panicked; booting it again" >&2
    done
    boot=$((SECONDS - t1))
    verdict=$("$VERDICT" --scenario "$scenario" "${rule[@]}" "$out/$commit")
    rc=$?
    echo "$verdict" >&2
    verdict=$(tail -n 1 <<<"$verdict")
    ((rc == 0 || rc == 1 || rc == 125)) || abort "ksmbench-verdict exited $rc"
fi
printf '%s build %ds boot+run %ds (%d boots) total %ds exit %d %s\n' "$commit" "$build" "$boot" \
    "$((try > boots ? boots : try))" $((SECONDS - t0)) "$rc" "$verdict" | tee -a "$out/steps.log" >&2
exit "$rc"
