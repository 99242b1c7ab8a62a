/* One rank's checkpoint writer for `parbench io checkpoint --mode uring`: its slice goes
 * to the shared file through io_uring's kernel workers while the rank computes, so the
 * write overlaps whatever MPI's progress does. Built with liburing only (the mode is
 * unavailable otherwise, core/variants.h). */
#ifndef PARBENCH_IO_CHECKPOINT_URING_H
#define PARBENCH_IO_CHECKPOINT_URING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ck_uring ck_uring;

/* NULL with the reason in err when the kernel refuses io_uring or memory is short. */
ck_uring *ck_uring_new(char *err, size_t errlen);
void ck_uring_free(ck_uring *u);

/* Opens path (which exists: rank 0 made it) and queues `bytes` of buf at `offset`, then
 * an fsync when asked, and returns without waiting: buf must stay untouched until
 * ck_uring_finish. 0 or an errno. */
int ck_uring_start(ck_uring *u, const char *path, uint64_t offset, const void *buf, size_t bytes, bool fsync);

/* Closes fd on one of io_uring's kernel workers, without waiting. Given the last
 * reference to a checkpoint that a rename has just replaced, the kernel frees that file
 * there (its page cache, its blocks, and first the end of any writeback still running
 * on them) instead of in the rank: measured on the ext4 VM, a rename over a 16 MiB
 * checkpoint written a few milliseconds before took 10-14 ms in the rank, and 0.4-0.6 ms
 * with the old file held open and closed this way. Waited for by the next
 * ck_uring_finish or ck_uring_wait. */
void ck_uring_close_later(ck_uring *u, int fd);
/* Waits for every operation in the ring (a checkpoint's writes and fsync, a
 * ck_uring_close_later's close); 0 or the first errno. */
int ck_uring_wait(ck_uring *u);

/* Waits until every byte is written (a short write is sent again) and the fsync done,
 * then closes the file. 0 or an errno. */
int ck_uring_finish(ck_uring *u);

#endif
