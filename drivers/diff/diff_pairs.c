/* Pairing and judging the rows of `parbench diff` (see diff.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "diff/ranktest.h"
#include "core/harness.h"
#include "core/kernel.h"

diff_outcome diff_outcome_alone(diff_verdict only)
{
    return (diff_outcome){.verdict = only, .tested = only, .change_pct = NAN, .low_pct = NAN, .high_pct = NAN,
                          .coverage = NAN, .p = NAN};
}

/* Appends "; " and one reason to why. */
static void because(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void because(char *why, size_t len, const char *fmt, ...)
{
    size_t used = strlen(why);
    if (used + 2 >= len)
        return;
    if (used)
        used += (size_t)snprintf(why + used, len - used, "; ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why + used, len - used, fmt, ap);
    va_end(ap);
}

/* The flags that make a time untrusted: harness_flags_trusted's, and the two that say
 * the workers did not each have a core (a time measured that way measures the crowding). */
static const char *const untrusted_flags[] = {"starved", "cv-high", "oversubscribed", "shared-core", "tiny",
                                              "below-timer-resolution"};

static void flags_why(const char *side, const result_record *r, char *why, size_t len)
{
    char flags[128] = "";
    size_t pos = 0;
    for (size_t i = 0; i < sizeof untrusted_flags / sizeof untrusted_flags[0]; ++i)
        if (harness_has_note(r, untrusted_flags[i]) && pos < sizeof flags)
            pos += (size_t)snprintf(flags + pos, sizeof flags - pos, "%s%s", pos ? " " : "", untrusted_flags[i]);
    if (pos)
        because(why, len, "%s %s", side, flags);
}

/* Much more other work on one side. others_busy (schema 3) counts the cores other
 * processes kept busy among ours when the step started: half a core is a quarter of a
 * 2-core run's cores, far beyond the 2% threshold, yet above what the quiet gate lets
 * through as quiet (10% of the cores a step needs). Older rows have only the load
 * average, a minute's mean over the whole host: only a doubling that also exceeds the
 * usable cores (so that it crowded the run's own cores) says the other work changed. */
static void load_why(const result_record *b, const result_record *f, char *why, size_t len)
{
    if (isfinite(b->others_busy) && isfinite(f->others_busy)) {
        /* (with a margin for the file's rounding: 0.20 -> 0.70 is half a core, as it reads) */
        if (fabs(f->others_busy - b->others_busy) >= DIFF_OTHERS_BUSY_LIMIT - 1e-9)
            because(why, len, "other work kept %.2f -> %.2f cores busy", b->others_busy, f->others_busy);
        return;
    }
    if (!isfinite(b->load1) || !isfinite(f->load1))
        return;
    const result_record *hi = f->load1 > b->load1 ? f : b, *lo = hi == f ? b : f;
    if (hi->load1 > 2.0 * lo->load1 && hi->usable_cores > 0 && hi->load1 > hi->usable_cores)
        because(why, len, "load %.2f -> %.2f", b->load1, f->load1);
}

bool diff_comparable(const result_record *base, const result_record *fresh, char *why, size_t len)
{
    why[0] = '\0';
    flags_why("BASE", base, why, len);
    flags_why("NEW", fresh, why, len);
    if (base->usable_cores > 0 && fresh->usable_cores > 0 && base->usable_cores != fresh->usable_cores)
        because(why, len, "usable cores %d -> %d", base->usable_cores, fresh->usable_cores);
    /* (the placement's CPU lists hold commas: the text and Markdown show them in full) */
    if (base->placement[0] && fresh->placement[0] && strcmp(base->placement, fresh->placement) != 0)
        because(why, len, "placement differs");
    load_why(base, fresh, why, len);
    return why[0] == '\0';
}

diff_outcome diff_outcome_of(const result_record *base, const result_record *fresh, double alpha,
                             double threshold_pct)
{
    diff_outcome o = {.verdict = DIFF_TOO_FEW, .tested = DIFF_TOO_FEW, .nbase = base->nsamples, .nnew = fresh->nsamples,
                      .change_pct = NAN, .low_pct = NAN, .high_pct = NAN, .coverage = NAN, .p = NAN};
    if (o.nbase < DIFF_MIN_SAMPLES || o.nnew < DIFF_MIN_SAMPLES || !(base->time_s > 0))
        return o;
    ranktest_u_test t = ranktest_mann_whitney(base->samples, o.nbase, fresh->samples, o.nnew);
    ranktest_shift s = ranktest_hodges_lehmann(base->samples, o.nbase, fresh->samples, o.nnew, 1.0 - alpha);
    if (isnan(t.p) || isnan(s.shift)) {
        o.failed = true;
        return o;
    }
    o.p = t.p;
    o.exact = t.exact;
    o.change_pct = 100.0 * s.shift / base->time_s;
    o.low_pct = 100.0 * s.low / base->time_s;
    o.high_pct = 100.0 * s.high / base->time_s;
    o.coverage = s.coverage;
    if (o.p < alpha && fabs(o.change_pct) > threshold_pct)
        o.verdict = o.change_pct > 0 ? DIFF_SLOWER : DIFF_FASTER;
    else
        o.verdict = DIFF_SAME;
    o.tested = o.verdict;
    if (!diff_comparable(base, fresh, o.why, sizeof o.why))
        o.verdict = DIFF_INCONCLUSIVE;
    return o;
}

static int key_cmp(const result_record *a, const result_record *b)
{
    int c = strcmp(a->kernel, b->kernel);
    if (!c)
        c = strcmp(a->variant, b->variant);
    if (!c)
        c = (a->size > b->size) - (a->size < b->size);
    if (!c)
        c = (a->threads > b->threads) - (a->threads < b->threads);
    if (!c)
        c = (a->ranks > b->ranks) - (a->ranks < b->ranks);
    if (!c)
        c = strcmp(a->tag, b->tag);
    return c;
}

bool diff_same_key(const result_record *a, const result_record *b) { return key_cmp(a, b) == 0; }

typedef struct {
    const result_record *row;
    size_t index; /* in the file */
} entry;

/* By key, then oldest to newest: the last entry of a key is the one used. Timestamps
 * are ISO 8601 UTC, so they order as text. */
static int entry_cmp(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    int c = key_cmp(a->row, b->row);
    if (!c)
        c = strcmp(a->row->timestamp, b->row->timestamp);
    if (!c)
        c = (a->index > b->index) - (a->index < b->index);
    return c;
}

/* The newest entry of each key of rows, sorted by key, into out (rows->n entries);
 * returns how many. */
static size_t newest(const record_list *rows, entry *all, entry *out, diff_duplicates *dup)
{
    for (size_t i = 0; i < rows->n; ++i)
        all[i] = (entry){&rows->rows[i], i};
    qsort(all, rows->n, sizeof *all, entry_cmp);
    size_t k = 0;
    *dup = (diff_duplicates){0};
    for (size_t i = 0; i < rows->n; ++i) {
        bool last = i + 1 == rows->n || key_cmp(all[i].row, all[i + 1].row) != 0;
        if (!last) {
            dup->older++;
            continue;
        }
        if (i > 0 && key_cmp(all[i - 1].row, all[i].row) == 0) {
            dup->keys++;
            /* the first key in file order, so the note names what a reader sees first */
            if (!dup->example || all[i].index < (size_t)(dup->example - rows->rows))
                dup->example = all[i].row;
        }
        out[k++] = all[i];
    }
    return k;
}

int diff_pair_rows(const record_list *base, const record_list *fresh, double alpha, double threshold_pct,
                   diff_result *out)
{
    *out = (diff_result){0};
    size_t nb = base->n, nf = fresh->n;
    entry *all = malloc((nb > nf ? nb : nf) * sizeof *all + 1), *kb = malloc(nb * sizeof *kb + 1),
          *kf = malloc(nf * sizeof *kf + 1);
    const result_record **partner = calloc(nb + 1, sizeof *partner); /* by BASE index */
    char *used = calloc(nb + nf + 1, 1); /* BASE kept, then NEW paired or kept-unpaired (2) */
    diff_pair *scratch = malloc((nb + 1) * sizeof *scratch);
    out->pairs = malloc((nb + nf + 1) * sizeof *out->pairs);
    if (!all || !kb || !kf || !partner || !used || !scratch || !out->pairs) {
        free(all), free(kb), free(kf), free(partner), free(used), free(scratch);
        diff_result_free(out);
        return PB_RUNTIME_ERROR;
    }
    size_t mb = newest(base, all, kb, &out->dup_base), mf = newest(fresh, all, kf, &out->dup_new);
    for (size_t i = 0; i < mb; ++i)
        used[kb[i].index] = 1;
    for (size_t i = 0; i < mf; ++i)
        used[nb + kf[i].index] = 2; /* kept, unpaired until the merge finds its match */
    for (size_t i = 0, j = 0; i < mb && j < mf;) { /* both sorted by key: one merge */
        int c = key_cmp(kb[i].row, kf[j].row);
        if (c == 0) {
            partner[kb[i].index] = kf[j].row;
            used[nb + kf[j].index] = 1;
        }
        i += c <= 0;
        j += c >= 0;
    }
    diff_pair *p = out->pairs, *others = scratch;
    size_t nothers = 0;
    for (size_t i = 0; i < nb; ++i) { /* regressions first, each group in BASE's order */
        if (!used[i] || !partner[i])
            continue;
        diff_pair d = {&base->rows[i], partner[i], diff_outcome_of(&base->rows[i], partner[i], alpha, threshold_pct)};
        if (d.out.verdict == DIFF_SLOWER)
            p[out->n++] = d;
        else
            others[nothers++] = d;
    }
    memcpy(p + out->n, others, nothers * sizeof *others);
    out->n += nothers;
    out->npaired = out->n;
    for (size_t i = 0; i < nb; ++i)
        if (used[i] && !partner[i])
            p[out->n++] = (diff_pair){&base->rows[i], NULL, diff_outcome_alone(DIFF_ONLY_BASE)};
    for (size_t j = 0; j < nf; ++j)
        if (used[nb + j] == 2)
            p[out->n++] = (diff_pair){NULL, &fresh->rows[j], diff_outcome_alone(DIFF_ONLY_NEW)};
    free(all), free(kb), free(kf), free(partner), free(used), free(scratch);
    return PB_OK;
}

void diff_result_free(diff_result *r)
{
    free(r->pairs);
    *r = (diff_result){0};
}
