/* The wire protocol between a client and the simulated device: fixed 64-byte messages
 * on a stream socket, in the host's byte order (little-endian on x86 and ARM; the
 * Python anchor, scripts/asyncio_client.py, packs them as "<QII48s").
 *   request: id, crc32 of the payload, status 0, payload
 *   reply:   the same id, crc32 of the payload it carries, status (0 ok, 1 the request's
 *            checksum was wrong), the request's payload echoed
 * The id is chosen by the client (parbench: run number << 32 | request index), so a lost,
 * duplicated, stale or crossed reply is caught; the checksum catches a corrupted one. */
#ifndef PARBENCH_IO_PROTO_H
#define PARBENCH_IO_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IO_PAYLOAD 48

typedef struct {
    uint64_t id;
    uint32_t crc;
    uint32_t status;
    unsigned char payload[IO_PAYLOAD];
} io_msg;

_Static_assert(sizeof(io_msg) == 64, "io_msg is the 64-byte wire format");

enum { IO_STATUS_OK = 0, IO_STATUS_BAD_CRC = 1 };

/* CRC-32 (IEEE 802.3, the one of zlib.crc32). */
uint32_t io_crc32(const void *data, size_t len);

/* A request for id, with a payload derived from id. */
void io_make_request(io_msg *m, uint64_t id);

/* Writes/reads exactly len bytes on a blocking descriptor; false on error or EOF. */
bool io_write_full(int fd, const void *buf, size_t len);
bool io_read_full(int fd, void *buf, size_t len);

#endif
