"""Load test of the product's floor: what a create costs before it writes, beside the whole create and the bare insert.

Issue 14 asks the report API for >= 0.6x the bare insert's req/s. This bench serves, under the
load test's gunicorn settings and wrk load (benches/load_test.py), five apps in alternating rounds:

- `product`: the product as deployed (wsgi:app);
- `checks`: the product with every step of a create but its writes: token login, role, event, body,
  scope and validation run as always, then the report is built and answered without a row stored
  (no idempotency key, audit row, report rows or commit);
- `login`: the product whose create view answers at once after the token login and role check
  (Flask, Flask-Login, the request hooks and the request log all still run);
- `guarded`: benches/guarded_app.py, the bare app with every guarantee the issue names (token, role, scope,
  event, validation, idempotency key, audit row, one transaction) written lean over the product's schema:
  what those guarantees themselves cost on this stack;
- `bare`: benches/bare_app.py, one ORM INSERT and COMMIT per POST.

A stage's ratio to the bare app is the most the product could reach were everything after that
stage free. `guarded` against `checks` tells the guarantees from the product's way of keeping them: on
5 December `guarded` (all of them, writes included) ran at 0.66-0.71x with 1.2-1.3x the bare app's CPU a
request while the product's `checks` (no writes) ran at 0.38-0.51x on SQLite: the cost is the product's
layers (its login, its objects, its hooks), not the guarantees. The stubs live here, never in the product.

    python -m benches.load_floor [--pg postgresql+psycopg://postgres@127.0.0.1:5432/bench] [--quick]
    python -m benches.load_floor --port-range 51500-51509  # the servers on ports of that range only
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask

from benches import bare_app
from benches.load_test import Round, Server, add_port_range, drive, load_average, measured, prepared, serve

STAGES = ("product", "checks", "login", "guarded", "bare")


def create_app(stage: str) -> Flask:
    """The deployed product app with its create cut short at `stage` ("checks" or "login"); gunicorn's factory."""
    from incidents import create_app as product_app
    from incidents.auth.decorators import requires
    from incidents.auth.permissions import REPORT
    from incidents.db import locks_at_first_write
    from incidents.reports import services
    from incidents.reports.models import ReportKind, ReportStatus
    from incidents.reports.validation import validate_report

    app = product_app()
    # Each cut-short view keeps the real one's marks: on SQLite its session takes the write lock at its
    # first write, not at BEGIN (db.locks_at_first_write), and the login reads in that same session.
    if stage == "login":
        @locks_at_first_write
        @requires(REPORT)
        def answered(event_id: int) -> Any:
            return {"id": 0, "kind": "activity", "event_id": event_id}, 201

        app.view_functions["api_reports.create"] = answered
    elif stage == "checks":
        def unstored(session: Any, kind: str, data: dict[str, Any], reporter_id: int, _key: str,
                     reported_at: Any = None, now: Any = None) -> tuple[Any, bool]:
            # What create_report checks before it writes (the scope check it repeats is remembered, ~0).
            validate_report(session, ReportKind(kind), data, now=now, reported_at=reported_at or services.now_utc())
            model = services.MODELS[ReportKind(kind)]
            report = model(id=0, version=1, reporter_id=reporter_id, status=ReportStatus.SUBMITTED,
                           event_id=data["event_id"], area_id=data.get("area_id"), reported_at=services.now_utc())
            return report, True

        view = app.view_functions["api_reports.create"]

        @functools.wraps(view)
        def checked(**args: Any) -> Any:
            # The view's own create swapped for the stub while it runs: nothing else in the process sees it.
            kept = services.add_report_once
            services.add_report_once = unstored  # type: ignore[assignment]
            try:
                return view(**args)
            finally:
                services.add_report_once = kept  # type: ignore[assignment]

        app.view_functions["api_reports.create"] = checked
    else:
        raise ValueError(f"unknown stage {stage!r}")
    return app


