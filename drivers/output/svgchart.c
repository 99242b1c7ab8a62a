#include "output/svgchart.h"

#include <math.h>

#include "output/html.h"

/* Layout in SVG user units (the page scales the chart to its width). */
enum { WIDTH = 1200, LABEL_END = 320, PLOT_X0 = 335, PLOT_X1 = 880, TOP = 96, BAR = 24, GROUP_GAP = 18, BOTTOM = 70 };
static const char *const colours[SVG_SERIES] = {HTML_BLUE, HTML_ORANGE};

/* A step of 1, 2 or 5 times a power of ten that cuts [0, top] into at most 8 parts. */
static double tick_step(double top)
{
    double raw = top / 8, power = pow(10, floor(log10(raw))), steps[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; ++i)
        if (steps[i] * power >= raw)
            return steps[i] * power;
    return 10 * power;
}

static double x_of(double v, double top) { return PLOT_X0 + (PLOT_X1 - PLOT_X0) * v / top; }

static void legend(FILE *f, const char *const series[SVG_SERIES], bool ideal)
{
    double x = PLOT_X0;
    for (int s = 0; s < SVG_SERIES; ++s) {
        fprintf(f, "<rect x=\"%.0f\" y=\"52\" width=\"28\" height=\"20\" fill=\"%s\"/>", x, colours[s]);
        fprintf(f, "<text x=\"%.0f\" y=\"69\">", x + 36);
        html_text(f, series[s]);
        fputs("</text>", f);
        x += 220;
    }
    if (ideal)
        fprintf(f, "<line x1=\"%.0f\" y1=\"48\" x2=\"%.0f\" y2=\"76\" stroke=\"#000\" stroke-width=\"4\"/>"
                   "<text x=\"%.0f\" y=\"69\">ideal: as many times as cores</text>", x, x, x + 14);
}

void svg_bar_chart(FILE *f, const char *title, const char *axis, const char *const series[SVG_SERIES],
                   const svg_bar_row *rows, size_t n)
{
    double top = 1;
    bool any_ideal = false;
    for (size_t r = 0; r < n; ++r) {
        for (int s = 0; s < SVG_SERIES; ++s)
            if (isfinite(rows[r].value[s]) && rows[r].value[s] > top)
                top = rows[r].value[s];
        if (isfinite(rows[r].ideal)) {
            any_ideal = true;
            top = fmax(top, rows[r].ideal);
        }
    }
    double step = tick_step(top);
    top = ceil(top / step) * step;
    int group = SVG_SERIES * BAR + GROUP_GAP, height = TOP + (int)n * group + BOTTOM;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "role=\"img\" font-size=\"19\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\">",
            WIDTH, height, WIDTH, height);
    fputs("<title>", f);
    html_text(f, title);
    fputs("</title><text x=\"10\" y=\"30\" font-size=\"24\" font-weight=\"bold\">", f);
    html_text(f, title);
    fputs("</text>", f);
    legend(f, series, any_ideal);
    double axis_y = TOP + (double)n * group;
    for (double v = 0; v <= top + step / 2; v += step) {
        double x = x_of(v, top);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#bbb\"/>", x, TOP - 8, x, axis_y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%g</text>", x, axis_y + 24, v);
    }
    fprintf(f, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"middle\">", (PLOT_X0 + PLOT_X1) / 2, axis_y + 54);
    html_text(f, axis);
    fputs("</text>", f);
    for (size_t r = 0; r < n; ++r) {
        double y = TOP + (double)r * group;
        fprintf(f, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\"%s>", LABEL_END, y + BAR + 6,
                rows[r].marked ? " fill=\"#8a3200\" font-weight=\"bold\"" : "");
        html_fmt(f, "%s%s", rows[r].marked ? "\u26a0 " : "", rows[r].label);
        fputs("</text>", f);
        for (int s = 0; s < SVG_SERIES; ++s) {
            double v = rows[r].value[s], by = y + s * BAR, end = PLOT_X0;
            if (isfinite(v) && v > 0) {
                end = x_of(fmin(v, top), top);
                fprintf(f, "<rect x=\"%d\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", PLOT_X0, by + 2,
                        end - PLOT_X0, BAR - 4, colours[s]);
            }
            fprintf(f, "<text x=\"%.1f\" y=\"%.0f\"%s>", end + 8, by + BAR - 5, isfinite(v) ? "" : " fill=\"#555\"");
            html_text(f, rows[r].text[s] ? rows[r].text[s] : "");
            fputs("</text>", f);
        }
        if (isfinite(rows[r].ideal)) {
            double x = x_of(rows[r].ideal, top);
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#000\" stroke-width=\"4\"/>",
                    x, y - 2, x, y + SVG_SERIES * BAR + 2);
        }
    }
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.0f\" stroke=\"#000\" stroke-width=\"2\"/>", PLOT_X0,
            TOP - 8, PLOT_X0, axis_y);
    fputs("</svg>\n", f);
}
