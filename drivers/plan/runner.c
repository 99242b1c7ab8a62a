#include "plan/runner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "common/work.h"
#include "core/calibrate.h"
#include "core/timer.h"
#include "env/machine.h"
#include "env/interrupt.h"
#include "env/mpi_env.h"
#include "env/quiet.h"
#include "env/usable_cores.h"
#include "output/paths.h"
#include "output/trace.h"
#include "output/report.h"

int runner_worse(int a, int b)
{
    if (a == PB_RUNTIME_ERROR || b == PB_RUNTIME_ERROR)
        return PB_RUNTIME_ERROR;
    if (a == PB_BAD_INPUT || b == PB_BAD_INPUT)
        return PB_BAD_INPUT;
    return a > b ? a : b;
}

bool plan_add(plan *p, const run_spec *spec, const char *label)
{
    void *steps = p->steps;
    bool ok = grow_for_one(&steps, p->n, &p->cap, sizeof *p->steps, 16);
    p->steps = steps;
    if (!ok)
        return false;
    p->steps[p->n].spec = *spec;
    snprintf(p->steps[p->n].label, sizeof p->steps[p->n].label, "%s", label);
    p->n++;
    return true;
}

void plan_free(plan *p)
{
    free(p->steps);
    p->steps = NULL;
    p->n = p->cap = 0;
}

bool plan_needs_mpi(const plan *p)
{
    bool need = pb_mpi_launched();
    for (size_t i = 0; i < p->n; ++i)
        need |= p->steps[i].spec.variant->model == EXEC_MPI || p->steps[i].spec.variant->model == EXEC_HYBRID;
    return need;
}

/* Before any work: MPI, the same options on every rank, a CSV that can take rows.
 * PB_OK, or the exit code after one line on stderr (MPI finalized). */
static int begin(const plan *p)
{
    if (plan_needs_mpi(p) && !pb_mpi_init()) {
        fprintf(stderr, "parbench: MPI_Init failed\n");
        return PB_RUNTIME_ERROR;
    }
    char err[768];
    int status = PB_OK;
    if (p->agreement && pb_mpi_agree_text(p->agreement, err, sizeof err) != 0)
        status = PB_BAD_INPUT; /* the same on every rank: no rank runs what the others do not */
    else if (p->csv && pb_mpi_rank() == 0)
        status = results_check(p->csv, err, sizeof err);
    bool exists;
    if (status == PB_OK && p->trace && pb_mpi_rank() == 0) {
        status = path_check_output("--trace", p->trace, &exists, err, sizeof err);
        if (status == PB_OK && ((p->csv && path_same_file(p->csv, p->trace)) || results_is_results_file(p->trace)))
            status = (snprintf(err, sizeof err, "--trace %s: would overwrite a results CSV; choose another file",
                               p->trace), PB_BAD_INPUT);
    }
    if (pb_mpi_max_int(status) == PB_OK)
        return PB_OK; /* (the roofs, read by runner_execute, can wait until the options are known good) */
    if (pb_mpi_rank() == 0)
        fprintf(stderr, "parbench: %s\n", err);
    interrupt_settle(PB_BAD_INPUT);
    pb_mpi_finalize();
    return PB_BAD_INPUT;
}

/* The flags a re-run may clear: the cores were taken (starved), the times spread
 * (cv-high), a roof came out below the one-core roof. */
static int flaws(const result_record *r)
{
    return 4 * harness_has_note(r, "starved") + 4 * harness_has_note(r, "roof-below-1core") +
           2 * harness_has_note(r, "cv-high");
}

static double relative_width(const result_record *r)
{
    double w = (r->ci_high_s - r->ci_low_s) / r->time_s;
    return isfinite(w) ? w : INFINITY;
}

bool runner_better_founded(const result_record *a, const result_record *b)
{
    if (a->verified != b->verified)
        return a->verified;
    if (flaws(a) != flaws(b))
        return flaws(a) < flaws(b);
    if (strcmp(a->kernel, "peak") == 0)
        return a->throughput > b->throughput;
    return relative_width(a) < relative_width(b);
}

/* Whether another attempt may found the row better: it has a flaw a re-run can clear,
 * and its workers had their cores to begin with (an oversubscribed step is starved by
 * construction: running it again shows the same). */
static bool worth_again(const result_record *r)
{
    return flaws(r) > 0 && !harness_has_note(r, "oversubscribed") && r->verified;
}

/* The workers of a step on this node (the gate's need). */
static int node_workers(const run_spec *spec)
{
    exec_model m = spec->variant->model;
    int ranks = (m == EXEC_MPI || m == EXEC_HYBRID) && pb_mpi_active() ? pb_mpi_node_size() : 1;
    return ranks * (m == EXEC_THREADS || m == EXEC_HYBRID ? spec->threads : 1);
}

/* One step: the quiet gate before each attempt (rank 0 looks while the other ranks
 * sleep, so our own ranks are not taken for other work), up to p->attempts runs, the
 * best-founded row kept in *out (rank 0; the others' samples freed). Collective. */
