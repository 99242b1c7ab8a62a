/* Pages to project: one self-contained HTML file each (plots/<machine>/index.html,
 * `parbench compare --out DIR`'s index.html). Everything is in the file: the style,
 * inline SVG charts, and pictures as data: URIs; a Content-Security-Policy in the page
 * forbids scripts and every fetch (default-src 'none'), so even a value that slipped
 * through could load nothing. Large type and high contrast for a projector, the
 * Okabe-Ito colours (told apart with every kind of colour blindness, and never alone:
 * values are written out), and a print style (black on white, tables kept whole).
 * Every value is written through html_text, which escapes it: the names and fields of
 * hand-ins are hostile. */
#ifndef PARBENCH_HTML_H
#define PARBENCH_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The Okabe-Ito palette (Okabe and Ito 2008; Wong, Nature Methods 8, 441, 2011). */
#define HTML_BLUE "#0072B2"
#define HTML_ORANGE "#E69F00"
#define HTML_VERMILLION "#D55E00"
#define HTML_GREEN "#009E73"
#define HTML_SKY "#56B4E9"
#define HTML_PURPLE "#CC79A7"

/* The length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one (an
 * overlong form, a surrogate, beyond U+10FFFF, a C1 control character, cut short). */
size_t html_utf8_length(const unsigned char *s);

/* <!DOCTYPE html> ... <body>, with the policy and the style; title is escaped. */
void html_begin(FILE *f, const char *title);
/* </body></html>. */
void html_end(FILE *f);

/* text, escaped for an HTML (or inline SVG) text node or a quoted attribute value:
 * & < > " ' written as entities; control characters as U+FFFD. */
void html_text(FILE *f, const char *text);
/* printf, then escaped as html_text: for formats that hold no markup. */
void html_fmt(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An <img> of a picture file as a data: URI (PNG or SVG, by its first bytes), with
 * alt text; false (nothing written) when the file is missing, not a regular file (a
 * link included), larger than max_bytes, or neither PNG nor SVG. An SVG shown as an
 * image runs no script and loads nothing, whatever it holds. */
bool html_picture(FILE *f, const char *path, const char *alt, size_t max_bytes);

/* The first max_bytes of a text file, escaped, in a <pre>; false when it cannot be read. */
bool html_pre_file(FILE *f, const char *path, size_t max_bytes);

#endif
