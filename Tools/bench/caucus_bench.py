#!/usr/bin/env python3
"""Caucus's performance benchmark: one command that prints the issue-5 target table.

It generates the shared workload (../shared/bench/gen_workload.py), runs
../shared/bench/peers.py with Caucus beside the peers (twice by default, the
systems' order reversed the second time, keeping each system's fastest round of
each phase), then measures the lines peers.py does not cover, with the same
release binary:

  * peak memory importing a full base changeset (the whole scale-N base), and
    the same for the scale-1 part of it, to show that memory stays flat;
  * the time to import one fixed 10k-operation delta into a scale-N database
    versus a scale-1 database (both hold the same operations for the parties
    the delta touches; the scale-N one holds N-1 more copies of the base);
  * `caucus show ID` on the scale-N database versus the sqlite3 shell
    selecting that record's rows from a plain table of facts (skipped, and
    said so, when this build has no `show` command);
  * issue 15's batch jobs: `export-csv` of the whole state versus the sqlite3
    shell's `.mode csv` of the same table, `dump --at` a release versus `dump`,
    and `diff` of two releases 10k and 100k operations apart, the 10k one also
    on the scale-1 database (`--releases-only` runs just these).

It prints figures, never asserts: the last column says whether each target
line is met in this run.  Usage:

  Tools/bench/caucus_bench.py [--scale 16] [--edits 100000] [--work DIR] [--rounds 2]
                              [--bin .build/release/caucus] [--no-build] [--releases-only]

See Tools/bench/README.md.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "bench"
PEERS = ["caucus", "loro", "pycrdt", "session", "raw", "cli"]
CORE_PARTY = re.compile(r'"party": ?"(pf-\d+|new-[^"]*)"')   # scale-1 parties and new ones
GNU_TIME = "/usr/bin/time"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw) -> subprocess.CompletedProcess:
    res = subprocess.run([str(c) for c in cmd], capture_output=True, **kw)
    if res.returncode != 0:
        err = res.stderr.decode(errors="replace") if isinstance(res.stderr, bytes) else res.stderr
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {res.returncode}: {err.strip()[:400]}")
    return res


def timed(cmd) -> float:
    t = time.perf_counter()
    run(cmd)
    return time.perf_counter() - t


def peak_rss_mb(cmd) -> float:
    """Peak RSS of one process: GNU time when present, else the child's own rusage."""
    if os.access(GNU_TIME, os.X_OK):
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
            run([GNU_TIME, "-f", "%M", "-o", f.name, *cmd])
            return int(Path(f.name).read_text().split()[-1]) / 1024
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"{cmd} failed")
    return usage.ru_maxrss / 1024


def copy_db(src: Path, dst: Path) -> None:
    """Copies a replica's files and flushes them, so that the timed command does not
    pay for writing the copy to disk (its own fsync would)."""
    for suffix in ("", "-wal", "-shm"):
        s, d = Path(str(src) + suffix), Path(str(dst) + suffix)
        if d.exists():
            d.unlink()
        if s.exists():
            shutil.copyfile(s, d)
            with open(d, "rb") as f:
                os.fsync(f.fileno())


