# Where the suite's pieces are, in a source checkout and in an installed tree alike
# (sourced first by every script a user runs, as `parbench CMD` or directly):
#   pb_scripts  the helper scripts: scripts/ of a checkout; PREFIX/libexec/parbench installed
#   pb_data     gnuplot files, job templates, platforms: scripts/ of a checkout;
#               PREFIX/share/parbench installed
#   pb_home     where results/ and plots/ go unless --out says: the checkout; installed,
#               the current folder (never the install tree, which users cannot write)
#   pb_build    the folder of the parbench binary (build/ of a checkout; PREFIX/bin)
#   root        the checkout (empty when installed)
# `parbench CMD` sets PARBENCH_PROGRAM to itself, so a script it starts uses that binary
# (build-mpich/parbench suite sweeps with the MPICH build); PARBENCH_BUILD_DIR names
# another build folder of a checkout.
pb_scripts=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -r "$pb_scripts/installed.sh" ]; then
    # written by `cmake --install`: pb_data, pb_build and pb_mpiexec of this tree
    . "$pb_scripts/installed.sh"
    root="" pb_home=$PWD
else
    root=$(cd "$pb_scripts/.." && pwd)
    pb_data=$pb_scripts pb_home=$root pb_build=${PARBENCH_BUILD_DIR:-$root/build} pb_mpiexec=""
fi
if [ -n "${PARBENCH_PROGRAM:-}" ] && [ -x "$PARBENCH_PROGRAM" ]; then
    pb_build=$(cd "$(dirname "$PARBENCH_PROGRAM")" && pwd)
fi
[ ! -d "$pb_build" ] || pb_build=$(cd "$pb_build" && pwd)
pb=$pb_build/parbench
