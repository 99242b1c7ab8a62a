#include "env/machine_id.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MACHINE_ID_ENV "PARBENCH_MACHINE_ID_FILE"

const char *machine_id_source_name(machine_id_source s)
{
    return s == MACHINE_ID_FROM_MACHINE_ID ? "machine-id" : s == MACHINE_ID_FROM_DMI ? "dmi" : "topology";
}

/* FNV-1a over a key of ours and the text: small, stable across builds and platforms. The
 * key keeps the id from being the machine-id's own hash, which other programs may show. */
static uint32_t keyed_hash(const char *key, const char *text)
{
    uint32_t h = 2166136261u;
    for (const char *s = key; *s; ++s)
        h = (h ^ (unsigned char)*s) * 16777619u;
    for (const char *s = text; *s; ++s)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The first line of a small regular file, without its newline; false when the file is
 * missing, not a regular file, unreadable or empty. Never blocks on a FIFO. */
static bool first_line(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    ssize_t got = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, len - 1) : -1;
    close(fd);
    if (got <= 0)
        return false;
    buf[got] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return buf[0] != '\0';
}

static bool all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool machine_id_valid(const char *text)
{
    size_t n = strcspn(text, "\n");
    if (n != 32 || (text[n] == '\n' && text[n + 1] != '\0'))
        return false;
    for (size_t i = 0; i < n; ++i)
        if (!isxdigit((unsigned char)text[i]) || isupper((unsigned char)text[i]))
            return false;
    return strspn(text, "0") < 32;
}

bool machine_id_dmi_valid(const char *text)
{
    static const size_t groups[] = {8, 4, 4, 4, 12};
    const char *p = text;
    size_t hex = 0, zeros = 0, ones = 0;
    for (size_t g = 0; g < 5; ++g) {
        if (!all_hex(p, groups[g]))
            return false;
        for (size_t i = 0; i < groups[g]; ++i) {
            zeros += p[i] == '0';
            ones += p[i] == 'f' || p[i] == 'F';
        }
        hex += groups[g];
        p += groups[g];
        if (g < 4 && *p++ != '-')
            return false;
    }
    return *p == '\0' && zeros < hex && ones < hex;
}

bool machine_id_env_ok(const char **why)
{
    const char *path = getenv(MACHINE_ID_ENV);
    if (!path)
        return true;
    if (path[0] != '/')
        return *why = "not an absolute path", false;
    for (const char *c = path; *c; ++c)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return *why = "holds a control character", false;
    return true;
}

uint32_t machine_id_hash(const char *topology_key, machine_id_source *from)
{
    const char *why, *path = getenv(MACHINE_ID_ENV);
    if (!path || !machine_id_env_ok(&why))
        path = "/etc/machine-id";
    char line[128];
    if (first_line(path, line, sizeof line) && machine_id_valid(line)) {
        *from = MACHINE_ID_FROM_MACHINE_ID;
        return keyed_hash("parbench machine-id ", line);
    }
    if (first_line("/sys/class/dmi/id/product_uuid", line, sizeof line) && machine_id_dmi_valid(line)) {
        for (char *c = line; *c; ++c)
            *c = (char)tolower((unsigned char)*c);
        *from = MACHINE_ID_FROM_DMI;
        return keyed_hash("parbench dmi ", line);
    }
    *from = MACHINE_ID_FROM_TOPOLOGY;
    return keyed_hash("", topology_key);
}