class Caucus:
    def __init__(self, binary: Path):
        self.bin = binary

    def __call__(self, db: Path, *args) -> list:
        return [self.bin, "--db", db, *args]

    def init(self, db: Path, editor: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run(self(db, "init", "--editor", editor))

    def has_show(self) -> bool:
        res = subprocess.run([self.bin, "--help"], capture_output=True, text=True)
        return re.search(r"^\s+show\b", res.stdout, re.M) is not None


# --------------------------------------------------------------------------
# The workload and the peers
# --------------------------------------------------------------------------

def workload(shared: Path, folder: Path, scale: int, edits: int) -> Path:
    meta = folder / "meta.json"
    if meta.exists():
        m = json.loads(meta.read_text())
        if m.get("scale") == scale and m.get("_edits_arg") == edits:
            log(f"reusing workload {folder}")
            return folder
    log(f"generating workload scale={scale} edits={edits} in {folder}")
    run([sys.executable, shared / "gen_workload.py", "--out", folder, "--scale", scale, "--edits", edits])
    m = json.loads(meta.read_text())
    m["_edits_arg"] = edits
    meta.write_text(json.dumps(m, indent=2))
    return folder


def run_peers(shared: Path, wl: Path, binary: Path, work: Path, systems: list[str], rounds: int) -> dict:
    """Runs peers.py `rounds` times, the systems in reverse order every other round, and keeps
    each system's fastest round of each phase: this machine's speed drifts by a third within
    minutes, and a system that happens to run in a slow stretch would otherwise lose its line.
    Every system gets the same treatment. Each round's raw output is kept as WORK/peers-N.ndjson."""
    env = dict(os.environ, CAUCUS_BIN=str(binary))
    per_round = []
    for n in range(1, rounds + 1):
        order = systems if n % 2 else list(reversed(systems))
        out = work / f"peers-{n}.ndjson"
        out.unlink(missing_ok=True)
        log(f"round {n} of {rounds}: peers.py --systems {','.join(order)} (the peers take minutes)")
        subprocess.run([sys.executable, shared / "peers.py", "--workload", wl, "--systems", ",".join(order),
                        "--out", out], env=env, stdout=subprocess.DEVNULL, check=True)
        per_round.append({r["system"]: r for r in map(json.loads, out.read_text().splitlines())})
    results = {}
    for system in systems:
        runs = [r[system] for r in per_round if system in r]
        if not runs:
            continue
        combined = dict(runs[0])
        combined["rounds"] = len(runs)
        combined["converged"] = all(r.get("converged") for r in runs)
        if any("error" in r for r in runs):
            combined["error"] = next(r["error"] for r in runs if "error" in r)
        phases = {}
        for phase in {p for r in runs for p in r.get("phases", {})}:
            timed_runs = [r["phases"][phase] for r in runs if phase in r.get("phases", {})]
            phases[phase] = min(timed_runs, key=lambda p: p.get("seconds", 0))
        combined["phases"] = phases
        results[system] = combined
    return results


# --------------------------------------------------------------------------
# The extra lines
# --------------------------------------------------------------------------

def split_base(wl: Path, work: Path) -> tuple[Path, Path, Path]:
    """The base's scale-1 part (ids pf-N), and the other copies (pf-N-k) in two
    halves: the first half of the base and the rest."""
    core, first, second = work / "base-core.ndjson", work / "base-copies-1.ndjson", work / "base-copies-2.ndjson"
    with open(wl / "base.ndjson", encoding="utf-8") as f:
        lines = f.readlines()
    half = len(lines) // 2
    with open(core, "w") as c, open(first, "w") as k1, open(second, "w") as k2:
        for n, line in enumerate(lines):
            (c if CORE_PARTY.search(line) else k1 if n < half else k2).write(line)
    return core, first, second


def delta_edits(wl: Path, work: Path, count: int) -> Path:
    """The first `count` edits of the first editor that touch scale-1 or new parties."""
    meta = json.loads((wl / "meta.json").read_text())
    path = work / "delta-edits.ndjson"
    n = 0
    with open(wl / f"edits-{meta['editors'][0]}.ndjson", encoding="utf-8") as f, open(path, "w") as out:
        for line in f:
            if CORE_PARTY.search(line):
                out.write(line)
                n += 1
                if n == count:
                    break
    return path


def extra_lines(caucus: Caucus, wl: Path, work: Path, repeats: int) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    core, first, second = split_base(wl, work)
    out = {}

    # Replica S holds the scale-1 base; replica B adds the other copies on top of
    # a clone of S, in two halves; its exports are half the base and the whole
    # base, with S's operations in them.
    s_db, b_db = work / "s.caucus", work / "b.caucus"
    small_changes, half_changes, full_changes = (work / f"base-{n}.changes" for n in ("small", "half", "full"))
    log("extra: building the scale-1, half and full base changesets")
    caucus.init(s_db, "s")
    run(caucus(s_db, "apply", core))
    run(caucus(s_db, "export", "--output", small_changes))
    caucus.init(b_db, "b")
    run(caucus(b_db, "import", small_changes))
    run(caucus(b_db, "apply", first))
    run(caucus(b_db, "export", "--output", half_changes))
    run(caucus(b_db, "apply", second))
    run(caucus(b_db, "export", "--output", full_changes))

    # Peak RSS importing each into an empty replica; the scale-1 and full ones are
    # the targets of the delta measure below.
    small_db, half_db, big_db = work / "small.caucus", work / "half.caucus", work / "big.caucus"
    for name, db, changes in (("small", small_db, small_changes), ("half", half_db, half_changes),
                              ("full", big_db, full_changes)):
        caucus.init(db, name)
        out[f"rss_{name}_mb"] = peak_rss_mb(caucus(db, "import", changes))
    half_db.unlink()
    count = lambda path: sum(1 for _ in open(path, encoding="utf-8"))
    out["small_ops"], out["full_ops"] = count(core), count(wl / "base.ndjson")
    out["half_ops"] = out["small_ops"] + count(first)
    log(f"extra: peak RSS {out['rss_small_mb']:.1f} MB ({out['small_ops']:,} ops), "
        f"{out['rss_half_mb']:.1f} MB ({out['half_ops']:,} ops), {out['rss_full_mb']:.1f} MB ({out['full_ops']:,} ops)")

    # A fixed 10k-op delta from an editor who cloned S.
    e_db, e_vv, delta = work / "e.caucus", work / "e.vv", work / "delta.changes"
    caucus.init(e_db, "e")
    run(caucus(e_db, "import", small_changes))
    e_vv.write_bytes(run(caucus(e_db, "vv")).stdout)
    run(caucus(e_db, "apply", delta_edits(wl, work, 10_000)))
    run(caucus(e_db, "export", "--since", e_vv, "--output", delta))
    times = {"small": [], "big": []}
    scratch = work / "target.caucus"
    for _ in range(repeats):
        for name, db in (("small", small_db), ("big", big_db)):
            copy_db(db, scratch)
            times[name].append(timed(caucus(scratch, "import", delta)))
    out["delta_small_s"] = min(times["small"])
    out["delta_big_s"] = min(times["big"])
    out["delta_ops"] = 10_000
    log(f"extra: 10k delta import {out['delta_small_s']:.3f} s (scale 1) vs {out['delta_big_s']:.3f} s (full)")

    # `show` against the sqlite3 shell on a plain table of the same facts.
    if caucus.has_show():
        fact_db = work / "facts.sqlite"
        fact_db.unlink(missing_ok=True)
        con = sqlite3.connect(fact_db)
        con.execute("CREATE TABLE fact(party TEXT, field TEXT, value, PRIMARY KEY(party, field)) WITHOUT ROWID")
        with open(wl / "base.ndjson", encoding="utf-8") as f:
            rows = ((o["party"], o["field"] if o["op"] == "set" else f"{o['field']}/{o['value']}",
                     o["value"] if o["op"] == "set" else 1) for o in map(json.loads, f))
            con.executemany("INSERT OR REPLACE INTO fact VALUES (?, ?, ?)", rows)
        con.commit()
        con.close()
        with open(wl / "base.ndjson", encoding="utf-8") as f:
            pid = json.loads(f.readline())["party"]
        sql = f"SELECT field, value FROM fact WHERE party = '{pid}'"
        # In turn, many times: this machine's speed drifts within minutes, and two blocks of runs
        # a few seconds apart can differ by more than the ratio measured (Tools/bench/interleaved.py).
        shows: dict[str, list[float]] = {"caucus": [], "sqlite": []}
        for _ in range(repeats * 20):
            shows["caucus"].append(timed(caucus(big_db, "show", pid)))
            shows["sqlite"].append(timed(["sqlite3", fact_db, sql]))
        out["show_caucus_s"] = statistics.median(shows["caucus"])
        out["show_sqlite_s"] = statistics.median(shows["sqlite"])
        out["show_party"] = pid
        log(f"extra: show {out['show_caucus_s'] * 1000:.1f} ms vs sqlite3 {out['show_sqlite_s'] * 1000:.1f} ms")
    return out


def timed_to(cmd, path: Path) -> float:
    """Seconds `cmd` takes with its standard output written to `path`."""
    with open(path, "wb") as f:
        t = time.perf_counter()
        res = subprocess.run([str(c) for c in cmd], stdout=f, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - t
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {res.returncode}: {res.stderr.decode(errors='replace')[:400]}")
    return elapsed


def release_lines(caucus: Caucus, wl: Path, work: Path, repeats: int) -> dict:
    """Issue 15's batch jobs, each beside its floor: export-csv of the whole state against the
    sqlite3 shell's `.mode csv` of the same table, `dump --at` a release against `dump`, and
    `diff` of releases 10k and 100k operations apart, on the full base and on the scale-1 one."""
    work.mkdir(parents=True, exist_ok=True)
    core, _, _ = split_base(wl, work)
    meta = json.loads((wl / "meta.json").read_text())
    near = delta_edits(wl, work, 10_000)
    far = work / "far-edits.ndjson"
    with open(wl / f"edits-{meta['editors'][0]}.ndjson", encoding="utf-8") as f, open(far, "w") as o:
        o.writelines(line for line in itertools.islice((l for l in f if not CORE_PARTY.search(l)), 90_000))
    out = {"near_ops": 10_000, "far_ops": 10_000 + sum(1 for _ in open(far, encoding="utf-8"))}
    small_db, big_db = work / "rel-small.caucus", work / "rel-big.caucus"
    log("extra: releases of the scale-1 and the full base, 10k and 100k edits apart")
    for db, base in ((small_db, core), (big_db, wl / "base.ndjson")):
        caucus.init(db, "r")
        run(caucus(db, "apply", base))
        run(caucus(db, "release", "create", "base"))
        run(caucus(db, "apply", near))
        run(caucus(db, "release", "create", "near"))
    run(caucus(big_db, "apply", far))
    run(caucus(big_db, "release", "create", "far"))

    csv_path, floor_path, floor_db = work / "parties.csv", work / "floor.csv", work / "parties.sqlite"
    run(caucus(big_db, "export-csv", "--output", csv_path))
    floor_db.unlink(missing_ok=True)
    con = sqlite3.connect(floor_db)
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        con.execute("CREATE TABLE parties (" + ", ".join(f'"{c}" TEXT' for c in header) + ")")
        con.executemany("INSERT INTO parties VALUES (" + ", ".join("?" * len(header)) + ")", rows)
    con.commit()
    con.close()
    t = {k: [] for k in ("csv", "floor", "dump", "dump_at", "diff_far", "diff_near_small", "diff_near_big")}
    for _ in range(repeats):
        t["csv"].append(timed(caucus(big_db, "export-csv", "--output", csv_path)))
        t["floor"].append(timed_to(["sqlite3", "-csv", "-header", floor_db, "SELECT * FROM parties"], floor_path))
        t["dump"].append(timed_to(caucus(big_db, "dump"), work / "dump.ndjson"))
        t["dump_at"].append(timed_to(caucus(big_db, "dump", "--at", "base"), work / "dump-at.ndjson"))
        t["diff_far"].append(timed(caucus(big_db, "diff", "base", "far", "--stat")))
        t["diff_near_small"].append(timed(caucus(small_db, "diff", "base", "near", "--stat")))
        t["diff_near_big"].append(timed(caucus(big_db, "diff", "base", "near", "--stat")))
    out.update({k + "_s": min(v) for k, v in t.items()})

    # compact --before the last release, on a copy whose operations an export has signed (a
    # replica's own operations keep their values until then).
    comp_db = work / "rel-compact.caucus"
    copy_db(big_db, comp_db)
    run(caucus(comp_db, "export", "--output", work / "signed.changes"))
    res = run(caucus(comp_db, "compact", "--before", "far"))
    m = re.search(r"dropped the values of (\d+) superseded operations?; the database went from ([\d.]+) MB to ([\d.]+) MB", res.stderr.decode())
    out["compact_dropped"], out["compact_before_mb"], out["compact_after_mb"] = int(m[1]), float(m[2]), float(m[3])
    log(f"extra: compact dropped {out['compact_dropped']:,} values: {out['compact_before_mb']} MB to {out['compact_after_mb']} MB")

    # A new editor's bootstrap: importing the full export against the shallow snapshot at the
    # last release, each into a new replica.
    snapshot = work / "snapshot.changes"
    run(caucus(big_db, "export", "--shallow", "--at", "far", "--output", snapshot))
    boot = {"full": [], "shallow": []}
    fresh = work / "fresh.caucus"
    for _ in range(repeats):
        for name, changes in (("full", work / "signed.changes"), ("shallow", snapshot)):
            caucus.init(fresh, "n")
            boot[name].append(timed(caucus(fresh, "import", changes)))
    out["boot_full_s"], out["boot_shallow_s"] = min(boot["full"]), min(boot["shallow"])
    out["boot_full_mb"], out["boot_shallow_mb"] = (work / "signed.changes").stat().st_size / 2**20, snapshot.stat().st_size / 2**20
    log(f"extra: bootstrap {out['boot_full_s']:.2f} s full ({out['boot_full_mb']:.1f} MB) vs {out['boot_shallow_s']:.2f} s shallow ({out['boot_shallow_mb']:.1f} MB)")
    out["csv_rows"] = sum(1 for _ in csv.reader(open(csv_path, newline="", encoding="utf-8"))) - 1
    out["state_ops"] = meta["base_ops"] + out["far_ops"]
    log(f"extra: export-csv {out['csv_s']:.3f} s vs sqlite3 {out['floor_s']:.3f} s; dump --at {out['dump_at_s']:.3f} s vs dump "
        f"{out['dump_s']:.3f} s; diff {out['far_ops']:,} apart {out['diff_far_s']:.3f} s; {out['near_ops']:,} apart "
        f"{out['diff_near_small_s']:.3f} s (scale 1) vs {out['diff_near_big_s']:.3f} s (full)")
    return out


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

def table(peers: dict, extra: dict, meta: dict) -> str:
    rows = []

    def ph(system, phase, key):
        return ((peers.get(system) or {}).get("phases", {}).get(phase) or {}).get(key)

    def line(measure, ours, peers_text, ratio, target, ok):
        rows.append([measure, ours, peers_text, ratio, target, "-" if ok is None else ("PASS" if ok else "FAIL")])

    def fmt(v, f="{:,.0f}"):
        return "-" if v is None else f.format(v)

    c = peers.get("caucus", {})
    if "error" in c:
        rows.append(["caucus", "ERROR " + c["error"][:80], "", "", "", "FAIL"])

    merge = ph("caucus", "merge", "ops_per_s")
    session = ph("session", "merge", "ops_per_s")
    best_name, best = max(((n, ph(n, "merge", "ops_per_s")) for n in ("loro", "pycrdt")),
                          key=lambda x: x[1] or 0)
    ok = None if None in (merge, session, best) else merge >= session and merge >= 2 * best
    line("merge ops/s", fmt(merge), f"session {fmt(session)}, {best_name} {fmt(best)}",
         "-" if ok is None else f"{merge / session:.2f}x session, {merge / best:.2f}x {best_name}",
         ">= session and >= 2x best of loro/pycrdt", ok)

    load, cli = ph("caucus", "load", "ops_per_s"), ph("cli", "load", "ops_per_s")
    ok = None if None in (load, cli) else load >= 0.5 * cli
    line("load ops/s", fmt(load), f"sqlite3 .import {fmt(cli)}", "-" if ok is None else f"{load / cli:.2f}x",
         ">= 0.5x sqlite3 .import", ok)

    bpo, loro_bpo = ph("caucus", "export", "bytes_per_op"), ph("loro", "export", "bytes_per_op")
    ok = None if None in (bpo, loro_bpo) else bpo <= loro_bpo
    line("delta bytes/op", fmt(bpo, "{:.1f}"), f"loro {fmt(loro_bpo, '{:.1f}')}",
         "-" if ok is None else f"{bpo / loro_bpo:.2f}x", "<= loro", ok)

    exp, loro_exp = ph("caucus", "export", "seconds"), ph("loro", "export", "seconds")
    ok = None if None in (exp, loro_exp) else exp <= loro_exp
    line("export s (3 deltas)", fmt(exp, "{:.3f}"), f"loro {fmt(loro_exp, '{:.3f}')}",
         "-" if ok is None else f"{exp / loro_exp:.2f}x", "<= loro", ok)

    def disk(system):
        d = (peers.get(system) or {}).get("disk_bytes")
        return max(d.values()) / 2**20 if d else None
    ours, sess = disk("caucus"), disk("session")
    ok = None if None in (ours, sess) else ours <= 1.5 * sess
    line("disk MB", fmt(ours, "{:.1f}"), f"session {fmt(sess, '{:.1f}')}",
         "-" if ok is None else f"{ours / sess:.2f}x", "<= 1.5x session", ok)

    if "rss_full_mb" in extra:
        full, half, small = extra["rss_full_mb"], extra["rss_half_mb"], extra["rss_small_mb"]
        ok = full <= 150 and full <= 1.25 * half
        line(f"peak RSS importing the base ({extra['full_ops']:,} ops), MB", f"{full:.1f}",
             f"{half:.1f} at {extra['half_ops']:,} ops; {small:.1f} at {extra['small_ops']:,}",
             f"{full / half:.2f}x half", "<= 150 MB and flat (<= 1.25x half the base)", ok)
        big, sm = extra["delta_big_s"], extra["delta_small_s"]
        line("import of a 10k-op delta, s", f"{big:.3f}", f"scale-1 db {sm:.3f}", f"{big / sm:.2f}x",
             f"scale-{meta['scale']} / scale-1 <= 1.5", big / sm <= 1.5)
        if "show_caucus_s" in extra:
            sc, sq = extra["show_caucus_s"], extra["show_sqlite_s"]
            line(f"show {extra['show_party']}, ms (process)", f"{sc * 1000:.1f}", f"sqlite3 shell {sq * 1000:.1f}",
                 f"{sc / sq:.2f}x", "<= 2x sqlite3 shell", sc <= 2 * sq)
        else:
            line("show ID, ms (process)", "not measured", "-", "-", "<= 2x sqlite3 shell", None)

    if "csv_s" in extra:
        ours, floor = extra["csv_s"], extra["floor_s"]
        line(f"export-csv of {extra['csv_rows']:,} parties, s", f"{ours:.3f}", f"sqlite3 .mode csv {floor:.3f}",
             f"{ours / floor:.2f}x", "- (beside its floor)", None)
        ours, floor = extra["dump_at_s"], extra["dump_s"]
        line(f"dump --at a release {extra['far_ops']:,} ops back, s", f"{ours:.3f}", f"dump {floor:.3f}",
             f"{ours / floor:.2f}x", "- (beside its floor)", None)
        far, near = extra["diff_far_s"], extra["diff_near_big_s"]
        line(f"diff of releases {extra['far_ops']:,} ops apart, s", f"{far:.3f}", f"{extra['near_ops']:,} apart {near:.3f}",
             f"{extra['far_ops'] / far:,.0f} ops/s", "-", None)
        big, sm = extra["diff_near_big_s"], extra["diff_near_small_s"]
        line(f"diff of releases {extra['near_ops']:,} ops apart, s", f"{big:.3f}", f"scale-1 db {sm:.3f}", f"{big / sm:.2f}x",
             f"scale-{meta['scale']} / scale-1 <= 1.5", big / sm <= 1.5)

    if "boot_shallow_s" in extra:
        loro_clone = ph("loro", "clone", "seconds")
        line("new editor's bootstrap, s", f"shallow {extra['boot_shallow_s']:.2f}",
             f"full {extra['boot_full_s']:.2f}" + (f", loro clone {loro_clone:.2f}" if loro_clone else ""),
             f"{extra['boot_shallow_mb']:.1f} MB vs {extra['boot_full_mb']:.1f} MB",
             "shallow <= loro clone", None if loro_clone is None else extra["boot_shallow_s"] <= loro_clone)

    if "compact_dropped" in extra:
        line(f"compact --before the last release, MB", f"{extra['compact_after_mb']:.1f}", f"before {extra['compact_before_mb']:.1f}",
             f"{extra['compact_dropped']:,} values dropped", "-", None)

    v = c.get("verify") or {}
    if v:
        wanted = meta["field_conflicts"]
        ok = (c.get("converged") and v["conflicts_lost"] == 0 and v["settled_wrong"] == 0 and v["sets_wrong"] == 0
              and v["deleted_wrong"] == 0 and v["del_edit_gone"] == 0 and v["del_edit_resurrected"] == 0)
        line("end-to-end check", f"converged {'yes' if c.get('converged') else 'NO'}; conflicts kept "
             f"{v['conflicts_kept']}/{v['conflicts_kept'] + v['conflicts_lost']}",
             f"wrong: settled {v['settled_wrong']}, sets {v['sets_wrong']}, deletes {v['deleted_wrong']}",
             f"del-edit visible {v['del_edit_visible']}", "converged, all kept, 0 wrong", ok)

    head = ["measure", "caucus", "peers", "ratio", "target", "result"]
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    f = lambda cells: " | ".join(str(x).ljust(w) for x, w in zip(cells, widths))
    return "\n".join([f(head), "-+-".join("-" * w for w in widths)] + [f(r) for r in rows])


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]) // 2**20
    except (OSError, StopIteration):
        mem = "?"
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {mem} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=int, default=16)
    ap.add_argument("--edits", type=int, default=100_000)
    ap.add_argument("--work", help="folder for the workload and scratch files (default: /tmp/caucus-bench-SCALE)")
    ap.add_argument("--shared", default=str(DEFAULT_SHARED), help="folder holding peers.py and gen_workload.py")
    ap.add_argument("--bin", default=str(REPO / ".build" / "release" / "caucus"))
    ap.add_argument("--no-build", action="store_true", help="do not run `swift build -c release` first")
    ap.add_argument("--systems", default=",".join(PEERS), help="systems passed to peers.py")
    ap.add_argument("--skip-extra", action="store_true", help="only the peers.py lines")
    ap.add_argument("--releases-only", action="store_true", help="only the release lines (export-csv, dump --at, diff); no peers")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each timed extra measure (best is kept)")
    ap.add_argument("--rounds", type=int, default=2,
                    help="runs of peers.py, alternating the systems' order; each system's fastest round of each phase is kept")
    args = ap.parse_args()

    shared, binary = Path(args.shared), Path(args.bin)
    work = Path(args.work or f"/tmp/caucus-bench-{args.scale}")
    work.mkdir(parents=True, exist_ok=True)
    if not args.no_build:
        log("swift build -c release")
        subprocess.run(["swift", "build", "-c", "release"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    caucus = Caucus(binary.resolve())
    wl = workload(shared, work / "workload", args.scale, args.edits)
    meta = json.loads((wl / "meta.json").read_text())
    if args.releases_only:
        peers, extra = {}, release_lines(caucus, wl, work / "releases", args.repeats)
    else:
        peers = run_peers(shared, wl, caucus.bin, work, args.systems.split(","), max(1, args.rounds))
        extra = {} if args.skip_extra else extra_lines(caucus, wl, work / "extra", args.repeats)
        if not args.skip_extra:
            extra.update(release_lines(caucus, wl, work / "releases", args.repeats))
    (work / "extra.json").write_text(json.dumps(extra, indent=2))
    print(f"machine: {machine()}")
    print(f"workload: scale {meta['scale']}, {len(meta['editors'])} editors, {meta['base_ops']:,} base ops, "
          f"{sum(meta['edits_per_editor'].values()):,} edits, {meta['field_conflicts']:,} field conflicts")
    print(f"caucus: {caucus.bin} ({run([caucus.bin, '--version']).stdout.decode().strip()})")
    print()
    print(table(peers, extra, meta))


if __name__ == "__main__":
    main()
