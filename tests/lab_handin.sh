#!/usr/bin/env bash
# The classroom lab end to end (issue 15): machine ids that tell cloned PCs apart,
# scripts/handin.sh refusing an incomplete folder and packing a complete one, compare
# reading hand-in archives safely (every hostile member refused, nothing written
# outside its temporary folder, nothing left behind), and three identities (two cloned
# PCs sharing the host name "debian", one other) plus a second hand-in of one of them
# giving exactly the right rows, with one warning. Each identity's machine.json and
# real runs (each kernel's tiny size class: verified, stamped with its id) come from parbench; its
# hand-in holds recorded rows of that machine, so no outcome depends on timing.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
export PARBENCH_BUILD_DIR TMPDIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")
TMPDIR=$TMP/tmpdir # where compare unpacks: must be empty after every run
mkdir -p "$TMPDIR"
handin=$src/scripts/handin.sh compare=$src/scripts/compare.sh
header=$(synthetic_header)
row() { synthetic_row "$@"; }
# the suite's kernels and their tiny sizes, as parbench list --json gives them (FACT_*)
. "$src/scripts/facts.sh"
kernel_facts "$PARBENCH"

# --- 1. the machine id: /etc/machine-id hashed, else the DMI UUID, else the topology ---
for i in 1 2; do printf '%032x\n' "$((i * 7919))" > "$TMP/mid$i"; done
id_with() { PARBENCH_MACHINE_ID_FILE=$1 "$PARBENCH" info --json | sed -n 's/^  "\(id\|id_from\)": "\(.*\)",/\2/p' | paste -sd ' '; }
read -r id1 from1 <<< "$(id_with "$TMP/mid1")"
read -r id2 from2 <<< "$(id_with "$TMP/mid2")"
host=$("$PARBENCH" info --json | sed -n 's/^  "host": "\(.*\)",/\1/p')
[ "$from1" = machine-id ] && [ "$from2" = machine-id ] && [ "$id1" != "$id2" ] && [[ "$id1" == "$host"-???????? ]] &&
    pass || fail "ids from two machine-ids: $id1 ($from1), $id2 ($from2)"
[ "$(id_with "$TMP/mid1")" = "$id1 machine-id" ] && pass || fail "the id is not stable"
! grep -q "$(head -c 32 "$TMP/mid1")" < <(PARBENCH_MACHINE_ID_FILE=$TMP/mid1 "$PARBENCH" info --json) && pass ||
    fail "the machine-id itself is shown (machine-id(5): hash it)"
# not a machine id (missing, malformed, all zeros): the next source; topology here unless DMI can be read
echo "not an id" > "$TMP/bad-mid"; printf '%032d\n' 0 > "$TMP/zero-mid"
for f in "$TMP/none" "$TMP/bad-mid" "$TMP/zero-mid"; do
    read -r _ from <<< "$(id_with "$f")"
    case "$from" in topology | dmi) pass ;; *) fail "$f: id from '$from'" ;; esac
done
PARBENCH_MACHINE_ID_FILE=relative expect_bad "PARBENCH_MACHINE_ID_FILE 'relative': not an absolute path" info