static int run_attempts(const plan *p, const plan_step *step, result_record *out, char *err, size_t errlen)
{
    int attempts = p->attempts > 1 ? p->attempts : 1, status = PB_OK, made = 0;
    bool rank0 = pb_mpi_rank() == 0, have = false;
    double waited = 0;
    for (int a = 1; a <= attempts; ++a) {
        quiet_result q = {.others_busy = NAN, .quiet = true};
        if (rank0) {
            double left = p->wait_quiet - waited;
            q = quiet_gate(node_workers(&step->spec), usable_cores(NULL), left > 0 ? left : 0, step->label);
            waited += q.waited_s;
        }
        pb_mpi_idle_barrier();
        result_record cur;
        status = harness_run(&step->spec, &cur, err, errlen);
        made = a;
        bool filled = rank0 && (status == PB_OK || status == PB_VERIFY_FAILED);
        if (filled) {
            cur.others_busy = q.others_busy;
            /* a wrong answer is never hidden behind a right one */
            if (!have || status == PB_VERIFY_FAILED || runner_better_founded(&cur, out)) {
                if (have)
                    result_record_free(out);
                *out = cur;
                have = true;
            } else
                result_record_free(&cur);
        }
        int again = rank0 && status == PB_OK && a < attempts && have && worth_again(out);
        if (!pb_mpi_max_int(again))
            break;
        if (rank0 && !p->quiet)
            fprintf(stderr, "parbench: %s: flagged %s; measuring again (attempt %d of %d)\n", step->label,
                    harness_has_note(out, "starved") ? "starved" : harness_has_note(out, "cv-high") ? "cv-high"
                                                                                                 : "below the one-core roof",
                    a + 1, attempts);
    }
    if (have) {
        out->attempts = made;
        out->wait_s = waited;
    }
    return status;
}

/* Rank 0: the table row, the warnings and the CSV row of one step. */
static int report_step(const plan *p, const plan_step *step, int status, result_record *rec, bool *titled,
                       const char *err)
{
    bool have_record = status == PB_OK || status == PB_VERIFY_FAILED;
    bool shown = have_record && !step->spec.variant->reference;
    if (have_record)
        rec->pct_peak = roofline_pct(&p->roof, rec);
    if (shown && !p->quiet) {
        if (!*titled) {
            fputs(p->title, stdout);
            report_columns(p->first_column);
            *titled = true;
        }
        report_row(step->spec.kernel, rec);
        report_warnings(step->label, rec);
    }
    if (status != PB_OK)
        fprintf(stderr, "parbench: %s: %s\n", step->label, err[0] ? err : "failed");
    if (shown && p->csv) {
        char csv_err[768];
        if (results_append(p->csv, rec, csv_err, sizeof csv_err) != PB_OK) {
            fprintf(stderr, "parbench: %s\n", csv_err);
            status = runner_worse(status, PB_RUNTIME_ERROR);
        }
    }
    return status;
}

/* "verdict: 3 of 4 cases trusted; not trusted: demo x/y x2 [starved]": a case wrong or
 * oversubscribed on purpose (a demo's point) is not a measurement to trust or doubt. */
static void print_verdict(const plan *p, const result_record *recs, size_t n)
{
    size_t cases = 0, good = 0;
    char bad[1024] = "";
    size_t pos = 0;
    for (size_t i = 0; i < n; ++i) {
        const result_record *r = &recs[i];
        if (harness_has_note(r, "wrong-on-purpose") || harness_has_note(r, "oversubscribed"))
            continue;
        ++cases;
        if (r->verified && harness_flags_trusted(r)) {
            ++good;
            continue;
        }
        char flags[128];
        harness_flaws(r, flags, sizeof flags);
        if (pos < sizeof bad)
            pos += (size_t)snprintf(bad + pos, sizeof bad - pos, "%s%s/%s x%d [%s]", pos ? "; " : "", r->kernel,
                                    r->variant, r->threads * r->ranks, flags);
    }
    (void)p;
    if (cases == 0)
        return;
    if (good == cases)
        printf("verdict: all %zu measured cases trusted\n", cases);
    else
        printf("verdict: %zu of %zu cases trusted; not trusted: %s. Their figures say little: run it again when the "
               "machine is quieter (or with --wait-quiet 60 --attempts 3)\n", good, cases, bad);
}

