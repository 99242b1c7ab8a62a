#include "lab/handin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/command.h"
#include "output/csv_read.h"
#include "output/paths.h"
#include "base/options.h"
#include "base/parse.h"
#include "core/kernel.h"

/* "key": value from a machine.json (strings without escapes), written by parbench info
 * --json or rewritten by a tool: any white space around the colon, the file on one line or
 * many. False when the key is not there. */
static bool json_field(const char *text, const char *key, char *out, size_t len)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    for (const char *p = strstr(text, quoted); p; p = strstr(p + 1, quoted)) {
        const char *v = p + strlen(quoted);
        v += strspn(v, " \t\r\n");
        if (*v != ':')
            continue; /* the name as a value, not a key */
        v += 1 + strspn(v + 1, " \t\r\n");
        if (*v == '"') {
            const char *end = strchr(++v, '"');
            if (!end)
                return false;
            snprintf(out, len, "%.*s", (int)(end - v), v);
        } else {
            snprintf(out, len, "%.*s", (int)strcspn(v, ",\r\n} \t"), v);
        }
        return true;
    }
    return false;
}

static int json_count(const char *text, const char *path, const char *key, int *out, char *err, size_t errlen)
{
    char value[32];
    uint64_t n = 0;
    const char *why;
    *out = 0;
    if (!json_field(text, key, value, sizeof value))
        return PB_OK;
    if (!parse_uint(value, 0, 1u << 24, &n, &why))
        return snprintf(err, errlen, "%s: \"%s\": %s: %s; expected a core count from 0 to 2^24", opt_show(path), key,
                        opt_show(value), why), PB_BAD_INPUT;
    *out = (int)n;
    return PB_OK;
}

static int describe(const char *text, const char *path, handin_machine *m, bool *found, char *err, size_t errlen);

/* A machine.json larger than this is no description of a machine. */
#define MACHINE_JSON_MAX (1 << 20)

int handin_read_machine_json(const char *dir, handin_machine *m, bool *found, char *err, size_t errlen)
{
    char path[4200];
    memset(m, 0, sizeof *m);
    *found = false;
    snprintf(path, sizeof path, "%s/machine.json", dir);
    struct stat st;
    if (lstat(path, &st) != 0)
        return PB_OK; /* none: the CPU stays unknown */
    if (S_ISLNK(st.st_mode)) /* it could point at any file of this machine, shown in the tables */
        return snprintf(err, errlen, "%s: a symbolic link; a hand-in's machine.json must be a regular file in its "
                        "folder", opt_show(path)), PB_BAD_INPUT;
    if (csv_check_readable(path, "machine description", err, errlen) != PB_OK)
        return PB_BAD_INPUT;
    if (st.st_size > MACHINE_JSON_MAX)
        return snprintf(err, errlen, "%s: %lld bytes; a machine description is at most %d bytes", opt_show(path),
                        (long long)st.st_size, MACHINE_JSON_MAX), PB_BAD_INPUT;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    char *text = fd >= 0 ? malloc(MACHINE_JSON_MAX + 1) : NULL;
    ssize_t got = 0, n = 1;
    while (text && got < MACHINE_JSON_MAX && (n = read(fd, text + got, (size_t)(MACHINE_JSON_MAX - got))) > 0)
        got += n;
    int why = errno;
    if (fd >= 0)
        close(fd);
    if (fd < 0 || !text || n < 0) {
        free(text);
        return snprintf(err, errlen, "%s: cannot read: %s", opt_show(path), strerror(fd < 0 || n < 0 ? why : ENOMEM)),
               fd >= 0 && !text ? PB_RUNTIME_ERROR : PB_BAD_INPUT;
    }
    text[got] = '\0';
    int status = describe(text, path, m, found, err, errlen);
    free(text);
    return status;
}

