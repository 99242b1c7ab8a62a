#include "analysis/scaling.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/laws.h"
#include "core/harness.h"

static int cmp_key(const result_record *a, const result_record *b)
{
    int c = strcmp(a->machine, b->machine);
    if (!c)
        c = strcmp(a->kernel, b->kernel);
    if (!c)
        c = strcmp(a->variant, b->variant);
    if (!c)
        c = strcmp(a->tag, b->tag);
    if (!c && a->size != b->size)
        c = a->size < b->size ? -1 : 1;
    if (!c && a->threads != b->threads)
        c = a->threads < b->threads ? -1 : 1;
    if (!c && a->ranks != b->ranks)
        c = a->ranks < b->ranks ? -1 : 1;
    /* io server rows at another compute share are other points, not older runs (NaN, the
     * other kernels' value, equals NaN here) */
    bool ca = isnan(a->compute_ms), cb = isnan(b->compute_ms);
    if (!c && (ca != cb || (!ca && a->compute_ms != b->compute_ms)))
        c = ca ? -1 : cb ? 1 : a->compute_ms < b->compute_ms ? -1 : 1;
    return c;
}

static int by_key_then_place(const void *a, const void *b)
{
    const result_record *x = *(const result_record *const *)a, *y = *(const result_record *const *)b;
    int c = cmp_key(x, y);
    return c ? c : (x < y ? -1 : x > y);
}

/* newer[i]: a verified row of the same key comes after row i. Sorted by key (then file
 * order), each key's rows are one run whose last verified row is the newest: O(n log n),
 * where comparing every row with every later one took minutes on 60k rows. */
static bool *find_newer(const record_list *rows)
{
    const result_record **at = record_list_order(rows, by_key_then_place);
    bool *newer = calloc(rows->n + 1, sizeof *newer);
    if (!at || !newer) {
        free(at);
        free(newer);
        return NULL;
    }
    for (size_t lo = 0, hi; lo < rows->n; lo = hi) {
        size_t last = SIZE_MAX; /* the run's last verified row */
        for (hi = lo; hi < rows->n && cmp_key(at[lo], at[hi]) == 0; ++hi)
            if (at[hi]->verified)
                last = hi;
        for (size_t i = lo; last != SIZE_MAX && i < last; ++i)
            newer[at[i] - rows->rows] = true;
    }
    free(at);
    return newer;
}

size_t scaling_clean(record_list *rows)
{
    size_t kept = 0, unverified = 0;
    bool *newer = find_newer(rows);
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        bool newer_exists = false;
        if (newer)
            newer_exists = newer[i];
        else /* short of memory: the scan, slow but right */
            for (size_t j = i + 1; j < rows->n && !newer_exists; ++j)
                newer_exists = rows->rows[j].verified && cmp_key(r, &rows->rows[j]) == 0;
        bool wrong = !r->verified && !scaling_is_demo_bars(r); /* a demo's wrong-on-purpose rows stay */
        unverified += wrong;
        if (wrong || newer_exists)
            result_record_free(&rows->rows[i]); /* dropped: rows before i never point at its samples */
        else
            rows->rows[kept++] = *r;
    }
    free(newer);
    rows->n = kept;
    return unverified;
}

static bool is_weak(const result_record *r) { return strcmp(r->tag, "weak") == 0 || strncmp(r->tag, "weak-", 5) == 0; }

bool scaling_is_demo_bars(const result_record *r) { return strncmp(r->tag, "demo-", 5) == 0; }

static bool in_group(const result_record *r, const scaling_group *g)
{
    return strcmp(r->kernel, g->kernel) == 0 && strcmp(r->tag, g->tag) == 0 && (g->weak || r->size == g->size);
}

static void series_name(const result_record *r, char *buf, size_t len)
{
    if (strcmp(r->variant, "hybrid") == 0)
        snprintf(buf, len, "hybrid-t%d", r->threads); /* one curve per threads per rank */
    else
        snprintf(buf, len, "%s", r->variant);
}

