#!/usr/bin/env python3
"""Load driver for `caucus-hub` on PostgreSQL: prints the hub's figures beside their floors and targets.

It starts a throwaway PostgreSQL cluster (Tools/postgres/cluster.sh, port 54399) unless
--postgres names a server, one `caucus-hub serve --postgres URL` on a port in 18400-18499, and
measures, speaking the hub protocol itself (Schema/HUB-PROTOCOL.md, signed requests):

  1. setup: N writer replicas (`caucus init`, `apply` of M generated edits, `export`), and N more
     for step 5; every writer's key on the roster as a writer, a few readers;
  2. ingest: the N changesets pushed at once, one thread each (`POST /v1/changesets`), from the
     first request to the last 200 answer, in ops/s; beside it the floor, PostgreSQL `COPY` of the
     same rows into a table like `hub_op`, and the published anchors of PowerSync and Electric;
  3. pull: one signed `POST /v1/pull` of `{"since":{},"limit":100000}`, the whole streamed body
     read; beside it `caucus pull` into a fresh replica (with its import), as information;
  4. long-poll: K clients waiting on `GET /v1/feed?after=S&timeout=60` while a writer pushes a
     small changeset: each client's time from just before the push to its answer, over 3 rounds;
  5. memory: the peak RSS (VmHWM) of a fresh hub process ingesting the N changesets into an
     empty hub, and of another fresh process ingesting N other writers' changesets into that
     history: the same work, with and without the history.

It prints figures, never asserts: the last column says whether each target is met in this run.
Progress goes to stderr, the table to stdout. From the repository root, once
`swift build -c release` has built both products:

  python3 Tools/bench/hub_load.py [--writers 8] [--ops 25000] [--clients 200] [--rounds 3]
                                  [--postgres URL] [--work DIR] [--keep]

See Tools/bench/README.md.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "Tools" / "postgres" / "cluster.sh"
PG_PORT = 54399
HUB_PORTS = range(18400, 18500)
HOST = "127.0.0.1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CHANGESET_TYPE = "application/vnd.caucus.changeset"
PULL_LIMIT = 100_000
ANCHORS = "PowerSync 2-4K replicated ops/s per instance; Electric 4-6K shape-affecting row changes/s (published)"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw) -> subprocess.CompletedProcess:
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {res.returncode}: {res.stderr.strip()[:400]}")
    return res


# --------------------------------------------------------------------------
# Signed requests (Schema/HUB-PROTOCOL.md, "Authentication")
# --------------------------------------------------------------------------

class Signer:
    """An editor's replica key, which signs requests as HubRequestSignature.swift does."""

    def __init__(self, raw_private_key: bytes):
        self.key = Ed25519PrivateKey.from_private_bytes(raw_private_key)
        self.public_hex = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    def headers(self, method: str, target: str, body_sha256: str = EMPTY_SHA256) -> dict:
        now, nonce = str(int(time.time())), secrets.token_hex(16)
        text = f"CAUCUS-HUB-1\n{method.upper()}\n{target}\n{now}\n{nonce}\n{body_sha256}\n"
        return {"Caucus-Key": self.public_hex, "Caucus-Time": now, "Caucus-Nonce": nonce,
                "Caucus-Body-SHA256": body_sha256, "Caucus-Signature": self.key.sign(text.encode()).hex()}


def replica_signing_key(db: Path) -> bytes:
    """The raw 32-byte private key a replica keeps in its meta table, read without writing the database."""
    for mode in ("ro", "ro&immutable=1"):
        try:
            with sqlite3.connect(f"file:{db}?mode={mode}", uri=True) as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = 'signing_key'").fetchone()
            break
        except sqlite3.OperationalError:
            if mode != "ro":
                raise
    if row is None or len(row[0]) != 32:
        raise RuntimeError(f"{db} has no 32-byte signing_key in its meta table")
    return bytes(row[0])


