#include "lab/lab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/laws.h"
#include "output/roofline.h"
#include "analysis/row_index.h"
#include "core/harness.h"
#include "core/kernel.h"
#include "output/html.h"
#include "glue/kernel_list.h"

bool lab_row_counts(const result_record *r) { return kernel_find(r->kernel) && r->tag[0] == '\0'; }

static bool mine(const result_record *r, const char *machine, const char *kernel, const char *variant)
{
    return strcmp(r->machine, machine) == 0 && strcmp(r->kernel, kernel) == 0 && strcmp(r->variant, variant) == 0 &&
           lab_row_counts(r);
}

/* The verified row of the variant at this size with threads x ranks (rows are cleaned:
 * one per key); through the index when there is one (lab_build's), else by a scan. */
static const result_record *find_row(const record_list *rows, const row_index *ix, const char *machine,
                                     const char *kernel, const char *variant, unsigned long long size, int threads,
                                     int ranks)
{
    if (ix) {
        const result_record *r = row_index_find(ix, machine, kernel, variant, size, threads, ranks);
        return r && lab_row_counts(r) ? r : NULL;
    }
    for (size_t i = 0; i < rows->n; ++i) {
        const result_record *r = &rows->rows[i];
        if (mine(r, machine, kernel, variant) && r->size == size && r->threads == threads && r->ranks == ranks)
            return r;
    }
    return NULL;
}

/* What lab_build indexes: the rows that may count or be a cell's partner (untagged), and
 * the peak rows of the roofline (whatever their tag). */
static bool indexed(const result_record *r) { return r->tag[0] == '\0' || strcmp(r->kernel, "peak") == 0; }

/* The machine's roofline from its peak rows: through the index, only its own rows are
 * read (in file order, the newest winning as roofline_from_rows wants). */
static bool machine_roofline(const record_list *rows, const row_index *ix, const char *machine, roofline *roof)
{
    size_t f1 = 0, f2 = 0, n1 = 0, n2 = 0;
    if (ix) {
        n1 = row_index_range(ix, machine, "peak", "fma", &f1);
        n2 = row_index_range(ix, machine, "peak", "triad", &f2);
    }
    const result_record **at = ix ? malloc((n1 + n2 + 1) * sizeof *at) : NULL;
    result_record *own = at ? malloc((n1 + n2 + 1) * sizeof *own) : NULL;
    if (!own) {
        free(at);
        return roofline_from_rows(rows->rows, rows->n, machine, roof);
    }
    memcpy(at, ix->at + f1, n1 * sizeof *at);
    memcpy(at + n1, ix->at + f2, n2 * sizeof *at);
    row_index_file_order(at, n1 + n2);
    for (size_t i = 0; i < n1 + n2; ++i)
        own[i] = *at[i]; /* a shallow copy: read only */
    bool found = roofline_from_rows(own, n1 + n2, machine, roof);
    free(own);
    free(at);
    return found;
}

/* Whether the ", "-separated set holds flag. */
static bool has_flag(const char *set, const char *flag, size_t n)
{
    for (const char *s = set; *s;) {
        size_t len = strcspn(s, ",");
        if (len == n && strncmp(s, flag, n) == 0)
            return true;
        s += len;
        s += strspn(s, ", ");
    }
    return false;
}

/* Adds the flags of quality_flags' " [a, b]" to set ("a, b"), each once. */
static void add_flags(char *set, size_t len, const char *bracketed)
{
    const char *p = strchr(bracketed, '[');
    while (p && (*p == '[' || *p == ',')) {
        p += 1 + strspn(p + 1, " ");
        size_t n = strcspn(p, ",]");
        if (n && !has_flag(set, p, n)) {
            size_t used = strlen(set);
            snprintf(set + used, len - used, "%s%.*s", used ? ", " : "", (int)n, p);
        }
        p += n;
    }
}

static double half_width(const result_record *r)
{
    if (!r || !(r->time_s > 0) || !isfinite(r->ci_low_s) || !isfinite(r->ci_high_s))
        return NAN;
    return fmax(r->time_s - r->ci_low_s, r->ci_high_s - r->time_s) / r->time_s;
}

