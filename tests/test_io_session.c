/* The device session the io latency and io server drivers and the timeline demo share
 * (drivers/io/device_session.h): its tally of runs judged from constructed outcomes
 * (the first error kept, exit 1 for a wrong answer and 3 for a broken connection, short
 * runs counted, exact messages), and a real device: connected, bounded reads, echoed
 * replies, refused above the open-file limit with nothing left open, closed twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cmocka.h>

#include "base/status.h"
#include "io/device_session.h"
#include "io/proto.h"

static char err[512];

static void no_runs_are_fine(void **state)
{
    (void)state;
    io_session s = {0};
    assert_int_equal(io_session_verdict(&s, "io-x", "get every reply", err, sizeof err), PB_OK);
}

/* Runs numbered from 1 (their requests' epoch); a short run is not good, nor is one
 * with an error even if every request was answered. */
static void short_runs_are_counted(void **state)
{
    (void)state;
    io_session s = {0};
    assert_int_equal(io_session_run_begins(&s), 1);
    assert_true(io_session_run_ends(&s, "", false, 10, 10));
    assert_int_equal(io_session_run_begins(&s), 2);
    assert_false(io_session_run_ends(&s, "", false, 9, 10));
    assert_int_equal(io_session_run_begins(&s), 3);
    assert_true(io_session_run_ends(&s, "", false, 10, 10));
    assert_int_equal(s.good_runs, 2);
    assert_int_equal(io_session_verdict(&s, "io-x", "get every reply", err, sizeof err), PB_VERIFY_FAILED);
    assert_string_equal(err, "io-x: 1 of 3 runs did not get every reply");
}

/* One run: begun, then ended with the outcome given; whether it counted as good. */
static bool one_run(io_session *s, const char *run_err, bool wrong, uint64_t answered, uint64_t requests)
{
    io_session_run_begins(s);
    return io_session_run_ends(s, run_err, wrong, answered, requests);
}

/* The first error is the one reported, with its run's number; a later one, and whether
 * it was about a wrong answer, change nothing. */
static void first_error_decides(void **state)
{
    (void)state;
    io_session s = {0};
    assert_true(one_run(&s, "", false, 4, 4));
    assert_false(one_run(&s, "no reply from the device", false, 4, 4));
    assert_false(one_run(&s, "request 3 got the reply of request 2", true, 2, 4));
    assert_int_equal(io_session_verdict(&s, "io-server", "answer every request", err, sizeof err), PB_RUNTIME_ERROR);
    assert_string_equal(err, "io-server: run 2: no reply from the device");

    io_session w = {0};
    assert_false(one_run(&w, "reply 0: wrong checksum", true, 0, 4));
    assert_false(one_run(&w, "connection closed", false, 0, 4));
    assert_int_equal(io_session_verdict(&w, "io-latency", "get every reply", err, sizeof err), PB_VERIFY_FAILED);
    assert_string_equal(err, "io-latency: run 1: reply 0: wrong checksum");
}

/* Two connections to one device: each read bounded by the timeout, each request echoed
 * under its own id; closed, then closed again. */
static void real_device(void **state)
{
    (void)state;
    io_session s = {0};
    io_device_cfg cfg = {.latency_ms = 0, .seed = 1};
    assert_int_equal(io_session_open(&s, 2, &cfg, 7000, "--threads", err, sizeof err), PB_OK);
    assert_true(s.device > 0);
    assert_int_equal(s.nfds, 2);
    for (int i = 0; i < 2; ++i) {
        struct timeval tv;
        socklen_t len = sizeof tv;
        assert_int_equal(getsockopt(s.fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, &len), 0);
        assert_int_equal(tv.tv_sec, 7);
        io_msg req, rep;
        io_make_request(&req, (1ull << 32) | (uint64_t)i);
        assert_true(io_write_full(s.fds[i], &req, sizeof req));
        assert_true(io_read_full(s.fds[i], &rep, sizeof rep));
        assert_int_equal(rep.id, req.id);
        assert_int_equal(rep.status, IO_STATUS_OK);
        assert_memory_equal(rep.payload, req.payload, IO_PAYLOAD);
    }
    io_session_close(&s);
    assert_int_equal(s.device, 0);
    assert_null(s.fds);
    assert_int_equal(s.nfds, 0);
    io_session_close(&s);
}

/* More connections than the open-file limit allows: bad input naming the option, and
 * nothing started or held. */
static void over_the_file_limit(void **state)
{
    (void)state;
    struct rlimit old, low;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = 100;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    io_session s = {0};
    io_device_cfg cfg = {.latency_ms = 1, .seed = 1};
    int status = io_session_open(&s, 50, &cfg, 1000, "--clients", err, sizeof err);
    setrlimit(RLIMIT_NOFILE, &old);
    assert_int_equal(status, PB_BAD_INPUT);
    assert_string_equal(err, "--clients 50 needs 100 sockets; the open-file limit is 100 (raise it: ulimit -n)");
    assert_int_equal(s.device, 0);
    assert_null(s.fds);
    io_session_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_runs_are_fine), cmocka_unit_test(short_runs_are_counted),
        cmocka_unit_test(first_error_decides), cmocka_unit_test(real_device), cmocka_unit_test(over_the_file_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
