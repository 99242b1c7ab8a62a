#!/usr/bin/env bash
# Files that are not what they seem, and disks that fill up (issue 12):
#  - a FIFO (or any non-regular file) as a results CSV, a machine.json or an analyze
#    input is refused with exit 2 at once, never waited on;
#  - analyze and compare replace symbolic links that sit in --out, never write through;
#  - io checkpoint never writes through a link at FILE.tmp, and refuses --csv FILE.tmp;
#  - a machine.json core count that overflows is refused, not wrapped;
#  - a full disk: the row that does not fit is cut back off (exit 3, "no space left on
#    device"), the file stays readable, and a new CSV that could not take its header is
#    removed; output that cannot reach stdout is exit 3.
. "$(dirname "$0")/lib.sh"
"$PARBENCH" run montecarlo --variant serial,omp --size 1e5 --reps 2 --csv "$TMP/ok.csv" --quiet || fail "seed rows"
mkdir -p "$TMP/res"
cp "$TMP/ok.csv" "$TMP/res/runs.csv"
"$PARBENCH" info --json > "$TMP/res/machine.json"

# ---- FIFOs: exit 2 within the bound, one line naming the file
mkfifo "$TMP/fifo.csv"
nohang() { # nohang WHAT ARGS...: exit 2 in under 10 s with one line naming a FIFO
    local what=$1; shift
    timeout 10 "$PARBENCH" "$@" > /dev/null 2> "$TMP/err"
    local rc=$?
    [ $rc = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q "FIFO" "$TMP/err" && pass ||
        fail "$what: rc $rc (124 = hung): $(cat "$TMP/err")"
}
nohang "analyze input" analyze "$TMP/fifo.csv" --out "$TMP/a"
mkdir -p "$TMP/fifodir"
mkfifo "$TMP/fifodir/runs.csv"
nohang "compare runs.csv" compare "$TMP/fifodir" --out "$TMP/c"
mkdir -p "$TMP/fifojson" && cp "$TMP/ok.csv" "$TMP/fifojson/runs.csv" && mkfifo "$TMP/fifojson/machine.json"
nohang "compare machine.json" compare "$TMP/fifojson" --out "$TMP/c"
nohang "migrate" migrate "$TMP/fifo.csv"
expect_bad "not a regular file" run montecarlo --size 10 --reps 1 --csv "$TMP/fifo.csv"

# ---- links in --out are replaced, their targets untouched
mkdir -p "$TMP/lnk"
echo precious > "$TMP/precious"
"$PARBENCH" analyze "$TMP/ok.csv" --out "$TMP/probe" > /dev/null || fail "probe analyze"
for f in "$TMP/probe"/*; do ln -s "$TMP/precious" "$TMP/lnk/$(basename "$f")"; done
"$PARBENCH" analyze "$TMP/ok.csv" --out "$TMP/lnk" > /dev/null 2> "$TMP/err" && pass || fail "analyze: $(cat "$TMP/err")"
[ "$(cat "$TMP/precious")" = precious ] && pass || fail "analyze wrote through a link"
[ -z "$(find "$TMP/lnk" -type l)" ] && pass || fail "links left in analyze --out"
mkdir -p "$TMP/cout"
for f in compare.md compare.csv compare.gp bars-montecarlo.dat speedup-montecarlo.dat; do
    ln -s "$TMP/precious" "$TMP/cout/$f"
done
"$PARBENCH" compare "$TMP/res" --out "$TMP/cout" > /dev/null 2> "$TMP/err" && pass || fail "compare: $(cat "$TMP/err")"
[ "$(cat "$TMP/precious")" = precious ] && [ -z "$(find "$TMP/cout" -type l)" ] && pass ||
    fail "compare wrote through a link"

# ---- machine.json: an overflowing core count is refused
sed 's/"cores": [0-9]*/"cores": 999999999999999999999/' "$TMP/res/machine.json" > "$TMP/m.json"
mkdir -p "$TMP/over" && cp "$TMP/ok.csv" "$TMP/over/runs.csv" && cp "$TMP/m.json" "$TMP/over/machine.json"
grep -q '"cores": 999999999999999999999' "$TMP/over/machine.json" || fail "fixture: cores not replaced"
"$PARBENCH" compare "$TMP/over" --out "$TMP/c2" > /dev/null 2> "$TMP/err"
[ $? = 2 ] && grep -q '"cores": 999999999999999999999: too large' "$TMP/err" && pass ||
    fail "overflowing cores: $(cat "$TMP/err")"

# ---- io checkpoint: the temporary file is created afresh, never written through a link
if [ "${PARBENCH_HAVE_MPI:-0}" = 1 ]; then
    ln -s "$TMP/precious" "$TMP/ck.bin.tmp"
    "$PARBENCH" io checkpoint --file "$TMP/ck.bin" --doubles 64 --steps 2 --every 1 --reps 1 --quiet 2> "$TMP/err" &&
        pass || fail "checkpoint with a link at FILE.tmp: $(cat "$TMP/err")"
    [ "$(cat "$TMP/precious")" = precious ] && [ ! -L "$TMP/ck.bin.tmp" ] && [ "$(stat -c %s "$TMP/ck.bin")" = 512 ] &&
        pass || fail "checkpoint wrote through the link at FILE.tmp"
    cp "$TMP/ok.csv" "$TMP/ck2.bin.tmp"
    expect_bad "is the checkpoint's temporary file" io checkpoint --file "$TMP/ck2.bin" --doubles 64 --csv "$TMP/ck2.bin.tmp"
    cmp -s "$TMP/ok.csv" "$TMP/ck2.bin.tmp" && pass || fail "--csv FILE.tmp was changed"
else
    echo "(checkpoint cases need MPI)"
fi

# ---- stdout that cannot be written: exit 3
for cmd in "info --json" "list" "run montecarlo --variant serial --size 100 --reps 1"; do
    # shellcheck disable=SC2086
    "$PARBENCH" $cmd > /dev/full 2> "$TMP/err"
    rc=$?
    [ $rc = 3 ] && grep -q "cannot write to standard output" "$TMP/err" && pass || fail "$cmd > /dev/full: rc $rc"
done

# ---- a full disk (a 64 KiB tmpfs): needs root and mount; otherwise this part is skipped
disk="$TMP/disk"
mkdir -p "$disk"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$disk" 2> /dev/null; then
    trap 'umount "$disk" 2> /dev/null; rm -rf "$TMP"' EXIT
    rc=0 n=0
    while [ $rc = 0 ] && [ $n -lt 400 ]; do
        "$PARBENCH" run montecarlo --variant serial --size 100 --reps 50 --csv "$disk/runs.csv" --quiet 2> "$TMP/err"
        rc=$?; n=$((n + 1))
    done
    [ $rc = 3 ] && grep -q "no space left on device; the row was not written, the file is as it was" "$TMP/err" &&
        [ "$(wc -l < "$TMP/err")" = 1 ] && pass || fail "full disk: rc $rc after $n runs: $(cat "$TMP/err")"
    [ "$(tail -c 1 "$disk/runs.csv" | od -An -c | tr -d ' ')" = '\n' ] && pass || fail "the file ends in a partial row"
    rows=$(csv_count "$disk/runs.csv")
    [ "$rows" -ge 1 ] && [ "$rows" = $((n - 1)) ] && pass || fail "$rows rows kept after $n runs"
    "$PARBENCH" analyze "$disk/runs.csv" --out "$TMP/full" > /dev/null 2> "$TMP/err" && pass ||
        fail "analyze refuses the file after the full disk: $(cat "$TMP/err")"
    # a new file on the full disk: no header fits either, and nothing is left behind
    "$PARBENCH" run montecarlo --variant serial --size 100 --reps 1 --csv "$disk/new.csv" --quiet 2> "$TMP/err"
    rc=$?
    [ $rc = 3 ] && [ ! -e "$disk/new.csv" ] && pass || fail "new CSV on a full disk: rc $rc, left: $(ls "$disk")"
    umount "$disk"
else
    skip_part "the full-disk cases need root and a tmpfs mount"
fi
finish
