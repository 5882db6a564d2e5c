# shellcheck shell=bash disable=SC2034 # the variables set here are read by the scripts that source it
# series-lib.sh: sourced by build-kernels.sh and check-series.sh. Reads a base's
# series file (format: kernel-patch/README.md) and the files a patch touches.

# The flags every patch is applied with, in builds and checks alike; patch
# output goes to the caller's log. Rejects are discarded: a failed patch is
# undone by reverting the whole variant, and the log keeps patch's report.
PATCH_FLAGS=(-p1 --forward --batch --no-backup-if-mismatch --reject-file=-)

# series_read DIR: parse DIR/series into
#   SERIES_PATCHES    patch file names, in file order
#   SERIES_VARIANTS   variant names, in order of first mention
#   SERIES_OF[patch]  "variant variant ..."
# Returns 1 with SERIES_ERROR set on a malformed series or a missing patch.
series_read() {
    local dir=$1 line n=0 patch v
    local -a words
    SERIES_PATCHES=() SERIES_VARIANTS=() SERIES_ERROR=''
    declare -gA SERIES_OF=()
    [[ -r $dir/series ]] || { SERIES_ERROR="no $dir/series"; return 1; }
    while IFS= read -r line || [[ -n $line ]]; do
        n=$((n + 1))
        line=${line%%#*}
        read -r -a words <<<"$line"
        ((${#words[@]})) || continue
        patch=${words[0]}
        if ((${#words[@]} < 2)); then SERIES_ERROR="series line $n: $patch lists no variant"; return 1; fi
        if [[ $patch == */* || ! -f $dir/$patch ]]; then SERIES_ERROR="series line $n: no patch file $dir/$patch"; return 1; fi
        if [[ -n ${SERIES_OF[$patch]+set} ]]; then SERIES_ERROR="series line $n: $patch listed twice"; return 1; fi
        for v in "${words[@]:1}"; do
            [[ $v =~ ^[A-Za-z0-9_]+$ ]] || { SERIES_ERROR="series line $n: bad variant name '$v' (letters, digits, _)"; return 1; }
            [[ " ${SERIES_VARIANTS[*]} " == *" $v "* ]] || SERIES_VARIANTS+=("$v")
        done
        SERIES_PATCHES+=("$patch")
        SERIES_OF[$patch]="${words[*]:1}"
    done <"$dir/series"
}

# series_patches VARIANT: the variant's patches, in series order (after series_read).
series_patches() {
    local p
    for p in "${SERIES_PATCHES[@]}"; do
        [[ " ${SERIES_OF[$p]} " != *" $1 "* ]] || echo "$p"
    done
}

# patch_paths PATCH: the paths (after -p1) a unified diff touches, one per line.
# Follows the hunk line counts, so a removed line starting "-- " inside a hunk
# is never taken for a file header.
patch_paths() {
    awk '
        function path(p) { sub(/\t.*/, "", p); sub(/ +$/, "", p)
                           if (p == "/dev/null" || index(p, "/") == 0) return ""
                           return substr(p, index(p, "/") + 1) }
        old > 0 || new > 0 {
            c = substr($0, 1, 1)
            if (c == " " || c == "") { old--; new-- } else if (c == "-") old--; else if (c == "+") new--
            next
        }
        /^--- / { from = path(substr($0, 5)); next }
        /^\+\+\+ / { to = path(substr($0, 5))
                     if (from != "") print from
                     if (to != "" && to != from) print to
                     next }
        /^@@ / { split($2, a, ","); split($3, b, ",")
                 old = (2 in a) ? a[2] + 0 : 1; new = (2 in b) ? b[2] + 0 : 1 }
    ' "$1" | LC_ALL=C sort -u
}

# fragment_values FRAGMENT: "CONFIG_X value" per symbol the fragment sets;
# "# CONFIG_X is not set" counts as n; a later line wins, as in merge_config.sh.
fragment_values() {
    sed -nE 's/^(CONFIG_[A-Za-z0-9_]+)=(.*)$/\1 \2/p; s/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1 n/p' "$1" |
        awk '!($1 in v) { order[++n] = $1 } { v[$1] = $2 } END { for (i = 1; i <= n; i++) print order[i], v[order[i]] }'
}

# config_mismatches FRAGMENT DOTCONFIG: "CONFIG_X=want (got have)" for each
# fragment value .config does not hold; a symbol absent from .config is n.
config_mismatches() {
    local sym want have
    while read -r sym want; do
        have=$(sed -n "s/^$sym=//p" "$2")
        [[ -n $have ]] || have=n
        [[ $have == "$want" ]] || echo "$sym=$want (got $have)"
    done < <(fragment_values "$1")
}
