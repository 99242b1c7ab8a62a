/* The plain loops scripts/bench_peak.sh checks parbench peak against: the textbook FMA
 * loop and STREAM triad, written as anyone would, left to the compiler (cc -O3
 * -march=native -fopenmp), with no intrinsics, no run-time choice of code and none of
 * parbench's harness. Not part of parbench.
 *   peak_plain fma THREADS STEPS REPS     GFLOP/s, the median of REPS runs
 *   peak_plain triad THREADS N REPS       GB/s (24 bytes per element, as STREAM counts)
 * Each run's answer is checked (exit 1 when wrong); the figure is printed alone. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 128 accumulators: 16 vectors of 8 doubles (AVX-512) or 32 of 4, enough independent
 * chains to hide the FMA latency, however the compiler vectorizes the inner loop */
#define ACC 128

static volatile double va = 1.0, vb = 1.0, vs = 3.0; /* unknown to the compiler */

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double fma_once(long steps, int threads, int *ok)
{
    double a = va, b = vb, total = 0;
    double t0 = omp_get_wtime();
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        double x[ACC];
        for (int j = 0; j < ACC; ++j)
            x[j] = j;
        for (long s = 0; s < steps; ++s)
            for (int j = 0; j < ACC; ++j)
                x[j] = x[j] * a + b;
        for (int j = 0; j < ACC; ++j)
            total += x[j];
    }
    double t = omp_get_wtime() - t0;
    /* every chain ends at its start plus steps: exact in whole numbers */
    *ok &= total == (double)threads * (ACC * (ACC - 1) / 2 + (double)ACC * steps);
    return 2.0 * ACC * steps * threads / t / 1e9;
}

static double triad_once(double *a, const double *b, const double *c, long n, int threads, int *ok)
{
    double s = vs;
    double t0 = omp_get_wtime();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < n; ++i)
        a[i] = b[i] + s * c[i];
    double t = omp_get_wtime() - t0;
    for (long i = 0; i < n; i += 4099)
        *ok &= a[i] == b[i] + 3.0 * c[i];
    return 24.0 * n / t / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[1], "fma") != 0 && strcmp(argv[1], "triad") != 0)) {
        fprintf(stderr, "usage: peak_plain fma|triad THREADS STEPS|N REPS\n");
        return 2;
    }
    int threads = atoi(argv[2]), reps = atoi(argv[4]), ok = 1;
    long n = atol(argv[3]);
    if (threads < 1 || reps < 1 || n < 1) {
        fprintf(stderr, "peak_plain: THREADS, STEPS|N and REPS must be whole numbers from 1\n");
        return 2;
    }
    double *rate = malloc((size_t)reps * sizeof *rate), *a = NULL, *b = NULL, *c = NULL;
    if (strcmp(argv[1], "triad") == 0) {
        a = malloc((size_t)n * sizeof *a), b = malloc((size_t)n * sizeof *b), c = malloc((size_t)n * sizeof *c);
        if (!a || !b || !c) {
            fprintf(stderr, "peak_plain: out of memory for 3 x %ld doubles\n", n);
            return 3;
        }
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long i = 0; i < n; ++i)
            a[i] = 0, b[i] = (double)(i % 1024), c[i] = (double)(i % 7);
    }
    for (int r = -1; r < reps; ++r) { /* one untimed warm-up */
        double x = a ? triad_once(a, b, c, n, threads, &ok) : fma_once(n, threads, &ok);
        if (r >= 0)
            rate[r] = x;
    }
    qsort(rate, (size_t)reps, sizeof *rate, by_value);
    if (!ok) {
        fprintf(stderr, "peak_plain: %s: a wrong answer\n", argv[1]);
        return 1;
    }
    printf("%.4g\n", reps % 2 ? rate[reps / 2] : (rate[reps / 2 - 1] + rate[reps / 2]) / 2);
    free(rate);
    free(a);
    free(b);
    free(c);
    return 0;
}
