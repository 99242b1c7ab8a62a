#!/usr/bin/env bash
# The tests' CSV reader (tests/csv_by_name.py, through lib.sh): columns by name in any
# order, quoted fields with commas, quotes and newlines, conditions, counts, torn rows,
# and a missing column as an error rather than an empty answer.
. "$(dirname "$0")/lib.sh"

f="$TMP/r.csv"
# notes before hosts, as parbench writes them; a quoted comma in notes would shift hosts
# for a reader that splits on commas
printf '%s\n' 'kernel,variant,threads,notes,hosts,result' \
    'mc,omp,2,"cv-high,oversubscribed",n1;n2,5' \
    'mc,serial,1,"say ""hi""",n1,6' \
    'mm,omp,2,"two' 'lines",n3,7' > "$f"
[ "$(csv_column "$f" hosts | tr '\n' ' ')" = "n1;n2 n1 n3 " ] && pass || fail "hosts: $(csv_column "$f" hosts)"
[ "$(csv_column "$f" notes | sed -n 2p)" = 'say "hi"' ] && pass || fail "a doubled quote"
[ "$(csv_column "$f" notes | sed -n 3p)" = 'two\nlines' ] && pass || fail "a newline in a field"
[ "$(csv_select "$f" result,threads kernel=mc variant!=serial)" = "5 2" ] && pass || fail "conditions"
[ "$(csv_count "$f" variant=omp)" = 2 ] && [ "$(csv_count "$f")" = 3 ] && pass || fail "counts"
# the same rows with the columns in another order and one more column in front
printf '%s\n' 'schema,result,hosts,variant,notes,threads,kernel' '1,5,n1;n2,omp,"a,b",2,mc' > "$TMP/o.csv"
[ "$(csv_select "$TMP/o.csv" kernel,variant,threads,hosts,result)" = "mc omp 2 n1;n2 5" ] && pass || fail "column order"
# a column that is not there: an error, not the whole line or an empty answer
out=$(csv_column "$f" nosuch 2> "$TMP/err") && fail "missing column accepted: $out" ||
    { grep -q "has no column 'nosuch'" "$TMP/err" && [ -z "$out" ] && pass || fail "missing column: $(cat "$TMP/err")"; }
csv_count "$f" nosuch=1 > /dev/null 2>&1 && fail "condition on a missing column accepted" || pass
# torn rows: a row with fewer fields, found by the line it ends on
printf 'mc,omp,2\n' >> "$f"
[ "$(python3 "$PB_CSV" widths "$f")" = 6 ] && pass || fail "torn row: $(python3 "$PB_CSV" widths "$f")"
# rows written by name, in the header's order
[ "$(python3 "$PB_CSV" row "$TMP/o.csv" kernel=k threads=3)" = ",,,,,3,k" ] && pass || fail "row by name"
finish
