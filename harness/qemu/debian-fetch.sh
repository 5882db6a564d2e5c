#!/usr/bin/env bash
# debian-fetch.sh kernel RELEASE   -> prints the cached vmlinuz path
# debian-fetch.sh source SERIES    -> prints the cached linux-source tarball path
# debian-fetch.sh version SERIES   -> prints the Debian version of linux-source-SERIES
#                                     that `source SERIES` gives (e.g. 7.3.4-1~bpo13+1)
# debian-fetch.sh modules RELEASE MOD... -> prints a cached directory holding MOD.ko and
#                                     the modules it depends on (uncompressed), and
#                                     load-order (one file name a line, dependencies first)
# SERIES is the linux-source-X.Y name: 7.3 (trixie-backports), 7.2 (sid), 6.12 (trixie).
# Packages come from trixie, trixie-backports and sid through a project-local apt
# configuration under $CACHE/apt; the mirror URI is read from the system's apt
# sources (or KSMBENCH_DEBIAN_MIRROR). Everything is cached under $CACHE.
set -euo pipefail

CACHE=${KSMBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ksmbench}
APTDIR=$CACHE/apt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SUITES=(trixie trixie-backports sid)

die() { echo "debian-fetch: $*" >&2; exit 1; }
log() { echo "debian-fetch: $*" >&2; }

# The system's main Debian archive URI: the first deb source whose suites include
# this system's codename exactly (so -security and -updates entries never match).
system_mirror() {
    local codename
    codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')
    [[ -n $codename ]] || die "no VERSION_CODENAME in /etc/os-release"
    shopt -s nullglob
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        awk -v cn="$codename" '
            function flush() { if (deb && on && (" " suites " ") ~ (" " cn " ") && uri != "") { print uri; found = 1; exit }
                               deb = 0; on = 1; suites = ""; uri = "" }
            BEGIN { on = 1 }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]*#/ { next }
            tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
            tolower($1) == "uris:"    { uri = $2 }
            tolower($1) == "suites:"  { suites = ""; for (i = 2; i <= NF; i++) suites = suites " " $i }
            tolower($1) == "enabled:" { on = (tolower($2) != "no") }
            END { if (!found) flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        # deb [options] URI SUITE COMPONENT...
        sed -E 's/\[[^]]*\]//' "$f" | awk -v cn="$codename" '$1 == "deb" && $3 == cn { print $2 }'
    done
}

