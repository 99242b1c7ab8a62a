#include "output/roofline.h"

#include "core/harness.h"

#include <math.h>
#include <string.h>

#include "output/csv_read.h"

/* Between one core and all cores: one-core figure x w, capped by the all-cores figure.
 * Above one worker the all-cores figure must have been measured and trusted: one core
 * x w overstates a machine whose clock drops or whose memory saturates with every core
 * busy, and a roof guessed that way would understate the row's share of it. */
static double roof_at(double one, double all, int all_cores, int w, bool have)
{
    if (!have || (w > 1 && !(all > 0)))
        return NAN;
    if (w <= 1 || all_cores <= 1)
        return w <= 1 ? one : all;
    double linear = one * w;
    return w >= all_cores || linear > all ? all : linear;
}

bool roofline_from_rows(const result_record *rows, size_t n, const char *machine, roofline *out)
{
    memset(out, 0, sizeof *out);
    out->fma_all = out->bw_all = NAN; /* until a trusted all-cores row says */
    /* the newest of each (variant, one core or all) wins: rows are in file order */
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &rows[i];
        if (strcmp(r->kernel, "peak") != 0 || !r->verified || (machine && strcmp(r->machine, machine) != 0) ||
            !(r->throughput > 0) || harness_has_note(r, "roof-below-1core") || harness_has_note(r, "starved"))
            continue; /* a roof measured while the cores were taken is never a roof */
        int w = r->threads * r->ranks;
        bool fma = strcmp(r->variant, "fma") == 0, triad = strcmp(r->variant, "triad") == 0;
        if (w == 1 && fma)
            out->fma1 = r->throughput, out->have_fma = true;
        else if (w == 1 && triad)
            out->bw1 = r->throughput, out->have_bw = true;
        else if (fma || triad) {
            if (w >= out->all_cores)
                out->all_cores = w;
            if (fma)
                out->fma_all = r->throughput;
            else
                out->bw_all = r->throughput;
        }
    }
    return out->have_fma || out->have_bw;
}

bool roofline_from_file(const char *path, const char *machine, roofline *out)
{
    record_list rows = {0};
    char err[512];
    bool ok = csv_read_results(path, &rows, err, sizeof err) == 0 && roofline_from_rows(rows.rows, rows.n, machine, out);
    record_list_free(&rows);
    if (!ok)
        memset(out, 0, sizeof *out);
    return ok;
}

double roofline_bound(const roofline *r, double intensity, int workers)
{
    double fma = roof_at(r->fma1, r->fma_all, r->all_cores, workers, r->have_fma);
    if (isnan(intensity))
        return fma;
    double bw = roof_at(r->bw1, r->bw_all, r->all_cores, workers, r->have_bw);
    if (isnan(fma) || isnan(bw))
        return NAN;
    return fmin(fma, intensity * bw);
}

double roofline_pct(const roofline *r, const result_record *rec)
{
    int w = rec->threads * rec->ranks;
    if (isfinite(rec->gflops) && rec->gflops > 0) {
        double intensity = isfinite(rec->gbytes_s) && rec->gbytes_s > 0 ? rec->gflops / rec->gbytes_s : NAN;
        double bound = roofline_bound(r, intensity, w);
        return bound > 0 && isfinite(bound) ? 100.0 * rec->gflops / bound : NAN;
    }
    if (isfinite(rec->gbytes_s) && rec->gbytes_s > 0) {
        double bw = roof_at(r->bw1, r->bw_all, r->all_cores, w, r->have_bw);
        return bw > 0 && isfinite(bw) ? 100.0 * rec->gbytes_s / bw : NAN;
    }
    return NAN;
}
