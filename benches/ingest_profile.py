"""Benchmark: one JSON activity report created through the API, in process: its SQL statements and its time.

Counts the statements one create sends (SQLAlchemy's `before_cursor_execute`, BEGIN/COMMIT included)
and times creates through the test client against the same report bodies sent to a bare Flask +
SQLAlchemy app (benches/bare_app.py) that inserts one row per POST, in turns, so a busy machine
slows both alike. `--list` prints every statement of one create; `--profile` a cProfile of 300.

    python -m benches.ingest_profile                     # SQLite (a temporary file)
    python -m benches.ingest_profile --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_ingest
    python -m benches.ingest_profile --list --profile
    python -m benches.ingest_profile --kind outage_update   # an update to one of 50 outages, in turn
    python -m benches.ingest_profile --via form   # the report form's POST (logged in, CSRF on), beside a bare form POST
    python -m benches.ingest_profile --raw   # the WSGI call alone, no test client (whose own ~0.5 ms is in both)
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from werkzeug.test import EnvironBuilder

from benches import bare_app
from benches.load_setup import OBSERVED, PASSWORD, USERNAME, prepare_product

TURNS = 300
WIDTH = int(os.environ.get("STATEMENT_WIDTH", "160"))  # how much of each statement --list prints
# --kind outage_update: the updates go to these many outages in turn (a restoration round), each a
# partial restoration of 10 of its 1,000 households: every update pays its outage's restoration mirror.
OUTAGES = 50
RAW_ROUND = 50  # --raw: the calls of one app timed together (see measure)


def _outage_bodies(client: Any, product: Any) -> Any:
    """OUTAGES outages made through the API, then an endless round of update bodies, one per outage in turn."""
    ids = []
    for _ in range(OUTAGES):
        made = client.post(product.path, json={"kind": "outage", "area_id": product.area_id,
                                               "households_affected": 1000, "started_at": "2021-07-21T08:00:00+08:00"},
                           headers=product.headers(str(uuid.uuid4())))
        assert made.status_code == 201, made.get_data(as_text=True)
        ids.append(made.json["id"])
    turn = 0
    while True:
        yield {"kind": "outage_update", "outage_id": ids[turn % OUTAGES], "observed_at": OBSERVED,
               "households_restored": 10 * (1 + turn // OUTAGES)}
        turn += 1


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _form_poster(app: Any, product: Any) -> Any:
    """A logged-in browser's client and what it sends: the activity form's fields, a new one-time token each."""
    client = app.test_client()  # keeps the session cookie, as a browser does
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    assert token, "no CSRF token on the login page"
    login = client.post("/login", data={"csrf_token": token.group(1), "username": USERNAME, "password": PASSWORD})
    assert login.status_code in (302, 303), login.get_data(as_text=True)[:500]
    path = f"/events/{product.event_id}/reports/new/activity"
    token = CSRF.search(client.get(path).get_data(as_text=True))
    assert token, "no CSRF token on the report form"
    csrf, turn = token.group(1), itertools.count()

    def fields() -> dict[str, str]:
        # A title of its own each time: the same one again within minutes is asked about (a doubt), as it should be.
        n = next(turn)
        return {"csrf_token": csrf, "token": uuid.uuid4().hex, "area_id": str(product.area_id),
                "observed_at-day": "2021-07-21", "observed_at-time": "10:00", "observed_at-precision": "exact",
                "title": f"巡查排水点 {n}", "source": "", "note": ""}

    return client, path, fields


class Statements:
    """Every SQL statement an engine sends while recording (BEGIN and COMMIT counted as statements)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.seen: list[str] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", lambda conn: self._note("BEGIN"))
        event.listen(engine, "commit", lambda conn: self._note("COMMIT"))
        event.listen(engine, "rollback", lambda conn: self._note("ROLLBACK"))

    def _note(self, text: str) -> None:
        if self.on:
            self.seen.append(text)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # BEGIN is sent by our own listener on SQLite and counted once by the "begin" event.
        if not statement.startswith("BEGIN"):
            self._note(" ".join(statement.split()))