setup_apt() {
    local mirror=${KSMBENCH_DEBIAN_MIRROR:-}
    [[ -n $mirror ]] || read -r mirror < <(system_mirror) || true
    [[ -n $mirror ]] || die "cannot find the Debian mirror URI in /etc/apt/sources.list{,.d/*}; set KSMBENCH_DEBIAN_MIRROR"
    [[ -r $KEYRING ]] || die "$KEYRING missing: install the debian-archive-keyring package"
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache" "$APTDIR/state"
    : >"$APTDIR/state/status"
    local s new=$APTDIR/sources.list.new
    for s in "${SUITES[@]}"; do
        echo "deb [signed-by=$KEYRING] ${mirror%/} $s main"
    done >"$new"
    if cmp -s "$new" "$APTDIR/sources.list"; then rm -f "$new"
    else mv "$new" "$APTDIR/sources.list"; rm -f "$APTDIR/lists/.updated"; fi
    APT_OPTS=(-q -o "Dir::Etc::sourcelist=$APTDIR/sources.list" -o Dir::Etc::sourceparts=/dev/null
              -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::State::status=$APTDIR/state/status"
              -o "Dir::Cache=$APTDIR/cache" -o Dir::Cache::pkgcache=pkgcache.bin
              -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
    exec 9>"$APTDIR/lock"
    flock 9
}

UPDATED=0
# apt-get update at most once per invocation; skipped while the lists are < 1 day old
# unless FORCE=1 (a package was not found in the cached lists).
update_lists() {
    local force=${1:-0}
    ((UPDATED)) && return 0
    if ((!force)) && [[ -n $(find "$APTDIR/lists/.updated" -mmin -1440 2>/dev/null) ]]; then return 0; fi
    UPDATED=1
    log "apt-get update (${SUITES[*]})"
    # --error-on=any: a suite the keyring cannot verify is an error, never ignored.
    if apt-get "${APT_OPTS[@]}" --error-on=any update >&2; then
        touch "$APTDIR/lists/.updated"
    elif compgen -G "$APTDIR/lists/*_Packages*" >/dev/null; then
        log "WARNING: apt-get update failed (signature or network, see above); using the cached lists"
    else
        die "apt-get update failed; if it reports NO_PUBKEY, install a newer debian-archive-keyring"
    fi
}

# pkg_field PKG FIELD: a field of PKG's candidate version in the local lists.
pkg_field() {
    apt-cache "${APT_OPTS[@]}" show --no-all-versions "$1" 2>/dev/null |
        awk -v f="$2:" '$1 == f && !done { print $2; done = 1 }'
}

# have_pkg PKG: is PKG in the lists (after one forced update if the cache lacks it)?
have_pkg() {
    [[ -n $(pkg_field "$1" Version) ]] && return 0
    update_lists 1
    [[ -n $(pkg_field "$1" Version) ]]
}

# download PKG DIR: apt-get download into DIR; prints the .deb path.
download() {
    local pkg=$1 dir=$2 deb
    deb=$dir/$(basename "$(pkg_field "$pkg" Filename)")
    mkdir -p "$dir"
    log "downloading $pkg $(pkg_field "$pkg" Version)"
    (cd "$dir" && apt-get "${APT_OPTS[@]}" download "$pkg" >&2) || die "apt-get download $pkg failed"
    [[ -s $deb ]] || die "apt-get download $pkg did not produce $deb"
    echo "$deb"
}

cmd_kernel() {
    local rel=$1 dest=$CACHE/kernels/$1 pkg deb f path
    if [[ -s $dest/vmlinuz && -s $dest/config ]]; then echo "$dest/vmlinuz"; return; fi
    update_lists
    tmp=$(mktemp -d "$CACHE/kernels/.tmp.XXXXXX")   # global: the EXIT trap uses it
    trap 'rm -rf "$tmp"' EXIT
    # Debian 7.x splits the old linux-image-REL: linux-binary-REL holds the vmlinuz,
    # linux-base-REL the config; older kernels have both in linux-image-REL.
    for pkg in "linux-binary-$rel" "linux-base-$rel" "linux-image-$rel"; do
        if [[ -s $tmp/vmlinuz && -s $tmp/config ]]; then break; fi
        have_pkg "$pkg" || continue
        deb=$(download "$pkg" "$tmp/debs")
        rm -rf "$tmp/root"; dpkg-deb -x "$deb" "$tmp/root"
        for f in vmlinuz config; do
            for path in "usr/lib/modules/$rel/$f" "boot/$f-$rel"; do
                if [[ -s $tmp/root/$path && ! -s $tmp/$f ]]; then
                    cp "$tmp/root/$path" "$tmp/$f"
                    echo "$f: $pkg $(pkg_field "$pkg" Version) /$path" >>"$tmp/PACKAGES"
                fi
            done
        done
    done
    [[ -s $tmp/vmlinuz ]] || die "no package in ${SUITES[*]} holds a vmlinuz for $rel (tried linux-binary/base/image-$rel)"
    [[ -s $tmp/config ]] || die "no package in ${SUITES[*]} holds the config of $rel"
    mkdir -p "$dest"
    mv "$tmp/vmlinuz" "$tmp/config" "$tmp/PACKAGES" "$dest/"
    log "cached in $dest: $(paste -sd';' "$dest/PACKAGES")"
    echo "$dest/vmlinuz"
}

cmd_source() {
    local pkg=linux-source-$1 ver dest deb tarball
    update_lists
    have_pkg "$pkg" || die "$pkg is not in ${SUITES[*]}"
    ver=$(pkg_field "$pkg" Version)
    dest=$CACHE/source/${pkg}_${ver//:/%3a}
    if [[ -f $dest/.complete ]]; then cat "$dest/.complete"; return; fi
    rm -rf "$dest"
    deb=$(download "$pkg" "$dest")
    tarball=$(dpkg-deb -c "$deb" | awk '!t && $6 ~ /^\.\/usr\/src\/linux-source-.*\.tar\.(xz|bz2|gz)$/ { t = $6 } END { print t }')
    [[ -n $tarball ]] || die "$deb holds no usr/src/linux-source-*.tar.*"
    log "extracting $tarball from $(basename "$deb")"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" "$tarball" || die "cannot extract $tarball from $deb"
    rm -f "$deb"
    echo "$dest/${tarball#./}" >"$dest/.complete"
    cat "$dest/.complete"
}

cmd_version() {
    local pkg=linux-source-$1
    update_lists
    have_pkg "$pkg" || die "$pkg is not in ${SUITES[*]}"
    pkg_field "$pkg" Version
}

# The modules the guest needs that the cloud kernels build as modules (zram for the
# reclaim driver), with their dependencies, from linux-modules-RELEASE.
cmd_modules() {
    local rel=$1 dest=$CACHE/kernels/$1/modules pkg=linux-modules-$1 deb root want
    shift
    want=$*
    if [[ -s $dest/load-order && $(cat "$dest/WANTED" 2>/dev/null) == "$want" ]]; then
        echo "$dest"; return
    fi
    command -v modinfo >/dev/null || die "modinfo missing (bash harness/install-deps.sh kmod)"
    update_lists
    have_pkg "$pkg" || die "$pkg is not in ${SUITES[*]}"
    tmp=$(mktemp -d "$CACHE/kernels/.tmp.XXXXXX")   # global: the EXIT trap uses it
    trap 'rm -rf "$tmp"' EXIT
    deb=$(download "$pkg" "$tmp/debs")
    dpkg-deb -x "$deb" "$tmp/root"
    root=$(find "$tmp/root" -type d -path "*/modules/$rel" | head -n 1)
    [[ -n $root ]] || die "$pkg holds no modules/$rel"
    mkdir -p "$tmp/out"
    local -A done=()
    # add NAME: NAME's dependencies first, then NAME itself.
    add() {
        local name=$1 ko dep
        [[ -z ${done[$name]:-} ]] || return 0
        done[$name]=1
        ko=$(find "$root" -name "$name.ko*" | head -n 1)
        [[ -n $ko ]] || ko=$(find "$root" -name "${name//_/-}.ko*" | head -n 1)
        [[ -n $ko ]] || die "$pkg has no module $name"
        for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do add "$dep"; done
        case $ko in
            *.xz) xz -dc "$ko" >"$tmp/out/$name.ko" ;;
            *.zst) zstd -qdc "$ko" >"$tmp/out/$name.ko" ;;
            *.gz) gzip -dc "$ko" >"$tmp/out/$name.ko" ;;
            *) cp "$ko" "$tmp/out/$name.ko" ;;
        esac
        echo "$name.ko" >>"$tmp/out/load-order"
    }
    for m in "$@"; do add "$m"; done
    echo "$want" >"$tmp/out/WANTED"
    echo "$pkg $(pkg_field "$pkg" Version)" >"$tmp/out/PACKAGE"
    rm -rf "$dest"
    mv "$tmp/out" "$dest"
    log "cached in $dest: $(paste -sd' ' "$dest/load-order") from $(cat "$dest/PACKAGE")"
    echo "$dest"
}

case ${1:-} in
    kernel) [[ $# -eq 2 ]] || die "usage: $0 kernel RELEASE"; mkdir -p "$CACHE/kernels"; setup_apt; cmd_kernel "$2" ;;
    source) [[ $# -eq 2 ]] || die "usage: $0 source SERIES (e.g. 7.3)"; setup_apt; cmd_source "$2" ;;
    version) [[ $# -eq 2 ]] || die "usage: $0 version SERIES (e.g. 7.3)"; setup_apt; cmd_version "$2" ;;
    modules) [[ $# -ge 3 ]] || die "usage: $0 modules RELEASE MODULE..."; mkdir -p "$CACHE/kernels"; setup_apt; shift; cmd_modules "$@" ;;
    *) die "usage: $0 kernel RELEASE | source SERIES | version SERIES | modules RELEASE MODULE..." ;;
esac
