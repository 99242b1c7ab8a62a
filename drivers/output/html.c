#include "output/html.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sizes in rem (of the html element's 22 px) so that one setting scales the page; 22 px type reads from the back of a
 * classroom at 1920 px wide. Print: 11 pt, no fills, tables and figures kept whole. */
static const char style[] =
    "html{font-size:22px}"
    "body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,Helvetica,sans-serif;font-size:1rem;"
    "line-height:1.4;color:#000;background:#fff;margin:1.2rem 2rem;max-width:1800px}"
    "h1{font-size:2.1rem;margin:0 0 .4rem}"
    "h2{font-size:1.55rem;margin:2rem 0 .5rem;border-bottom:3px solid #000}"
    "h3{font-size:1.25rem;margin:1.4rem 0 .3rem}"
    "table{border-collapse:collapse;margin:.4rem 0 1rem;font-variant-numeric:tabular-nums}"
    "th,td{border:1px solid #444;padding:.2rem .55rem;text-align:right;vertical-align:top}"
    "th{background:#e6e6e6}.t{text-align:left}"
    "tr.untrusted td{background:#fde9c9}"
    ".flag{font-weight:bold;color:#8a3200}.ok{color:#00573f;font-weight:bold}"
    ".id{font-family:\"DejaVu Sans Mono\",monospace;font-size:.8em;white-space:nowrap}"
    ".lead{font-size:1.05rem;max-width:70rem}.note{font-size:.85rem}"
    "figure{margin:1rem 0;break-inside:avoid}figure img,figure svg{max-width:100%;height:auto}img.wide{width:100%}"
    "figcaption{font-size:.85rem}pre{font-size:.7rem;overflow-x:auto;background:#f4f4f4;padding:.5rem}"
    /* a 1280 px projector (or window): smaller type, so that the ranking and the kernels' tables fit its width */
    "@media screen and (max-width:1400px){html{font-size:16px}body{margin:.8rem 1rem}}"
    "@media print{html{font-size:11pt}body{margin:0;max-width:none}h2{break-after:avoid}"
    "table,figure,pre{break-inside:avoid}tr.untrusted td,th,pre{background:none}}";

void html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    html_text(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

void html_end(FILE *f) { fputs("</body>\n</html>\n", f); }

size_t html_utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; ++i)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
        (n == 4 && s[0] == 0xf0 && s[1] < 0x90) || (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) /* C1 control characters */
        return 0;
    return n;
}

void html_text(FILE *f, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        size_t n = html_utf8_length(s);
        switch (n ? *s : 0) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if (n == 0 || (*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7f)
                fputs("&#xFFFD;", f);
            else
                fwrite(s, 1, n, f);
        }
        s += n ? n : 1;
    }
}

void html_fmt(FILE *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    html_text(f, buf);
}

/* The whole of a regular file (not a link) of at most max bytes, malloc'ed; NULL if not. */
static unsigned char *read_small(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    unsigned char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= max && (buf = malloc((size_t)st.st_size + 1))) {
        size_t got = 0;
        ssize_t n;
        while (got < (size_t)st.st_size && (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
            got += (size_t)n;
        *len = got;
        buf[got] = '\0';
    }
    close(fd);
    return buf;
}

static void base64(FILE *f, const unsigned char *p, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        char out[4] = {digits[v >> 18 & 63], digits[v >> 12 & 63], i + 1 < n ? digits[v >> 6 & 63] : '=',
                       i + 2 < n ? digits[v & 63] : '='};
        fwrite(out, 1, 4, f);
    }
}

bool html_picture(FILE *f, const char *path, const char *alt, size_t max_bytes)
{
    size_t n = 0;
    unsigned char *data = read_small(path, max_bytes, &n);
    if (!data)
        return false;
    const char *mime = NULL;
    if (n > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
        mime = "image/png";
    else {
        size_t lead = strspn((const char *)data, " \t\r\n");
        if (strncmp((const char *)data + lead, "<?xml", 5) == 0 || strncmp((const char *)data + lead, "<svg", 4) == 0)
            mime = "image/svg+xml";
    }
    if (mime) {
        /* a drawing scales to the page's width; a picture stays at its own size */
        fprintf(f, "<img%s alt=\"", strcmp(mime, "image/png") ? " class=\"wide\"" : "");
        html_text(f, alt);
        fprintf(f, "\" src=\"data:%s;base64,", mime);
        base64(f, data, n);
        fputs("\">", f);
    }
    free(data);
    return mime != NULL;
}

bool html_pre_file(FILE *f, const char *path, size_t max_bytes)
{
    size_t n = 0;
    unsigned char *data = read_small(path, max_bytes, &n);
    if (!data)
        return false;
    fputs("<pre>", f);
    html_text(f, (const char *)data);
    fputs("</pre>\n", f);
    free(data);
    return true;
}
