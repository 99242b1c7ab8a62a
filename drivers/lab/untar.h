/* Unpacking a hand-in (scripts/handin.sh writes handin-<label>-<id>.tar.gz) that came
 * from someone else, so every member is checked before a byte is written: the archive
 * holds one folder, <label>/, with regular files of known names in it (runs.csv,
 * machine.json, topology.xml/.txt/.png, handin.txt); an absolute path, a `..` or `.`
 * component, a hidden or oddly named file, a link (symbolic or hard), a device, a FIFO,
 * a second folder, a member too large, too many members or too many bytes in all make
 * the whole archive refused. Files of other names are passed over unwritten. Files are
 * created new (O_EXCL | O_NOFOLLOW) in a fresh private folder, never through a link,
 * never twice. `tar -x` is never run on an archive handed in. A build without zlib
 * (PARBENCH_HAVE_ZLIB 0) refuses every archive with one line saying so. */
#ifndef PARBENCH_UNTAR_H
#define PARBENCH_UNTAR_H

#include <stdbool.h>
#include <stddef.h>

#define UNTAR_MAX_MEMBERS 64
#define UNTAR_MAX_FILE (64ull << 20)  /* bytes in one member */
#define UNTAR_MAX_TOTAL (256ull << 20) /* bytes of the whole archive, unpacked */

typedef struct {
    char root[1024];   /* the fresh folder (mkdtemp under $TMPDIR or /tmp) */
    char dir[1200];    /* root/<label>: the hand-in's folder */
    char label[72];    /* the archive's one folder name */
    size_t skipped;    /* members of unknown names passed over */
} untar_result;

/* Whether path names a hand-in archive (by its name: .tar.gz or .tgz). */
bool untar_is_archive(const char *path);

/* Unpacks the archive at path. PB_OK (never without zlib), or PB_BAD_INPUT with one
 * line in err (nothing is left behind), or PB_RUNTIME_ERROR (cannot write the
 * temporary folder). */
int untar_handin(const char *path, untar_result *out, char *err, size_t errlen);

/* Removes what untar_handin made (only the names it may have written). */
void untar_remove(untar_result *u);

#endif
