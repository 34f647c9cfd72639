"""Benchmark: a 200,000-report day recompiled from the web while reports keep coming in (issue 11, item 7).

Generates an event whose last day has `--per-day` reports (benches/brief_data.py), compiles its
scheduled briefs, then serves it as deployed: gunicorn with `--workers` workers and the standalone
`incidents scheduler` process. A coordinator clicks recompile on the day's brief (and clicks it
again while it runs); meanwhile `--writers` reporters submit reports through the JSON API, one
after another, until the new revision is ready and a few seconds more. Prints the submit latency
(median, p99, max), any 5xx, how long the recompile request itself took, how long the compile
took in the scheduler, and how many briefs it made (it must be one).

    python -m benches.compile_under_load                        # SQLite, 200,000 reports on the day
    python -m benches.compile_under_load --pg postgresql://postgres@127.0.0.1:5432/mydb
    python -m benches.compile_under_load --per-day 20000        # a quick look
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from benches import brief_data
from incidents.auth.services import create_user
from incidents.briefs import services
from incidents.briefs.models import Brief, CompileRequest
from incidents.db import Database
from incidents.events.models import Event

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-1"


class Client:
    """One browser: a keep-alive connection, its cookies, no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle keep-alive connection: one new connection, once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def csrf(self, path: str) -> str:
        _status, _headers, html = self.request("GET", path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', html)
        assert match, f"no csrf token on {path}"
        return match.group(1)

    def form(self, path: str, data: dict[str, str], form_path: str) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        body = urlencode({**data, "csrf_token": self.csrf(form_path)}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, username: str) -> None:
        status, headers, _ = self.form("/login", {"username": username, "password": PASSWORD}, "/login")
        assert status in (302, 303), f"login of {username}: {status}"


def prepare(url: str, schema: str | None, days: int, per_day: int, writers: int) -> dict[str, Any]:
    """Generate the event, end it after its last day, add the accounts, compile the scheduled briefs."""
    info = brief_data.generate(url, schema, days, per_day=per_day)
    print(f"generated {info['reports']:,} reports over {days} days ({per_day:,} a day) in {info['seconds']:.0f} s",
          flush=True)
    database = Database(url)
    last = list(brief_data.days_of(days))[-1]
    with database.transaction() as s:
        event = s.get(Event, 1)
        event.ends_at = last + timedelta(days=1)  # the scheduler's catch-up then has nothing else to make
        create_user(s, "bench-coord", PASSWORD, "coordinator")
        for i in range(writers):
            create_user(s, f"bench-rep{i}", PASSWORD, "reporter")
        area = s.scalar(sa.select(sa.func.max(sa.column("id"))).select_from(sa.table("areas")))
    timings = {}
    for day in brief_data.days_of(days):
        t0 = time.perf_counter()
        result = services.compile_once(database, 1, day.date(), now=services.due_at(event, day.date()))
        timings[day.date()] = time.perf_counter() - t0
        print(f"scheduled brief {day.date()}: {result.reason} in {timings[day.date()]:.1f} s", flush=True)
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.day == last.date()))
    database.engine.dispose()
    return {"day": last.date(), "brief_id": brief_id, "area": area, "scheduled_compile": timings[last.date()],
            "user": 1}


