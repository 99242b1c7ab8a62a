#include "io/proto.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

/* Built once, before any use: the threads client's first requests compute CRCs at once. */
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

uint32_t io_crc32(const void *data, size_t len)
{
    pthread_once(&crc_once, crc_init);
    const unsigned char *p = data;
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < len; ++i)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void io_make_request(io_msg *m, uint64_t id)
{
    m->id = id;
    m->status = IO_STATUS_OK;
    uint64_t x = id * 0x9e3779b97f4a7c15ull + 1;
    for (size_t i = 0; i < IO_PAYLOAD; i += 8) { /* xorshift: cheap, and differs per id */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        memcpy(m->payload + i, &x, 8);
    }
    m->crc = io_crc32(m->payload, IO_PAYLOAD);
}

static ssize_t send_some(int fd, void *p, size_t len) { return send(fd, p, len, MSG_NOSIGNAL); }
static ssize_t read_some(int fd, void *p, size_t len) { return read(fd, p, len); }

/* All len bytes through transfer (send or read), retried when a signal interrupts it. */
static bool transfer_full(int fd, char *p, size_t len, ssize_t (*transfer)(int, void *, size_t))
{
    while (len > 0) {
        ssize_t n = transfer(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n, len -= (size_t)n;
    }
    return true;
}

bool io_write_full(int fd, const void *buf, size_t len) { return transfer_full(fd, (char *)buf, len, send_some); }
bool io_read_full(int fd, void *buf, size_t len) { return transfer_full(fd, buf, len, read_some); }
