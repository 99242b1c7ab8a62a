#!/usr/bin/env bash
# One option grammar for every command (issues 12 and 13):
#  - every option listed by every command's --help takes `--opt=value` exactly as it
#    takes `--opt value` (the options are read from --help, so a new option without a
#    value here fails this test), and a flag refuses a value. Equal outputs prove nothing
#    for an option the output does not show (most are invisible in a --dry-run), so for
#    those both spellings must also refuse a bad value naming the option, and the options
#    a run records are checked in its CSV row, in both spellings, against the default;
#  - one value grammar: hex and hex-float, inf/nan, signs are refused everywhere;
#  - an option the chosen modes, variants or demo would ignore is refused;
#  - a label the reader would refuse is refused by the writer;
#  - control characters in a value are shown escaped, so every error stays one line;
#  - PARBENCH_DEBUG_* values are parsed strictly.
. "$(dirname "$0")/lib.sh"
mpi=${PARBENCH_HAVE_MPI:-0}
"$PARBENCH" run montecarlo --variant serial --size 100 --reps 1 --quiet --csv "$TMP/r.csv" || fail "seed CSV"
mkdir -p "$TMP/res" && cp "$TMP/r.csv" "$TMP/res/runs.csv"
"$PARBENCH" peak --fma-steps 2^10 --triad-elements 2^10 --reps 1 --warmup 0 --quiet --csv "$TMP/peak.csv" || fail "peak CSV"

# value CMD OPTION: a valid value (and the other arguments it needs), or nothing if unknown
value() {
    case "$1:$2" in
        run*:variant|sweep*:variant) echo "omp" ;;
        *:size) echo "1000" ;;
        run*:threads|peak:threads) echo "2" ;;
        peak:fma-steps|peak:triad-elements) echo "2^10" ;;
        info:peak) echo "$TMP/peak.csv --json" ;;
        sweep*:threads) echo "1,2" ;;
        *:reps) echo "2" ;;
        *:warmup) echo "0" ;;
        *:seed) echo "7" ;;
        *:csv) echo "$TMP/new.csv" ;;
        *:trace) echo "$TMP/trace.json" ;;
        *:max-time) echo "0.5 --reps auto" ;;
        *:min-time) echo "0.01 --size auto" ;;
        *:tag) echo "label-1" ;;
        *:wait-quiet) echo "0.5" ;;
        *:attempts) echo "2" ;;
        *:gather) echo "FLAG --variant mpi" ;;
        io*:mode) echo "blocking" ;;
        io\ latency:requests) echo "8" ;;
        io\ latency:latency|io\ latency:jitter) echo "0.5" ;;
        io\ latency:inflight) echo "4 --mode nonblocking" ;;
        io\ latency:threads) echo "3 --mode threads" ;;
        io\ overlap:cells) echo "393216" ;;
        io\ overlap:bytes) echo "2^9" ;;
        io\ overlap:iters) echo "3" ;;
        io\ overlap:test-every) echo "100 --mode progress" ;;
        io\ checkpoint:doubles) echo "64" ;;
        io\ checkpoint:file) echo "$TMP/ck.bin" ;;
        io\ checkpoint:steps) echo "10" ;;
        io\ checkpoint:every) echo "2" ;;
        demo*:threads) echo "2" ;;
        demo*:serial-fraction) echo "0.5" ;;
        demo*:latency) echo "2" ;;
        demo*:tasks) echo "4" ;;
        analyze:out|compare:out|page:out) echo "$TMP/o" ;;
        compare:check) echo "FLAG" ;;
        compare:kernels) echo "montecarlo --out $TMP/o" ;;
        list:driver-names|list:demo-names|info:id) echo "FLAG" ;;
        diff:alpha) echo "0.01" ;;
        diff:threshold) echo "3.5" ;;
        diff:format) echo "md" ;;
        diff:cross-machine|diff:strict) echo "FLAG" ;;
        *:quiet|*:dry-run|*:fsync|*:json|*:names) echo "FLAG" ;;
    esac
}

