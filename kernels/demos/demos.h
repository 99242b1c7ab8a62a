/* The computations behind `parbench demo`: the pitfalls of concurrency and parallelism,
 * each small enough to read in one sitting. Pure computation: no argv, no printing. */
#ifndef PARBENCH_DEMOS_H
#define PARBENCH_DEMOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* race: `threads` threads add 1 to one shared counter, n times in all.
 * racy:      read, add, write with no synchronization (relaxed atomic load and store,
 *            so the C program is well defined but updates are lost) - wrong on purpose
 * lockstep:  the same read-add-write, forced to interleave: every round all threads
 *            read, wait at a barrier, then write, so each round keeps 1 of `threads`
 *            updates (n / threads rounds; exactly n / threads * (threads - 1) are lost)
 * atomic, critical, reduction: three correct ways, of different cost.
 * Each returns the final counter; the right answer is n (lockstep: rounds * threads). */
uint64_t race_racy(uint64_t n, int threads);
uint64_t race_lockstep(uint64_t n, int threads);
uint64_t race_atomic(uint64_t n, int threads);
uint64_t race_critical(uint64_t n, int threads);
uint64_t race_reduction(uint64_t n, int threads);

/* false sharing: thread t increments its own counter, at buf + t * stride, n / threads
 * times (the first n % threads threads once more), storing to memory every time.
 * stride 8 packs the counters into one cache line; stride = the line size gives each
 * its own line. Returns the sum of the counters (= n). buf holds threads * stride bytes,
 * aligned to the line size. */
uint64_t false_sharing_count(uint64_t n, int threads, unsigned char *buf, size_t stride);

/* amdahl: `units` units of fixed integer work (one unit ~ a microsecond); the first
 * serial_units run on one thread, the rest are shared by `threads` threads. Returns the
 * sum of the units' results, which does not depend on the split. */
uint64_t amdahl_run(uint64_t units, uint64_t serial_units, int threads);
/* The same sum computed with every unit in parallel: the reference for verification. */
uint64_t amdahl_reference(uint64_t units, int threads);

/* timeline, in parallel: `tasks` tasks (A, B, ...) of `steps` steps each, task t on
 * thread t (of `tasks` threads); step s of task t counts the Monte Carlo hits of samples
 * [(t * steps + s) * samples, + samples). Each step is marked as work named "A1", "B2"
 * ... (common/work.h); t0/t1[t * steps + s] get its start and end on the work clock,
 * thread[t * steps + s] the thread that ran it (a smaller team than asked for shares
 * the tasks). Returns the hits of all steps: those of samples [0, tasks * steps * samples). */
uint64_t timeline_parallel(uint64_t seed, uint64_t samples, int tasks, int steps, double *t0, double *t1,
                           int *thread);

/* A server's request (io server): `steps` steps of a 64-bit linear congruential
 * generator from x, one after the other (each step needs the one before, so no compiler
 * or core can shorten the chain): a fixed amount of real CPU work. */
uint64_t request_compute(uint64_t x, uint64_t steps);
/* The same answer by jumping ahead in O(log steps) (Brown, "Random number generation
 * with arbitrary strides", 1994): how the server's answers are verified cheaply. */
uint64_t request_expected(uint64_t x, uint64_t steps);

/* deadlock: two threads each take two locks, thread 0 L1 then L2 and thread 1 L2 then L1
 * (same_order false: both hold their first lock before asking for the second, so they
 * deadlock for certain) or both L1 then L2 (same_order: the cure, `rounds` rounds each).
 * The watchdog is the wait itself: a second lock not had within bound_ms is given up,
 * and the thread says so (stuck, waited_ms); counter counts the rounds that held both.
 * Each hold and each wait is marked as work named "hold L1", "want L2" (common/work.h). */
typedef struct {
    int started;          /* threads started (2 unless pthread_create failed) */
    bool stuck[2];
    int waited_ms[2];
    uint64_t counter;
} deadlock_report;
void deadlock_locks(bool same_order, uint64_t rounds, int bound_ms, deadlock_report *out);

#endif
