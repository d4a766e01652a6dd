#!/usr/bin/env python3
"""Helpers for bench/run.

  tool.py render <template> <out> <values.json>...
      Fills a pgbench script template: @@path/to/file.sql@@ becomes that
      statement (full-line comments dropped; they do not change the
      queryid), @@key@@ a value from the JSON files.
  tool.py wrk <wrk output file>
      Prints "requests rps p50 p99 p999 errors" (latencies in ms).
  tool.py report <results.tsv> <header.md>
      Prints the Markdown report: medians over the runs of each row.
"""
import json
import re
import statistics
import sys


def render(template, out, *value_files):
    values = {}
    for f in value_files:
        values.update(json.load(open(f)))
    text = open(template).read()

    def fill(m):
        key = m.group(1)
        if key.endswith(".sql"):
            lines = [l.rstrip() for l in open(key) if not l.lstrip().startswith("--")]
            return "\n".join(l for l in lines if l).strip()
        if key not in values:
            sys.exit(f"render: {template}: no value for @@{key}@@")
        return str(values[key])

    text = re.sub(r"@@([A-Za-z0-9_./-]+)@@", fill, text)
    # pgbench reads a script line by line: keep template comments out too.
    text = "\n".join(l for l in text.splitlines() if not l.startswith("--"))
    open(out, "w").write(text + "\n")


def wrk(path):
    out = open(path).read()
    m = re.search(r"WRKRESULT (.*)", out)
    if not m:
        sys.exit("wrk: no result line in " + path + ":\n" + out[-2000:])
    r = dict(kv.split("=") for kv in m.group(1).split())
    n = int(r["requests"])
    secs = int(r["duration_us"]) / 1e6
    errors = sum(int(r[k]) for k in ("status", "connect", "read", "write", "timeout"))
    print(n, f"{n / secs:.1f}", *(f"{int(r[k]) / 1000:.2f}" for k in ("p50_us", "p99_us", "p999_us")),
          errors)


def report(tsv, header):
    cols = None
    groups = {}
    for line in open(tsv):
        f = line.rstrip("\n").split("\t")
        if cols is None:
            cols = f
            continue
        row = dict(zip(cols, f))
        groups.setdefault((row["endpoint"], row["connections"]), []).append(row)

    def med(rows, key, fmt="{:.1f}"):
        vals = [float(r[key]) for r in rows if r[key] not in ("", "-")]
        return fmt.format(statistics.median(vals)) if vals else "-"

    print(open(header).read().rstrip())
    print()
    sections = [("API endpoints", lambda e: e != "login"), ("Login (argon2id, CPU-bound by design)", lambda e: e == "login")]
    for title, keep in sections:
        keys = [k for k in groups if keep(k[0])]
        if not keys:
            continue
        print(f"### {title}\n")
        print("| endpoint | conns | API req/s | pgbench TPS | API/pgbench | p50 ms | p99 ms | p99.9 ms "
              "| errors | server RSS MiB | PG round trips/req | same SQL |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
        for k in keys:
            rows = groups[k]
            rps = statistics.median(float(r["rps"]) for r in rows)
            tps = statistics.median(float(r["tps"]) for r in rows) if all(r["tps"] for r in rows) else 0
            ratio = f"{rps / tps:.2f}" if tps else "-"
            errors = sum(int(r["errors"]) for r in rows)
            same = "yes" if all(r["same_sql"] == "yes" for r in rows) else "**no**"
            print(f"| {k[0]} | {k[1]} | {rps:.0f} | {tps:.0f} | {ratio} | {med(rows, 'p50', '{:.2f}')} "
                  f"| {med(rows, 'p99', '{:.2f}')} | {med(rows, 'p999', '{:.2f}')} | {errors} "
                  f"| {med(rows, 'rss_mib', '{:.0f}')} | {med(rows, 'round_trips', '{:.2f}')} | {same} |")
        print()
    print(f"Medians over {max(len(v) for v in groups.values())} run(s) per row; errors are summed "
          "over the runs (non-2xx answers plus socket errors and timeouts).")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"render": render, "wrk": wrk, "report": report}[cmd](*args)
