#!/usr/bin/env bash
# A results file or checkpoint in a directory where no file can be created is refused
# before anything runs: exit 2, one line naming the directory, no file. As root too, which
# is how the README and CI run the tests: root passes every permission check, so there
# the directory is a read-only tmpfs mounted in a private mount namespace (unshare -m);
# where that is not allowed, /sys or /proc/sys when mounted read-only (as in containers);
# with neither, SKIP (77), never a pass.
. "$(dirname "$0")/lib.sh"

ro="$TMP/ro"
mkdir -p "$ro"
real=$PARBENCH
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$ro"
    how="a directory of mode 555"
elif unshare -m sh -c 'mount -t tmpfs -o ro,size=64k tmpfs "$1"' sh "$ro" 2> "$TMP/err"; then
    # Every command below runs in its own mount namespace in which $ro is read-only; the
    # mount ends with it (unshare makes the namespace private: nothing reaches the host).
    cat > "$TMP/in-ro" <<'SH'
#!/bin/sh
ro=$1; shift
exec unshare -m sh -c 'mount -t tmpfs -o ro,size=64k tmpfs "$1" && shift && exec "$@"' sh "$ro" "$@"
SH
    chmod +x "$TMP/in-ro"
    PARBENCH=$TMP/in-ro-parbench
    printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$TMP/in-ro" "$ro" "$real" > "$PARBENCH"
    chmod +x "$PARBENCH"
    how="a read-only tmpfs in a private mount namespace"
else
    echo "unshare -m: $(head -1 "$TMP/err")"
    ro=""
    for d in /sys /proc/sys; do # read-only in containers
        case "$(findmnt -n -o OPTIONS -M "$d" 2> /dev/null)" in
            ro | ro,*) [ -w "$d" ] || { ro=$d; break; } ;;
        esac
    done
    [ -n "$ro" ] || skip "root may create files anywhere here: no mount namespace, /sys and /proc/sys writable"
    how="the read-only mount $ro"
fi
echo "read-only directory: $how"

# The set-up itself: creating a file there fails, for this user.
if [ "$PARBENCH" = "$real" ]; then
    touch "$ro/probe" 2> /dev/null && fail "set-up: a file could be created in $ro" || pass
else
    "$TMP/in-ro" "$ro" touch "$ro/probe" 2> /dev/null && fail "set-up: a file could be created in $ro" || pass
fi

expect_bad "$ro/r.csv: directory '$ro' is not writable" run montecarlo --size 10 --csv "$ro/r.csv"
expect_bad "$ro/ck.bin: directory '$ro' is not writable" io checkpoint --file "$ro/ck.bin" --doubles 8
[ ! -e "$ro/r.csv" ] && [ ! -e "$ro/ck.bin" ] && [ ! -e "$ro/ck.bin.tmp" ] && pass || fail "a file was created in $ro"
finish