def run(db: str, pg: str | None, rounds: int, seconds: float, out: Any = sys.stdout,
        ports: range | None = None) -> dict[str, dict[str, float]]:
    """Serve the five apps on one database (on `ports` if given), alternate rounds; each stage's median req/s, CPU."""
    with tempfile.TemporaryDirectory(prefix="floor-") as tmp:
        folder = Path(tmp)
        product, bare_url = prepared(pg, folder, "floor")
        env = {"DATABASE_URL": product.url, "SECRET_KEY": "load", "INCIDENTS_INSTANCE": str(folder / "instance")}
        apps = {"product": "wsgi:app", "checks": "benches.load_floor:create_app('checks')",
                "login": "benches.load_floor:create_app('login')", "guarded": "benches.guarded_app:create_app()",
                "bare": "benches.bare_app:create_app()"}
        servers: dict[str, Server] = {}
        results: list[Round] = []
        try:
            for name, spec in apps.items():
                servers[name] = serve(name, spec, {**env, "BARE_DATABASE_URL": bare_url}, folder, ports)
            paths = {name: (bare_app.PATH if name == "bare" else product.path) for name in apps}
            for name, server in servers.items():
                drive(name, server.base, paths[name], product, 2, f"warm-{name}", folder)
            for i in range(rounds):
                for name, server in servers.items():
                    found = measured(server, paths[name], product, seconds, f"r{i}-{name}", folder)
                    if found.non2xx or found.socket_errors:
                        raise AssertionError(f"{name}: {found.non2xx} non-2xx, {found.socket_errors} socket errors; "
                                             f"its log ends:\n{server.log.read_text()[-1500:]}")
                    results.append(found)
                    print(f"  {db:10} round {i + 1} {name:7} {found.rps:7.0f} req/s  CPU {found.cpu_ms:5.2f} ms/req",
                          file=out, flush=True)
        finally:
            for server in servers.values():
                server.stop()
            product.drop()
            if pg:
                bare_app.drop_database(bare_url)
    return {name: {"rps": statistics.median(r.rps for r in results if r.name == name),
                   "cpu_ms": statistics.median(r.cpu_ms for r in results if r.name == name)} for name in STAGES}


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The floor's rows for the benchmark table: each cut-short stage's req/s beside the bare app's."""
    rounds, seconds = (2, 5.0) if quick else (3, 15.0)
    rows: list[dict[str, Any]] = []
    for db, url in (("SQLite", None), ("PostgreSQL", pg)):
        if db == "PostgreSQL" and not url:
            continue
        found = run(db, url, rounds, seconds, out=sys.stderr)
        for name, what in (("product", "the whole create"), ("checks", "all but its writes"),
                           ("login", "the token login alone"), ("guarded", "every guarantee, written lean")):
            rows.append({"bench": "load_floor", "figure": f"POST report, {db}: {what}",
                         "product": round(found[name]["rps"]), "bare": round(found["bare"]["rps"]), "unit": "req/s"})
    return rows


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL server URL: also measure there (databases <name>_floor*)")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 5 s (default 3 of 15 s)")
    add_port_range(parser, len(STAGES))
    return parser.parse_args(argv)


def main() -> None:
    """Run and print one line per stage: req/s, CPU per request and both as a ratio to the bare app."""
    args = arguments()
    rounds, seconds = (2, 5.0) if args.quick else (3, 15.0)
    print(f"floor: {rounds} alternating rounds of {seconds:g} s per app; load average {load_average()}")
    kinds = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
    for db, url in kinds:
        found = run(db, url, rounds, seconds, ports=args.port_range)
        bare = found["bare"]
        for name in STAGES:
            s = found[name]
            print(f"{db:10} {name:7} {s['rps']:6.0f} req/s ({s['rps'] / bare['rps']:.2f}x bare), "
                  f"CPU {s['cpu_ms']:.2f} ms a request ({s['cpu_ms'] / bare['cpu_ms']:.2f}x bare)")
    print(f"load average now {load_average()}", file=sys.stderr)


if __name__ == "__main__":
    main()
