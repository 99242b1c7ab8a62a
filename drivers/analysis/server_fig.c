#include "analysis/server_fig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/quality.h"
#include "core/kernel.h"
#include "base/outfile.h"

static const char server_kernel[] = "io-server";

double server_share_pct(const result_record *r)
{
    double total = r->latency_ms + r->compute_ms;
    return total > 0 ? 100 * r->compute_ms / total : NAN;
}

static const result_record *sort_rows; /* (qsort has no context argument) */

static int by_share(const void *a, const void *b)
{
    double x = server_share_pct(&sort_rows[*(const size_t *)a]), y = server_share_pct(&sort_rows[*(const size_t *)b]);
    return (x > y) - (x < y);
}

static bool is_server(const result_record *r) { return strcmp(r->kernel, server_kernel) == 0 && isfinite(server_share_pct(r)); }

int server_fig_write(const record_list *rows, const char *dir, char *err, size_t errlen)
{
    size_t n = 0;
    for (size_t i = 0; i < rows->n; ++i)
        n += is_server(&rows->rows[i]);
    if (n == 0)
        return PB_OK;
    size_t *idx = malloc(n * sizeof *idx);
    if (!idx) {
        snprintf(err, errlen, "analyze: out of memory for the server figure");
        return PB_RUNTIME_ERROR;
    }
    out_file of;
    if (out_file_open_in(&of, dir, server_kernel, "share", err, errlen) != PB_OK) {
        free(idx);
        return PB_RUNTIME_ERROR;
    }
    int block = 0;
    for (size_t v = 0; v < rows->n; ++v) { /* each mode once, in order of appearance */
        const result_record *m = &rows->rows[v];
        bool seen = !is_server(m);
        for (size_t u = 0; u < v && !seen; ++u)
            seen = is_server(&rows->rows[u]) && strcmp(rows->rows[u].variant, m->variant) == 0;
        if (seen)
            continue;
        size_t k = 0;
        for (size_t u = v; u < rows->n; ++u)
            if (is_server(&rows->rows[u]) && strcmp(rows->rows[u].variant, m->variant) == 0)
                idx[k++] = u;
        sort_rows = rows->rows;
        qsort(idx, k, sizeof *idx, by_share);
        fprintf(of.f, "%s# series %s\n# share_pct requests_per_s p50_ms p99_ms flagged\n", block++ ? "\n\n" : "",
                m->variant);
        for (size_t j = 0; j < k; ++j) {
            const result_record *x = &rows->rows[idx[j]];
            fprintf(of.f, "%.4g %.6g %.6g %.6g %d\n", server_share_pct(x), x->throughput, x->p50_ms, x->p99_ms,
                    !x->verified || !quality_trusted(x));
        }
    }
    free(idx);
    return out_file_commit(&of, false, err, errlen) == PB_OK ? PB_OK : PB_RUNTIME_ERROR;
}
