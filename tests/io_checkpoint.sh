#!/usr/bin/env bash
# parbench io checkpoint: both MPI-IO modes as 1 rank (no mpirun), under mpirun with 2 and 3
# ranks; the file holds the last checkpoint whatever the split (the field is pointwise),
# its checksum, recomputed here, is the result; no PATH.tmp stays behind; and PATH is
# never seen half-written while a run replaces a previous checkpoint (it is written as
# PATH.tmp and renamed).
. "$(dirname "$0")/lib.sh"

ck="$TMP/ck.bin"
csv="$TMP/ck.csv"
fnv() { fnv_words "$1"; }

args=(--mode blocking,nonblocking --steps 7 --every 3 --reps 2 --csv "$csv" --quiet)
"$PARBENCH" io checkpoint --file "$ck" --doubles 6000 "${args[@]}" || fail "1 rank: rc $?"
[ "$(stat -c %s "$ck")" = 48000 ] && pass || fail "1 rank: file size $(stat -c %s "$ck")"
sum1=$(fnv "$ck")
mpi_run 2 "$PARBENCH" io checkpoint --file "$ck" --doubles 3000 "${args[@]}" || fail "2 ranks: rc $?"
sum2=$(fnv "$ck")
mpi_run 3 "$PARBENCH" io checkpoint --file "$ck" --doubles 2000 --fsync "${args[@]}" || fail "3 ranks: rc $?"
sum3=$(fnv "$ck")
[ ! -e "$ck.tmp" ] && pass || fail "$ck.tmp left behind"

[ "$(csv_count "$csv")" = 6 ] && pass || fail "6 rows expected"
[ "$(csv_column "$csv" kernel | sort -u)" = io-checkpoint ] && pass || fail "kernel column"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "every run verified"
[ "$(csv_column "$csv" ranks | tr '\n' ' ')" = "1 1 2 2 3 3 " ] && pass || fail "ranks column"
[ "$(csv_column "$csv" variant | tr '\n' ' ')" = "blocking nonblocking blocking nonblocking blocking nonblocking " ] &&
    pass || fail "variant column"
[ "$sum1" = "$sum2" ] && [ "$sum2" = "$sum3" ] && pass || fail "file contents differ with the split: $sum1 $sum2 $sum3"
[ "$(csv_column "$csv" result | sort -u)" = "$sum1" ] && pass ||
    fail "result column $(csv_column "$csv" result | sort -u | tr '\n' ' ') is not the file's checksum $sum1"

# Another run replaces this checkpoint (48000 bytes) with larger ones (3 x 40000 doubles,
# 960000 bytes), 20 times per run. A watcher samples PATH meanwhile: it must always be
# there, with one of the two whole sizes. What it sees does not depend on timing: it takes
# its first sample before the run starts (48000, said by the ready file) and its last one
# after the run ended (960000), so it must report exactly those two sizes, never a missing
# file; between them it samples every 0.2 ms (not a busy loop: the 3 ranks share 2 cores).
python3 - "$ck" "$TMP/ready" "$TMP/done" > "$TMP/watch.txt" <<'PY' &
import os, sys, time
path, ready, done = sys.argv[1:4]
sizes, missing, samples = set(), 0, 0

def sample():
    global missing, samples
    try:
        sizes.add(os.stat(path).st_size)
    except FileNotFoundError:
        missing += 1
    samples += 1

sample()
open(ready, "w").close()
while not os.path.exists(done):
    sample()
    time.sleep(0.0002)
sample()
print(samples, missing, " ".join(str(s) for s in sorted(sizes)))
PY
watcher=$!
for _ in $(seq 300); do [ -e "$TMP/ready" ] && break; sleep 0.1; done
[ -e "$TMP/ready" ] && pass || fail "the watcher did not start within 30 s"
mpi_run 3 "$PARBENCH" io checkpoint --file "$ck" --doubles 40000 --steps 40 --every 2 --mode all --reps 3 --quiet \
    > /dev/null 2>&1 && pass || fail "watched run failed"
touch "$TMP/done"
wait "$watcher" && pass || fail "the watcher failed"
read -r samples missing sizes < "$TMP/watch.txt"
echo "watcher: $samples samples, sizes seen: $sizes"
[ "$missing" = 0 ] && pass || fail "$ck missing in $missing of $samples samples"
[ "$sizes" = "48000 960000" ] && pass || fail "sizes seen under the final name: '$sizes' ($samples samples)"
[ "$(stat -c %s "$ck")" = 960000 ] && [ ! -e "$ck.tmp" ] && pass || fail "after the watched run"
finish