# --- 2. handin.sh ---
# complete DIR ID [SERIAL_TIME]: every kernel's serial and omp run on the 2 usable cores
complete() {
    mkdir -p "$1"
    PARBENCH_MACHINE=$2 "$PARBENCH" info --json | python3 -c '
import json, sys
m = json.load(sys.stdin); m.update(cores=2, usable_cores=2); print(json.dumps(m, indent=2))' > "$1/machine.json"
    { echo "$header"
      for k in "${FACT_KERNELS[@]}"; do
          row "$2" $k serial 1000 1 1 "${3:-0.2}" 5 unit/s
          row "$2" $k omp 1000 2 1 0.1 10 unit/s
      done
      row "$2" io-latency blocking 10 1 1 0.1 100 requests/s requests=10 latency_ms=10
      row "$2" io-latency nonblocking 10 1 1 0.0101 990 requests/s requests=10 latency_ms=10
    } > "$1/runs.csv"
}
# edit FILE KERNEL VARIANT COLUMN=VALUE | drop: changes (or drops) the rows of a kernel's
# variant ("*": every variant), by column name
edit() {
    python3 - "$@" << 'EOF'
import csv, sys
path, kernel, variant, what = sys.argv[1:5]
rows = list(csv.reader(open(path, newline="")))
h = rows[0]
keep = [h]
for r in rows[1:]:
    hit = r[h.index("kernel")] == kernel and variant in ("*", r[h.index("variant")])
    if hit and what == "drop":
        continue
    if hit:
        name, value = what.split("=", 1)
        r[h.index(name)] = value
    keep.append(r)
csv.writer(open(path, "w", newline=""), lineterminator="\n").writerows(keep)
EOF
}
refused() { # refused "message" args...: exit 2, one line, no archive written
    local want=$1; shift
    local rc=0
    "$handin" "$@" --out "$TMP/hout" > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -qF -- "$want" "$TMP/err" &&
        [ -z "$(ls -A "$TMP/hout" 2> /dev/null)" ] && pass || fail "handin.sh $*: rc $rc: $(cat "$TMP/err"); $(ls -A "$TMP/hout" 2> /dev/null)"
}
complete "$TMP/h/ok" lab-ok
mkdir -p "$TMP/h/nojson" "$TMP/h/nocsv"; cp "$TMP/h/ok/runs.csv" "$TMP/h/nojson/"; cp "$TMP/h/ok/machine.json" "$TMP/h/nocsv/"
refused "is missing machine.json" "$TMP/h/nojson" --label x
refused "is missing runs.csv" "$TMP/h/nocsv" --label x
refused "is not a results directory" "$TMP/h/none" --label x
complete "$TMP/h/part" lab-part
edit "$TMP/h/part/runs.csv" matmul "*" drop; edit "$TMP/h/part/runs.csv" sieve "*" drop
refused "the hand-in 'part' is incomplete: matmul: no verified serial run; sieve: no verified serial run" "$TMP/h/part" --label x
complete "$TMP/h/noomp" lab-noomp
edit "$TMP/h/noomp/runs.csv" sieve omp drop
refused "sieve: no verified omp run on all 2 cores" "$TMP/h/noomp" --label x
complete "$TMP/h/tiny" lab-tiny 0.001
refused "montecarlo: the serial run lasts 0.001 s (a tiny size; at least 0.05 s)" "$TMP/h/tiny" --label x
edit "$TMP/h/ok/runs.csv" matmul omp verified=false # unverified: does not count
refused "matmul: no verified omp run on all 2 cores" "$TMP/h/ok" --label x
complete "$TMP/h/ok" lab-ok
for bad in "../x" "a b" "-x" ".hidden" "$(printf 'a%.0s' {1..65})"; do refused "--label" "$TMP/h/ok" --label "$bad"; done
# a complete one, with a flag and a link that is not packed
edit "$TMP/h/ok/runs.csv" matmul omp notes=cv-high
ln -s /etc/passwd "$TMP/h/ok/topology.txt"
echo "<topology/>" > "$TMP/h/ok/topology.xml"
"$handin" "$TMP/h/ok" --label alice --out "$TMP/hout" > "$TMP/report" 2> "$TMP/err" && pass || fail "handin.sh ok: $(cat "$TMP/err")"
[ ! -s "$TMP/err" ] && grep -q "^  matmul     serial 0.2 s, omp 2.00x, 100%, mpi -; flags: cv-high$" "$TMP/report" &&
    grep -q "^complete$" "$TMP/report" && pass || fail "report: $(cat "$TMP/report" "$TMP/err")"
tarball=$TMP/hout/handin-alice-lab-ok.tar.gz
[ "$(tar -tzvf "$tarball" | awk '{ print substr($1, 1, 1), $2, $NF }' | sort | paste -sd ' ')" = \
  "- 0/0 alice/handin.txt - 0/0 alice/machine.json - 0/0 alice/runs.csv - 0/0 alice/topology.xml d 0/0 alice/" ] &&
    pass || fail "archive: $(tar -tzvf "$tarball")"
[ "$(ls -A "$TMP/hout")" = "handin-alice-lab-ok.tar.gz" ] && pass || fail "left in --out: $(ls -A "$TMP/hout")"
cmp -s <(tar -xzOf "$tarball" alice/runs.csv) "$TMP/h/ok/runs.csv" && pass || fail "runs.csv packed as it is"

