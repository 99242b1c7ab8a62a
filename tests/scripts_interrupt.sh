#!/usr/bin/env bash
# Ctrl-C stops a sweep (issue 12, item 4): SIGINT or SIGTERM, to the sweep's process group
# (a terminal's Ctrl-C, `timeout`) or to sweep.sh alone, or to the running step alone,
# ends the sweep with exit 130 / 143 and one line saying at which step it stopped; the
# rows written before stay byte for byte, and no later step runs.
# The interrupted sweep is of size class "large": its first step alone runs for minutes
# here, so a sweep that ends before `timeout -k 60` kills it was stopped, not finished;
# nothing here depends on how fast this machine is.
. "$(dirname "$0")/lib.sh"
src=${PARBENCH_SOURCE_DIR:?}
export PARBENCH_BUILD_DIR
PARBENCH_BUILD_DIR=$(dirname "$PARBENCH")
sweep=$src/scripts/sweep.sh
out=$TMP/results
long=(--size-class large --kernels montecarlo --no-peak --no-mpi --no-io --no-demos --reps 1 --out "$out")

# the rows of a whole tiny sweep, kept
"$sweep" --size-class tiny --kernels montecarlo --no-peak --no-mpi --no-io --no-demos --reps 1 --out "$out" > /dev/null 2>&1 &&
    pass || fail "tiny sweep"
cp "$out/runs.csv" "$TMP/before.csv"

# stopped_ok SIGNAL CODE: the sweep of $TMP/rc, $TMP/err stopped as it must
stopped_ok() {
    local rc steps line
    rc=$(cat "$TMP/rc")
    steps=$(grep -c '^\[sweep\] ' "$TMP/err")
    line=$(grep '^sweep.sh: ' "$TMP/err")
    [ "$rc" = "$2" ] && pass || fail "$1: exit $rc (want $2): $(cat "$TMP/err")"
    # one line, naming the step it stopped at: the last one that started (or the first)
    [ "$(grep -c '^sweep.sh: ' "$TMP/err")" = 1 ] &&
        [[ "$line" =~ ^"sweep.sh: stopped by $1 at step "([0-9]+)" of 3 (montecarlo "(serial|omp)" ranks=1 threads="[12]"); the rows of the steps before are kept in $out/runs.csv"$ ]] &&
        [ "${BASH_REMATCH[1]}" = "$((steps > 0 ? steps : 1))" ] && [ "$steps" -le 1 ] &&
        pass || fail "$1: the line: [$line], after $steps steps"
    cmp -s "$out/runs.csv" "$TMP/before.csv" && pass || fail "$1: runs.csv changed"
    "$PARBENCH" analyze "$out/runs.csv" --out "$TMP/analysis" > /dev/null && pass || fail "$1: runs.csv no longer reads"
}

# start_group CMD...: CMD in the background as a process group of its own (job control on
# for that one start, so that it keeps SIGINT, which bash would have a background command
# ignore), stderr in $TMP/err, its pid (the group's id) in $pid
start_group() {
    set -m
    "$@" > /dev/null 2> "$TMP/err" &
    pid=$!
    set +m
}
# wait_step PID: until the sweep has started its first step (bounded: 60 s)
wait_step() {
    local i
    for ((i = 0; i < 600; i++)); do
        grep -q '^\[sweep\] ' "$TMP/err" && pgrep -P "$1" -x parbench > /dev/null && return 0
        sleep 0.1
    done
    return 1
}
# wait_bounded PID: PID's exit status; after 60 s it and its step are killed (137)
wait_bounded() {
    local i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$1" 2> /dev/null || break
        sleep 0.1
    done
    if kill -0 "$1" 2> /dev/null; then
        kill -KILL $(pgrep -P "$1") "$1" 2> /dev/null
    fi
    wait "$1"
}
# 1. to the process group, as Ctrl-C and timeout send it, once the first step runs (sent
# earlier it stops the sweep all the same, but a loaded machine decides where)
for sig in INT TERM; do
    start_group "$sweep" "${long[@]}"
    wait_step "$pid" || fail "SIG$sig to the group: no step started"
    kill -s "$sig" -- -"$pid"
    rc=0; wait_bounded "$pid" || rc=$?
    echo "$rc" > "$TMP/rc"
    stopped_ok "SIG$sig" "$([ "$sig" = INT ] && echo 130 || echo 143)"