/* The fields of a machine.json's text. */
static int describe(const char *text, const char *path, handin_machine *m, bool *found, char *err, size_t errlen)
{
    if (!json_field(text, "id", m->id, sizeof m->id))
        return PB_OK;
    json_field(text, "id_from", m->id_from, sizeof m->id_from);
    json_field(text, "host", m->host, sizeof m->host);
    json_field(text, "cpu_model", m->cpu_model, sizeof m->cpu_model);
    json_field(text, "mpi", m->mpi, sizeof m->mpi);
    if (json_count(text, path, "cores", &m->cores, err, errlen) != PB_OK ||
        json_count(text, path, "usable_cores", &m->usable_cores, err, errlen) != PB_OK)
        return PB_BAD_INPUT;
    *found = true;
    return PB_OK;
}

/* The last component of a path, without trailing slashes ("results/alice/" gives
 * "alice"); the resolved folder's name for ".", ".." and the like. */
static void folder_name(const char *given, char *out, size_t len)
{
    char *real = realpath(given, NULL);
    const char *p = real ? real : given;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        --n;
    size_t start = n;
    while (start > 0 && p[start - 1] != '/')
        --start;
    snprintf(out, len, "%.*s", (int)(n - start), p + start);
    free(real);
}

int handin_open(const char *given, handin *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    h->given = given;
    struct stat st;
    if (stat(given, &st) != 0)
        return snprintf(err, errlen, "%s: not a results folder or hand-in: %s", opt_show(given), strerror(errno)),
               PB_BAD_INPUT;
    if (S_ISREG(st.st_mode) && untar_is_archive(given)) {
        int status = untar_handin(given, &h->unpacked, err, errlen);
        if (status != PB_OK)
            return status;
        h->archive = true;
        snprintf(h->label, sizeof h->label, "%s", h->unpacked.label);
        snprintf(h->dir, sizeof h->dir, "%s", h->unpacked.dir);
    } else if (S_ISDIR(st.st_mode)) {
        folder_name(given, h->label, sizeof h->label);
        snprintf(h->dir, sizeof h->dir, "%s", given);
    } else {
        return snprintf(err, errlen, "%s: not a results folder or hand-in (a folder with runs.csv, or a "
                        "handin-*.tar.gz from scripts/handin.sh)", opt_show(given)), PB_BAD_INPUT;
    }
    int status = handin_read_machine_json(h->dir, &h->json, &h->have_json, err, errlen);
    if (status != PB_OK)
        handin_close(h);
    return status;
}

void handin_close(handin *h)
{
    if (h->archive)
        untar_remove(&h->unpacked);
    h->archive = false;
}

typedef struct {
    const handin_page *page;
    const char *out;
} handin_page_values;

static int handin_page_body(void *values, const opt_parsed *parsed)
{
    const handin_page_values *v = values;
    const char *name = v->page->cmd->name;
    if (!v->out && v->page->out_required) {
        fprintf(stderr, "parbench: %s needs --out DIR: the machine's plots folder\n", name);
        return PB_BAD_INPUT;
    }
    const char *out = v->out ? v->out : ".";
    char err[8192], path[4200];
    handin h;
    int status = handin_open(parsed->positional[0], &h, err, sizeof err);
    if (status != PB_OK)
        return fprintf(stderr, "parbench: %s: %s\n", name, err), status;
    record_list rows = {0};
    snprintf(path, sizeof path, "%s/runs.csv", h.dir);
    status = csv_read_results(path, &rows, err, sizeof err); /* a bad file (2), or an unreadable one (3) */
    if (status == PB_OK && path_ensure_dir("--out", out, err, sizeof err) != PB_OK)
        status = PB_BAD_INPUT;
    if (status != PB_OK)
        fprintf(stderr, "parbench: %s: %s\n", name, err);
    else
        status = v->page->write(out, &h, &rows);
    record_list_free(&rows);
    handin_close(&h);
    return status;
}

int handin_page_main(const handin_page *page, int argc, char **argv)
{
    const opt_spec options[] = {
        {.name = "out", .kind = OPT_PATH, .offset = offsetof(handin_page_values, out), .metavar = "DIR",
         .expect = "a directory (created when missing)", .help = page->out_help,
         .computed = page->out_required ? NULL : "the current directory"},
        {0},
    };
    const handin_page_values defaults = {.page = page};
    const cli_simple command = {page->cmd, options, &defaults, sizeof defaults, handin_page_body};
    return cli_run_simple(&command, argc, argv);
}