class Hub:
    """One hub process on HOST:port, and the requests the driver sends it."""

    def __init__(self, port: int, proc: subprocess.Popen, log_path: Path):
        self.port, self.proc, self.log_path = port, proc, log_path
        self.url = f"http://{HOST}:{port}"

    def connection(self, timeout: float = 120) -> http.client.HTTPConnection:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        conn.connect()
        return conn

    def request(self, signer: Signer | None, method: str, target: str, body: bytes = b"",
                content_type: str | None = None, timeout: float = 120) -> tuple[int, dict, bytes]:
        headers = signer.headers(method, target, hashlib.sha256(body).hexdigest()) if signer else {}
        if content_type:
            headers["Content-Type"] = content_type
        conn = self.connection(timeout)
        try:
            conn.request(method, target, body=body or None, headers=headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def version_vector(self, reader: Signer) -> tuple[dict, int]:
        status, _, body = self.request(reader, "GET", "/v1/version-vector")
        if status != 200:
            raise RuntimeError(f"GET /v1/version-vector answered {status}: {body[:300]!r}")
        answer = json.loads(body)
        return answer["version_vector"], answer["sequence"]

    def peak_rss_mb(self) -> tuple[float, float]:
        """VmHWM and VmRSS of the hub process, in MB."""
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines() if ":" in line)
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no hub log)"


# --------------------------------------------------------------------------
# Setup: PostgreSQL, replicas, the hub, the roster
# --------------------------------------------------------------------------

def start_cluster(work: Path) -> tuple[str, Path]:
    """A throwaway cluster in WORK/pg on 127.0.0.1:54399; returns its URL."""
    with socket.socket() as s:
        if s.connect_ex((HOST, PG_PORT)) == 0:
            raise RuntimeError(f"port {PG_PORT} is taken: stop what listens there or pass --postgres URL")
    folder = work / "pg"
    log(f"starting PostgreSQL in {folder} on port {PG_PORT}")
    res = run(["bash", CLUSTER, "start", folder, PG_PORT])
    return res.stdout.strip().splitlines()[-1], folder


def stop_cluster(folder: Path) -> None:
    log("stopping PostgreSQL")
    subprocess.run(["bash", str(CLUSTER), "stop", str(folder)], capture_output=True)


def free_port() -> int:
    for port in HUB_PORTS:
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
                return port
            except OSError:
                continue
    raise RuntimeError(f"no free port in {HUB_PORTS.start}-{HUB_PORTS.stop - 1}")


def start_hub(binary: Path, url: str, work: Path) -> Hub:
    """One `caucus-hub serve`, logging to WORK/hub.log; returns once GET /health answers 200."""
    port = free_port()
    log_path, scratch = work / "hub.log", work / "hub-tmp"
    scratch.mkdir(exist_ok=True)
    log(f"starting caucus-hub on port {port} (log {log_path})")
    with open(log_path, "ab") as out:
        proc = subprocess.Popen([str(binary), "serve", "--postgres", url, "--port", str(port), "--host", HOST],
                                stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, TMPDIR=str(scratch)))
    hub = Hub(port, proc, log_path)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"caucus-hub exited {proc.returncode}:\n{hub.log_tail()}")
            if f"on http://{HOST}:{port}" in log_path.read_text(errors="replace"):
                try:
                    if hub.request(None, "GET", "/health", timeout=5)[0] == 200:
                        return hub
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"caucus-hub did not serve within 120 s:\n{hub.log_tail()}")
    except BaseException:
        stop_hub(hub)
        raise


def stop_hub(hub: Hub) -> None:
    if hub.proc.poll() is None:
        log("stopping caucus-hub")
        hub.proc.send_signal(signal.SIGTERM)
        try:
            hub.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            hub.proc.kill()
            hub.proc.wait()