static void speedup_of(const result_record *serial, const result_record *r, int cores, speedup_ci *s, double *eff,
                       char *flags, size_t len)
{
    if (!r)
        return;
    *s = quality_speedup(serial, r);
    *eff = s->speedup / cores;
    char f[128];
    quality_flags(serial, r, *eff, f, sizeof f);
    add_flags(flags, len, f);
}

/* A simulated platform's run on all its resources: the mpi run at this size with the most
 * ranks (at most its hosts): SMPI simulates ranks, never threads. */
static const result_record *simulated_all(const record_list *rows, const row_index *ix, const lab_machine *m,
                                          const char *kernel, unsigned long long size)
{
    const result_record *best = NULL;
    size_t first = 0, n = ix ? row_index_range(ix, m->id, kernel, "mpi", &first) : rows->n;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = ix ? ix->at[first + i] : &rows->rows[i];
        if (mine(r, m->id, kernel, "mpi") && r->size == size && r->threads == 1 &&
            (m->cores <= 0 || r->ranks <= m->cores) && (!best || r->ranks > best->ranks))
            best = r;
    }
    return best;
}

/* want_size: 0 for the size of the serial run with the most all-cores partners (ties:
 * the larger), else that size only. */
static lab_cell cell_of(const record_list *rows, const row_index *ix, const lab_machine *m, const char *kernel,
                        unsigned long long want_size, bool *found)
{
    lab_cell c;
    memset(&c, 0, sizeof c);
    c.omp_s = c.mpi_s = (speedup_ci){NAN, NAN, NAN};
    c.omp_eff = c.mpi_eff = c.per_core = c.all_cores = c.pct_peak = c.worst_ci = NAN;
    *found = false;
    /* the size of the serial run with the most all-cores partners (ties: the larger) */
    int best = -1;
    size_t first = 0, n = ix ? row_index_range(ix, m->id, kernel, "serial", &first) : rows->n;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = ix ? ix->at[first + i] : &rows->rows[i];
        if (!mine(r, m->id, kernel, "serial") || r->threads != 1 || r->ranks != 1 || (want_size && r->size != want_size))
            continue;
        int partners = harness_has_note(r, "simulated") ? 2 * !!simulated_all(rows, ix, m, kernel, r->size)
                       : m->cores > 0 ? 2 * !!find_row(rows, ix, m->id, kernel, "omp", r->size, m->cores, 1) +
                                            !!find_row(rows, ix, m->id, kernel, "mpi", r->size, 1, m->cores)
                                      : 0;
        if (partners > best || (partners == best && r->size > c.size)) {
            best = partners;
            c.serial = r;
            c.size = r->size;
        }
    }
    if (!c.serial)
        return c;
    *found = true;
    c.simulated = harness_has_note(c.serial, "simulated");
    if (c.simulated) {
        c.mpi = simulated_all(rows, ix, m, kernel, c.size);
    } else if (m->cores > 0) {
        c.omp = find_row(rows, ix, m->id, kernel, "omp", c.size, m->cores, 1);
        c.mpi = find_row(rows, ix, m->id, kernel, "mpi", c.size, 1, m->cores);
    }
    speedup_of(c.serial, c.omp, m->cores, &c.omp_s, &c.omp_eff, c.flags, sizeof c.flags);
    speedup_of(c.serial, c.mpi, c.simulated && c.mpi ? c.mpi->ranks : m->cores, &c.mpi_s, &c.mpi_eff, c.flags,
               sizeof c.flags);
    char serial_flags[128];
    quality_flags(NULL, c.serial, NAN, serial_flags, sizeof serial_flags);
    add_flags(c.flags, sizeof c.flags, serial_flags);
    c.tiny = !(c.serial->time_s >= LAB_MIN_SERIAL_S);
    if (c.tiny)
        add_flags(c.flags, sizeof c.flags, " [tiny]");
    c.per_core = c.serial->throughput;
    const result_record *used[3] = {c.serial, c.omp, c.mpi};
    c.trusted = !c.tiny;
    for (int i = 0; i < 3; ++i) {
        double h = half_width(used[i]);
        if (isfinite(h) && !(h <= c.worst_ci))
            c.worst_ci = h;
        if (used[i])
            c.trusted = c.trusted && quality_trusted(used[i]);
    }
    if (c.omp) {
        c.all_cores = c.omp->throughput;
        c.pct_peak = c.omp->pct_peak;
        roofline roof;
        if (!isfinite(c.pct_peak) && machine_roofline(rows, ix, m->id, &roof))
            c.pct_peak = roofline_pct(&roof, c.omp);
    } else if (c.simulated && c.mpi) {
        /* a simulated cluster (scripts/simulate.sh) has ranks, never threads: its
         * all-cores figure is its mpi run on the most hosts it simulated */
        c.all_cores = c.mpi->throughput;
        c.pct_peak = c.mpi->pct_peak;
    }
    c.complete = c.omp || (c.simulated && c.mpi);
    return c;
}

