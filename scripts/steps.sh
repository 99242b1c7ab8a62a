# Steps that Ctrl-C (SIGINT) or SIGTERM stop at once (sourced by sweep.sh and
# quickstart.sh). Bash runs a trap only after the foreground command has ended, so a
# long step would run to its end and the loop would go on with the next one. run_step
# runs each step in the background and waits for it, which a signal interrupts: the
# signal is passed on to the step, and `stopped` tells the loop to stop.
stop_signal="" step_pid=""
on_signal() {
    stop_signal=$1
    [ -z "$step_pid" ] || kill -s "$1" "$step_pid" 2> /dev/null || true
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM

# run_step CMD...: runs CMD (a program, not a function) and returns its exit status.
# The subshell keeps SIGINT for CMD, which bash would have a background command ignore.
run_step() {
    local rc
    (trap - INT; exec "$@") &
    step_pid=$!
    [ -z "$stop_signal" ] || kill -s "$stop_signal" "$step_pid" 2> /dev/null || true
    while :; do # a signal ends `wait` early, with the step still ending: wait again
        rc=0
        wait "$step_pid" 2> /dev/null || rc=$?
        [ -n "$stop_signal" ] && kill -0 "$step_pid" 2> /dev/null || break
    done
    step_pid=""
    return "$rc"
}

# stopped [RC]: true when a signal came to this script (the trap saw it: mpirun may exit
# with another status) or to the step alone (parbench and these scripts exit 130 on
# SIGINT, 143 on SIGTERM); sets stop_code (130 or 143) and stop_name (SIGINT, SIGTERM)
stopped() {
    case "$stop_signal:${1-0}" in
        INT:* | :130) stop_code=130 stop_name=SIGINT ;;
        TERM:* | :143) stop_code=143 stop_name=SIGTERM ;;
        *) return 1 ;;
    esac
}

# part WHAT CMD...: one part of a job (quickstart.sh: setup, build, suite; suite.sh:
# topology, sweep, plots): a failure ends the job with the part's status, a signal with
# 130 or 143 and one line naming the part (the sweep, and the suite through it, name
# their own step)
part() {
    local rc=0
    run_step "${@:2}" || rc=$?
    if stopped "$rc"; then
        case "$1" in sweep | suite) ;; *) echo "$(basename "$0"): stopped by $stop_name during the $1" >&2 ;; esac
        exit "$stop_code"
    fi
    [ "$rc" = 0 ] || exit "$rc"
}
