/* The I/O drivers' wire protocol (io/proto.h): its CRC-32 is zlib's to the bit (the
 * Python anchor checks replies with zlib.crc32), at every length and alignment the
 * sliced loop and its byte tail meet; a request's checksum covers its payload. The
 * expected values are zlib.crc32's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "io/proto.h"

static void crc_equals_zlib(void **state)
{
    (void)state;
    assert_int_equal(io_crc32("123456789", 9), 0xcbf43926u); /* the check value of CRC-32/ISO-HDLC */
    unsigned char bytes[257];
    for (int i = 0; i < 257; ++i)
        bytes[i] = (unsigned char)i;
    static const struct {
        size_t len;
        uint32_t at0, at1; /* bytes 0.. and 1.. (unaligned) */
    } want[] = {
        {0, 0x0, 0x0},
        {1, 0xd202ef8du, 0xa505df1bu},
        {7, 0xad5809f9u, 0x70e46888u},
        {8, 0x88aa689fu, 0x3fca88c5u},
        {9, 0xbce14302u, 0x40efab9eu},
        {48, 0x05202171u, 0x73c10dcau},
        {63, 0xdbdea683u, 0x8d29775eu},
        {64, 0x100ece8cu, 0x2880fb99u},
        {255, 0xd32f9ba0u, 0xd0161f87u},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; ++i) {
        assert_int_equal(io_crc32(bytes, want[i].len), want[i].at0);
        assert_int_equal(io_crc32(bytes + 1, want[i].len), want[i].at1);
    }
}

static void request_carries_its_checksum(void **state)
{
    (void)state;
    io_msg a, b;
    io_make_request(&a, 42);
    io_make_request(&b, 43);
    assert_int_equal(a.id, 42);
    assert_int_equal(a.status, IO_STATUS_OK);
    assert_int_equal(a.crc, io_crc32(a.payload, IO_PAYLOAD));
    assert_memory_not_equal(a.payload, b.payload, IO_PAYLOAD);
    a.payload[17] ^= 1; /* one flipped bit is caught */
    assert_int_not_equal(a.crc, io_crc32(a.payload, IO_PAYLOAD));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(crc_equals_zlib), cmocka_unit_test(request_carries_its_checksum)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