def edits(path: Path, writer: str, count: int) -> None:
    """`count` set operations: a founding year and a name for each of count/2 parties."""
    with open(path, "w") as f:
        for i in range(count):
            party = f"p-{writer}-{i // 2}"
            if i % 2 == 0:
                f.write(json.dumps({"op": "set", "party": party, "field": "founded", "value": 1900 + (i // 2) % 120}) + "\n")
            else:
                f.write(json.dumps({"op": "set", "party": party, "field": "name", "value": f"Party {writer} {i // 2}"}) + "\n")


class Replica:
    """A `caucus` replica: its database, editor name, key and, for a writer, its changeset."""

    def __init__(self, caucus: Path, work: Path, editor: str):
        self.caucus, self.editor = caucus, editor
        self.db = work / "replicas" / f"{editor}.caucus"
        self.changes: Path | None = None
        self.signer: Signer | None = None

    def __call__(self, *args) -> subprocess.CompletedProcess:
        return run([self.caucus, "--db", self.db, *args])

    def create(self) -> Replica:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self("init", "--editor", self.editor)
        return self.load_key()

    def load_key(self) -> Replica:
        printed = self("key").stdout.strip()
        self.signer = Signer(replica_signing_key(self.db))
        if self.signer.public_hex != printed:
            raise RuntimeError(f"{self.db}: signing_key gives {self.signer.public_hex}, `caucus key` prints {printed}")
        return self

    def write(self, ops: int, work: Path) -> Replica:
        """Applies `ops` generated edits and exports everything as this writer's changeset."""
        source = work / "edits" / f"{self.editor}.ndjson"
        source.parent.mkdir(exist_ok=True)
        edits(source, self.editor, ops)
        self("apply", source)
        self.changes = work / "changes" / f"{self.editor}.caucus-changes"
        self.changes.parent.mkdir(exist_ok=True)
        self("export", "--output", self.changes)
        source.unlink()
        return self


def make_writers(caucus: Path, work: Path, names: list[str], ops: int) -> list[Replica]:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(lambda n: Replica(caucus, work, n).create().write(ops, work), names))


def add_to_roster(hub_bin: Path, url: str, replica: Replica, role: str) -> None:
    run([hub_bin, "roster", "add", replica.signer.public_hex, "--role", role, "--editor", replica.editor, "--postgres", url])


# --------------------------------------------------------------------------
# The measures
# --------------------------------------------------------------------------

def push_all(hub: Hub, writers: list[Replica]) -> dict:
    """Pushes every writer's changeset at once, one thread and connection each; the time runs
    from the first request to the last 200 answer."""
    bodies = [w.changes.read_bytes() for w in writers]
    barrier = threading.Barrier(len(writers))
    results: list[dict | None] = [None] * len(writers)

    def push(i: int) -> None:
        body, signer = bodies[i], writers[i].signer
        headers = signer.headers("POST", "/v1/changesets", hashlib.sha256(body).hexdigest())
        headers["Content-Type"] = CHANGESET_TYPE
        conn = hub.connection(timeout=600)
        barrier.wait()
        start = time.perf_counter()
        try:
            conn.request("POST", "/v1/changesets", body=body, headers=headers)
            resp = conn.getresponse()
            answer = resp.read()
            results[i] = {"status": resp.status, "start": start, "end": time.perf_counter(), "body": answer}
        except OSError as e:
            results[i] = {"status": None, "start": start, "end": time.perf_counter(), "body": repr(e).encode()}
        finally:
            conn.close()

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(writers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = [(w.editor, r["status"], r["body"][:300]) for w, r in zip(writers, results) if r["status"] != 200]
    answers = [json.loads(r["body"]) for r in results if r["status"] == 200]
    seconds = max(r["end"] for r in results) - min(r["start"] for r in results)
    added = sum(a["added"] for a in answers)
    return {"seconds": seconds, "operations": sum(a["operations"] for a in answers), "added": added,
            "bytes": sum(map(len, bodies)), "failed": failed, "ops_per_s": added / seconds if seconds else None}


def psql_binary() -> str:
    found = shutil.which("psql") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))), None)
    if not found:
        raise RuntimeError("psql not found")
    return found


