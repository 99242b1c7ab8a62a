#include "output/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

size_t timeline_format(const timeline_span *s, size_t n, char *buf, size_t len)
{
    size_t pos = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < n; ++i) {
        int k = snprintf(buf + (pos < len ? pos : len), pos < len ? len - pos : 0, "%d %s %.6f %.6f;", s[i].worker,
                         s[i].label, s[i].t0, s[i].t1);
        pos += k > 0 ? (size_t)k : 0;
    }
    return pos;
}

size_t timeline_parse(const char *text, timeline_span *s, size_t max)
{
    size_t n = 0;
    while (text && *text && n < max) {
        timeline_span x = {0};
        int used = 0;
        if (sscanf(text, "%d %7s %lf %lf;%n", &x.worker, x.label, &x.t0, &x.t1, &used) != 4 || used == 0 ||
            x.worker < 0 || !(x.t1 >= x.t0))
            break;
        s[n++] = x;
        text += used;
    }
    return n;
}

/* The column of time t: round(t / end * width), within [0, width]. */
static int column(double t, double end, int width)
{
    double c = t / end * width;
    return c > 0 ? (c < width ? (int)lround(c) : width) : 0;
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One stretch of a line: columns [ca, cb), the steps in progress during it. */
typedef struct {
    int ca, cb;
    char label[TIMELINE_MAX_SPANS * 8];
} stretch;

static void draw(char *line, const stretch *st)
{
    if (!st->label[0]) /* nothing ran: blank */
        return;
    line[st->ca] = line[st->cb] = '|';
    memset(line + st->ca + 1, '-', (size_t)(st->cb - st->ca - 1));
    size_t len = strlen(st->label), room = (size_t)(st->cb - st->ca - 1);
    if (len <= room)
        memcpy(line + st->ca + 1 + (room - len) / 2, st->label, len);
}

/* Worker w's line (width + 1 characters, trailing blanks cut) into line. */
static void render_worker(const timeline_span *s, size_t n, int w, double end, int width, char *line)
{
    const timeline_span *mine[TIMELINE_MAX_SPANS];
    double times[2 * TIMELINE_MAX_SPANS];
    size_t m = 0, nt = 0;
    for (size_t i = 0; i < n && m < TIMELINE_MAX_SPANS; ++i)
        if (s[i].worker == w) {
            /* by start time, so that steps in progress together are named in the order they began */
            size_t k = m++;
            for (; k > 0 && mine[k - 1]->t0 > s[i].t0; --k)
                mine[k] = mine[k - 1];
            mine[k] = &s[i];
            times[nt++] = s[i].t0;
            times[nt++] = s[i].t1;
        }
    qsort(times, nt, sizeof *times, by_time);
    memset(line, ' ', (size_t)width + 1);
    line[width + 1] = '\0';
    stretch cur = {.ca = -1};
    for (size_t k = 0; k + 1 < nt; ++k) {
        int ca = column(times[k], end, width), cb = column(times[k + 1], end, width);
        if (ca == cb) /* narrower than a column: its neighbours meet there */
            continue;
        double mid = (times[k] + times[k + 1]) / 2;
        stretch next = {.ca = ca, .cb = cb};
        size_t pos = 0;
        for (size_t j = 0; j < m; ++j)
            if (mine[j]->t0 <= mid && mid < mine[j]->t1 && pos < sizeof next.label)
                pos += (size_t)snprintf(next.label + pos, sizeof next.label - pos, "%s%s", pos ? "+" : "",
                                        mine[j]->label);
        if (cur.ca >= 0 && cur.cb == ca && strcmp(cur.label, next.label) == 0) {
            cur.cb = cb;
            continue;
        }
        if (cur.ca >= 0)
            draw(line, &cur);
        cur = next;
    }
    if (cur.ca >= 0)
        draw(line, &cur);
    for (int c = width; c >= 0 && line[c] == ' '; --c)
        line[c] = '\0';
}

size_t timeline_render(const timeline_span *s, size_t n, double end, int width, const char *indent, char *out,
                       size_t len)
{
    if (width < 8)
        width = 8;
    int top = -1;
    double last = 0;
    for (size_t i = 0; i < n; ++i) {
        top = s[i].worker > top ? s[i].worker : top;
        last = s[i].t1 > last ? s[i].t1 : last;
    }
    if (!(end > 0))
        end = last > 0 ? last : 1;
    char *line = malloc((size_t)width + 2);
    size_t pos = 0;
    if (len)
        out[0] = '\0';
    for (int w = 0; w <= top && line; ++w) {
        render_worker(s, n, w, end, width, line);
        int k = snprintf(out + (pos < len ? pos : len), pos < len ? len - pos : 0, "%sworker %d: %s\n", indent, w,
                         line);
        pos += k > 0 ? (size_t)k : 0;
    }
    free(line);
    return pos < len ? pos : (len ? len - 1 : 0);
}

int timeline_terminal_width(void)
{
    const char *env = getenv("COLUMNS");
    char *end;
    long cols = env ? strtol(env, &end, 10) : 0;
    if (env && *env && !*end && cols >= 20 && cols <= 1000)
        return (int)cols;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col <= 1000 ? ws.ws_col : 1000;
    return 80;
}
