# What demos.sh and demos_timing.sh share (sourced after lib.sh): the machine's cores, the
# demos' CSV, one value from it, and a bounded ratio printed with its bound.
cores=$("$PARBENCH" info --json | sed -n 's/^  "cores": \([0-9]*\),/\1/p')
csv="$TMP/demos.csv"
col() { # col KERNEL VARIANT THREADS COLUMN: one value from the CSV (the first matching row)
    local conds=(kernel="$1" variant="$2")
    [ -z "$3" ] || conds+=(threads="$3")
    csv_select "$csv" "$4" "${conds[@]}" | sed -n 1p
}
# ratio_below A B LIMIT WHAT: A / B < LIMIT, the ratio printed (the margins below were
# measured from these lines)
ratio_below() {
    awk -v a="$1" -v b="$2" -v lim="$3" -v what="$4" 'BEGIN { r = a / b; printf "%s: %.3f (bound %s)\n", what, r, lim; exit !(r < lim) }'
}
