#!/usr/bin/env bash
# Writes parbench(1) from parbench's own help: `parbench --help` names the commands, and
# each command's `--help` (printed from the option table its parser reads, or a script's
# help header) becomes its section, so the page cannot disagree with the program. The
# build runs it:  scripts/manpage.sh PARBENCH > parbench.1
set -euo pipefail
pb=$1
# roff: a backslash is \e; a line starting with . or ' would be a request
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }
commands=$("$pb" --help | awk '$1 == "parbench" && $2 !~ /^-/ { print $2 }')
version=$("$pb" --version | awk '{ print $2 }')
cat <<HEAD
.TH PARBENCH 1 "" "parbench $version" "User Commands"
.SH NAME
parbench \\- concurrency and parallelism, run, measured and verified
.SH SYNOPSIS
.B parbench
.I COMMAND
.RI [ options ]
.br
.B parbench suite
.RI [ options ]
.SH DESCRIPTION
parbench runs compute kernels (matrix multiply, Monte Carlo pi, a prime sieve) serial, with
OpenMP threads, with MPI ranks and hybrid, and I/O-simulation drivers blocking and
nonblocking; every run verifies its answer and lands as one row of a results CSV with its
quality (confidence interval, flags such as starved or cv\\-high).
.B parbench suite
runs the quick suite and writes results/<machine>/ and plots/<machine>/ under the current
folder.
.SH OVERVIEW
.nf
HEAD
"$pb" --help | roff
echo ".fi"
echo ".SH COMMANDS"
for c in $commands; do
    echo ".SS \"parbench $c\""
    echo ".nf"
    "$pb" "$c" --help 2>&1 | roff
    echo ".fi"
done
cat <<'TAIL'
.SH ENVIRONMENT
.TP
.B PARBENCH_MAX_MEMORY
bytes a step may allocate at most (such as 8e9); steps that would need more are refused.
.TP
.B OMP_NUM_THREADS, OMP_PLACES, OMP_PROC_BIND
OpenMP's own settings, recorded with every row.
.TP
.B PARBENCH_PROGRAM
set by parbench for the scripts it runs: the parbench binary they use.
.SH FILES
.TP
.I results/<machine>/runs.csv
the rows, one per measured run (schema in the README); machine.json beside it.
.TP
.I plots/<machine>/
figures, scaling.txt and index.html, the page to project.
.SH EXIT STATUS
0 ran and verified; 1 verification failed (diff: something got slower); 2 bad usage or input;
3 runtime failure; 130 and 143 stopped by SIGINT and SIGTERM.
.SH SEE ALSO
.BR mpirun (1),
.BR lstopo (1),
.BR gnuplot (1)
TAIL