done

# 2. to sweep.sh alone: it passes the signal on to its step ("exec" keeps SIGINT, which
# bash would have a background command ignore)
for sig in INT TERM; do
    (exec "$sweep" "${long[@]}") > /dev/null 2> "$TMP/err" &
    pid=$!
    wait_step "$pid" || fail "SIG$sig to sweep.sh: no step started"
    kill -s "$sig" "$pid"
    rc=0; wait_bounded "$pid" || rc=$?
    echo "$rc" > "$TMP/rc"
    stopped_ok "SIG$sig" "$([ "$sig" = INT ] && echo 130 || echo 143)"
done

# 3. to the running step alone (parbench exits 130): the sweep stops too
(exec "$sweep" "${long[@]}") > /dev/null 2> "$TMP/err" &
pid=$!
wait_step "$pid" || fail "SIGINT to the step: no step started"
kill -s INT "$(pgrep -P "$pid" -x parbench)"
rc=0; wait_bounded "$pid" || rc=$?
echo "$rc" > "$TMP/rc"
stopped_ok SIGINT 130
grep -q "^parbench: interrupted (SIGINT)" "$TMP/err" && pass || fail "the step's own line: $(cat "$TMP/err")"

# 4. quickstart.sh, from a copy whose setup and build are stand-ins (they install and
# compile): stopped in its setup, it says so; stopped in its sweep, the sweep says where.
mkdir -p "$TMP/root"
cp -r "$src/scripts" "$TMP/root/"
printf '#!/usr/bin/env bash\nexec sleep 300\n' > "$TMP/root/scripts/setup.sh"
printf '#!/usr/bin/env bash\nexit 0\n' > "$TMP/root/scripts/build.sh"
(exec "$TMP/root/scripts/quickstart.sh") > /dev/null 2> "$TMP/err" &
pid=$!
for ((i = 0; i < 600; i++)); do pgrep -P "$pid" -x sleep > /dev/null && break; sleep 0.1; done
kill -s INT "$pid"
rc=0; wait_bounded "$pid" || rc=$?
[ "$rc" = 130 ] && [ "$(cat "$TMP/err")" = "quickstart.sh: stopped by SIGINT during the setup" ] && pass ||
    fail "quickstart in its setup: exit $rc: $(cat "$TMP/err")"
printf '#!/usr/bin/env bash\nexit 0\n' > "$TMP/root/scripts/setup.sh"
quick=$TMP/root/results/$("$PARBENCH" info --json | sed -n 's/^  "id": "\(.*\)",/\1/p')
# (SIGTERM to its whole group once its sweep runs a step, as `timeout` would send it)
start_group "$TMP/root/scripts/quickstart.sh" "${long[@]:0:8}"
for ((i = 0; i < 600; i++)); do
    grep -q '^\[sweep\] ' "$TMP/err" && pgrep -g "$pid" -x parbench > /dev/null && break
    sleep 0.1
done
kill -s TERM -- -"$pid"
rc=0; wait_bounded "$pid" || rc=$?
[ "$rc" = 143 ] && [ "$(grep -vc '^\[sweep\] \|^parbench: terminated\|^waiting for the cores\|^quiet after\|^still busy after' "$TMP/err")" = 1 ] &&
    grep -q "^sweep.sh: stopped by SIGTERM at step 1 of 3 .* kept in $quick/runs.csv$" "$TMP/err" && pass ||
    fail "quickstart in its sweep: exit $rc: $(cat "$TMP/err")"
finish