# check CMD POSITIONAL FIXED...: every option of `parbench CMD --help`, both ways (but
# those among the fixed arguments, and a demo's options for other demos)
check() {
    local cmd=$1 pos=$2; shift 2
    local opts; opts=$("$PARBENCH" $cmd $pos --help | sed -n 's/^  --\([a-z-]*\).*/\1/p' | sort -u)
    [ -n "$opts" ] || { fail "$cmd: no options in --help"; return; }
    for o in $opts; do
        [[ " $* " == *" --$o "* ]] && continue
        if [ "$cmd" = demo ]; then
            local only; only=$("$PARBENCH" demo --help | sed -n "s/^  --$o .*(\(.*\) only).*/\1/p")
            [ -z "$only" ] || [[ "$only" == *"$pos"* ]] || continue
        fi
        local v; v=$(value "$cmd" "$o")
        [ -n "$v" ] || { fail "$cmd --$o: no value for it in this test (a new option?)"; continue; }
        read -r val extra <<< "$v"
        if [ "$val" = FLAG ]; then
            # shellcheck disable=SC2086
            expect_bad "--$o takes no value" $cmd $pos $extra "$@" "--$o=yes"
            continue
        fi
        # shellcheck disable=SC2086
        "$PARBENCH" $cmd $pos $extra "$@" "--$o=$val" > "$TMP/eq" 2> "$TMP/eq.err"
        local rc1=$?
        # shellcheck disable=SC2086
        "$PARBENCH" $cmd $pos $extra "$@" "--$o" "$val" > "$TMP/sp" 2> "$TMP/sp.err"
        local rc2=$?
        # (the memory available, in info --json and --dry-run's memory line, moves between two runs)
        if [ $rc1 = 0 ] && [ $rc2 = 0 ] && cmp -s <(grep -v '^  "memory_available_bytes"\|^memory: ' "$TMP/eq") \
            <(grep -v '^  "memory_available_bytes"\|^memory: ' "$TMP/sp"); then pass
        else fail "$cmd --$o=$val: rc $rc1 / $rc2: $(cat "$TMP/eq.err" "$TMP/sp.err" | head -2)"; fi
        # the same output as without the option: the comparison above could not tell an
        # ignored option from a parsed one, so each spelling must refuse a bad value
        # (a control character, which no kind of value accepts) in one line naming it
        # shellcheck disable=SC2086
        "$PARBENCH" $cmd $pos $extra "$@" > "$TMP/base" 2> /dev/null
        if cmp -s <(grep -v '^  "memory_available_bytes"' "$TMP/eq") <(grep -v '^  "memory_available_bytes"' "$TMP/base"); then
            # shellcheck disable=SC2086
            expect_bad "^parbench: .*--$o '1\\\\t2'" $cmd $pos $extra "$@" "--$o=$(printf '1\t2')"
            # shellcheck disable=SC2086
            expect_bad "^parbench: .*--$o '1\\\\t2'" $cmd $pos $extra "$@" "--$o" "$(printf '1\t2')"
        fi
    done
}
check run montecarlo --dry-run
check run matmul --dry-run
check run sieve --dry-run
check sweep montecarlo --variant omp --threads 1,2 --dry-run
check "io latency" "" --dry-run
check "io overlap" "" --dry-run
check "io checkpoint" "" --file "$TMP/ck.bin" --dry-run
check demo race --dry-run
check demo amdahl --dry-run
check demo io-vs-cpu --dry-run
check list ""
check info ""
check peak "" --dry-run
check analyze "$TMP/r.csv"
check compare "$TMP/res"
check page "$TMP/res"
check diff "$TMP/r.csv $TMP/res"