/* Every rank's spans to rank 0, on its clock, into p->trace. Collective. */
static int write_trace(const plan *p, bool have)
{
    int ranks = pb_mpi_size(), status = PB_OK;
    if (pb_mpi_max_int(!have)) /* a rank without a buffer: nobody gathers */
        return PB_RUNTIME_ERROR;
    double *offset = calloc((size_t)ranks, sizeof *offset);
    size_t *bytes = calloc((size_t)ranks, sizeof *bytes), *count = calloc((size_t)ranks, sizeof *count);
    const char **labels = calloc(p->n ? p->n : 1, sizeof *labels);
    pb_mpi_clock_offsets(timer_now, offset);
    const work_span *mine;
    size_t dropped, n = work_spans(&mine, &dropped);
    char *all = pb_mpi_gather_bytes(mine, n * sizeof *mine, bytes);
    double lost = pb_mpi_sum_double((double)dropped);
    if (pb_mpi_rank() == 0) {
        char err[768];
        if (!all || !offset || !bytes || !count || !labels) {
            fprintf(stderr, "parbench: out of memory gathering the trace: no trace is written\n");
            status = PB_RUNTIME_ERROR;
        } else {
            for (int r = 0; r < ranks; ++r)
                count[r] = bytes[r] / sizeof(work_span);
            for (size_t i = 0; i < p->n; ++i)
                labels[i] = p->steps[i].label;
            trace_input in = {.spans = (const work_span *)(const void *)all, .count = count, .offset = offset,
                              .ranks = ranks, .steps = labels, .nsteps = p->n, .dropped = (size_t)lost};
            status = trace_write(p->trace, &in, err, sizeof err);
            if (status != PB_OK)
                fprintf(stderr, "parbench: --trace %s\n", err);
            else if (!p->quiet)
                printf("trace: %s (%zu spans%s; open it in https://ui.perfetto.dev or chrome://tracing)\n", p->trace,
                       n, lost > 0 ? ", some dropped: the buffer was full" : "");
        }
    }
    free(all);
    free(offset);
    free(bytes);
    free(count);
    free(labels);
    return status;
}

int runner_execute(plan *p)
{
    int status = begin(p);
    if (status != PB_OK)
        return status;
    result_record *recs = calloc(p->n ? p->n : 1, sizeof *recs);
    if (!recs) {
        fprintf(stderr, "parbench: out of memory: %zu bytes for the records of %zu steps\n", p->n * sizeof *recs, p->n);
        pb_mpi_finalize();
        return PB_RUNTIME_ERROR;
    }
    size_t nrec = 0;
    bool titled = false;
    work_span *spans = p->trace ? malloc(TRACE_CAPACITY * sizeof *spans) : NULL;
    if (p->trace && !spans && pb_mpi_rank() == 0)
        fprintf(stderr, "parbench: out of memory for the trace (%zu bytes): no trace is written\n",
                TRACE_CAPACITY * sizeof *spans);
    work_configure(timer_now, spans, spans ? TRACE_CAPACITY : 0);
    bool roofs = p->roofs_from_csv && p->csv && pb_mpi_rank() == 0 &&
                 roofline_from_file(p->csv, machine_get()->id, &p->roof);
    work_set_step(-1);
    if (p->calibrate.variant) {
        uint64_t size;
        char msg[768];
        status = calibrate_size(&p->calibrate, p->min_time, &size, msg, sizeof msg);
        if (pb_mpi_rank() == 0 && (status != PB_OK || !p->quiet))
            fprintf(status == PB_OK ? stdout : stderr, "%s%s\n", status == PB_OK ? "" : "parbench: ", msg);
        for (size_t i = 0; i < p->n; ++i) {
            p->steps[i].spec.size = size;
            p->steps[i].spec.note = "size-auto";
        }
        if (status != PB_OK)
            p->n = 0; /* nothing runs at a size that could not be chosen */
    }
    for (size_t i = 0; i < p->n && status != PB_BAD_INPUT; ++i) {
        plan_step *step = &p->steps[i];
        work_set_step((int)i);
        step->spec.earlier = recs;
        step->spec.nearlier = nrec;
        char err[768];
        int st = run_attempts(p, step, &recs[nrec], err, sizeof err);
        if (pb_mpi_rank() == 0)
            st = report_step(p, step, st, &recs[nrec], &titled, err);
        if (st == PB_OK || st == PB_VERIFY_FAILED)
            ++nrec;
        else
            result_record_free(&recs[nrec]);
        status = runner_worse(status, st);
    }
    if (pb_mpi_rank() == 0 && !p->quiet && nrec > 0 && p->summary)
        p->summary(p, recs, nrec);
    if (pb_mpi_rank() == 0 && !p->quiet && nrec > 0 && p->verdict)
        print_verdict(p, recs, nrec);
    if (p->roofs_from_csv && p->csv && !roofs && pb_mpi_rank() == 0 && !p->quiet && nrec > 0)
        fprintf(stderr, "parbench: note: no peak rows of this machine in %s, so no %% of peak: run `parbench peak "
                "--csv %s` once\n", p->csv, p->csv);
    if (p->trace)
        status = runner_worse(status, write_trace(p, spans != NULL));
    work_configure(timer_now, NULL, 0);
    free(spans);
    for (size_t i = 0; i < nrec; ++i)
        result_record_free(&recs[i]);
    free(recs);
    interrupt_settle(status);
    pb_mpi_finalize();
    return status;
}
