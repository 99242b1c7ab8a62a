/* Two threads, two locks (demos.h, deadlock_locks). The deadlock is made certain, not
 * left to chance: each thread takes its first lock, then both meet at a barrier, so when
 * either asks for its second lock the other already holds it. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "common/work.h"
#include "demos.h"

/* The cure's rounds marked for the trace (who held, who waited): the first few show it,
 * 100,000 would fill the trace buffer. */
#define TRACED_ROUNDS 8

typedef struct {
    pthread_mutex_t lock[2];
    pthread_barrier_t both_hold, both_gave_up;
    bool same_order;
    uint64_t rounds;
    int bound_ms;
    uint64_t counter;        /* under both locks */
    deadlock_report *out;
} shared;

typedef struct {
    shared *s;
    int t;
} worker;

static struct timespec deadline(int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts); /* (pthread_mutex_timedlock's clock) */
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_sec += 1, ts.tv_nsec -= 1000000000L;
    return ts;
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    shared *s = w->s;
    /* thread 0 takes L1 then L2; thread 1 L2 then L1, or, cured, L1 then L2 as well */
    int first = s->same_order || w->t == 0 ? 0 : 1, second = 1 - first;
    static const char *const hold[2] = {"hold L1", "hold L2"}, *const want[2] = {"want L1", "want L2"};
    for (uint64_t r = 0; r < s->rounds; ++r) {
        bool traced = r < TRACED_ROUNDS;
        work_mark held = work_begin();
        pthread_mutex_lock(&s->lock[first]);
        if (!s->same_order)
            pthread_barrier_wait(&s->both_hold);
        work_mark asked = work_begin();
        struct timespec until = deadline(s->bound_ms);
        int e = pthread_mutex_timedlock(&s->lock[second], &until);
        if (e == ETIMEDOUT) {
            /* the watchdog: waited its bound for a lock that never came */
            work_end_named(asked, w->t, WORK_WAIT, want[second]);
            s->out->stuck[w->t] = true;
            s->out->waited_ms[w->t] = s->bound_ms;
            /* the first to give up keeps its lock until the other has given up too: released
             * earlier, it would hand the other its second lock, and the watchdog would have
             * caught one thread, by timing */
            pthread_barrier_wait(&s->both_gave_up);
            pthread_mutex_unlock(&s->lock[first]);
            work_end_named(held, w->t, WORK_COMPUTE, hold[first]);
            return NULL;
        }
        if (traced)
            work_end_named(asked, w->t, WORK_WAIT, want[second]);
        ++s->counter;
        pthread_mutex_unlock(&s->lock[second]);
        pthread_mutex_unlock(&s->lock[first]);
        if (traced)
            work_end_named(held, w->t, WORK_COMPUTE, hold[first]);
    }
    return NULL;
}

void deadlock_locks(bool same_order, uint64_t rounds, int bound_ms, deadlock_report *out)
{
    *out = (deadlock_report){0};
    shared s = {.same_order = same_order, .rounds = same_order ? rounds : 1, .bound_ms = bound_ms, .out = out};
    pthread_mutex_init(&s.lock[0], NULL);
    pthread_mutex_init(&s.lock[1], NULL);
    pthread_barrier_init(&s.both_hold, NULL, 2);
    pthread_barrier_init(&s.both_gave_up, NULL, 2);
    worker w[2] = {{&s, 0}, {&s, 1}};
    pthread_t tid[2];
    int started = 0;
    while (started < 2 && pthread_create(&tid[started], NULL, thread_main, &w[started]) == 0)
        ++started;
    if (started < 2 && !same_order) /* a lone thread would wait at the barrier forever (and, */
        pthread_barrier_wait(&s.both_hold); /* unopposed, take both locks: never at the second one) */
    for (int i = 0; i < started; ++i)
        pthread_join(tid[i], NULL);
    out->started = started;
    out->counter = s.counter;
    pthread_barrier_destroy(&s.both_hold);
    pthread_barrier_destroy(&s.both_gave_up);
    pthread_mutex_destroy(&s.lock[0]);
    pthread_mutex_destroy(&s.lock[1]);
}
