#!/bin/sh
# /init of the ksmbench initramfs (busybox sh). Loads the modules in
# /modules/load-order, runs /bin/ksmbench with the arguments in /ksmbench-args (one per
# line) and --setup-swap, then sends /results to the host as a
# base64 tar.gz between marker lines on /dev/ttyS1 and powers off.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# Drivers that cost the machine something (offline) run only where this is set.
export KSMBENCH_GUEST=1
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console node, so the kernel gave us no stdio.
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tracefs tracefs /sys/kernel/tracing || echo "init: cannot mount tracefs"
mount -t debugfs debugfs /sys/kernel/debug || echo "init: cannot mount debugfs"
mount -t tmpfs tmpfs /tmp
mkdir -p /results
# The reclaim driver: cgroup v2 with the memory controller, zram from /modules.
mount -t cgroup2 cgroup2 /sys/fs/cgroup || echo "init: cannot mount cgroup2"
if [ -r /modules/load-order ]; then
    while read -r m; do insmod "/modules/$m" || echo "init: insmod $m failed"; done </modules/load-order
fi

set --
if [ -r /ksmbench-args ]; then
    while IFS= read -r arg || [ -n "$arg" ]; do set -- "$@" "$arg"; done </ksmbench-args
fi
echo "init: $(uname -r): ksmbench run $*"
{
    # A guest is ours: the reclaim driver may make its own zram swap here.
    /bin/ksmbench run "$@" --setup-swap --out /results/run --vm-cmdline-file /qemu-cmdline 2>&1
    echo $? >/results/exit-status
} | tee /results/ksmbench.log
echo "init: ksmbench exit status $(cat /results/exit-status 2>/dev/null || echo unknown)"

# Payload: "KSMBENCH-PAYLOAD-BEGIN <nonce>", base64 lines, "KSMBENCH-PAYLOAD-END <nonce> <sha256>".
# The nonce (from boot.sh) keeps a stale or foreign stream from being mistaken for ours.
nonce=$(cat /ksmbench-nonce 2>/dev/null || echo none)
if tar -czf /tmp/payload.tar.gz -C /results . ; then
    sum=$(sha256sum /tmp/payload.tar.gz | cut -d' ' -f1)
    stty -F /dev/ttyS1 raw -echo 2>/dev/null || echo "init: stty ttyS1 failed"
    {
        echo "KSMBENCH-PAYLOAD-BEGIN $nonce"
        base64 /tmp/payload.tar.gz
        echo "KSMBENCH-PAYLOAD-END $nonce $sum"
    } >/dev/ttyS1
    # stty sets attributes with TCSADRAIN: returns once ttyS1 has sent everything.
    stty -F /dev/ttyS1 raw -echo 2>/dev/null
    echo "init: payload sent ($(wc -c </tmp/payload.tar.gz) bytes, sha256 $sum)"
else
    echo "init: cannot pack /results"
fi
sync
poweroff -f
