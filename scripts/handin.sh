#!/usr/bin/env bash
# Packs a student's results for the instructor, after checking that they are complete:
#   scripts/handin.sh [RESULTS_DIR] [--label NAME] [--out DIR]
# RESULTS_DIR defaults to results/<this machine>; NAME (how the instructor will know the
# hand-in: your name) to your login name; DIR to the current folder. Writes
# DIR/handin-<NAME>-<machine id>.tar.gz holding runs.csv, machine.json, the topology
# files and handin.txt (what the check found), for `scripts/compare.sh` or
# `parbench compare` to read as it is.
# The check (parbench compare --check): machine.json and runs.csv there and readable;
# for every kernel of the quick suite a verified serial run and a verified omp run on
# all usable cores, the serial run not tiny (at least 0.05 s); the flags of the runs
# (starved, cv-high, ...) are listed, and so are missing mpi or I/O runs. Something
# missing: one line saying what, exit 2, nothing written.
set -euo pipefail
. "$(dirname "$0")/locate.sh"
. "$pb_scripts/args.sh"
results="" out=. label="" have_results=0
while [ $# -gt 0 ]; do
    once "$1"
    case "$1" in
        --out) need_value "$@"; out=$2; shift 2 ;;
        --label) need_value "$@"; label=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1'; accepted: --label NAME, --out DIR" ;;
        *) results_arg "$1"; shift ;;
    esac
done
[ -x "$pb" ] || die "no parbench at $pb: run scripts/build.sh first"
[ "$have_results" = 1 ] || results="$pb_home/results/$("$pb" info --id)"
real_path "$results" 2> /dev/null && [ -d "$REPLY" ] || die "'$results' is not a results directory (scripts/quickstart.sh writes results/<machine>/)"
dir=$REPLY
name_re='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
if [ -z "$label" ]; then
    label=$(id -un 2> /dev/null || echo "")
    [[ "$label" =~ $name_re ]] || die "cannot use the login name '$label' as the label: give --label NAME"
fi
# the length first: a long label of good characters is told it is too long, not about characters
[ "${#label}" -le 64 ] || die "--label '$label': ${#label} characters; at most 64"
[[ "$label" =~ $name_re ]] || die "--label '$label': expected letters, digits, '.', '_' or '-' (at most 64, not starting with '.' or '-')"
for f in machine.json runs.csv; do
    [ -e "$dir/$f" ] || die "'$results' is missing $f (scripts/quickstart.sh writes it): nothing to hand in"
    [ -f "$dir/$f" ] && [ ! -L "$dir/$f" ] && [ -r "$dir/$f" ] || die "'$results/$f' is not a readable regular file"
done
[ "$(stat -c %s -- "$dir/runs.csv")" -le $((64 << 20)) ] || die "'$results/runs.csv' is larger than 64 MiB: hand in a results folder of one machine"
id=$(sed -n 's/^  "id": "\(.*\)",$/\1/p' "$dir/machine.json" | head -1)
[[ "$id" =~ $name_re ]] || die "'$results/machine.json' names no machine id (rewrite it: parbench info --json > machine.json)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/handin.XXXXXX" 2> /dev/null) ||
    { echo "handin.sh: TMPDIR '${TMPDIR:-/tmp}': cannot create a folder there (missing, full or read-only): set TMPDIR to a writable folder" >&2; exit 3; }
tmp=""
trap 'rm -rf -- "$stage"; [ -z "$tmp" ] || rm -f -- "$tmp"' EXIT
# the check: its findings on stdout and into the hand-in; what is missing is one line
report=$("$pb" compare "$dir" --check 2> "$stage/check.err") || {
    rc=$?
    printf '%s\n' "$report"
    why=$(cat "$stage/check.err")
    [ "$rc" = 2 ] || { echo "handin.sh: parbench compare --check failed (exit $rc): $why" >&2; exit "$rc"; }
    die "${why#parbench: compare: }"
}
printf '%s\n' "$report"

mkdir -p -- "$out" 2> /dev/null && real_path "$out" || die "--out '$out': cannot create the directory"
out=$REPLY
mkdir "$stage/$label"
files=0
for f in runs.csv machine.json topology.xml topology.txt topology.png; do
    # regular files only: a link in the folder would pack whatever it points at
    if [ -f "$dir/$f" ] && [ ! -L "$dir/$f" ]; then cp -- "$dir/$f" "$stage/$label/$f"; files=$((files + 1)); fi
done
{ printf '%s\n' "$report"; echo "packed $(date -u +%Y-%m-%dT%H:%M:%SZ) by $("$pb" --version)"; } > "$stage/$label/handin.txt"
# ustar, owner 0: what parbench compare unpacks (it refuses links, paths outside the folder, ...)
tmp=$(mktemp "$out/.handin.XXXXXX" 2> /dev/null) ||
    die "--out '$out': cannot create a file there (a read-only or special folder such as /proc?): choose a writable folder"
tar --format=ustar --owner=0 --group=0 --numeric-owner -C "$stage" -czf "$tmp" -- "$label"
# mktemp makes 0600: the archive gets the mode the umask gives any new file
chmod "$(printf '%o' $((0666 & ~0$(umask))))" "$tmp"
target="$out/handin-$label-$id.tar.gz"
mv -fT -- "$tmp" "$target"
tmp=""
echo "handin: $target ($((files + 1)) files): hand this file in"
