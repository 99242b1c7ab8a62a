#!/usr/bin/env python3
"""The asyncio anchor of `parbench io latency`: the same requests, to the same simulated
device, awaited with asyncio.gather (standard library only).

The device is `parbench io device`, started here on one end of a socketpair, exactly as
parbench's own clients get theirs (a separate process, the same 64-byte protocol, see
drivers/io/proto.h). Every reply is checked (id, status, CRC-32 of the payload, and the
CRC we sent). Prints one line of key=value pairs, medians over --reps:

  client=asyncio requests=N latency_ms=L reps=R wall_s=W cpu_s=C overhead_us=O verified=N

where overhead_us = (wall - latency) / requests, the client's cost per request.

usage: asyncio_client.py --parbench build/parbench --requests 10000 --latency 10 [--reps 5]
"""
import argparse
import asyncio
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
import zlib

MSG = struct.Struct("<QII48s")  # id, crc32 of the payload, status, payload


class DeviceClient(asyncio.Protocol):
    """One connection; replies resolve the future of the request with the same id."""

    def __init__(self):
        self.transport = None
        self.buf = bytearray()
        self.waiting = {}  # id -> (future, crc we sent)
        self.error = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buf += data
        whole = len(self.buf) - len(self.buf) % MSG.size
        for rid, crc, status, payload in MSG.iter_unpack(self.buf[:whole]):
            entry = self.waiting.pop(rid, None)
            if entry is None:
                self.fail(f"reply with id {rid:#x} answers no outstanding request")
                continue
            fut, sent_crc = entry
            if status != 0 or zlib.crc32(payload) != crc or crc != sent_crc:
                self.fail(f"reply with id {rid:#x} fails its checks")
                continue
            fut.set_result(None)
        del self.buf[:whole]

    def connection_lost(self, exc):
        self.fail("the device closed the connection")

    def fail(self, why):
        self.error = self.error or why
        for fut, _ in self.waiting.values():
            if not fut.done():
                fut.set_exception(RuntimeError(why))
        self.waiting.clear()

    async def request(self, rid):
        payload = rid.to_bytes(8, "little") * 6
        crc = zlib.crc32(payload)
        fut = asyncio.get_running_loop().create_future()
        self.waiting[rid] = (fut, crc)
        self.transport.write(MSG.pack(rid, crc, 0, payload))
        await fut


async def main(args):
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    device = subprocess.Popen(
        [args.parbench, "io", "device", "--fd", str(theirs.fileno()), "--latency", str(args.latency),
         "--jitter", str(args.jitter)],
        pass_fds=[theirs.fileno()])
    theirs.close()
    try:
        loop = asyncio.get_running_loop()
        _, client = await loop.create_unix_connection(DeviceClient, sock=ours)
        walls, cpus = [], []
        for run in range(args.warmup + args.reps):
            epoch = (run + 1) << 32
            c0, t0 = time.process_time(), time.perf_counter()
            await asyncio.gather(*(client.request(epoch | i) for i in range(args.requests)))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            if client.error:
                raise RuntimeError(client.error)
            if run >= args.warmup:
                walls.append(wall)
                cpus.append(cpu)
        client.transport.close()
    finally:
        ours.close()
        device.wait(timeout=30)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    latency_s = (args.latency + args.jitter / 2) / 1000
    print(f"client=asyncio requests={args.requests} latency_ms={args.latency:g} reps={args.reps} "
          f"wall_s={wall:.6f} cpu_s={cpu:.6f} overhead_us={(wall - latency_s) / args.requests * 1e6:.3f} "
          f"verified={args.requests}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--parbench", default=os.environ.get("PARBENCH", "build/parbench"))
    p.add_argument("--requests", type=int, default=10000)
    p.add_argument("--latency", type=float, default=10.0, help="milliseconds")
    p.add_argument("--jitter", type=float, default=0.0, help="milliseconds")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    a = p.parse_args()
    if a.requests < 1 or a.latency < 0 or a.jitter < 0 or a.reps < 1 or a.warmup < 0:
        p.error("--requests and --reps must be at least 1; --latency, --jitter and --warmup not negative")
    try:
        asyncio.run(main(a))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        print(f"asyncio_client: {e}", file=sys.stderr)
        sys.exit(1)
