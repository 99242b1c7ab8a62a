#!/usr/bin/env python3
"""The scripts' and the shell tests' one CSV reader (and row writer) for parbench results files.

Columns are found by name in the header, never by position, and fields are parsed as
CSV (commas, quotes and newlines inside quoted fields), so the tests keep working when
columns are added or reordered and when notes or hosts hold a comma.

  select FILE COLUMNS [COND...]  the COLUMNS (comma-separated names) of every row meeting
                                 each COND, joined by one space, a line per row (a newline
                                 inside a value prints as \\n)
  count FILE [COND...]           how many rows meet every COND
  tsv FILE [COLUMNS]             the header and every row, tab-separated (tabs and newlines
                                 inside values print as spaces): what awk -F'\t' can read
  widths FILE                    the line (where the row ends) of each row whose field count
                                 differs from the header's: torn rows
  row FILE NAME=VALUE...         one row in FILE's header order, the named fields set and the
                                 others empty, written as given (no quoting: a synthetic or
                                 hostile input is exactly the bytes its test wants)
COND is NAME=VALUE or NAME!=VALUE (exact string comparison).
A column the header lacks is an error (status 1, one line on stderr), never an empty answer.
"""
import csv
import sys


def die(msg):
    sys.exit(f"csv_by_name.py: {msg}")


def header_of(path):
    with open(path, newline="") as f:
        return next(csv.reader(f), [])


def parse_conds(path, header, conds):
    out = []
    for c in conds:
        if "!=" in c:
            name, value = c.split("!=", 1)
            want = False
        elif "=" in c:
            name, value = c.split("=", 1)
            want = True
        else:
            die(f"condition '{c}': expected NAME=VALUE or NAME!=VALUE")
        if name not in header:
            die(f"{path} has no column '{name}'")
        out.append((name, value, want))
    return out


def matching(path, conds):
    with open(path, newline="") as f:
        rows = csv.DictReader(f)
        header = rows.fieldnames or []
        tests = parse_conds(path, header, conds)
        for r in rows:
            if all((r[n] == v) == want for n, v, want in tests):
                yield header, r


def select(path, columns, conds):
    names = columns.split(",")
    header = header_of(path)
    for n in names:
        if n not in header:
            die(f"{path} has no column '{n}'")
    for _, r in matching(path, conds):
        print(" ".join((r[n] or "").replace("\n", "\\n") for n in names))


def tsv(path, columns):
    header = header_of(path)
    names = columns.split(",") if columns else header
    for n in names:
        if n not in header:
            die(f"{path} has no column '{n}'")
    clean = lambda v: (v or "").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    print("\t".join(names))
    for _, r in matching(path, []):
        print("\t".join(clean(r[n]) for n in names))


def count(path, conds):
    header_of(path)
    print(sum(1 for _ in matching(path, conds)))


def widths(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        for fields in reader:
            if len(fields) != len(header):
                print(reader.line_num)


def row(path, assignments):
    header = header_of(path)
    values = dict.fromkeys(header, "")
    for a in assignments:
        name, sep, value = a.partition("=")
        if not sep or name not in header:
            die(f"'{a}': {path} has no column '{name}'")
        values[name] = value
    print(",".join(values[n] for n in header))


def main(argv):
    if len(argv) < 3:
        die("usage: csv_by_name.py select|count|tsv|widths|row FILE ...")
    cmd, path, rest = argv[1], argv[2], argv[3:]
    try:
        if cmd == "select" and rest:
            select(path, rest[0], rest[1:])
        elif cmd == "count":
            count(path, rest)
        elif cmd == "tsv" and len(rest) <= 1:
            tsv(path, rest[0] if rest else "")
        elif cmd == "widths" and not rest:
            widths(path)
        elif cmd == "row":
            row(path, rest)
        else:
            die(f"unknown or incomplete command: {' '.join(argv[1:])}")
    except OSError as e:
        die(f"{path}: {e.strerror}")
    except csv.Error as e:
        die(f"{path}: {e}")


if __name__ == "__main__":
    main(sys.argv)