def copy_floor(url: str, work: Path) -> dict:
    """PostgreSQL's own rate for the rows the hub stored: `\\copy` of hub_op's rows, from a file,
    into a new table with hub_op's columns and primary key, in one statement; psql's \\timing."""
    psql = [psql_binary(), "-X", "-v", "ON_ERROR_STOP=1", "-d", url]
    rows_file = work / "hub_op.copy"
    run([*psql, "-q", "-c", f"\\copy (SELECT replica, counter, bytes FROM hub_op) TO '{rows_file}'"])
    run([*psql, "-q", "-c", "DROP TABLE IF EXISTS hub_load_floor", "-c", "CREATE TABLE hub_load_floor (LIKE hub_op INCLUDING ALL)"])
    try:
        start = time.perf_counter()
        res = run([*psql, "-c", "\\timing on", "-c", f"\\copy hub_load_floor FROM '{rows_file}'"])
        wall = time.perf_counter() - start
    finally:
        run([*psql, "-q", "-c", "DROP TABLE IF EXISTS hub_load_floor"])
        rows_file.unlink(missing_ok=True)
    rows = int(re.search(r"COPY (\d+)", res.stdout).group(1))
    timing = re.search(r"Time: ([\d.]+) ms", res.stdout)
    seconds = float(timing.group(1)) / 1000 if timing else wall
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds,
            "timed_by": "psql's \\timing" if timing else "the wall clock of the psql process"}


def pull_once(hub: Hub, reader: Signer) -> dict:
    """One signed pull of everything, up to PULL_LIMIT operations, the streamed body read whole."""
    body = json.dumps({"since": {}, "limit": PULL_LIMIT}, separators=(",", ":")).encode()
    headers = reader.headers("POST", "/v1/pull", hashlib.sha256(body).hexdigest())
    headers["Content-Type"] = "application/json"
    conn = hub.connection(timeout=300)
    try:
        start = time.perf_counter()
        conn.request("POST", "/v1/pull", body=body, headers=headers)
        resp = conn.getresponse()
        size = 0
        while chunk := resp.read(1 << 20):
            size += len(chunk)
        seconds = time.perf_counter() - start
    finally:
        conn.close()
    if resp.status != 200:
        raise RuntimeError(f"POST /v1/pull answered {resp.status}")
    return {"seconds": seconds, "bytes": size, "operations": int(resp.getheader("Caucus-Operations", "0")),
            "more": resp.getheader("Caucus-More")}


def cli_pull(puller: Replica, hub: Hub) -> dict:
    """`caucus pull` into a fresh replica whose remote is the hub: transfer and import."""
    puller("remote", "add", "origin", hub.url)
    start = time.perf_counter()
    res = puller("pull", "--json")
    seconds = time.perf_counter() - start
    report = json.loads(res.stdout.strip().splitlines()[-1])
    return {"seconds": seconds, "pulled": report.get("pulled"), "changesets": report.get("changesets")}


def small_changeset(writer: Replica, hub: Hub, reader: Signer, work: Path, n: int) -> Path:
    """One new edit of `writer`, exported as what the hub lacks (`export --since` its version vector)."""
    writer("set", f"p-{writer.editor}-0", "founded", str(1950 + n))
    vv, _ = hub.version_vector(reader)
    vv_file, out = work / f"hub-{n}.vv", work / "changes" / f"feed-{n}.caucus-changes"
    vv_file.write_text(json.dumps(vv))
    writer("export", "--output", out, "--since", vv_file)
    return out


def feed_round(hub: Hub, readers: list[Signer], writer: Replica, changes: Path, clients: int, settle: float) -> dict:
    """K clients wait on the feed after the current sequence; once all have sent their requests
    (and `settle` seconds more), the writer pushes. Each client's latency runs from just before the
    push request to the moment its answer is read."""
    _, sequence = hub.version_vector(readers[0])
    target = f"/v1/feed?after={sequence}&timeout=60"
    sent = threading.Semaphore(0)
    answers: list[tuple | None] = [None] * clients

    def client(i: int) -> None:
        try:
            conn = hub.connection(timeout=90)
            conn.request("GET", target, headers=readers[i % len(readers)].headers("GET", target))
        except OSError as e:
            answers[i] = (None, repr(e), time.perf_counter())
            sent.release()
            return
        sent.release()
        try:
            resp = conn.getresponse()
            body = resp.read()
            answers[i] = (resp.status, body, time.perf_counter())
        except OSError as e:
            answers[i] = (None, repr(e), time.perf_counter())
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for _ in range(clients):
        if not sent.acquire(timeout=120):
            raise RuntimeError("feed clients did not all send their requests within 120 s")
    time.sleep(settle)
    body = changes.read_bytes()
    start = time.perf_counter()
    status, _, answer = hub.request(writer.signer, "POST", "/v1/changesets", body, CHANGESET_TYPE)
    push_seconds = time.perf_counter() - start
    if status != 200:
        raise RuntimeError(f"the feed round's push answered {status}: {answer[:300]!r}")
    for t in threads:
        t.join(timeout=120)
    woken, bad = [], []
    for status, body, at in (a or (None, b"no answer", time.perf_counter()) for a in answers):
        if status == 200 and json.loads(body)["sequence"] > sequence:
            woken.append(at - start)
        else:
            bad.append((status, body[:200] if isinstance(body, bytes) else body))
    return {"latencies": woken, "bad": bad, "push_seconds": push_seconds, "pushed": json.loads(answer)["added"]}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

