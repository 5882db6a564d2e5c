#!/bin/sh
# /init of the LAVA ramdisk (harness/lava/mkramdisk.sh): the same mounts as the
# QEMU runner's init (harness/qemu/guest-init.sh), then a root shell on the
# console with the prompt the job waits for. LAVA's test shell types its
# commands there; ksmbench runs from the test definition, not from here.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
# As in guest-init.sh: a throwaway guest, where the offline driver may run.
export KSMBENCH_GUEST=1
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tracefs tracefs /sys/kernel/tracing || echo "init: cannot mount tracefs"
mount -t debugfs debugfs /sys/kernel/debug || echo "init: cannot mount debugfs"
mount -t tmpfs tmpfs /tmp
mkdir -p /root
echo "init: $(uname -r): shell for the LAVA test shell"
export PS1='ksmbench-lava# '
# init must not exit (the kernel would panic): a shell that ends is restarted.
while :; do setsid cttyhack sh -i; done