def _wsgi_call(app: Any, path: str, body: dict[str, Any], headers: dict[str, str]) -> Callable[[], None]:
    """One JSON POST as the app's WSGI call alone: its environ built here, untimed; the call answers 201."""
    environ = EnvironBuilder(path=path, method="POST", json=body, headers=list(headers.items())).get_environ()

    def call() -> None:
        status: list[str] = []
        answer = app(environ, lambda given, _headers, _exc=None: status.append(given))
        try:
            for _chunk in answer:
                pass
        finally:
            getattr(answer, "close", lambda: None)()
        assert status and status[0].startswith("201"), status

    return call


def measure(url: str | None, bare_url: str | None, turns: int = TURNS, show: bool = False,
            profile: bool = False, kind: str = "activity", via: str = "api", raw: bool = False) -> dict[str, Any]:
    """Statements of one create, and the median in-process time of product and bare creates, in turns.

    `raw`: each API create timed as the WSGI call alone (Flask's test client builds a request and wraps the answer
    around it: ~0.5 ms a request on both sides, which halves the ratio it shows; 7 December: x2.0 → x3.2)."""
    with tempfile.TemporaryDirectory() as tmp:
        product = prepare_product(url or f"sqlite:///{Path(tmp) / 'product.sqlite3'}", Path(tmp))
        app = product.app()
        client = app.test_client(use_cookies=False)
        if bare_url:
            bare_app.recreate_database(bare_url)
        bare = bare_app.create_app(bare_url or f"sqlite:///{Path(tmp) / 'bare.sqlite3'}", fresh=True)
        bare_client = bare.test_client(use_cookies=False)
        database = app.extensions["incidents.db"]
        counter = Statements(database.engine)
        updates = _outage_bodies(client, product) if kind == "outage_update" else None

        def create() -> None:
            body = next(updates) if updates is not None else product.body()
            response = client.post(product.path, json=body, headers=product.headers(str(uuid.uuid4())))
            assert response.status_code == 201, response.get_data(as_text=True)

        def create_bare() -> None:
            response = bare_client.post(bare_app.PATH, json=product.body(), headers=product.headers(str(uuid.uuid4())))
            assert response.status_code == 201, response.get_data(as_text=True)

        settle = None  # what a client does after a timed create, untimed
        if via == "form":
            browser, form_path, fields = _form_poster(app, product)
            saved: list[str] = []

            def create() -> None:
                response = browser.post(form_path, data=fields())
                assert response.status_code == 302, response.get_data(as_text=True)[:2000]
                saved.append(response.headers["Location"])

            def settle() -> None:
                # The report's page, as the browser follows the redirect: it shows (and so takes) "报告已保存",
                # which a client that never looked would carry in its session cookie into every later POST.
                browser.get(saved.pop())

            def create_bare() -> None:
                response = bare_client.post(bare_app.PATH, data={**fields(), "kind": "activity"})
                assert response.status_code == 201, response.get_data(as_text=True)

        for _ in range(20):  # warm both: caches, pools, lazy imports
            create()
            if settle is not None:
                settle()
            create_bare()
        counter.on = True
        create()
        counter.on = False
        if settle is not None:
            settle()
        if show:
            for i, text in enumerate(counter.seen, 1):
                print(f"{i:3} {text[:WIDTH]}")
        # What each turn times: the send itself, or (raw) a WSGI call whose environ is built before the clock starts.
        timed: dict[str, Callable[[], Callable[[], None]]] = {"product": lambda: create, "bare": lambda: create_bare}
        if raw:
            timed = {"product": lambda: _wsgi_call(app, product.path, product.body(),
                                                    product.headers(str(uuid.uuid4()))),
                     "bare": lambda: _wsgi_call(bare, bare_app.PATH, product.body(),
                                                product.headers(str(uuid.uuid4())))}
        times: dict[str, list[float]] = {"product": [], "bare": []}
        cpu: dict[str, list[float]] = {"product": [], "bare": []}  # this process's CPU: steadier on a busy machine
        # Raw: in rounds of RAW_ROUND calls of one app, each figure a round's mean. One request of each in turn left
        # the smaller app's code cold in the CPU's caches each time (the bare insert 0.57 ms against 0.39 ms in
        # rounds, 7 December); a gunicorn worker serves one app, its code kept warm.
        block = RAW_ROUND if raw else 1
        for _ in range(max(turns // block, 1)):
            for name in ("product", "bare"):
                sends = [timed[name]() for _ in range(block)]
                start, start_cpu = time.perf_counter(), time.process_time()
                for send in sends:
                    send()
                times[name].append((time.perf_counter() - start) / block)
                cpu[name].append((time.process_time() - start_cpu) / block)
                if settle is not None and name == "product":
                    settle()
        if profile:
            self_sort = "tottime" if profile == "self" else "cumulative"
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(turns):
                create()
                if settle is not None:
                    profiler.disable()
                    settle()
                    profiler.enable()
            profiler.disable()
            pstats.Stats(profiler).sort_stats(self_sort).print_stats(os.environ.get("PROFILE_FILTER", ""), 45)
        database.engine.dispose()
        bare.extensions["bare.engine"].dispose()
        product.drop()
        if bare_url:
            bare_app.drop_database(bare_url)
        return {"statements": len(counter.seen), "product_ms": statistics.median(times["product"]) * 1000,
                "bare_ms": statistics.median(times["bare"]) * 1000,
                "product_cpu_ms": statistics.mean(cpu["product"]) * 1000,
                "bare_cpu_ms": statistics.mean(cpu["bare"]) * 1000}


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """Rows for the benchmark table: one create in process, product beside the bare insert (SQLite, PostgreSQL)."""
    turns = 60 if quick else TURNS
    rows: list[dict[str, Any]] = []
    for db, url, bare_url in (("SQLite", None, None),
                              ("PostgreSQL", bare_app.sibling_url(pg, "ingest") if pg else None,
                               bare_app.sibling_url(pg, "bare") if pg else None)):
        if db == "PostgreSQL" and not pg:
            continue
        found = measure(url, bare_url, turns)
        rows.append({"bench": "ingest", "figure": f"one API create in process, {db}",
                     "product": round(found["product_ms"], 2), "bare": round(found["bare_ms"], 2), "unit": "ms"})
        rows.append({"bench": "ingest", "figure": f"SQL statements per create, {db}",
                     "product": found["statements"], "bare": 3, "unit": "statements"})
    return rows


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg",
                        help="a PostgreSQL server: databases <name>_ingest and <name>_bare are made there and dropped")
    parser.add_argument("--turns", type=int, default=TURNS)
    parser.add_argument("--list", action="store_true", help="print every statement of one create")
    parser.add_argument("--profile", action="store_true", help="cProfile of the product's creates")
    parser.add_argument("--kind", choices=["activity", "outage_update"], default="activity",
                        help="what the product creates (the bare app inserts the same body)")
    parser.add_argument("--via", choices=["api", "form"], default="api",
                        help="the API's JSON create, or the report form's POST as a logged-in browser sends it")
    parser.add_argument("--raw", action="store_true",
                        help="time the API create's WSGI call alone, its request built untimed (no test client)")
    args = parser.parse_args()
    url = bare_app.sibling_url(args.pg, "ingest") if args.pg else None
    bare_url = bare_app.sibling_url(args.pg, "bare") if args.pg else None
    if args.via == "form" and args.kind != "activity":
        parser.error("--via form sends activity reports")
    if args.raw and (args.via != "api" or args.kind != "activity"):
        parser.error("--raw times the API's create of an activity report")
    found = measure(url, bare_url, args.turns, show=args.list, profile=args.profile, kind=args.kind, via=args.via,
                    raw=args.raw)
    db = "PostgreSQL" if args.pg else "SQLite"
    what = "an outage update" if args.kind == "outage_update" else "an activity report"
    how = "form POST" if args.via == "form" else "API create"
    timing = f"the WSGI call alone, rounds of {RAW_ROUND}" if args.raw else "test client"
    print(f"one {how} of {what}, {db}, {timing}, median of {args.turns} in turns: "
          f"{found['statements']} statements; product {found['product_ms']:.2f} ms, bare insert "
          f"{found['bare_ms']:.2f} ms (x{found['product_ms'] / found['bare_ms']:.2f}); CPU per create (mean) "
          f"{found['product_cpu_ms']:.2f} ms, bare {found['bare_cpu_ms']:.2f} ms "
          f"(x{found['product_cpu_ms'] / found['bare_cpu_ms']:.2f})")


if __name__ == "__main__":
    main()
