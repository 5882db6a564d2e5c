#!/usr/bin/env bash
# boot.sh --kernel VMLINUZ --initrd BASE_INITRD --out DIR --timeout SECONDS [--mem MiB]
#         [--accel auto|kvm|tcg] -- KSMBENCH_ARGS...
# Boots VMLINUZ in QEMU (2 vCPUs, 2 NUMA nodes) with BASE_INITRD plus a per-boot
# cpio (/ksmbench-args, /qemu-cmdline, /ksmbench-nonce), and unpacks the results the
# guest sends on its second serial port into DIR (DIR/run, DIR/ksmbench.log,
# DIR/exit-status). DIR/guest-status: line 1 ok|timeout|panic|no-payload, line 2 why.
# Accelerator (--accel, default $KSMBENCH_ACCEL or auto): auto uses KVM when
# /dev/kvm is usable and a probe boot of this kernel under KVM comes back
# (a paravirtual /dev/kvm kills stock kernels), else TCG; DIR/accel says
# which and why.  The QEMU command line, accelerator included, goes into
# the run's metadata.json.
set -euo pipefail
umask 022

die() { echo "boot: $*" >&2; exit 2; }
usage="usage: $0 --kernel VMLINUZ --initrd BASE_INITRD --out DIR --timeout SECONDS [--mem MiB] -- KSMBENCH_ARGS..."
kernel='' initrd='' out='' timeout='' mem=2048 accel=${KSMBENCH_ACCEL:-auto}
while (($#)); do
    case $1 in
        --kernel|--initrd|--out|--timeout|--mem|--accel)
            (($# >= 2)) || die "$1 needs a value"
            declare "${1#--}=$2"; shift 2 ;;
        --) shift; break ;;
        *) die "unknown argument '$1'; $usage" ;;
    esac
done
[[ -n $kernel && -n $initrd && -n $out && -n $timeout ]] || die "$usage"
[[ -r $kernel ]] || die "kernel $kernel not readable"
[[ -r $initrd ]] || die "initrd $initrd not readable"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds)"
if ! [[ $mem =~ ^[1-9][0-9]*$ ]] || ((mem < 256)); then die "--mem must be an integer >= 256 (MiB)"; fi
for a in "$@"; do [[ $a != *$'\n'* ]] || die "ksmbench arguments cannot contain newlines"; done
[[ $accel =~ ^(auto|kvm|tcg)$ ]] || die "--accel must be auto, kvm or tcg"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (bash harness/install-deps.sh qemu-system-x86)"

mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ $out != *,* ]] || die "DIR must not contain a comma (QEMU option syntax)"
rm -rf "${out:?}/run" "$out"/{ksmbench.log,exit-status,console.log,payload,qemu.log,guest-status,accel,kvm-probe}
boot_initrd=$out/initrd.cpio.gz
nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
half=$((mem / 2))

# pick_accel: KVM only where a probe boot of this very kernel succeeds.
pick_accel() {
    if [[ $accel != auto ]]; then accel_why="forced (--accel $accel)"; return; fi
    if [[ ! -r /dev/kvm || ! -w /dev/kvm ]]; then
        accel=tcg accel_why="no usable /dev/kvm"; return
    fi
    if bash "$0" --kernel "$kernel" --initrd "$initrd" --out "$out/kvm-probe" \
        --timeout 120 --mem 512 --accel kvm -- list >/dev/null 2>&1; then
        accel=kvm accel_why="probe boot under KVM came back"
    else
        accel=tcg accel_why="probe boot under KVM failed: $(sed -n 2p "$out/kvm-probe/guest-status" 2>/dev/null)"
    fi
}
pick_accel
printf '%s\n%s\n' "$accel" "$accel_why" >"$out/accel"
echo "boot: accelerator $accel ($accel_why)" >&2
if [[ $accel == kvm ]]; then accel_args=(-accel kvm -cpu host); else accel_args=(-accel tcg,thread=multi -cpu max); fi
# mem-merge=off, merge=off: QEMU marks guest RAM mergeable by default, and a
# KSM run on the host (ksmbench's own tests, for one) then merges it under the
# guest, which slowed a TCG guest down 2-5 times: the guest's timings must not
# depend on what the host's ksmd does.  QEMU 7.2 marks the backends mergeable
# again after the backend's merge=off unless the machine says mem-merge=off
# (seen in /proc/PID/smaps, VmFlags mg), so both are given.
# shellcheck disable=SC2054 # commas are QEMU's, not array separators
qemu=(qemu-system-x86_64 -machine mem-merge=off "${accel_args[@]}" -smp 2 -m "${mem}M"
      -object "memory-backend-ram,id=m0,size=${half}M,merge=off"
      -object "memory-backend-ram,id=m1,size=$((mem - half))M,merge=off"
      -numa node,nodeid=0,memdev=m0,cpus=0 -numa node,nodeid=1,memdev=m1,cpus=1
      -kernel "$kernel" -initrd "$boot_initrd" -append "console=ttyS0 panic=-1 quiet damon_stat.enabled=N"
      -nodefaults -display none -monitor none -no-reboot
      -serial "file:$out/console.log" -serial "file:$out/payload")

