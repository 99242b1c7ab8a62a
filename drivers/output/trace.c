#include "output/trace.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/kernel.h"
#include "output/outfile.h"

/* A step label as a JSON string (labels are parbench's own words, but escape anyway). */
static void json_label(FILE *f, const trace_input *in, int step)
{
    const char *s = step >= 0 && (size_t)step < in->nsteps ? in->steps[step] : "calibration";
    fputc('"', f);
    for (; *s; ++s)
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    fputc('"', f);
}

static void metadata(FILE *f, const trace_input *in, bool *first)
{
    for (int r = 0; r < in->ranks; ++r) {
        fprintf(f, "%s\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"args\":{\"name\":\"rank %d\"}}",
                *first ? "" : ",", r, r);
        *first = false;
    }
    const work_span *s = in->spans;
    for (int r = 0; r < in->ranks; ++r) {
        int top = -1;
        for (size_t i = 0; i < in->count[r]; ++i)
            top = s[i].thread > top ? s[i].thread : top;
        for (int t = 0; t <= top; ++t)
            fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":\"thread %d\"}}",
                    r, t, t);
        s += in->count[r];
    }
}

int trace_write(const char *path, const trace_input *in, char *err, size_t errlen)
{
    out_file o;
    if (out_file_open(&o, path, err, errlen) != PB_OK)
        return PB_RUNTIME_ERROR;
    FILE *f = o.f;
    /* times in microseconds from the first span, on rank 0's clock */
    double origin = INFINITY;
    const work_span *s = in->spans;
    for (int r = 0; r < in->ranks; ++r) {
        for (size_t i = 0; i < in->count[r]; ++i)
            origin = fmin(origin, s[i].t0 - in->offset[r]);
        s += in->count[r];
    }
    fprintf(f, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"writer\":\"parbench\",\"dropped_spans\":%zu},"
               "\"traceEvents\":[",
            in->dropped);
    bool first = true;
    metadata(f, in, &first);
    s = in->spans;
    for (int r = 0; r < in->ranks; ++r) {
        for (size_t i = 0; i < in->count[r]; ++i) {
            const work_span *w = &s[i];
            double t0 = (w->t0 - in->offset[r] - origin) * 1e6, t1 = (w->t1 - in->offset[r] - origin) * 1e6;
            if (w->kind == WORK_REQUEST) { /* one async pair per request; ids unique per rank and step */
                for (int e = 0; e < 2; ++e) {
                    fprintf(f, "%s\n{\"name\":\"request\",\"cat\":", first ? "" : ",");
                    json_label(f, in, w->step);
                    fprintf(f, ",\"ph\":\"%c\",\"id\":\"r%ds%di%lld\",\"ts\":%.3f,\"pid\":%d,\"tid\":%d}", e ? 'e' : 'b',
                            r, w->step, (long long)w->id, e ? t1 : t0, r, w->thread);
                    first = false;
                }
                continue;
            }
            fprintf(f, "%s\n{\"name\":\"%s\",\"cat\":", first ? "" : ",", w->kind == WORK_WAIT ? "wait" : "compute");
            json_label(f, in, w->step);
            fprintf(f, ",\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%d,\"tid\":%d,\"args\":{\"cpu\":%d,\"step\":", t0,
                    t1 - t0, r, w->thread, w->cpu);
            json_label(f, in, w->step);
            fprintf(f, "}}");
            first = false;
        }
        s += in->count[r];
    }
    fprintf(f, "\n]}\n");
    return out_file_commit(&o, false, err, errlen);
}