static scaling_series *series_for(scaling_group *g, const char *name)
{
    for (size_t i = 0; i < g->nseries; ++i)
        if (strcmp(g->series[i].name, name) == 0)
            return &g->series[i];
    if (g->nseries == SCALING_MAX_SERIES)
        return NULL;
    scaling_series *s = &g->series[g->nseries++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

static int by_workers(const void *a, const void *b)
{
    const scaling_point *x = a, *y = b;
    if (x->workers != y->workers)
        return x->workers - y->workers;
    return x->row->ranks - y->row->ranks;
}

static void compute_series(scaling_group *g, scaling_series *s)
{
    qsort(s->points, s->n, sizeof s->points[0], by_workers);
    const result_record *one = s->n && s->points[0].workers == 1 ? s->points[0].row : NULL;
    double p[SCALING_MAX_POINTS], sp[SCALING_MAX_POINTS];
    size_t nfit = 0;
    for (size_t i = 0; i < s->n; ++i) {
        scaling_point *pt = &s->points[i];
        double w = pt->workers, thr = pt->row->throughput;
        pt->speedup_abs = g->serial && g->serial->throughput > 0 ? thr / g->serial->throughput : NAN;
        pt->speedup_rel = one && one->throughput > 0 ? thr / one->throughput : NAN;
        pt->efficiency_abs = pt->speedup_abs / w;
        pt->efficiency_rel = pt->speedup_rel / w;
        pt->karp_flatt = karp_flatt(pt->speedup_rel, w);
        /* rows of schema 1 do not know their usable cores: their flag says it */
        int usable = pt->row->usable_cores;
        pt->oversubscribed = usable > 0 ? pt->workers > usable : harness_has_note(pt->row, "oversubscribed");
        if (isfinite(pt->speedup_rel) && !pt->oversubscribed) {
            p[nfit] = w;
            sp[nfit++] = pt->speedup_rel;
        }
    }
    s->nfit = nfit;
    s->amdahl_f = g->weak || nfit < SCALING_MIN_FIT ? NAN : amdahl_fit(p, sp, nfit);
}

/* Rows that belong to a scaling group of this machine. */
static bool groupable(const result_record *r, const char *machine)
{
    /* (the I/O drivers and the machine's peak are not scaling kernels) */
    return strncmp(r->kernel, "io-", 3) != 0 && strcmp(r->kernel, "peak") != 0 && !scaling_is_demo_bars(r) &&
           (!machine || strcmp(r->machine, machine) == 0);
}

/* Whether rows a and b fall in the same group. */
static bool same_group(const result_record *a, const result_record *b)
{
    return strcmp(a->kernel, b->kernel) == 0 && strcmp(a->tag, b->tag) == 0 &&
           (is_weak(a) || a->size == b->size);
}

size_t scaling_count_groups(const record_list *rows, const char *machine)
{
    size_t n = 0;
    for (size_t i = 0; i < rows->n && n <= SCALING_MAX_GROUPS; ++i) {
        const result_record *r = &rows->rows[i];
        bool first = groupable(r, machine);
        for (size_t j = 0; j < i && first; ++j)
            first = !(groupable(&rows->rows[j], machine) && same_group(&rows->rows[j], r));
        n += first;
    }
    return n;
}

size_t scaling_groups(const record_list *rows, const char *machine, scaling_group *out, size_t cap, size_t *dropped)
{
    size_t ng = 0;
    *dropped = 0;
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (!groupable(r, machine))
            continue;
        bool found = false;
        for (size_t k = 0; k < ng && !found; ++k)
            found = in_group(r, &out[k]);
        if (found)
            continue;
        if (ng == cap) {
            ++*dropped;
            continue;
        }
        scaling_group *g = &out[ng++];
        memset(g, 0, sizeof *g);
        snprintf(g->kernel, sizeof g->kernel, "%s", r->kernel);
        snprintf(g->tag, sizeof g->tag, "%s", r->tag);
        g->weak = is_weak(r);
        g->size = g->weak ? 0 : r->size;
    }
    for (size_t k = 0; k < ng; ++k) {
        scaling_group *g = &out[k];
        for (size_t i = 0; i < rows->n; ++i) {
            const result_record *r = &rows->rows[i];
            if ((machine && strcmp(r->machine, machine) != 0) || !in_group(r, g) || scaling_is_demo_bars(r))
                continue;
            /* weak scaling: the serial baseline is the one-worker problem, the smallest */
            if (strcmp(r->variant, "serial") == 0 && (!g->serial || r->size < g->serial->size))
                g->serial = r;
            char name[48];
            series_name(r, name, sizeof name);
            scaling_series *s = series_for(g, name);
            if (s && s->n < SCALING_MAX_POINTS)
                s->points[s->n++] = (scaling_point){.row = r, .workers = r->threads * r->ranks};
            else
                ++*dropped;
        }
        for (size_t s = 0; s < g->nseries; ++s)
            compute_series(g, &g->series[s]);
    }
    return ng;
}