def table(r: dict, args) -> str:
    rows = []

    def line(measure, hub, anchor, target, ok):
        rows.append([measure, hub, anchor, target, "-" if ok is None else ("PASS" if ok else "FAIL")])

    ing, floor = r["ingest"], r.get("floor")
    floor_text = f"COPY {floor['rows_per_s']:,.0f} rows/s ({floor['rows']:,} rows, {floor['seconds']:.2f} s)" if floor else "COPY not measured"
    if ing["failed"]:
        line(f"ingest, {args.writers} concurrent pushes", f"{len(ing['failed'])} of {args.writers} pushes FAILED",
             f"{floor_text}; {ANCHORS}", ">= 50,000 ops/s", False)
    else:
        line(f"ingest, {args.writers} concurrent pushes, ops/s", f"{ing['ops_per_s']:,.0f} ({ing['added']:,} ops, {ing['seconds']:.2f} s)",
             f"{floor_text}; {ANCHORS}", ">= 50,000 ops/s", ing["ops_per_s"] >= 50_000)

    pull, cli = r["pull"], r.get("cli_pull")
    cli_text = (f"caucus pull, fresh replica, with import: {cli['seconds']:.2f} s for {cli['pulled']:,} ops "
                f"in {cli['changesets']} changesets (information)") if cli else "caucus pull not measured"
    line(f"pull, one request, s", f"{pull['seconds']:.3f} ({pull['operations']:,} ops, {pull['bytes'] / 2**20:.2f} MiB)",
         cli_text, f"<= 1 s per {PULL_LIMIT:,} ops", pull["seconds"] <= pull["operations"] / PULL_LIMIT if pull["operations"] else None)

    feed = r["feed"]
    lat = feed["latencies"]
    if lat:
        p99 = percentile(lat, 99)
        text = f"p50 {statistics.median(lat) * 1000:.0f}, p99 {p99 * 1000:.0f}, max {max(lat) * 1000:.0f}"
        if feed["bad"]:
            text += f"; {len(feed['bad'])} answers not woken"
        line(f"feed wake-up, {args.clients} clients x {args.rounds} rounds, ms", text,
             f"{len(lat)} answers; push answered in p50 {statistics.median(feed['push_seconds']) * 1000:.0f} ms",
             "p99 <= 250 ms, all woken", p99 <= 0.25 and not feed["bad"])
    else:
        line(f"feed wake-up, {args.clients} clients x {args.rounds} rounds, ms", "no client woken", "-", "p99 <= 250 ms", False)

    mem = r.get("memory")
    if mem:
        first, second = mem["first_mb"], mem["second_mb"]
        line("hub peak RSS ingesting N changesets, MB", f"{first:.1f} into an empty hub; {second:.1f} into {mem['history_ops']:,} ops",
             f"{second / first:.2f}x; each peak a fresh hub process's", "flat: second <= 1.25x first", second <= 1.25 * first)

    head = ["measure", "hub", "floor or anchor", "target", "result"]
    widths = [max(len(str(row[i])) for row in rows + [head]) for i in range(len(head))]
    fmt = lambda cells: " | ".join(str(x).ljust(w) for x, w in zip(cells, widths)).rstrip()
    return "\n".join([fmt(head), "-+-".join("-" * w for w in widths)] + [fmt(row) for row in rows])


