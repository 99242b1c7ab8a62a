#!/usr/bin/env bash
# Records this machine's topology with hwloc's lstopo and parbench info:
#   DIR/topology.xml  topology.txt  topology.png  machine.json
#   scripts/topology.sh [DIR]     (default: results/<machine>)
set -euo pipefail
. "$(dirname "$0")/locate.sh"
case "${1-}" in
    -h | --help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "topology.sh: unknown option '$1'; expected at most one argument, the output directory" >&2; exit 2 ;;
esac
[ -x "$pb" ] || { echo "topology.sh: no parbench at $pb: run scripts/build.sh first" >&2; exit 2; }
command -v lstopo-no-graphics > /dev/null || { echo "topology.sh: lstopo not found: run scripts/setup.sh (package hwloc)" >&2; exit 2; }
[ $# -le 1 ] || { echo "topology.sh: expected at most one argument, the output directory" >&2; exit 2; }
[ $# = 0 ] || [ -n "$1" ] || { echo "topology.sh: the output directory is an empty string" >&2; exit 2; }
machine=$("$pb" info --id)
dir=${1:-$pb_home/results/$machine}
[ ! -e "$dir" ] || [ -d "$dir" ] || { echo "topology.sh: '$dir' exists and is not a directory" >&2; exit 2; }
mkdir -p "$dir" 2> /dev/null || { echo "topology.sh: cannot create '$dir'" >&2; exit 2; }

lstopo-no-graphics --of xml --force "$dir/topology.xml"
lstopo-no-graphics --of console --force "$dir/topology.txt"
# PNG needs the cairo build of lstopo (package hwloc, not hwloc-nox)
if command -v lstopo > /dev/null && lstopo --of png --force "$dir/topology.png" 2> /dev/null; then
    png="$dir/topology.png"
else
    png="(no PNG: install the package hwloc for a graphical lstopo)"
fi
"$pb" info --json > "$dir/machine.json"
echo "topology: $dir/topology.xml, $dir/topology.txt, $png, $dir/machine.json"
