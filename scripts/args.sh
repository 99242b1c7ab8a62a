# Option parsing shared by the scripts (sourced, not run): every mistake is one line on
# stderr naming the script, and exit 2. A script may set ACCEPTED (its options) first:
# usage mistakes then end with "; accepted: $ACCEPTED".

die() { echo "$(basename "$0"): $*${ACCEPTED:+; accepted: $ACCEPTED}" >&2; exit 2; }

# need_value "$@": the option in $1 has a value in $2 (not empty, not the next option)
need_value() { [ $# -ge 2 ] && [ -n "$2" ] && [[ "$2" != --* ]] || die "$1 needs a value"; }

# once ARG: an option given twice is a mistake (which one was meant?), never "the last
# one wins"; arguments that are not options pass
given=" "
once() {
    [[ "$1" == --* ]] || return 0
    [[ "$given" != *" ${1%%=*} "* ]] || die "${1%%=*} is given more than once"
    given+="${1%%=*} "
}

# whole OPTION VALUE MIN: VALUE is a whole number from MIN to 999999 (6 digits at most)
whole() { [[ "$2" =~ ^[0-9]{1,6}$ ]] && [ "$2" -ge "$3" ] || die "$1 must be a whole number >= $3, not '$2'"; }