lab_cell lab_cell_of(const record_list *rows, const lab_machine *m, const char *kernel, bool *found)
{
    return cell_of(rows, NULL, m, kernel, 0, found);
}

static double requests_of(const result_record *r) { return isfinite(r->requests) ? r->requests : (double)r->size; }

/* An io-latency row of the machine and mode that can be half of a pair. */
static bool io_row(const result_record *r, const char *machine, const char *mode)
{
    return strcmp(r->machine, machine) == 0 && strcmp(r->kernel, "io-latency") == 0 && !r->tag[0] &&
           strcmp(r->variant, mode) == 0 && r->time_s > 0;
}

static void set_io(lab_io *io, const result_record *b, const result_record *nb)
{
    double requests = requests_of(b);
    io->have = true;
    io->requests = requests;
    io->latency_ms = b->latency_ms;
    io->blocking_s = b->time_s;
    io->nonblocking_s = nb->time_s;
    io->nonblocking_cpu_s = nb->cpu_s;
    io->speedup = b->time_s / nb->time_s;
    io->overhead_us = (nb->time_s - b->latency_ms / 1000.0) / requests * 1e6;
    quality_flags(b, nb, NAN, io->flags, sizeof io->flags);
    char bracketed[sizeof io->flags];
    snprintf(bracketed, sizeof bracketed, "%s", io->flags);
    io->flags[0] = '\0';
    add_flags(io->flags, sizeof io->flags, bracketed);
    io->trusted = quality_trusted(b) && quality_trusted(nb);
}

