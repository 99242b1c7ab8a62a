#include "output/trace.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/kernel.h"
#include "base/outfile.h"

/* A string of parbench's own (a step label, a span's name) as JSON: escaped anyway. */
static void json_string(FILE *f, const char *s)
{
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

static void json_label(FILE *f, const trace_input *in, int step)
{
    json_string(f, step >= 0 && (size_t)step < in->nsteps ? in->steps[step] : "calibration");
}

/* The event's name: what the span is ("A1", shown on its bar) when it has a name, else
 * its kind; a named span says its kind in args.kind. */
static const char *kind_name(const work_span *w)
{
    return w->kind == WORK_REQUEST ? "request" : w->kind == WORK_WAIT ? "wait" : "compute";
}

static void event_name(FILE *f, const work_span *w)
{
    char label[sizeof w->label + 1] = "";
    memcpy(label, w->label, sizeof w->label); /* (gathered from any rank: ended here) */
    json_string(f, label[0] ? label : kind_name(w));
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
                    fprintf(f, "%s\n{\"name\":", first ? "" : ",");
                    event_name(f, w);
                    fprintf(f, ",\"cat\":");
                    json_label(f, in, w->step);
                    fprintf(f, ",\"ph\":\"%c\",\"id\":\"r%ds%di%lld\",\"ts\":%.3f,\"pid\":%d,\"tid\":%d%s}",
                            e ? 'e' : 'b', r, w->step, (long long)w->id, e ? t1 : t0, r, w->thread,
                            w->label[0] && !e ? ",\"args\":{\"kind\":\"request\"}" : "");
                    first = false;
                }
                continue;
            }
            fprintf(f, "%s\n{\"name\":", first ? "" : ",");
            event_name(f, w);
            fprintf(f, ",\"cat\":");
            json_label(f, in, w->step);
            fprintf(f, ",\"ph\":\"X\",\"ts\":%.3f,\"dur\":%.3f,\"pid\":%d,\"tid\":%d,\"args\":{\"cpu\":%d,\"step\":", t0,
                    t1 - t0, r, w->thread, w->cpu);
            json_label(f, in, w->step);
            if (w->label[0])
                fprintf(f, ",\"kind\":\"%s\"", kind_name(w));
            fprintf(f, "}}");
            first = false;
        }
        s += in->count[r];
    }
    fprintf(f, "\n]}\n");
    return out_file_commit(&o, false, err, errlen);
}
