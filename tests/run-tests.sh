#!/usr/bin/env bash
# Glue: run each test command given, keep its output in build/tests/logs, and
# count the "ok", "not ok" and "skip" lines the tests print (tests/check.h).
# The last line is the suite's verdict: "N passed, N failed, N skipped".
set -uo pipefail
logdir=build/tests/logs
mkdir -p "$logdir"
pass=0 fail=0 skip=0 broken=0
for t in "$@"; do
	name=$(basename "${t%% *}")
	log="$logdir/$name.log"
	printf '== %s\n' "$t"
	# shellcheck disable=SC2086 # each argument is a command line
	$t >"$log" 2>"$log.stderr"
	rc=$?
	grep -E '^(not ok|skip) ' "$log" || true
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	s=$(grep -c '^skip ' "$log")
	printf '   %d ok, %d not ok, %d skipped (log: %s)\n' "$p" "$f" "$s" "$log"
	# A program that dies or fails without saying which check failed is a
	# failure of its own, so a crash can never pass as "no checks failed".
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		printf 'not ok %s: exited %d without a failed check\n' "$name" "$rc"
		tail -5 "$log.stderr"
		broken=$((broken + 1))
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
fail=$((fail + broken))
printf '%d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
