/* The classroom comparison's numbers: for each machine and each kernel of the quick
 * suite, the rows that count and what they say, then a ranking. Pure functions over
 * rows already read and cleaned (analysis/scaling.h: scaling_clean), unit-tested;
 * `parbench compare` writes the tables and the page from what these return.
 *
 * The one speedup definition (output/quality.h, shared with the plots): the omp
 * variant on all usable cores over the serial variant, T(serial) / T(omp), and the mpi
 * variant on as many ranks likewise, at the size of the machine's serial run; efficiency
 * is that speedup over the cores. Rows of demos, tagged runs (weak scaling, demo
 * kernels) and peak measurements never count. */
#ifndef PARBENCH_LAB_H
#define PARBENCH_LAB_H

#include <stdbool.h>
#include <stddef.h>

#include "output/csv_read.h"
#include "output/quality.h"

#define LAB_MAX_KERNELS 8
/* A serial run shorter than this measures start-up and the clock, not the kernel (the
 * tiny size class lasts well under a millisecond; sweep.sh sizes runs to 0.5 s). */
#define LAB_MIN_SERIAL_S 0.05

typedef struct {
    const result_record *serial, *omp, *mpi; /* NULL when missing */
    unsigned long long size;
    speedup_ci omp_s, mpi_s;  /* NaN when missing */
    double omp_eff, mpi_eff;  /* speedup over the cores; NaN when missing */
    double per_core;          /* the serial run's throughput: what one core does */
    double all_cores;         /* the omp run's throughput on all usable cores */
    double pct_peak;          /* the omp run on all cores against the machine's roof; NaN: no roof */
    double worst_ci;          /* widest half-width of the rows' intervals over their median; NaN: none */
    char flags[160];          /* "cv-high, superlinear", or "" */
    bool tiny;                /* the serial run is shorter than LAB_MIN_SERIAL_S */
    bool simulated;           /* SimGrid rows (scripts/simulate.sh): ranks, never threads */
    bool complete;            /* a run on all cores (a simulated platform's: mpi on its most ranks) */
    bool trusted;             /* no starved, cv-high or below-timer row, not tiny */
} lab_cell;

typedef struct {
    bool have;                /* blocking and nonblocking at one request count */
    double requests, latency_ms, blocking_s, nonblocking_s, nonblocking_cpu_s;
    double speedup;           /* blocking time over nonblocking time */
    double overhead_us;       /* (nonblocking time - latency) / requests, in microseconds */
    char flags[128];          /* of the two rows: "cv-high", or "" */
    bool trusted;             /* neither row starved, cv-high or below the timer */
} lab_io;

typedef struct {
    char id[96];              /* the machine column of its rows */
    char label[128];          /* the first hand-in folder's name, fit to show */
    char sources[512];        /* every hand-in that held its rows, ", "-separated */
    size_t nsources;
    char cpu[64];             /* trimmed; "" when no machine.json says it */
    int cores;                /* usable cores; 0 when unknown */
    char date[16];            /* of its newest row that counts */
    lab_cell cells[LAB_MAX_KERNELS];
    lab_io io;
    double score;             /* see lab_build; NaN when it cannot be scored like the ranked machines */
    int rank;                 /* 1, 2, ... for ranked machines; 0 for the others */
    char not_ranked[256];     /* why it is not ranked ("matmul: cv-high; sieve: tiny"), or "" */
    char missing[256];        /* kernels of the suite it has no cell for, ", "-separated */
} lab_machine;

typedef struct {
    lab_machine *m;
    size_t n;
    /* given: the score's kernels, ","-separated (compare --kernels); NULL: the suite's */
    const char *score_list;
    const char *kernels[LAB_MAX_KERNELS]; /* the quick suite's kernels some machine has or the score needs */
    size_t nk;
    bool scored[LAB_MAX_KERNELS];          /* in the score */
    size_t nscored, nranked;
    /* how a scored kernel is compared: at one size (the size most machines that could be
     * ranked ran it at; ties: the larger), or at any size (size_free: compute_facts.size_free_why) */
    unsigned long long at_size[LAB_MAX_KERNELS];
    bool size_free[LAB_MAX_KERNELS];
    bool one_machine;                      /* a machine's own page: no ranks, "trusted" instead */
} lab_table;

/* Whether a row counts in the comparison: a kernel of the quick suite, untagged. */
bool lab_row_counts(const result_record *r);

/* The cell of kernel for the machine m (its id and cores set) among rows; *found false
 * when the machine has no serial run of it. */
lab_cell lab_cell_of(const record_list *rows, const lab_machine *m, const char *kernel, bool *found);

/* Its concurrency half: the largest request count with blocking and nonblocking runs. */
lab_io lab_io_of(const record_list *rows, const char *machine);

/* Fills in every machine's cells, date and io from rows, the table's kernels (the
 * suite's, in its order, that some machine has or the score needs), each machine's
 * missing kernels, then ranks. The score's kernels are fixed before any hand-in is read
 * (t->score_list, or the whole suite), so that no hand-in can change them: a machine
 * that lacks one, ran one at another size than the ranking's, or has a scored run that
 * is not trusted is not ranked (rank 0, with the reason). The score is the geometric
 * mean, over the score's kernels, of the machine's throughput on all cores over the best
 * ranked machine's: it depends on the machine's own rows and the ranked machines only.
 * With nobody ranked there is no score (NaN). The machines are then sorted: ranked ones
 * by rank, the others after them by label. (The caller checks score_list's names.) */
void lab_build(lab_table *t, const record_list *rows);

/* "1.97x, 98%" (the interval too when it is wide: "1.97x (1.70-2.05), 98%"), or "-".
 * An efficiency above 100% but within the noise (up to QUALITY_SUPERLINEAR, where the
 * superlinear flag starts) is shown as 100%: no table shows more without the flag. */
void lab_format_speedup(const speedup_ci *s, double efficiency, char *buf, size_t len);

/* "%.4g", or "-" when x is not finite. */
void lab_format_number(double x, char *buf, size_t len);

/* The widest interval of a median among the machine's rows that count (relative; NaN
 * when none has one) and the flags of its cells ("cv-high, tiny"). */
void lab_machine_quality(const lab_table *t, const lab_machine *m, double *worst, char *flags, size_t len);

/* The machine's quality: "±1.2%" (its widest interval) and the flags of its cells,
 * "±12.0% cv-high, tiny", or "-" when nothing is known. */
void lab_format_quality(const lab_table *t, const lab_machine *m, char *buf, size_t len);

/* A CPU model fit for a table: "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz" gives
 * "Intel Xeon Gold 6130", "AMD Ryzen 7 5800X 8-Core Processor" gives "AMD Ryzen 7
 * 5800X"; control characters and bytes that are not UTF-8 become '?'. */
void lab_trim_cpu(const char *in, char *out, size_t len);

/* A name handed in (a folder name) fit to show: valid UTF-8 kept, control characters
 * and invalid bytes as '?', at most 48 characters (then "..."). */
void lab_clean_label(const char *in, char *out, size_t len);

#endif
