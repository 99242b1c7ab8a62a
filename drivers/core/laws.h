/* The arithmetic of scaling: speedup series, Amdahl's serial fraction, the Karp-Flatt
 * metric, and geometric means. Pure functions, unit-tested; plots and comparison
 * tables are made from what these return. */
#ifndef PARBENCH_ANALYSIS_H
#define PARBENCH_ANALYSIS_H

#include <stddef.h>

/* Karp-Flatt experimentally determined serial fraction for speedup s on p workers:
 * e = (1/s - 1/p) / (1 - 1/p). NaN for p <= 1. */
double karp_flatt(double s, double p);

/* Least-squares fit of Amdahl's law s(p) = 1 / (f + (1 - f)/p) to the points with
 * p > 1, linearised as 1/s - 1/p = f (1 - 1/p). Clamped to [0, 1]; NaN when no
 * point has p > 1. */
double amdahl_fit(const double *p, const double *s, size_t n);

/* Amdahl's and Gustafson's predicted speedups for serial fraction f on p workers. */
double amdahl_speedup(double f, double p);
double gustafson_speedup(double f, double p);

/* Overlap of communication with computation, in percent, from the time of the
 * overlapped run and the pure-compute and pure-communication times measured alone:
 * OSU's min(100, 100 - 100 (t_overall - t_compute) / t_comm), and
 * IMB's 100 min(1, (t_comm + t_compute - t_overall) / max(t_comm, t_compute)).
 * Negative when the overlapped run was slower than its parts one after the other. */
double overlap_osu_pct(double t_overall, double t_compute, double t_comm);
double overlap_imb_pct(double t_overall, double t_compute, double t_comm);

/* Geometric mean of the positive values of x; NaN when there are none. */
double geometric_mean(const double *x, size_t n);

#endif