def details(r: dict) -> str:
    """The figures behind the table's lines that have no target of their own."""
    ing2, mem, floor, pull = r["ingest2"], r["memory"], r["floor"], r["pull"]
    out = [f"second ingest (memory step): {ing2['added']:,} ops in {ing2['seconds']:.2f} s = {ing2['ops_per_s'] or 0:,.0f} ops/s"
           + (f"; FAILED pushes: {ing2['failed']}" if ing2["failed"] else ""),
           f"first hub process's VmHWM after pull and feed: {mem['before_second_mb']:.1f} MB (RSS then {mem['rss_before_second_mb']:.1f} MB)",
           f"COPY floor timed by {floor['timed_by']}; "
           f"pushed changesets {r['ingest']['bytes'] / 2**20:.1f} MiB; pull answer Caucus-More: {pull['more']}"]
    return "\n".join(out)


def machine() -> str:
    cpu, mem = "?", "?"
    try:
        cpu = next(l for l in open("/proc/cpuinfo") if l.startswith("model name")).split(":", 1)[1].strip()
        mem = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]) // 2**20
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {mem} GiB RAM, Python {platform.python_version()}"


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

def held_operations(vv: dict) -> int:
    return sum(last - first + 1 for ranges in vv.values() for first, last in ranges)


def measure(args, caucus: Path, hub_bin: Path, url: str, work: Path, r: dict) -> dict:
    """Runs the five steps; `r` gets the hub as soon as it runs, so that the caller can stop it."""
    t = time.perf_counter()
    n = args.writers
    log(f"setup: {2 * n} writer replicas of {args.ops:,} edits each (half of them for the memory step)")
    writers = make_writers(caucus, work, [f"w{i}" for i in range(1, n + 1)], args.ops)
    second = make_writers(caucus, work, [f"w{i}" for i in range(n + 1, 2 * n + 1)], args.ops)
    readers = [Replica(caucus, work, f"r{i}").create() for i in range(1, args.readers + 1)]
    puller = Replica(caucus, work, "puller").create()
    hub = start_hub(hub_bin, url, work)
    r["hub"] = hub
    for w in writers + second:
        add_to_roster(hub_bin, url, w, "writer")
    for reader in readers + [puller]:
        add_to_roster(hub_bin, url, reader, "reader")
    r["setup_s"] = time.perf_counter() - t
    signers = [x.signer for x in readers]

    log(f"ingest: {n} changesets pushed at once")
    r["ingest"] = ing = push_all(hub, writers)
    if ing["failed"]:
        log(f"ingest: failed pushes {ing['failed']}\n{hub.log_tail()}")
    else:
        log(f"ingest: {ing['added']:,} ops in {ing['seconds']:.2f} s = {ing['ops_per_s']:,.0f} ops/s")
    first_peak, _ = hub.peak_rss_mb()
    held_ops = held_operations(hub.version_vector(signers[0])[0])

    log("floor: PostgreSQL COPY of hub_op's rows")
    r["floor"] = copy_floor(url, work)
    log(f"floor: {r['floor']['rows']:,} rows in {r['floor']['seconds']:.3f} s ({r['floor']['timed_by']})")

    log(f"pull: POST /v1/pull, limit {PULL_LIMIT:,}")
    r["pull"] = pull_once(hub, signers[0])
    log(f"pull: {r['pull']['operations']:,} ops, {r['pull']['bytes']:,} bytes in {r['pull']['seconds']:.3f} s")
    r["cli_pull"] = cli_pull(puller, hub)
    log(f"pull: caucus pull {r['cli_pull']['pulled']:,} ops in {r['cli_pull']['seconds']:.2f} s")

    lat, bad, push_s = [], [], []
    for k in range(1, args.rounds + 1):
        changes = small_changeset(writers[0], hub, signers[0], work, k)
        log(f"feed: round {k} of {args.rounds}, {args.clients} clients")
        res = feed_round(hub, signers, writers[0], changes, args.clients, args.settle)
        lat += res["latencies"]
        bad += res["bad"]
        push_s.append(res["push_seconds"])
        if res["latencies"]:
            log(f"feed: round {k}: {len(res['latencies'])} woken, p99 {percentile(res['latencies'], 99) * 1000:.0f} ms, "
                f"max {max(res['latencies']) * 1000:.0f} ms, push answered in {res['push_seconds'] * 1000:.0f} ms")
        if res["bad"]:
            log(f"feed: round {k}: {len(res['bad'])} clients not woken, e.g. {res['bad'][:3]}")
    r["feed"] = {"latencies": lat, "bad": bad, "push_seconds": push_s}

    # The second ingest runs in a fresh hub process, as the first did, so that the two peaks
    # measure the same work (N changesets into a new process) and differ only in the history.
    lifetime_peak, current = hub.peak_rss_mb()
    log(f"memory: peak {first_peak:.1f} MB after the ingest, {lifetime_peak:.1f} MB after pull and feed "
        f"(RSS now {current:.1f} MB); restarting the hub for a second ingest of {n} changesets")
    held_ops_before_second = held_operations(hub.version_vector(signers[0])[0])
    stop_hub(hub)
    r["hub"] = hub = start_hub(hub_bin, url, work)
    r["ingest2"] = ing2 = push_all(hub, second)
    if ing2["failed"]:
        log(f"memory: failed pushes {ing2['failed']}\n{hub.log_tail()}")
    second_peak, _ = hub.peak_rss_mb()
    total_ops = held_operations(hub.version_vector(signers[0])[0])
    r["memory"] = {"first_mb": first_peak, "second_mb": second_peak, "before_second_mb": lifetime_peak, "rss_before_second_mb": current,
                   "first_ops": held_ops, "history_ops": held_ops_before_second, "second_ops": total_ops}
    log(f"memory: peak {second_peak:.1f} MB after the second ingest ({ing2['added']:,} ops in {ing2['seconds']:.2f} s)")
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--writers", "-n", type=int, default=8, help="writers pushing at once (N); as many more double the history")
    ap.add_argument("--ops", "-m", type=int, default=25_000, help="operations per writer (M)")
    ap.add_argument("--clients", "-k", type=int, default=200, help="concurrent feed clients (K)")
    ap.add_argument("--rounds", type=int, default=3, help="long-poll rounds")
    ap.add_argument("--readers", type=int, default=4, help="reader keys the pull and the feed clients sign with")
    ap.add_argument("--settle", type=float, default=1.0, help="seconds between the last feed request sent and the push")
    ap.add_argument("--postgres", help="an existing PostgreSQL database URL, instead of a throwaway cluster on port 54399")
    ap.add_argument("--bin", default=str(REPO / ".build" / "release"), help="folder holding caucus and caucus-hub")
    ap.add_argument("--work", help="scratch folder (default: a new temporary folder, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (replicas, changesets, hub.log)")
    args = ap.parse_args()

    caucus, hub_bin = Path(args.bin) / "caucus", Path(args.bin) / "caucus-hub"
    for b in (caucus, hub_bin):
        if not os.access(b, os.X_OK):
            sys.exit(f"{b} not found: run `swift build -c release` first")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="caucus-hub-load-"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)   # the cluster's folder is inside, and its server runs as `postgres`
    started = time.perf_counter()
    cluster, results = None, {}
    try:
        url = args.postgres
        if not url:
            url, cluster = start_cluster(work)
        measure(args, caucus.resolve(), hub_bin.resolve(), url, work, results)
    except BaseException:
        if "hub" in results:
            log("hub log (last lines):\n" + results["hub"].log_tail())
        raise
    finally:
        if "hub" in results:
            stop_hub(results["hub"])
        if cluster:
            stop_cluster(cluster)
        if args.keep or args.work:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    print(f"machine: {machine()}")
    print(f"hub: {hub_bin} on PostgreSQL {'at ' + args.postgres if args.postgres else f'(throwaway cluster, port {PG_PORT})'}; "
          f"caucus {run([caucus, '--version']).stdout.strip()}")
    print(f"load: {args.writers} writers x {args.ops:,} ops (and {args.writers} more for the memory step), "
          f"{args.clients} feed clients x {args.rounds} rounds; setup {results['setup_s']:.0f} s, whole run {total:.0f} s")
    print()
    print(table(results, args))
    print()
    print(details(results))


if __name__ == "__main__":
    main()
