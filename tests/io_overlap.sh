#!/usr/bin/env bash
# parbench io overlap: the same grid of 12 columns of 128 cells (1024-byte halos), split
# over 1 rank (no mpirun), 2 and 3 ranks, in every mode: each run equals the serial
# stencil bit for bit (checked inside parbench), so the checksum is one and the same
# everywhere; the overlap columns are filled. 7 iterations (odd: the answer ends in the
# second buffer) and MPI_Testall every 100 cells (chunks that split columns).
. "$(dirname "$0")/lib.sh"

csv="$TMP/ov.csv"
args=(--mode all --bytes 1024 --iters 7 --test-every 100 --reps 2 --csv "$csv" --quiet)
"$PARBENCH" io overlap --cells 1536 "${args[@]}" || fail "1 rank without mpirun: rc $?"
mpi_run 2 "$PARBENCH" io overlap --cells 768 "${args[@]}" || fail "2 ranks: rc $?"
mpi_run 3 "$PARBENCH" io overlap --cells 512 "${args[@]}" || fail "3 ranks: rc $?"
# a halo as large as the whole share of a rank (3 columns), on 2 ranks: neighbours coincide
mpi_run 2 "$PARBENCH" io overlap --cells 3072 --bytes 8192 --iters 2 --mode all --reps 1 --csv "$TMP/ov2.csv" --quiet ||
    fail "3 columns per rank: rc $?"

[ "$(csv_count "$csv")" = 9 ] && pass || fail "9 rows expected"
[ "$(csv_column "$csv" kernel | sort -u)" = io-overlap ] && pass || fail "kernel column"
[ "$(csv_column "$csv" verified | sort -u)" = true ] && pass || fail "every run verified"
[ "$(csv_column "$csv" ranks | tr '\n' ' ')" = "1 1 1 2 2 2 3 3 3 " ] && pass || fail "ranks column"
[ "$(csv_column "$csv" variant | sort | uniq -c | awk '{print $1}' | tr '\n' ' ')" = "3 3 3 " ] && pass ||
    fail "three modes at each rank count"
results=$(csv_column "$csv" result | sort -u)
[ "$(echo "$results" | wc -l)" = 1 ] && echo "$results" | grep -Eq '^[0-9a-f]{16}$' && pass ||
    fail "one checksum across modes and rank counts: $results"
[ "$(csv_column "$TMP/ov2.csv" verified | sort -u)" = true ] && pass || fail "3 columns per rank verified"
csv_column "$csv" overlap_osu_pct | grep -Eqv '^-?[0-9]+\.[0-9]$' && fail "overlap_osu_pct column" || pass
csv_column "$csv" overlap_imb_pct | grep -Eqv '^-?[0-9]+\.[0-9]$' && fail "overlap_imb_pct column" || pass
# the seed changes the field, and so the checksum
# (the seeded run must itself succeed and be verified: a crash writes no row, and an
# empty checksum differs from any other)
rc=0
"$PARBENCH" io overlap --cells 1536 --bytes 1024 --iters 7 --mode blocking --reps 1 --seed 7 --csv "$TMP/s.csv" --quiet || rc=$?
seeded=$(csv_select "$TMP/s.csv" result,verified,seed 2> /dev/null)
[ "$rc" = 0 ] && [[ "$seeded" =~ ^[0-9a-f]{16}\ true\ 7$ ]] && pass || fail "seed 7 run: rc $rc, row '$seeded'"
[ "${seeded%% *}" != "$results" ] && pass || fail "another seed, the same checksum"
# the table shows both overlap figures with their inputs
mpi_run 2 "$PARBENCH" io overlap --cells 768 --bytes 1024 --iters 3 --reps 1 > "$TMP/out.txt" 2>/dev/null || fail "table run: rc $?"
grep -Eq "^progress: .* compute alone .* communication alone .* \(OSU\), .* \(IMB\)" "$TMP/out.txt" && pass ||
    fail "summary lines: $(cat "$TMP/out.txt")"
# each mode's equation adds up: overall = compute + communication - overlap (4 decimals each)
[ "$(awk '/ s overall = compute alone / { n++; t = $2; c = $8; m = $13; o = $17
          d = t - (c + m - o); if (d < -0.00021 || d > 0.00021) bad++ } END { print n + 0, bad + 0 }' "$TMP/out.txt")" = "3 0" ] &&
    pass || fail "the equations do not add up: $(grep overall "$TMP/out.txt")"
finish