# ---- the options a run records, seen in its row: each spelling gives the value asked
# for, which is not the default (so an ignored option shows)
# recorded "CMD..." COLUMN VALUE OPTION: COLUMN of the row of `parbench CMD... --OPTION
# VALUE` (and of --OPTION=VALUE) is VALUE, and that of the run without it is not
recorded() {
    local cmd=$1 column=$2 value=$3 option=$4 how got=()
    for how in none split joined; do
        rm -f "$TMP/rec.csv"
        case $how in
            none) $cmd --csv "$TMP/rec.csv" --quiet ;;
            split) $cmd --csv "$TMP/rec.csv" --quiet "--$option" "$value" ;;
            joined) $cmd --csv "$TMP/rec.csv" --quiet "--$option=$value" ;;
        esac > /dev/null 2>&1 || { fail "$cmd ($how --$option): rc $?"; return; }
        got+=("$(csv_column "$TMP/rec.csv" "$column" | sed -n 1p)")
    done
    [ "${got[0]}" != "$value" ] && [ "${got[1]}" = "$value" ] && [ "${got[2]}" = "$value" ] && pass ||
        fail "$cmd --$option $value: $column without / split / joined: ${got[*]}"
}
# (each run is a few milliseconds: 1000 samples, one repetition, no warm-up)
mc="$PARBENCH run montecarlo --variant omp --threads 2 --size 1000 --reps 1 --warmup 0"
recorded "$PARBENCH run montecarlo --variant omp --size 1000 --reps 1 --warmup 0" threads 3 threads
recorded "$PARBENCH run montecarlo --variant omp --threads 2 --reps 1 --warmup 0" size 2000 size
recorded "$PARBENCH run montecarlo --variant omp --threads 2 --size 1000 --warmup 0" reps 2 reps
recorded "$PARBENCH run montecarlo --variant omp --threads 2 --size 1000 --reps 1" warmup 2 warmup
recorded "$mc" seed 7 seed
recorded "$mc" tag label-1 tag
recorded "$PARBENCH run montecarlo --threads 2 --size 1000 --reps 1 --warmup 0" variant omp variant # (default serial,omp: its first row is serial)
recorded "$PARBENCH io latency --mode blocking --latency 0.5 --reps 1 --warmup 0" requests 8 requests
recorded "$PARBENCH io latency --mode blocking --requests 8 --reps 1 --warmup 0" latency_ms 0.5 latency
recorded "$PARBENCH io latency --latency 0.5 --requests 8 --reps 1 --warmup 0" variant nonblocking mode

# ---- one value grammar
expect_bad "--size '0x10': hex is not accepted" run montecarlo --size 0x10
expect_bad "--reps '0x3': hex is not accepted" run montecarlo --reps 0x3
expect_bad "--latency '0x10': hex is not accepted" io latency --latency 0x10
expect_bad "--jitter '0x1p-2': hex is not accepted" io latency --jitter 0x1p-2
expect_bad "--serial-fraction '0x0.4': hex is not accepted" demo amdahl --serial-fraction 0x0.4
expect_bad "--latency 'inf': not a number" io latency --latency inf
expect_bad "--latency 'nan': not a number" io latency --latency nan
expect_bad "--latency '+5': not a number" io latency --latency +5
expect_bad "--reps '-3': not a whole number" run montecarlo --reps=-3
expect_bad "--threads '1,,2': empty entry" sweep montecarlo --variant omp --threads 1,,2
expect_bad "--variant ',,': an empty entry" run montecarlo --variant ,,
expect_bad "--mode 'blocking,blocking': an entry listed twice" io latency --mode blocking,blocking

# ---- options the run would ignore
expect_bad "--threads applies to threads only, and --mode chose nonblocking" io latency --mode nonblocking --threads 2
expect_bad "--inflight applies to nonblocking and uring only, and --mode chose blocking" io latency --mode blocking --inflight 5
expect_bad "--test-every applies to progress only, and --mode chose blocking" io overlap --mode blocking --test-every 5
expect_bad "--gather applies to mpi and hybrid only" run matmul --variant serial --gather

# ---- labels: what the reader refuses, the writer refuses
expect_bad "--tag '-x': not a label" run montecarlo --tag=-x
expect_bad "--tag '..': not a label" run montecarlo --tag ..
expect_bad "--tag '.hidden': not a label" run montecarlo --tag .hidden
expect_bad "--tag 'a/b': not a label" run montecarlo --tag a/b
expect_bad "--tag '': empty" run montecarlo --tag=

# ---- control characters stay escaped: one line
expect_bad "--size '1\\\\n2': trailing characters" run montecarlo --size "$(printf '1\n2')"
expect_bad "unknown kernel 'mc\\\\tx'" run "$(printf 'mc\tx')"
expect_bad "--csv 'a\\\\nb': holds a control character" run montecarlo --csv "$(printf 'a\nb')"
expect_bad "unknown option '--x\\\\x1b" run montecarlo "$(printf -- '--x\033[31m')"

# ---- fault-injection variables are parsed strictly
PARBENCH_DEBUG_FAIL_RANK=one expect_bad "PARBENCH_DEBUG_FAIL_RANK 'one': not a whole number" run montecarlo --size 10
PARBENCH_DEBUG_ABORT_RANK=1x expect_bad "PARBENCH_DEBUG_ABORT_RANK '1x': trailing characters" run montecarlo --size 10
finish
