#!/usr/bin/env bash
# Glue: run the parser fuzzer for a bounded time from the corpus kept in the
# tree (new inputs go to a scratch copy), then print one check line per
# verdict for tests/run-tests.sh.  Usage: run.sh FUZZER SECONDS
set -uo pipefail
fuzzer=$1 seconds=$2
work=$(mktemp -d /tmp/ksmbench-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp tests/fuzz/corpus/* "$work/"
mkdir -p "$work/crashes"
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
	-rss_limit_mb=1024 -max_len=4096 -artifact_prefix="$work/crashes/" \
	"$work" >"$work/log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
crashes=$(find "$work/crashes" -type f | wc -l)
echo "fuzz_parse: ${seconds} s, ${execs:-0} executions, $crashes crashes, corpus $(ls tests/fuzz/corpus | wc -l) seeds"
if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "${execs:-0}" -gt 0 ]; then
	echo "ok fuzz_parse: no crash in ${execs} executions over ${seconds} s"
else
	echo "not ok fuzz_parse: exit $rc, $crashes crashes (inputs kept in build/fuzz-crashes)"
	mkdir -p build/fuzz-crashes
	cp "$work"/crashes/* build/fuzz-crashes/ 2>/dev/null
	grep -A30 -m1 'ERROR\|runtime error' "$work/log"
fi
