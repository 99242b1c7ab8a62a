#include "output/quality.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/harness.h"

speedup_ci quality_speedup(const result_record *base, const result_record *r)
{
    speedup_ci s = {NAN, NAN, NAN};
    if (!(base->time_s > 0) || !(r->time_s > 0))
        return s;
    s.speedup = base->time_s / r->time_s;
    if (base->ci_low_s > 0 && r->ci_low_s > 0 && isfinite(base->ci_high_s) && isfinite(r->ci_high_s)) {
        s.low = base->ci_low_s / r->ci_high_s;
        s.high = base->ci_high_s / r->ci_low_s;
    }
    return s;
}

void quality_format_speedup(const speedup_ci *s, char *buf, size_t len)
{
    if (!isfinite(s->speedup)) {
        snprintf(buf, len, "-");
        return;
    }
    bool wide = isfinite(s->low) && isfinite(s->high) &&
                (s->speedup - s->low > QUALITY_SHOW_CI * s->speedup || s->high - s->speedup > QUALITY_SHOW_CI * s->speedup);
    if (wide)
        snprintf(buf, len, "%.2fx (%.2f-%.2f)", s->speedup, s->low, s->high);
    else
        snprintf(buf, len, "%.2fx", s->speedup);
}

static const char *const row_flags[] = {"starved", "cv-high", "oversubscribed", "below-timer-resolution",
                                        "shared-core", "tiny", "roof-below-1core"};

void quality_flags(const result_record *base, const result_record *r, double efficiency, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof row_flags / sizeof row_flags[0]; ++i)
        if (harness_has_note(r, row_flags[i]) || (base && harness_has_note(base, row_flags[i])))
            pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s", pos ? ", " : " [", row_flags[i]);
    if (isfinite(efficiency) && efficiency > QUALITY_SUPERLINEAR)
        pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0, "%s%s", pos ? ", " : " [", "superlinear");
    if (pos && pos + 1 < len)
        snprintf(buf + pos, len - pos, "]");
}

int quality_trusted(const result_record *r)
{
    return harness_flags_trusted(r);
}
