#!/usr/bin/env python3
"""Helpers for bench/run.

  tool.py render <template> <out> <values.json>...
      Fills a pgbench script template: @@path/to/file.sql@@ becomes that
      statement (full-line comments dropped; they do not change the
      queryid), @@path/to/search_providers.sql|order=rating@@ the search
      statement as the server prepares it for that order, @@key@@ a value
      from the JSON files.
  tool.py wrk <wrk output file>
      Prints "requests rps p50 p99 p999 errors" (latencies in ms).
  tool.py statuses <wrk output file>
      Prints "answers s2xx s429 s503 sother ra_missing" (lua/statuses.lua's line).
  tool.py peak <results.tsv> <endpoint>
      Prints "rps connections": the highest median API req/s of the endpoint
      over its connection counts (nothing when the endpoint was not measured).
  tool.py report <results.tsv> <header.md> [<targets.txt>]
      Prints the Markdown report: medians over the runs of each row, then, with
      a targets file (bench/run's targets phase), a section per target.
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
        order = None
        if "|order=" in key:  # the search statement as the server prepares it for one order
            key, order = key.split("|order=")
        if key.endswith(".sql"):
            lines = [l.rstrip() for l in open(key) if not l.lstrip().startswith("--")]
            text = "\n".join(l for l in lines if l).strip()
            return text.replace("$10::text", f"'{order}'::text") if order else text
        if key not in values:
            sys.exit(f"render: {template}: no value for @@{key}@@")
        return str(values[key])

    text = re.sub(r"@@([A-Za-z0-9_./|=-]+)@@", fill, text)
    # pgbench reads a script line by line: keep template comments out too.
    text = "\n".join(l for l in text.splitlines() if not l.startswith("--"))
    open(out, "w").write(text + "\n")


def parse_wrk(path, required=True):
    """The WRKRESULT line of a wrk output (lua/report.lua) and, when there is
    one, its WRKSTATUS line (lua/statuses.lua), as one dict; None when the
    output has no result line and required is false."""
    try:
        out = open(path).read()
    except OSError:
        out = ""
    m = re.search(r"WRKRESULT (.*)", out)
    if not m:
        if required:
            sys.exit("wrk: no result line in " + path + ":\n" + out[-2000:])
        return None
    r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    r["seconds"] = r["duration_us"] / 1e6
    r["rps"] = r["requests"] / r["seconds"] if r["seconds"] else 0.0
    r["socket_errors"] = r["connect"] + r["read"] + r["write"]
    r["errors"] = r["status"] + r["socket_errors"] + r["timeout"]
    m = re.search(r"WRKSTATUS (.*)", out)
    if m:
        st = dict(kv.split("=") for kv in m.group(1).split())
        r["other_codes"] = st.pop("other")
        r.update({k: int(v) for k, v in st.items()})
    return r


def pgbench_latencies(prefix):
    """p50 / p99 / p99.9 (ms) of a pgbench -l run's transactions, without
    schedule lag (the time from when the transaction was sent), or "-"."""
    import glob
    lat = []
    for f in glob.glob(prefix + ".*"):
        if f.endswith(".txt"):
            continue
        for line in open(f):
            parts = line.split()
            if len(parts) >= 6 and parts[2].isdigit():
                lag = int(parts[6]) if len(parts) >= 7 and parts[6].isdigit() else 0
                lat.append(int(parts[2]) - lag)
    if not lat:
        return "-"
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] / 1000
    return f"{pick(0.5):.2f} / {pick(0.99):.2f} / {pick(0.999):.2f}"


def wrk(path):
    r = parse_wrk(path)
    # Throughput counts successful answers only: a fast 429 or 503 is not work done.
    ok_rps = (r["requests"] - r["status"]) / r["seconds"] if r["seconds"] else 0.0
    print(r["requests"], f"{ok_rps:.1f}", *(f"{r[k] / 1000:.2f}" for k in ("p50_us", "p99_us", "p999_us")),
          r["errors"])


def statuses(path):
    r = parse_wrk(path)
    if "answers" not in r:
        sys.exit("statuses: no WRKSTATUS line in " + path)
    print(*(r[k] for k in ("answers", "s2xx", "s429", "s503", "sother", "ra_missing")))


def median_rps(tsv):
    """{endpoint: {connections: median API req/s}} of a results.tsv."""
    rows = {}
    with open(tsv) as f:
        cols = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(cols, line.rstrip("\n").split("\t")))
            rows.setdefault(row["endpoint"], {}).setdefault(int(row["connections"]), []).append(float(row["rps"]))
    return {e: {c: statistics.median(v) for c, v in by_c.items()} for e, by_c in rows.items()}


def peak(tsv, endpoint):
    by_c = median_rps(tsv).get(endpoint)
    if by_c:
        c = max(by_c, key=lambda k: by_c[k])
        print(round(by_c[c]), c)


def report(tsv, header, targets=None):
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
        # (results of older runs lack the later columns)
        vals = [float(r[key]) for r in rows if r.get(key, "") not in ("", "-")]
        return fmt.format(statistics.median(vals)) if vals else "-"

    print(open(header).read().rstrip())
    print()
    sections = [("API endpoints", lambda e: e != "login"), ("Login (argon2id, CPU-bound by design)", lambda e: e == "login")]
    for title, keep in sections:
        keys = [k for k in groups if keep(k[0])]
        if not keys:
            continue
        print(f"### {title}\n")
        print("| endpoint | conns | API req/s | pgbench TPS | API/pgbench | old-SQL TPS | API/old "
              "| p50 ms | p99 ms | p99.9 ms | errors | server RSS MiB | PG round trips/req | same SQL "
              "| PG CPU s/1k req | pgbench PG CPU s/1k | old-SQL PG CPU s/1k |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|")
        for k in keys:
            rows = groups[k]
            rps = statistics.median(float(r["rps"]) for r in rows)
            tps = statistics.median(float(r["tps"]) for r in rows) if all(r["tps"] for r in rows) else 0
            ratio = f"{rps / tps:.2f}" if tps else "-"
            olds = [float(r["tps_old"]) for r in rows if r.get("tps_old")]
            tps_old = statistics.median(olds) if olds else 0
            old_cols = f"{tps_old:.0f} | {rps / tps_old:.2f}" if tps_old else "- | -"
            errors = sum(int(r["errors"]) for r in rows)
            # "cached": every request answered from the catalog cache, no SQL sent.
            sames = {r["same_sql"] for r in rows}
            same = "yes" if sames == {"yes"} else "cached" if sames <= {"yes", "cached"} else "**no**"
            print(f"| {k[0]} | {k[1]} | {rps:.0f} | {tps:.0f} | {ratio} | {old_cols} | {med(rows, 'p50', '{:.2f}')} "
                  f"| {med(rows, 'p99', '{:.2f}')} | {med(rows, 'p999', '{:.2f}')} | {errors} "
                  f"| {med(rows, 'rss_mib', '{:.0f}')} | {med(rows, 'round_trips', '{:.2f}')} | {same} "
                  f"| {med(rows, 'pg_cpu_ms', '{:.2f}')} | {med(rows, 'pgbench_pg_cpu_ms', '{:.2f}')} "
                  f"| {med(rows, 'old_pg_cpu_ms', '{:.2f}')} |")
        print()
    print(f"Medians over {max(len(v) for v in groups.values())} run(s) per row; errors are summed "
          "over the runs (non-2xx answers plus socket errors and timeouts); API req/s counts 2xx answers "
          "only (login beyond the argon2id queue is answered 429 at once, which is not a sign-in).")
    if targets:
        print()
        report_targets(targets)


# Targets of issue 5 (bench/run's targets phase; bench/README.md).
P99_LIMIT_MS = 5.0      # p99 at half of peak throughput, reads
FLOOD_RATIO = 1.20      # search p99 under a 100 login/s flood / alone
RECOVERY = 0.95         # 2xx req/s in the 5 s after the overload / peak
HELD = 0.90             # a paced run counts only if it answered this share of the offered rate


def read_targets(path):
    recs = []
    for line in open(path):
        kind, *kvs = line.split()
        recs.append((kind, dict(kv.split("=", 1) for kv in kvs)))
    return recs


def verdict(failures):
    return "PASS" if not failures else "**FAIL**: " + "; ".join(failures)


def ms(r, key):
    return f"{r[key] / 1000:.2f}"


def retry_after(r):
    shed = r.get("s429", 0) + r.get("s503", 0)
    if "ra_missing" not in r:
        return "-"
    if not shed:
        return "n/a (none)"
    return "yes" if r["ra_missing"] == 0 else f"**no** ({r['ra_missing']} of {shed} without)"


def other(r):
    return str(r["sother"]) + (f" ({r['other_codes']})" if r["sother"] else "")


def report_targets(path):
    recs = read_targets(path)
    meta = next((m for k, m in recs if k == "meta"), {})
    print("## Targets (issue 5)\n")
    print(f"Paced runs (`lua/paced.lua`): wrk -t {meta.get('threads', '?')} sends the offered rate on a fixed "
          "schedule per thread; latencies are timed from when a request is written (service times). "
          "**peak** = the highest median API req/s of the endpoint over the connection counts above. "
          f"A paced run only counts when it answered at least {HELD:.0%} of the offered rate "
          "(below that, wrk's connections were all waiting: the load asked for was never applied). "
          f"Targets phase: {meta.get('seconds', '?')} s.\n")

    half = [m for k, m in recs if k == "half"]
    by_endpoint = {}
    print(f"### p99 ≤ {P99_LIMIT_MS:g} ms at half of peak throughput (reads)\n")
    if half:
        print("| endpoint | peak req/s (conns) | offered req/s (conns) | achieved req/s | p50 ms | p99 ms "
              "| p99.9 ms | errors | pgbench at the same rate: p50 / p99 / p99.9 ms | verdict |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for m in half:
            r = parse_wrk(m["file"], required=False)
            by_endpoint[m["endpoint"]] = r
            if r is None:
                print(f"| {m['endpoint']} | {m['peak']} ({m['peak_conns']}) | {m['rate']} ({m['conns']}) "
                      "| - | - | - | - | - | **FAIL**: no wrk result |")
                continue
            fails = []
            if r["p99_us"] / 1000 > P99_LIMIT_MS:
                fails.append(f"p99 > {P99_LIMIT_MS:g} ms")
            if r["errors"]:
                fails.append("errors")
            if r["rps"] < HELD * float(m["rate"]):
                fails.append(f"rate not held ({r['rps'] / float(m['rate']):.0%})")
            floor = pgbench_latencies(m.get("pgbench", ""))
            print(f"| {m['endpoint']} | {m['peak']} ({m['peak_conns']}) | {m['rate']} ({m['conns']}) "
                  f"| {r['rps']:.0f} | {ms(r, 'p50_us')} | {ms(r, 'p99_us')} | {ms(r, 'p999_us')} "
                  f"| {r['errors']} | {floor} | {verdict(fails)} |")
    else:
        print("Not measured (needs search or read in --endpoints).")
    print()

    print(f"### Login flood: search p99 with 100 sign-ins/s beside it (ratio ≤ {FLOOD_RATIO:.2f})\n")
    floods = [m for k, m in recs if k == "flood"]
    if floods:
        print("| search offered req/s | search p99 alone ms | search p99 under flood ms | ratio "
              "| search req/s, errors under flood | login offered/s (conns) | login answered/s | 2xx | 429 "
              "| 503 | other | login timeouts, socket errors | Retry-After on every 429/503 | verdict |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
        for m in floods:
            alone = parse_wrk(m["alone"], required=False)
            flood = parse_wrk(m["search"], required=False)
            login = parse_wrk(m["login"], required=False)
            if not (alone and flood and login):
                print("| " + " | ".join(["-"] * 13) + " | **FAIL**: no wrk result |")
                continue
            ratio = flood["p99_us"] / alone["p99_us"] if alone["p99_us"] else float("inf")
            fails = []
            if ratio > FLOOD_RATIO:
                fails.append(f"ratio > {FLOOD_RATIO:.2f}")
            if flood["errors"]:
                fails.append("search errors")
            if flood["rps"] < HELD * float(m["search_rate"]):
                fails.append(f"search rate not held ({flood['rps'] / float(m['search_rate']):.0%})")
            print(f"| {m['search_rate']} | {ms(alone, 'p99_us')} | {ms(flood, 'p99_us')} | {ratio:.2f} "
                  f"| {flood['rps']:.0f}, {flood['errors']} | {m['login_rate']} ({m['login_conns']}) "
                  f"| {login['answers'] / login['seconds']:.1f} | {login['s2xx']} | {login['s429']} "
                  f"| {login['s503']} | {other(login)} | {login['timeout']}, {login['socket_errors']} "
                  f"| {retry_after(login)} | {verdict(fails)} |")
        print("\nThe search runs are paced at half of search's peak, 32 connections; \"alone\" is the run "
              "of the table above. The login run is paced at the rate shown, beside the search run, "
              "for the same time.")
    else:
        print("Not measured (needs search in --endpoints).")
    print()

    overloads = [m for k, m in recs if k == "overload"]
    secs = meta.get("overload_seconds", "?")
    print(f"### Overload: 2× peak for {secs} s, then 5 s of normal load (recovery ≥ {RECOVERY:.2f} of peak)\n")
    if overloads:
        print("| endpoint | offered req/s (conns) | answered req/s | 2xx | 429 | 503 | other | timeouts "
              "| socket errors | Retry-After on every 429/503 | server alive, /readyz | recovery 2xx req/s (conns) "
              "| recovery / peak | verdict |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|")
        for m in overloads:
            r = parse_wrk(m["file"], required=False)
            rec = parse_wrk(m["recovery"], required=False)
            alive = m["alive_after"] == "yes" and m["alive_end"] == "yes"
            alive_txt = ("yes" if alive else "**no**") + f", {m['readyz']}"
            fails = []
            if not alive:
                fails.append("server died")
            if m["readyz"] != "200":
                fails.append(f"/readyz {m['readyz']}")
            rec_rps = rec["s2xx"] / rec["seconds"] if rec and "s2xx" in rec and rec["seconds"] else 0.0
            rec_ratio = rec_rps / float(m["peak"])
            if rec_ratio < RECOVERY:
                fails.append(f"recovery < {RECOVERY:.2f}")
            if r is None or "answers" not in r:
                fails.insert(0, "no wrk result")
                print(f"| {m['endpoint']} | {m['rate']} ({m['conns']}) | - | - | - | - | - | - | - | - "
                      f"| {alive_txt} | {rec_rps:.0f} ({m['peak_conns']}) | {rec_ratio:.2f} | {verdict(fails)} |")
                continue
            checks = [(r["sother"], "other statuses"), (r["timeout"], "timeouts"),
                      (r["socket_errors"], "socket errors"), (r["ra_missing"], "429/503 without Retry-After")]
            fails[:0] = [what for n, what in checks if n]
            if r["rps"] < HELD * float(m["rate"]):
                fails.insert(0, f"rate not held ({r['rps'] / float(m['rate']):.0%})")
            print(f"| {m['endpoint']} | {m['rate']} ({m['conns']}) | {r['rps']:.0f} | {r['s2xx']} | {r['s429']} "
                  f"| {r['s503']} | {other(r)} | {r['timeout']} | {r['socket_errors']} | {retry_after(r)} "
                  f"| {alive_txt} | {rec_rps:.0f} ({m['peak_conns']}) | {rec_ratio:.2f} | {verdict(fails)} |")
        print(f"\nOverload: paced at twice the peak, `--timeout 2s`; answers by status and wrk's timeouts "
              "(requests unanswered after 2 s) and socket errors. Server alive: the process right after the "
              "overload and after the recovery run, and `/readyz` after the recovery run. Recovery: a closed-loop "
              "wrk of 5 s at the peak's connection count started as soon as the overload run ended; only 2xx "
              "answers count.")
    else:
        print("Not measured (needs search or read in --endpoints).")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"render": render, "wrk": wrk, "statuses": statuses, "peak": peak, "report": report}[cmd](*args)
