/* --trace FILE: the spans of a run (who computed, waited, or had a request in flight,
 * when, on which CPU) as Chrome Trace Event Format JSON, which Perfetto UI and
 * chrome://tracing open: complete events ("ph": "X") for computing and waiting,
 * async begin/end pairs ("b"/"e") for requests (many are open at once on one thread),
 * and process and thread names as metadata. Every rank's spans are gathered to rank 0
 * on rank 0's clock. */
#ifndef PARBENCH_TRACE_H
#define PARBENCH_TRACE_H

#include <stddef.h>

#include "common/work.h"

typedef struct {
    const work_span *spans; /* every rank's, concatenated */
    const size_t *count;    /* spans per rank */
    const double *offset;   /* per rank: its clock minus rank 0's */
    int ranks;
    const char *const *steps; /* the step labels, by work_span.step (-1: "calibration") */
    size_t nsteps;
    size_t dropped;         /* spans that did not fit the buffers */
} trace_input;

/* Writes the trace to path (a temporary file renamed into place). PB_OK or
 * PB_RUNTIME_ERROR with err. */
int trace_write(const char *path, const trace_input *in, char *err, size_t errlen);

/* The buffer each rank keeps spans in (spans beyond it are counted, not kept). */
#define TRACE_CAPACITY (1u << 18)

#endif
