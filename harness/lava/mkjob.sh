#!/usr/bin/env bash
# mkjob.sh --kernel-url URL --ramdisk-url URL --label NAME [--scenario S]
#          [--reps N] [--testdef-repo GIT_URL]: print a LAVA job (job.yaml.in
# filled in) on stdout. The test definition is ksmbench.yaml from this tree,
# inline, unless --testdef-repo names a git repository holding this tree (then
# the job points at harness/lava/ksmbench.yaml there).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
die() { echo "lava-mkjob: $*" >&2; exit 2; }
kurl='' rurl='' label='' scenario=smoke reps=1 repo=''
while (($#)); do
    case $1 in
        --kernel-url) kurl=${2-}; shift 2 || die "$1 needs a value" ;;
        --ramdisk-url) rurl=${2-}; shift 2 || die "$1 needs a value" ;;
        --label) label=${2-}; shift 2 || die "$1 needs a value" ;;
        --scenario) scenario=${2-}; shift 2 || die "$1 needs a value" ;;
        --reps) reps=${2-}; shift 2 || die "$1 needs a value" ;;
        --testdef-repo) repo=${2-}; shift 2 || die "$1 needs a value" ;;
        *) die "unknown argument '$1'" ;;
    esac
done
[[ -n $kurl && -n $rurl && -n $label ]] || die "--kernel-url, --ramdisk-url and --label are required"
for u in "$kurl" "$rurl" "$repo"; do
    [[ $u != *[\"\\$'\n']* ]] || die "URL '$u' holds a quote, backslash or newline"
done
[[ $label =~ ^[A-Za-z0-9][A-Za-z0-9._+~/-]*$ ]] || die "bad label '$label'"
[[ $scenario =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] || die "bad --scenario '$scenario'"
[[ $reps =~ ^[1-9][0-9]?$ ]] || die "--reps must be 1..99"
# Generous: TCG is slow, and xu20k alone takes ~30 s a repetition on the full-range walk.
test_minutes=$((10 + 5 * reps * $(tr -cd , <<<"$scenario," | wc -c)))

testdef() {
    if [[ -n $repo ]]; then
        printf '        - repository: "%s"\n          from: git\n          path: harness/lava/ksmbench.yaml\n          name: ksmbench\n' "$repo"
    else
        printf '        - from: inline\n          name: ksmbench\n          path: inline/ksmbench.yaml\n          repository:\n'
        sed -e '/^#/d' -e '/^$/d' -e 's/^/            /' "$HERE/ksmbench.yaml"
    fi
    printf '          parameters:\n            SCENARIO: "%s"\n            REPS: "%s"\n' "$scenario" "$reps"
}
td=$(testdef)
while IFS= read -r line; do
    if [[ $line == @TESTDEF@ ]]; then printf '%s\n' "$td"; continue; fi
    line=${line//@KERNEL_URL@/$kurl}
    line=${line//@RAMDISK_URL@/$rurl}
    line=${line//@KERNEL_LABEL@/$label}
    line=${line//@SCENARIO@/$scenario}
    line=${line//@REPS@/$reps}
    line=${line//@TEST_MINUTES@/$test_minutes}
    line=${line//@JOB_MINUTES@/$((test_minutes + 15))}
    printf '%s\n' "$line"
done <"$HERE/job.yaml.in"