# Per-boot archive, appended to a copy of the base one (the kernel unpacks both).
stage=$(mktemp -d)
trap 'rm -rf "$stage" "$boot_initrd"' EXIT
(($# == 0)) || printf '%s\n' "$@" >"$stage/ksmbench-args"
# Shell-quoted, one line; words made only of safe characters stay bare.
for w in "${qemu[@]}"; do
    if [[ $w =~ ^[][A-Za-z0-9_./=,:+@%-]+$ ]]; then printf '%s ' "$w"; else printf "'%s' " "${w//\'/\'\\\'\'}"; fi
done | sed 's/ $//' >"$stage/qemu-cmdline"
echo >>"$stage/qemu-cmdline"
echo "$nonce" >"$stage/ksmbench-nonce"
# Modules this kernel has as modules but the suite needs (zram: the reclaim driver's
# swap), from the kernel's own linux-modules package; /init loads them.
cfg=$(dirname "$kernel")/config
if [[ -r $cfg ]] && grep -q '^CONFIG_ZRAM=m' "$cfg"; then
    if mods=$("$(dirname "$0")/debian-fetch.sh" modules "$(basename "$(dirname "$kernel")")" zram); then
        mkdir -p "$stage/modules"
        cp "$mods"/*.ko "$mods/load-order" "$stage/modules/"
    else
        echo "boot: no zram module for this kernel: the reclaim driver will skip" >&2
    fi
fi
cp "$initrd" "$boot_initrd"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) | gzip -n >>"$boot_initrd"

echo "boot: $(basename "$(dirname "$kernel")")/$(basename "$kernel"), timeout ${timeout}s -> $out" >&2
start=$(date +%s%N)
rc=0
# Echo the guest's progress lines while it runs: minutes of silence look hung.
# tail --pid ends the follower once QEMU has gone.
follow() {
    tail -n +1 -s 0.2 -F --pid="$1" "$out/console.log" 2>/dev/null |
        grep --line-buffered -aE '^(init:|ksmbench:|merge:|[a-z0-9_@=-]+( migrate)?[: ])' |
        sed -u 's/\r$//; s/^/  guest| /' >&2
}
: >"$out/console.log"
timeout --kill-after=10 "$timeout" "${qemu[@]}" </dev/null >"$out/qemu.log" 2>&1 &
qpid=$!
follow "$qpid" &
wait "$qpid" || rc=$?
wait
secs=$(( ($(date +%s%N) - start) / 1000000 ))
secs=$((secs / 1000)).$(printf '%03d' $((secs % 1000)))

# Payload: "KSMBENCH-PAYLOAD-BEGIN nonce", base64 of a tar.gz, "KSMBENCH-PAYLOAD-END nonce sha256".
decode() {
    [[ -s $out/payload ]] || { why="nothing on the payload serial port"; return 1; }
    local sum
    sum=$(tr -d '\r' <"$out/payload" | awk -v n="$nonce" -v b64="$stage/b64" '
        done { next }
        $0 == "KSMBENCH-PAYLOAD-BEGIN " n { on = 1; next }
        on && $1 == "KSMBENCH-PAYLOAD-END" && $2 == n { print $3; done = 1; next }
        on { print > b64 }
        END { if (!on) print "no-begin"; else if (!done) print "no-end" }')
    case $sum in
        no-begin) why="no BEGIN marker with this boot's nonce in the payload"; return 1 ;;
        no-end) why="payload truncated (no END marker)"; return 1 ;;
    esac
    base64 -d "$stage/b64" >"$stage/payload.tar.gz" 2>/dev/null || { why="payload is not valid base64"; return 1; }
    [[ $(sha256sum <"$stage/payload.tar.gz" | cut -d' ' -f1) == "$sum" ]] || { why="payload sha256 mismatch"; return 1; }
    tar -xzf "$stage/payload.tar.gz" -C "$out" --no-same-owner || { why="cannot unpack the payload tar"; return 1; }
    why="payload returned, ksmbench exit status $(cat "$out/exit-status" 2>/dev/null || echo missing)"
}

why=
payload_ok=0
if decode; then payload_ok=1; rm -f "$out/payload"; fi
oops=$(grep -a -m1 -E '^\[ *[0-9]+\.[0-9]+\] .*(Kernel panic|BUG:|Oops|general protection fault)' "$out/console.log" 2>/dev/null | tr -d '\r' || true)
if [[ -n $oops ]]; then
    status=panic reason="console: ${oops}; $why"
elif ((rc == 124 || rc == 137)); then
    status=timeout reason="killed after ${timeout}s; $why"
elif ((payload_ok)); then
    status=ok reason=$why
elif ((rc != 0)); then
    status=no-payload reason="qemu exit status $rc: $(head -n 1 "$out/qemu.log"); $why"
else
    status=no-payload reason=$why
fi
printf '%s\n%s\n' "$status" "$reason" >"$out/guest-status"
echo "boot: $status after ${secs}s: $reason ($out)"
[[ $status == ok ]]