/* Nonblocking rows by (requests, latency), file order among equals (NaN last: never equal). */
static int by_requests(const void *a, const void *b)
{
    const result_record *x = *(const result_record *const *)a, *y = *(const result_record *const *)b;
    double rx = requests_of(x), ry = requests_of(y);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    bool nx = isnan(x->latency_ms), ny = isnan(y->latency_ms);
    if (nx != ny)
        return nx ? 1 : -1;
    if (!nx && x->latency_ms != y->latency_ms)
        return x->latency_ms < y->latency_ms ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The machine's rows of one mode, in file order (through the index when there is one). */
static const result_record **io_rows(const record_list *rows, const row_index *ix, const char *machine,
                                     const char *mode, size_t *n)
{
    size_t first = 0, total = ix ? row_index_range(ix, machine, "io-latency", mode, &first) : rows->n;
    const result_record **at = malloc((total + 1) * sizeof *at);
    *n = 0;
    for (size_t i = 0; at && i < total; ++i) {
        const result_record *r = ix ? ix->at[first + i] : &rows->rows[i];
        if (io_row(r, machine, mode))
            at[(*n)++] = r;
    }
    if (at && ix)
        row_index_file_order(at, *n);
    return at;
}

/* The largest request count with both modes at one latency: each blocking row (in file
 * order) finds its first nonblocking partner by binary search, O(n log n). */
static lab_io io_of(const record_list *rows, const row_index *ix, const char *machine)
{
    lab_io io = {.have = false};
    size_t nb_n, b_n;
    const result_record **nb = io_rows(rows, ix, machine, "nonblocking", &nb_n);
    const result_record **bl = io_rows(rows, ix, machine, "blocking", &b_n);
    if (nb && bl) {
        qsort(nb, nb_n, sizeof *nb, by_requests);
        for (size_t i = 0; i < b_n; ++i) {
            const result_record *b = bl[i];
            double requests = requests_of(b);
            if ((io.have && requests <= io.requests) || isnan(b->latency_ms))
                continue;
            size_t lo = 0, hi = nb_n;
            while (lo < hi) { /* the first nonblocking row not below (requests, latency) */
                size_t mid = lo + (hi - lo) / 2;
                double r = requests_of(nb[mid]), l = nb[mid]->latency_ms;
                if (r < requests || (r == requests && !isnan(l) && l < b->latency_ms))
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < nb_n && requests_of(nb[lo]) == requests && nb[lo]->latency_ms == b->latency_ms)
                set_io(&io, b, nb[lo]);
        }
    }
    free(nb);
    free(bl);
    return io;
}

lab_io lab_io_of(const record_list *rows, const char *machine) { return io_of(rows, NULL, machine); }

static void newest_date(char *date, size_t len, const result_record *r)
{
    if (r && strncmp(r->timestamp, date, 10) > 0)
        snprintf(date, len, "%.10s", r->timestamp);
}

static void append(char *list, size_t len, const char *sep, const char *item)
{
    size_t used = strlen(list);
    snprintf(list + used, len - used, "%s%s", used ? sep : "", item);
}

static int by_rank(const void *a, const void *b)
{
    const lab_machine *x = a, *y = b;
    if ((x->rank > 0) != (y->rank > 0))
        return x->rank > 0 ? -1 : 1;
    if (x->rank > 0)
        return x->rank - y->rank;
    if (isfinite(x->score) != isfinite(y->score))
        return isfinite(x->score) ? -1 : 1;
    if (isfinite(x->score) && x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->label, y->label);
}

static int by_score(const void *a, const void *b)
{
    const lab_machine *x = *(lab_machine *const *)a, *y = *(lab_machine *const *)b;
    return x->score > y->score ? -1 : x->score < y->score ? 1 : strcmp(x->label, y->label);
}

/* Ranks and scores: ranked are the machines with no reason not to be (see lab_build);
 * each kernel's reference is the best ranked machine's throughput on all cores. */
static void rank_machines(lab_table *t)
{
    double best[LAB_MAX_KERNELS];
    for (size_t k = 0; k < t->nk; ++k) {
        best[k] = NAN;
        for (size_t m = 0; m < t->n; ++m)
            if (!t->m[m].not_ranked[0] && t->scored[k] && !(t->m[m].cells[k].all_cores <= best[k]))
                best[k] = t->m[m].cells[k].all_cores;
    }
    lab_machine **ranked = calloc(t->n ? t->n : 1, sizeof *ranked);
    size_t nr = 0;
    for (size_t m = 0; m < t->n; ++m) {
        lab_machine *mm = &t->m[m];
        double ratios[LAB_MAX_KERNELS];
        size_t n = 0;
        bool comparable = t->nscored > 0 && !mm->missing[0];
        for (size_t k = 0; k < t->nk && comparable; ++k)
            if (t->scored[k]) {
                comparable = t->size_free[k] || mm->cells[k].size == t->at_size[k];
                ratios[n++] = mm->cells[k].all_cores / best[k];
            }
        mm->score = comparable && n ? geometric_mean(ratios, n) : NAN;
        if (!mm->not_ranked[0] && !isfinite(mm->score))
            snprintf(mm->not_ranked, sizeof mm->not_ranked, "no throughput to score");
        if (!mm->not_ranked[0] && ranked)
            ranked[nr++] = mm;
    }
    if (ranked) {
        qsort(ranked, nr, sizeof *ranked, by_score);
        for (size_t i = 0; i < nr; ++i)
            ranked[i]->rank = (int)i + 1;
    }
    t->nranked = ranked ? nr : 0;
    free(ranked);
    qsort(t->m, t->n, sizeof *t->m, by_rank);
}

static bool in_list(const char *list, const char *name)
{
    return has_flag(list, name, strlen(name)); /* (", " or "," separated alike) */
}

/* The size a scored kernel is compared at: the one most machines that could be ranked
 * (every scored kernel on all cores, trusted) ran it at; ties: the larger. A machine not
 * rankable anyway never sets it. Quadratic in those machines' count, which is small. */
static unsigned long long ranking_size(const lab_table *t, size_t k, const bool *rankable)
{
    unsigned long long size = 0;
    size_t most = 0;
    for (size_t m = 0; m < t->n; ++m) {
        if (!rankable[m])
            continue;
        size_t same = 0;
        for (size_t o = 0; o < t->n; ++o)
            same += rankable[o] && t->m[o].cells[k].size == t->m[m].cells[k].size;
        if (same > most || (same == most && t->m[m].cells[k].size > size))
            most = same, size = t->m[m].cells[k].size;
    }
    return size;
}

void lab_build(lab_table *t, const record_list *rows)
{
    bool seen[LAB_MAX_KERNELS] = {false};
    t->nk = t->nscored = t->nranked = 0;
    const kernel_desc *const *suite = parbench_kernels;
    size_t nsuite = 0;
    while (suite[nsuite] && nsuite < LAB_MAX_KERNELS)
        ++nsuite;
    row_index index, *ix = row_index_build(&index, rows->rows, rows->n, indexed) ? &index : NULL;
    for (size_t m = 0; m < t->n; ++m) {
        lab_machine *mm = &t->m[m];
        mm->date[0] = mm->missing[0] = mm->not_ranked[0] = '\0';
        mm->rank = 0;
        for (size_t s = 0; s < nsuite; ++s) {
            bool found;
            mm->cells[s] = cell_of(rows, ix, mm, suite[s]->name, 0, &found);
            seen[s] = seen[s] || found;
        }
        mm->io = io_of(rows, ix, mm->id);
    }
    /* the table's kernels: those some machine has a serial run of, or the score needs, in
     * the suite's order (map[k] >= k: the cells move down in place) */
    size_t map[LAB_MAX_KERNELS];
    for (size_t s = 0; s < nsuite; ++s) {
        bool scored = !t->one_machine && (!t->score_list || in_list(t->score_list, suite[s]->name));
        if (seen[s] || scored) {
            map[t->nk] = s;
            t->scored[t->nk] = scored;
            t->size_free[t->nk] = suite[s]->compute && suite[s]->compute->size_free_why;
            t->at_size[t->nk] = 0;
            t->nscored += scored;
            t->kernels[t->nk++] = suite[s]->name;
        }
    }
    bool *rankable = calloc(t->n ? t->n : 1, sizeof *rankable);
    for (size_t m = 0; m < t->n; ++m) {
        lab_machine *mm = &t->m[m];
        bool ok = true;
        for (size_t k = 0; k < t->nk; ++k) {
            mm->cells[k] = mm->cells[map[k]];
            ok = ok && (!t->scored[k] || (mm->cells[k].complete && mm->cells[k].trusted));
        }
        if (rankable)
            rankable[m] = ok;
    }
    /* the sizes to compare at, then each machine's cell at that size when it has one */
    for (size_t k = 0; k < t->nk && rankable; ++k) {
        if (!t->scored[k] || t->size_free[k] || !(t->at_size[k] = ranking_size(t, k, rankable)))
            continue;
        for (size_t m = 0; m < t->n; ++m) {
            lab_machine *mm = &t->m[m];
            bool found;
            lab_cell there;
            if (mm->cells[k].size != t->at_size[k] &&
                (there = cell_of(rows, ix, mm, t->kernels[k], t->at_size[k], &found), found && there.complete))
                mm->cells[k] = there;
        }
    }
    free(rankable);
    for (size_t m = 0; m < t->n; ++m) {
        lab_machine *mm = &t->m[m];
        for (size_t k = 0; k < t->nk; ++k) {
            const lab_cell *c = &mm->cells[k];
            newest_date(mm->date, sizeof mm->date, c->serial);
            newest_date(mm->date, sizeof mm->date, c->omp);
            newest_date(mm->date, sizeof mm->date, c->mpi);
            char why[160];
            if (!t->scored[k])
                continue;
            if (!c->complete) {
                append(mm->missing, sizeof mm->missing, ", ", t->kernels[k]);
                continue;
            }
            if (!t->size_free[k] && t->at_size[k] && c->size != t->at_size[k]) {
                snprintf(why, sizeof why, "%s at size %llu, the ranking's is %llu", t->kernels[k], c->size,
                         t->at_size[k]);
                append(mm->not_ranked, sizeof mm->not_ranked, "; ", why);
            } else if (!c->trusted) {
                snprintf(why, sizeof why, "%s: %s", t->kernels[k], c->flags);
                append(mm->not_ranked, sizeof mm->not_ranked, "; ", why);
            }
        }
        if (mm->missing[0]) {
            char why[300];
            snprintf(why, sizeof why, "lacks %s", mm->missing);
            append(mm->not_ranked, sizeof mm->not_ranked, "; ", why);
        }
    }
    if (t->nscored == 0)
        for (size_t m = 0; m < t->n; ++m)
            snprintf(t->m[m].not_ranked, sizeof t->m[m].not_ranked, "no kernel to score");
    if (ix)
        row_index_free(ix);
    rank_machines(t);
}

/* Copies at most max characters of in to out: valid UTF-8 kept, the rest '?'. */
static void clean_text(const char *in, char *out, size_t len, size_t max)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0, chars = 0;
    while (*s && o + 5 < len) {
        if (chars == max) {
            snprintf(out + o, len - o, "...");
            return;
        }
        size_t n = html_utf8_length(s);
        if (n == 0 || s[0] < 0x20 || s[0] == 0x7f) {
            out[o++] = '?';
            ++s;
        } else {
            memcpy(out + o, s, n);
            o += n;
            s += n;
        }
        ++chars;
    }
    out[o] = '\0';
}

