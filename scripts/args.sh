# Option parsing shared by the scripts (sourced, not run): every mistake is one line on
# stderr naming the script, and exit 2. A script may set ACCEPTED (its options) first:
# usage mistakes then end with "; accepted: $ACCEPTED". It may set ALIASES, pairs
# "--alias=--option" of two spellings of one setting.

# Numbers are written and read with a decimal point whatever the user's locale: under
# a decimal-comma one (de_DE.UTF-8) awk writes 1,5, which gnuplot then refuses, and no
# figure is drawn. LC_NUMERIC=C for every script that sources this; an LC_ALL, which would
# override it, becomes LANG (its language and character set stay).
if [ -n "${LC_ALL:-}" ]; then
    export LANG=$LC_ALL
    unset LC_ALL
fi
export LC_NUMERIC=C

# die MESSAGE: the one line; control characters in it (a value quoted in the message)
# are shown as \n, \t, \r or '?', so the message stays one line
die() {
    local msg
    msg="$(basename "$0"): $*${ACCEPTED:+; accepted: $ACCEPTED}"
    msg=${msg//$'\n'/\\n} msg=${msg//$'\t'/\\t} msg=${msg//$'\r'/\\r}
    { printf '%s' "$msg" | LC_ALL=C tr '\001-\037\177' '?'; echo; } >&2
    exit 2
}

# usage: prints the comment block at the top of the script (its help), exit 0
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; }

# need_value "$@": the option in $1 has a value in $2: not empty, not the next option,
# and without control characters (a newline in a value would end up in a file as two lines)
need_value() {
    [ $# -ge 2 ] && [ -n "$2" ] && [[ "$2" != --* ]] || die "$1 needs a value"
    [[ "$2" != *[[:cntrl:]]* ]] || die "$1 '$2': holds a control character (newline, tab, ...)"
}

# once ARG: an option given twice is a mistake (which one was meant?), never "the last
# one wins"; so is an option and its alias. Arguments that are not options pass.
given=" "
once() {
    [[ "$1" == --* ]] || return 0
    local opt=${1%%=*} pair
    [[ "$given" != *" $opt "* ]] || die "$opt is given more than once"
    for pair in ${ALIASES-}; do
        case "$opt" in "${pair%%=*}" | "${pair#*=}")
            [[ "$given" != *" ${pair%%=*} "* && "$given" != *" ${pair#*=} "* ]] ||
                die "${pair#*=} and ${pair%%=*} are the same setting: give one of them" ;;
        esac
    done
    given+="$opt "
}

# results_arg ARG: the one results directory a script takes (handin.sh, plot.sh); sets
# results and have_results=1; a second one, or an empty name, is a mistake
have_results=0
results_arg() {
    [ "$have_results" = 0 ] || die "expected one results directory, got '$results' and '$1'"
    [ -n "$1" ] || die "the results directory is an empty string"
    results=$1 have_results=1
}

# whole OPTION VALUE MIN: VALUE is a whole number from MIN to 999999 (6 digits at most)
whole() { [[ "$2" =~ ^[0-9]{1,6}$ ]] && [ "$2" -ge "$3" ] || die "$1 must be a whole number >= $3, not '$2'"; }

# list_of OPTION VALUE WHAT KNOWN...: VALUE is a comma-separated list of names from
# KNOWN (WHAT: "kernels", ...), none empty, none twice; LIST is set to them, in order
list_of() {
    local opt=$1 value=$2 what=$3 item k ok seen=" " items
    shift 3
    LIST=()
    [[ "$value" =~ ^[^,]+(,[^,]+)*$ ]] || die "$opt '$value': expected a comma-separated list of $what, none empty"
    IFS=, read -ra items <<< "$value"
    for item in "${items[@]}"; do
        ok=0
        for k in "$@"; do [ "$k" != "$item" ] || ok=1; done
        [ "$ok" = 1 ] || die "$opt: '$item' is not one of the $what: $*"
        [[ "$seen" != *" $item "* ]] || die "$opt: '$item' is listed twice"
        seen+="$item "
        LIST+=("$item")
    done
}

# real_path PATH: the absolute path of PATH, which exists, without links, "." or ".."
# (realpath -e), in REPLY; the path may end in a newline, which $(...) alone would drop
real_path() {
    REPLY=$(realpath -e -- "$1" && echo .) || return 1
    REPLY=${REPLY%$'\n.'}
}
