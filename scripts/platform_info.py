#!/usr/bin/env python3
"""What a SimGrid platform file holds, for scripts/simulate.sh (data only, never run):
  platform_info.py hosts FILE          the host names, one a line, in rank order
  platform_info.py json FILE NAME CAL  machine.json describing the platform (stdout); CAL
                                       says how compute times were scaled
Hosts come from <host id=...> and from <cluster prefix radical suffix> (radical "0-31"
or "0-3,8"). The description is the first XML comment (each platform file's header).
A file that is not such a platform: one line on stderr, exit 2."""
import json
import re
import sys
import xml.etree.ElementTree as ET

NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MAX_HOSTS = 65536


def fail(msg):
    print(f"platform_info.py: {msg}", file=sys.stderr)
    sys.exit(2)


def radical_numbers(radical):
    out = []
    for part in radical.split(","):
        m = re.fullmatch(r"\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?", part)
        if not m:
            fail(f"radical '{radical[:40]}': expected numbers and ranges such as 0-31 or 0-3,8")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if hi < lo or len(out) + hi - lo + 1 > MAX_HOSTS:
            fail(f"radical '{radical[:40]}': a range runs backwards or holds too many hosts")
        out.extend(range(lo, hi + 1))
    return out


def load(path):
    try:
        with open(path, "rb") as f:
            root = ET.parse(f).getroot()
    except (OSError, ET.ParseError) as e:
        fail(f"{path}: not a readable XML platform ({str(e)[:80]})")
    if root.tag != "platform":
        fail(f"{path}: the root element is <{root.tag[:20]}>, expected <platform>")
    # SimGrid refuses what follows with a C++ backtrace in every step: said here, once
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if not re.search(rb"<!DOCTYPE\s+platform\b", head):
        fail(f"{path}: no <!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\"> line, which SimGrid "
             "requires after <?xml ...?>")
    for tag in ("zone", "AS", "link", "router"):
        unique([el.get("id", "") for el in root.iter(tag)], tag)
    return root


def unique(ids, what):
    """Ids of one kind must differ: SimGrid refuses a platform where two share one."""
    seen = set()
    for i in ids:
        if i in seen:
            fail(f"the {what} id '{i[:40]}' appears twice; SimGrid refuses a platform whose {what}s share an id")
        seen.add(i)


def hosts_and_speeds(root):
    hosts, speeds = [], []
    for el in root.iter():
        if el.tag == "host":
            hosts.append(el.get("id", ""))
            speeds.append(el.get("speed", ""))
        elif el.tag == "cluster":
            prefix, suffix = el.get("prefix", ""), el.get("suffix", "")
            for n in radical_numbers(el.get("radical", "")):
                hosts.append(f"{prefix}{n}{suffix}")
                speeds.append(el.get("speed", ""))
        if len(hosts) > MAX_HOSTS:
            fail(f"more than {MAX_HOSTS} hosts")
    for h in hosts:
        if not NAME_RE.match(h):
            fail(f"host name '{h[:40]}': expected letters, digits, '.', '_' or '-'")
    if not hosts:
        fail("no <host> and no <cluster> in the platform")
    unique(hosts, "host")
    return hosts, speeds


def description(path):
    with open(path, "rb") as f:
        text = f.read(1 << 20).decode("utf-8", "replace")
    m = re.search(r"<!--(.*?)-->", text, re.S)
    return " ".join(m.group(1).split()) if m else ""


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("hosts", "json") or (sys.argv[1] == "json") != (len(sys.argv) == 5):
        fail("usage: platform_info.py hosts FILE | json FILE NAME CALIBRATION")
    root = load(sys.argv[2])
    hosts, speeds = hosts_and_speeds(root)
    if sys.argv[1] == "hosts":
        print("\n".join(hosts))
        return
    name, calibration = sys.argv[3], sys.argv[4]
    if not NAME_RE.match(name):
        fail(f"platform name '{name[:40]}': expected letters, digits, '.', '_' or '-'")
    speed = "/".join(sorted(set(speeds)))
    # the keys parbench compare reads (one a line, as `parbench info --json` writes them)
    json.dump({"id": name, "simulated": True, "simulator": "SimGrid SMPI",
               "cpu_model": f"simulated: {len(hosts)} hosts of {speed} (SimGrid SMPI)",
               "cores": len(hosts), "usable_cores": len(hosts), "host_speed": speed,
               "calibration": calibration, "platform_file": sys.argv[2],
               "description": description(sys.argv[2]).replace('"', "'")}, sys.stdout, indent=2)
    print()

if __name__ == "__main__":
    main()