def reuse(url: str, days: int) -> dict[str, Any]:
    """The facts of an earlier run's data (its scheduled briefs already made)."""
    database = Database(url)
    last = list(brief_data.days_of(days))[-1].date()
    with database.read_session() as s:
        brief = s.scalars(sa.select(Brief).where(Brief.day == last).order_by(Brief.revision)).first()
        area = s.scalar(sa.select(sa.func.max(sa.column("id"))).select_from(sa.table("areas")))
        user = s.scalar(sa.select(sa.func.min(sa.column("id"))).select_from(sa.table("users")))
        facts = {"day": last, "brief_id": brief.id, "area": area, "scheduled_compile": None, "user": user}
    database.engine.dispose()
    return facts


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL URL (else SQLite in a temporary folder)")
    parser.add_argument("--schema", default="loadbench", help="PostgreSQL schema to (re)create")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--per-day", type=int, default=200_000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=5391)
    parser.add_argument("--control", type=float, default=0.0,
                        help="instead of recompiling: this many seconds more of the same load, no compile")
    parser.add_argument("--reuse", help="the folder of an earlier run: its data and scheduled briefs, as they are")
    parser.add_argument("--after", type=float, default=3.0, help="seconds of submitting after the brief is ready")
    parser.add_argument("--baseline", type=float, default=15.0, help="seconds of submitting before the click")
    parser.add_argument("--rate", type=float, default=10.0,
                        help="reports a second from all reporters together (0: back to back); "
                             "a 200,000-report day averages 2.3 a second")
    args = parser.parse_args()

    folder = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="compile-load-"))
    if args.pg:
        schema = args.schema
        url = brief_data.url_for(args.pg, schema)
    else:
        schema, url = None, f"sqlite:///{folder / 'bench.sqlite3'}"
    facts = reuse(url, args.days) if args.reuse else prepare(url, schema, args.days, args.per_day, args.writers)

    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "INCIDENTS_INSTANCE": str(folder / "instance"),
           "PYTHONPATH": str(ROOT)}
    logs = {name: (folder / f"{name}.log").open("w") for name in ("gunicorn", "scheduler")}
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
                               "--timeout", "30", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=logs["gunicorn"], stderr=subprocess.STDOUT)
    scheduler = subprocess.Popen([str(BIN / "incidents"), "scheduler"], cwd=ROOT, env=env,
                                 stdout=logs["scheduler"], stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                Client(args.port).request("GET", "/login")
                break
            except OSError:
                time.sleep(0.5)
        run(args, facts, url, schema)
    finally:
        for proc in (server, scheduler):
            proc.send_signal(signal.SIGTERM)
        for proc in (server, scheduler):
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        print(f"logs and database in {folder}")


def run(args: argparse.Namespace, facts: dict[str, Any], url: str, schema: str | None) -> None:
    """The measured part: reporters submitting, a coordinator recompiling, until the brief is ready."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop = threading.Event()
    lock = threading.Lock()
    slowest: list[tuple[float, float]] = []  # (latency, start offset)
    t_start = time.perf_counter()

    def reporter(i: int) -> None:
        client = Client(args.port)
        client.login(f"bench-rep{i}")
        token = client.csrf("/account")
        n = 0
        gap = args.writers / args.rate if args.rate else 0.0
        next_at = time.perf_counter() + i * gap / args.writers
        while not stop.is_set():
            n += 1
            if gap:
                time.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += gap
            body = json.dumps({"kind": "activity", "area_id": facts["area"], "observed_at": "2021-07-02 10:00",
                               "title": f"负载下提交 {i}-{n}"}).encode()
            t0 = time.perf_counter()
            status, _headers, text = client.request(
                "POST", "/api/v1/events/1/reports", body,
                {"Content-Type": "application/json", "X-CSRFToken": token})
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                statuses[status] = statuses.get(status, 0) + 1
                slowest.append((took, t0 - t_start))
            if status >= 500:
                print(f"  reporter {i}: {status} {text[:200]}", flush=True)

    lock_waits: list[tuple[float, float, float]] = []  # (wait for the write lock, whole insert, start offset)

    def direct() -> None:
        """The same write path without HTTP: how long a report waits for the write lock itself."""
        from incidents.reports.services import create_report

        database = Database(url)
        observed = list(brief_data.days_of(args.days))[-1] + timedelta(hours=10)
        n = 0
        while not stop.is_set():
            n += 1
            t0 = time.perf_counter()
            with database.transaction() as s:
                s.execute(sa.select(1))  # BEGIN (IMMEDIATE on SQLite): the lock is ours here
                t1 = time.perf_counter()
                create_report(s, "activity", {"event_id": 1, "area_id": facts["area"], "title": f"直接写入 {n}",
                                              "observed_at": observed, "observed_precision": "exact"},
                              facts["user"])
            t2 = time.perf_counter()
            with lock:
                lock_waits.append((t1 - t0, t2 - t0, t0 - t_start))
            time.sleep(0.5)
        database.engine.dispose()

    threads = [threading.Thread(target=reporter, args=(i,), daemon=True) for i in range(args.writers)]
    threads.append(threading.Thread(target=direct, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(args.baseline)  # reports flowing without a compile: the baseline
    if args.control:
        # The same load for as long, and no compile: what this machine gives without one.
        time.sleep(args.control)
        stop.set()
        for thread in threads:
            thread.join(130)
        five = sum(n for code, n in statuses.items() if code >= 500)
        print(f"control, no compile, {args.baseline + args.control:.0f} s: {len(latencies)} submits, "
              f"statuses {statuses}, 5xx: {five}; latency median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms, "
              f"over 1 s: {sum(t > 1.0 for t in latencies)}")
        waits = [w for w, _, _ in lock_waits]
        print(f"direct inserts: {len(waits)}; wait for the write lock: median "
              f"{statistics.median(waits) * 1000:.0f} ms, max {max(waits) * 1000:.0f} ms")
        return

    database = Database(url)
    with database.read_session() as s:
        revisions_before = s.scalar(sa.select(sa.func.count()).select_from(Brief).where(
            Brief.event_id == 1, Brief.day == facts["day"]))
        requests_before = s.scalar(sa.select(sa.func.max(CompileRequest.id))) or 0
    database.engine.dispose()
    coordinator = Client(args.port)
    coordinator.login("bench-coord")
    brief_path = f"/briefs/{facts['brief_id']}"
    t_click = time.perf_counter()
    status, headers, _ = coordinator.form(f"{brief_path}/recompile", {}, "/account")
    click_seconds = time.perf_counter() - t_click
    assert status == 303, f"recompile answered {status}"
    progress = urlsplit(headers["location"]).path
    # A second click while it is queued or running: the same request, no second brief.
    status2, headers2, _ = coordinator.form(f"{brief_path}/recompile", {}, "/account")
    same = urlsplit(headers2.get("location", "")).path == progress
    page_statuses: dict[int, int] = {}
    ready_at = None
    while ready_at is None and time.perf_counter() - t_click < 900:
        time.sleep(2.0)  # the progress page refreshes itself every 2 s
        status, headers, _ = coordinator.request("GET", progress)
        page_statuses[status] = page_statuses.get(status, 0) + 1
        if status == 303:
            ready_at = time.perf_counter()
    time.sleep(args.after)
    stop.set()
    for thread in threads:
        thread.join(130)

    database = Database(url)
    with database.read_session() as s:
        revisions = s.execute(sa.select(Brief.revision, Brief.compiled_at).where(
            Brief.event_id == 1, Brief.day == facts["day"]).order_by(Brief.revision)).all()
        request = s.scalars(sa.select(CompileRequest).where(CompileRequest.id > requests_before)
                            .order_by(CompileRequest.id)).all()
    database.engine.dispose()
    during = [took for took, at in slowest if t_click - t_start <= at <= (ready_at or time.perf_counter()) - t_start]
    five = sum(n for code, n in statuses.items() if code >= 500)
    print()
    pace = f"{args.rate:g} reports/s in all" if args.rate else "back to back"
    print(f"database: {'PostgreSQL' if schema else 'SQLite'}; day {facts['day']} with {args.per_day:,} reports; "
          f"{args.workers} gunicorn workers; {args.writers} reporters submitting ({pace})")
    if facts["scheduled_compile"] is not None:
        print(f"scheduled compile of the day (before the run, nothing else running): "
              f"{facts['scheduled_compile']:.1f} s")
    print(f"recompile click answered in {click_seconds * 1000:.0f} ms (303 to the progress page); "
          f"second click: {status2}, same request: {same}")
    if request:
        first = request[0]
        ran = (first.finished_at - first.started_at).total_seconds() if first.finished_at and first.started_at else None
        waited = (first.started_at - first.requested_at).total_seconds() if first.started_at else None
        print(f"compile request: {first.status.value} ({first.outcome or first.error}); waited {waited:.1f} s in "
              f"the queue, compiled in {ran:.1f} s" if ran is not None else f"compile request: {first.status.value}")
        print(f"compile requests made: {len(request)}")
    print(f"brief ready {((ready_at or t_click) - t_click):.1f} s after the click; progress page answers: "
          f"{page_statuses}")
    print(f"revisions of the day now: {[r for r, _ in revisions]} (made by this run's recompile: "
          f"{len(revisions) - revisions_before})")
    print(f"reports submitted: {len(latencies)} ({len(during)} while the compile was queued or running); "
          f"statuses {statuses}; 5xx: {five}")
    before = [took for took, at in slowest if at < t_click - t_start]
    if before:
        print(f"submit latency before the click (baseline): median {statistics.median(before) * 1000:.0f} ms, "
              f"p99 {percentile(before, 99) * 1000:.0f} ms, max {max(before) * 1000:.0f} ms; "
              f"over 1 s: {sum(t > 1.0 for t in before)}")
    if latencies:
        print(f"submit latency, all: median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    ready = (ready_at or time.perf_counter()) - t_start
    worst = sorted(slowest, reverse=True)[:5]
    print("slowest submits (seconds; started at, from the click / before the brief was ready): " + ", ".join(
        f"{took:.2f} (+{at - (t_click - t_start):.0f} s / -{ready - at:.0f} s)" for took, at in worst))
    waits = [(w, whole) for w, whole, at in lock_waits if t_click - t_start <= at <= ready]
    if waits:
        print(f"direct inserts while compiling (no HTTP): {len(waits)}; wait for the write lock: median "
              f"{statistics.median(w for w, _ in waits) * 1000:.0f} ms, max {max(w for w, _ in waits) * 1000:.0f} ms;"
              f" whole insert+commit: max {max(t for _, t in waits) * 1000:.0f} ms")
    if during:
        print(f"submit latency while compiling: median {statistics.median(during) * 1000:.0f} ms, "
              f"p99 {percentile(during, 99) * 1000:.0f} ms, max {max(during) * 1000:.0f} ms; "
              f"over 1 s: {sum(t > 1.0 for t in during)}")


if __name__ == "__main__":
    main()
