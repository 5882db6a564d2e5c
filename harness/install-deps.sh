#!/usr/bin/env bash
# install-deps.sh PKG...: make sure the named Debian packages are installed.
# Silent when nothing is missing. As root, installs the missing ones (after one
# `apt-get update`); otherwise prints the command to run and fails.
set -euo pipefail

missing=()
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

if ((EUID != 0)); then
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-deps: install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

# `make -j` runs several of us at once: one at a time, then look again.
if [[ -z ${KSMBENCH_DEPS_LOCKED:-} ]] && command -v flock >/dev/null; then
    exec env KSMBENCH_DEPS_LOCKED=1 flock /run/lock/ksmbench-install-deps "$0" "$@"
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_opts[@]}" update || { echo "install-deps: apt-get update failed" >&2; exit 1; }
apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" ||
    { echo "install-deps: apt-get install ${missing[*]} failed" >&2; exit 1; }