# --- 3. compare reads archives, and refuses hostile ones ---
"$PARBENCH" compare "$tarball" --check > /dev/null 2>&1 && pass || fail "compare --check on the archive"
"$PARBENCH" compare "$tarball" --out "$TMP/c1" > /dev/null 2> "$TMP/err" && [ ! -s "$TMP/err" ] &&
    [ "$(csv_select "$TMP/c1/compare.csv" label,machine)" = "alice lab-ok" ] && pass || fail "compare on the archive: $(cat "$TMP/err")"
# evil NAME KIND: an archive with one hostile member (the attacker's own tar writer)
evil() {
    python3 - "$TMP/evil-$1.tar.gz" "$2" "$TMP/h/ok/runs.csv" "$TMP" << 'EOF'
import io, sys, tarfile
path, kind, runs, tmp = sys.argv[1:5]
data = open(runs, "rb").read()
fmt = tarfile.PAX_FORMAT if kind == "pax" else tarfile.USTAR_FORMAT
with tarfile.open(path, "w:gz", format=fmt, compresslevel=1) as t:
    def add(name, payload=b"", type=tarfile.REGTYPE, **kw):
        i = tarfile.TarInfo(name); i.type = type; i.size = len(payload) if type == tarfile.REGTYPE else 0
        for k, v in kw.items(): setattr(i, k, v)
        t.addfile(i, io.BytesIO(payload) if type == tarfile.REGTYPE else None)
    if kind != "first-absolute":
        add("alice/runs.csv", data)
    if kind in ("absolute", "first-absolute"): add(tmp + "/escaped-abs", b"x")
    elif kind == "dotdot": add("alice/../escaped-dotdot", b"x")
    elif kind == "symlink": add("alice/machine.json", type=tarfile.SYMTYPE, linkname="/etc/passwd")
    elif kind == "hardlink": add("alice/machine.json", type=tarfile.LNKTYPE, linkname="alice/runs.csv")
    elif kind == "fifo": add("alice/machine.json", type=tarfile.FIFOTYPE)
    elif kind == "device": add("alice/machine.json", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    elif kind == "second": add("bob/runs.csv", data)
    elif kind == "nested": add("alice/sub/runs.csv", data)
    elif kind == "hidden": add("alice/.bashrc", b"x")
    elif kind == "twice": add("alice/runs.csv", data)
    elif kind == "pax": add("alice/r\u00e9sum\u00e9.txt", b"x")
    elif kind == "large": add("alice/topology.png", bytes(65 << 20))
    elif kind == "many":
        for n in range(70): add("alice/extra%d.txt" % n, b"x")
    elif kind == "bomb":
        for n in range(5): add("alice/zeros%d.txt" % n, bytes(60 << 20))
EOF
}
archive_refused() { # archive_refused KIND "message"
    local rc=0
    "$PARBENCH" compare "$TMP/evil-$1.tar.gz" --out "$TMP/c2" > /dev/null 2> "$TMP/err" || rc=$?
    [ "$rc" = 2 ] && [ "$(wc -l < "$TMP/err")" = 1 ] && grep -qF -- "$2" "$TMP/err" && pass ||
        fail "archive $1: rc $rc: $(cat "$TMP/err")"
}
for k in absolute first-absolute dotdot symlink hardlink fifo device second nested hidden twice pax large many bomb; do evil $k $k; done
archive_refused absolute "member 2 ('$TMP/escaped-abs'): an absolute path"
archive_refused first-absolute "member 1 ('$TMP/escaped-abs'): an absolute path"
archive_refused dotdot "member 2 ('alice/../escaped-dotdot'): a '..' in its path"
archive_refused symlink "member 2 ('alice/machine.json'): a link (a hand-in holds regular files only)"
archive_refused hardlink "member 2 ('alice/machine.json'): a link"
archive_refused fifo "a member that is not a regular file or folder"
archive_refused device "a member that is not a regular file or folder"
archive_refused second "member 2 ('bob/runs.csv'): a second top folder"
archive_refused nested "a file below the hand-in's folder"
archive_refused hidden "member 2 ('alice/.bashrc'): a file name other than letters"
archive_refused twice "member 2 ('alice/runs.csv'): a file that appears twice"
archive_refused pax "a member that is not a regular file or folder"
archive_refused large "a member larger than 64 MiB"
archive_refused many "more than 64 members"
archive_refused bomb "more than 256 MiB unpacked"
head -c 3000 /dev/urandom > "$TMP/evil-garbage.tar.gz"
archive_refused garbage "refused"
: > "$TMP/evil-empty.tar.gz"
archive_refused empty "refused"
[ -z "$(find "$TMP" -name 'escaped*')" ] && pass || fail "written outside: $(find "$TMP" -name 'escaped*')"
[ -z "$(ls -A "$TMPDIR")" ] && pass || fail "left behind in TMPDIR: $(ls -A "$TMPDIR")"
[ ! -e "$TMP/c2" ] || [ -z "$(ls -A "$TMP/c2")" ] && pass || fail "compare wrote from a refused archive: $(ls -A "$TMP/c2")"

# --- 4. three identities: two cloned PCs (host name "debian", their own machine-ids) and
# one other; a second hand-in of the first ---
if [ "$(id -u)" = 0 ] && unshare --uts true 2> /dev/null; then
    as() { unshare --uts sh -c 'hostname "$1" && shift && exec "$@"' sh "$@"; }
    hosts=(debian debian carol-pc)
else
    as() { shift; "$@"; }
    hosts=("$host" "$host" "$host")
    skip_part "host names (needs root for unshare --uts): the three runs share this host's name"
fi
printf '%032x\n' 12345 > "$TMP/mid3"
# Each identity's machine.json and a real run of every kernel come from parbench itself;
# the hand-in is built from recorded rows of that machine (its id, its usable cores), so
# whether it is complete cannot depend on timing: a real run sized by --size auto came
# out at 0.0485 s on a busy machine (calibrated while loaded, timed after) and was
# refused as tiny. The real runs use each kernel's tiny size class and are checked for what load
# cannot change: every row verified and stamped with the identity's machine id.
real_run() { # real_run FOLDER HOST MID KERNELS...: machine.json, serial and omp of each kernel into real.csv
    local dir=$1 host=$2 mid=$3 k size
    shift 3
    mkdir -p "$dir"
    PARBENCH_MACHINE_ID_FILE=$mid as "$host" "$PARBENCH" info --json > "$dir/machine.json"
    for k in "$@"; do
        size=${FACT_SIZE[$k:tiny]:-${FACT_DEFAULT[$k]}}
        PARBENCH_MACHINE_ID_FILE=$mid as "$host" "$PARBENCH" run "$k" --variant serial,omp --size "$size" \
            --reps 1 --warmup 0 --csv "$dir/real.csv" --quiet || fail "real run of $k in $dir"
    done
    PARBENCH_MACHINE_ID_FILE=$mid as "$host" "$PARBENCH" io latency --mode blocking,nonblocking --requests 10 \
        --latency 1 --reps 1 --warmup 0 --csv "$dir/real.csv" --quiet || fail "io run in $dir"
}
# recorded FOLDER STAMP SERIAL_TIME KERNELS...: runs.csv of the machine that folder's
# machine.json describes: a serial run of SERIAL_TIME s and an omp run on all its usable
# cores for each kernel, recorded at STAMP (the omp time to 17 digits: T(serial) / T(omp)
# is the core count to the last digit shown, on any number of cores)
recorded() {
    local dir=$1 stamp=$2 t=$3 k id cores
    shift 3
    id=$(sed -n 's/^  "id": "\(.*\)",/\1/p' "$dir/machine.json")
    cores=$(sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p' "$dir/machine.json")
    { echo "$header"
      for k in "$@"; do
          row "$id" "$k" serial 1000 1 1 "$t" 5 unit/s timestamp="$stamp" usable_cores="$cores"
          row "$id" "$k" omp 1000 "$cores" 1 "$(awk -v t="$t" -v c="$cores" 'BEGIN { printf "%.17g", t / c }')" 10 unit/s \
              timestamp="$stamp" usable_cores="$cores"
      done
    } > "$dir/runs.csv"
}
start=$(date +%s)
real_run "$TMP/real/alice" "${hosts[0]}" "$TMP/mid1" "${FACT_KERNELS[@]}"
real_run "$TMP/real/bob" "${hosts[1]}" "$TMP/mid2" "${FACT_KERNELS[@]}"
real_run "$TMP/real/carol" "${hosts[2]}" "$TMP/mid3" "${FACT_KERNELS[@]}"
real_run "$TMP/real/alice-again" "${hosts[0]}" "$TMP/mid1" montecarlo
echo "real runs: $(($(date +%s) - start)) s"
recorded "$TMP/real/alice" 2026-11-26T10:00:00Z 0.2 "${FACT_KERNELS[@]}"
recorded "$TMP/real/bob" 2026-11-26T10:00:00Z 0.2 "${FACT_KERNELS[@]}"
recorded "$TMP/real/carol" 2026-11-26T10:00:00Z 0.2 "${FACT_KERNELS[@]}"
recorded "$TMP/real/alice-again" 2026-11-27T10:00:00Z 0.4 montecarlo # later: its montecarlo counts
idof() { sed -n 's/^  "id": "\(.*\)",/\1/p' "$TMP/real/$1/machine.json"; }
[[ "$(idof alice)" == "${hosts[0]}"-???????? && "$(idof carol)" == "${hosts[2]}"-???????? ]] &&
    [ "$(idof alice)" != "$(idof bob)" ] && [ "$(idof alice)" = "$(idof alice-again)" ] && pass ||
    fail "ids: $(idof alice) $(idof bob) $(idof carol) $(idof alice-again)"
for who in alice bob carol alice-again; do
    want=$((2 * ${#FACT_KERNELS[@]} + 2)); [ "$who" = alice-again ] && want=4 # serial and omp of each kernel, blocking and nonblocking
    [ "$(csv_count "$TMP/real/$who/real.csv")" = "$want" ] &&
        [ "$(csv_column "$TMP/real/$who/real.csv" machine | sort -u)" = "$(idof "$who")" ] &&
        [ "$(csv_column "$TMP/real/$who/real.csv" verified | sort -u)" = true ] && pass ||
        fail "real rows of $who: $(csv_select "$TMP/real/$who/real.csv" kernel,variant,machine,verified | paste -sd '|')"
done
for who in alice bob carol; do
    "$handin" "$TMP/real/$who" --label "$who" --out "$TMP/real/in" > "$TMP/report" 2> "$TMP/err" && pass ||
        fail "handin.sh $who: $(cat "$TMP/report" "$TMP/err")"
done
rc=0
"$compare" "$TMP/real/in"/handin-*.tar.gz "$TMP/real/alice-again" --out "$TMP/real/cmp" > /dev/null 2> "$TMP/err" || rc=$?
[ "$rc" = 0 ] && pass || fail "compare of the real hand-ins: rc $rc: $(cat "$TMP/err")"
[ "$(cat "$TMP/err")" = "parbench: compare: warning: the hand-ins 'alice', 'alice-again' hold runs of one machine ($(idof alice)): merged into one row labelled 'alice' (the newest run of each kind counts)" ] &&
    pass || fail "stderr: $(cat "$TMP/err")"
got=$(csv_select "$TMP/real/cmp/compare.csv" label,machine | sort | paste -sd '|')
[ "$got" = "alice $(idof alice)|bob $(idof bob)|carol $(idof carol)" ] && pass || fail "rows: $got"
# the recorded times decide every number: each omp run takes serial / cores, so each
# speedup is the machine's core count; alice's montecarlo is alice-again's newer run (0.4 s)
cores=$(sed -n 's/^  "usable_cores": \([0-9]*\),/\1/p' "$TMP/real/alice/machine.json")
for k in "${FACT_KERNELS[@]}"; do
    got=$(csv_select "$TMP/real/cmp/compare.csv" "label,${k}_serial_s,${k}_omp_speedup" | sort | paste -sd '|')
    t=0.2; [ $k = montecarlo ] && t=0.4
    want=$(printf 'alice %s %s|bob 0.2 %s|carol 0.2 %s' $t "$cores" "$cores" "$cores")
    [ "$got" = "$want" ] && pass || fail "$k serial times and speedups: $got (want $want)"
done
[ -z "$(ls -A "$TMPDIR")" ] && pass || fail "left behind in TMPDIR: $(ls -A "$TMPDIR")"
finish