void lab_clean_label(const char *in, char *out, size_t len) { clean_text(in, out, len, 48); }

static bool core_count_word(const char *w)
{
    size_t digits = strspn(w, "0123456789");
    return digits > 0 && (strcmp(w + digits, "-Core") == 0 || strcmp(w + digits, "-core") == 0);
}

void lab_trim_cpu(const char *in, char *out, size_t len)
{
    char text[256], *save = NULL;
    clean_text(in, text, sizeof text, 200);
    static const char *const marks[] = {"(R)", "(r)", "(TM)", "(tm)", "(C)"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; ++i)
        for (char *p; (p = strstr(text, marks[i]));)
            memmove(p, p + strlen(marks[i]), strlen(p + strlen(marks[i])) + 1);
    size_t o = 0;
    out[0] = '\0';
    for (char *w = strtok_r(text, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (strcmp(w, "@") == 0 || strcmp(w, "with") == 0) /* the clock, "with Radeon Graphics" */
            break;
        if (strcmp(w, "CPU") == 0 || strcmp(w, "Processor") == 0 || core_count_word(w))
            continue;
        if (o + strlen(w) + 2 > len)
            break;
        o += (size_t)snprintf(out + o, len - o, "%s%s", o ? " " : "", w);
    }
}

void lab_format_speedup(const speedup_ci *s, double efficiency, char *buf, size_t len)
{
    if (!isfinite(s->speedup)) {
        snprintf(buf, len, "-");
        return;
    }
    char sp[64];
    quality_format_speedup(s, sp, sizeof sp);
    double shown = efficiency > 1.0 && efficiency <= QUALITY_SUPERLINEAR ? 1.0 : efficiency;
    snprintf(buf, len, "%s, %.0f%%", sp, 100.0 * shown);
}

void lab_format_number(double x, char *buf, size_t len)
{
    if (isfinite(x))
        snprintf(buf, len, "%.4g", x);
    else
        snprintf(buf, len, "-");
}

void lab_machine_quality(const lab_table *t, const lab_machine *m, double *worst, char *flags, size_t len)
{
    *worst = NAN;
    flags[0] = '\0';
    for (size_t k = 0; k < t->nk; ++k) {
        const lab_cell *c = &m->cells[k];
        if (isfinite(c->worst_ci) && !(c->worst_ci <= *worst))
            *worst = c->worst_ci;
        char bracketed[200];
        snprintf(bracketed, sizeof bracketed, "[%s]", c->flags);
        add_flags(flags, len, bracketed);
    }
}

void lab_format_quality(const lab_table *t, const lab_machine *m, char *buf, size_t len)
{
    double worst;
    char flags[256];
    lab_machine_quality(t, m, &worst, flags, sizeof flags);
    if (isfinite(worst))
        snprintf(buf, len, "\u00b1%.1f%%%s%s", 100.0 * worst, flags[0] ? " " : "", flags);
    else
        snprintf(buf, len, "%s", flags[0] ? flags : "-");
}
