"""Benchmark: the CPU each part of the API create's view costs, outside the report services, in process.

The sibling of benches/request_hooks.py, inside the view: each function `incidents/api/reports.create` calls
(`event_or_404`, `json_object`, `json_data`, `add_report_once`, `report_json`, `url_for`),
the session's commit, `make_response` (the answer's dict, status and headers made a response) and every
`bearer_token` parse of the request is wrapped with a CPU clock (`time.process_time`, ~1 µs a call of its own)
over --turns creates through the test client (benches/load_setup.py's scoped reporter and token, the request log
off), and printed as µs a create with its calls a create, beside the view's and the whole request's. "the rest of
the view" is the view less its clocked parts: the kind and key checks, `requires`, the proxies' lookups.

    python -m benches.view_parts                  # SQLite (a temporary file)
    python -m benches.view_parts --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_view
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benches import bare_app
from benches.load_setup import prepare_product
from benches.request_hooks import clocked

TURNS = 1000
WARM = 50
# Names of incidents/api/reports.py the view calls, clocked where the view looks them up.
VIEW_CALLS = ("event_or_404", "json_object", "json_data", "report_json", "url_for")


def measure(url: str, turns: int = TURNS, rounds: int = 3,
            also: tuple[str, ...] = ()) -> list[tuple[str, float, float]]:
    """(part, µs CPU a create, calls a create) for the request, the view and each part; medians of `rounds`.

    `also`: more functions to clock, each `module:name` (clocked where that module's callers look it up) or
    `module:Class.name` (a method).
    """
    import importlib

    from sqlalchemy.orm import Session

    from incidents import create_app
    from incidents.api import auth
    from incidents.api import reports as view_module
    from incidents.reports import services

    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    saved = {name: getattr(view_module, name) for name in VIEW_CALLS if hasattr(view_module, name)}
    saved_once, saved_token, saved_commit = services.add_report_once, auth.bearer_token, Session.commit
    extra: list[tuple[Any, str]] = []
    for named in also:  # module:name, or module:Class.name
        owner: Any = importlib.import_module(named.partition(":")[0])
        *path, name = named.partition(":")[2].split(".")
        for step in path:
            owner = getattr(owner, step)
        extra.append((owner, name))
    saved_extra = [getattr(module, name) for module, name in extra]
    in_view = [False]

    def commit(session: Session) -> None:
        if not in_view[0]:
            return saved_commit(session)
        start = time.process_time()
        try:
            return saved_commit(session)
        finally:
            spent["commit"] = spent.get("commit", 0.0) + time.process_time() - start
            calls["commit"] = calls.get("commit", 0) + 1

    with tempfile.TemporaryDirectory() as tmp:
        product = prepare_product(url, Path(tmp))
        app = create_app(product.config())
        try:
            for name, function in saved.items():
                setattr(view_module, name, clocked(name, spent, function, calls))
            services.add_report_once = clocked("add_report_once", spent, saved_once, calls)
            auth.bearer_token = clocked("bearer_token", spent, saved_token, calls)
            Session.commit = commit  # type: ignore[method-assign]
            for (module, name), function in zip(extra, saved_extra, strict=True):
                setattr(module, name, clocked(name, spent, function, calls))
            app.wsgi_app = clocked("request (wsgi_app)", spent, app.wsgi_app, calls)  # type: ignore[method-assign]
            app.make_response = clocked("make_response", spent, app.make_response, calls)  # type: ignore[method-assign]
            endpoint = app.url_map.bind("localhost").match(product.path, method="POST")[0]
            view = clocked("view", spent, app.view_functions[endpoint], calls)

            def flagged(*args: Any, **kwargs: Any) -> Any:
                in_view[0] = True
                try:
                    return view(*args, **kwargs)
                finally:
                    in_view[0] = False

            app.view_functions[endpoint] = flagged
            client = app.test_client(use_cookies=False)

            def create() -> None:
                response = client.post(product.path, json=product.body(), headers=product.headers(str(uuid.uuid4())))
                assert response.status_code == 201, response.get_data(as_text=True)

            for _ in range(WARM):
                create()
            found: dict[str, list[tuple[float, float]]] = {}
            for _ in range(rounds):
                spent.clear()
                calls.clear()
                for _ in range(turns):
                    create()
                for name, seconds in spent.items():
                    found.setdefault(name, []).append((seconds / turns * 1e6, calls[name] / turns))
        finally:
            for name, function in saved.items():
                setattr(view_module, name, function)
            services.add_report_once, auth.bearer_token = saved_once, saved_token
            Session.commit = saved_commit  # type: ignore[method-assign]
            for (module, name), function in zip(extra, saved_extra, strict=True):
                setattr(module, name, function)
            app.extensions["incidents.db"].engine.dispose()
            product.drop()
    parts = [(name, statistics.median(us for us, _n in found[name]), statistics.median(n for _us, n in found[name]))
             for name in ("request (wsgi_app)", "view", *VIEW_CALLS, "add_report_once", "commit", "make_response",
                          "bearer_token", *(name for _owner, name in extra)) if name in found]
    inner = ("event_or_404", "json_object", "json_data", "report_json", "add_report_once", "commit")
    figures = {name: us for name, us, _n in parts}
    # report_json's path is inside report_json's figure: only the Location's is the view's own.
    paths = figures.get("url_for", 0.0)
    rest = figures["view"] - sum(figures.get(name, 0.0) for name in inner) - paths / 2
    return [*parts, ("the rest of the view", rest, 1.0)]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL server: database <name>_view is made there and dropped")
    parser.add_argument("--turns", type=int, default=TURNS)
    parser.add_argument("--also", action="append", default=[], help="another function to clock: module:name")
    args = parser.parse_args()
    url = bare_app.sibling_url(args.pg, "view") if args.pg else None
    with tempfile.TemporaryDirectory() as tmp:
        parts = measure(url or f"sqlite:///{Path(tmp) / 'view.sqlite3'}", args.turns, also=tuple(args.also))
    whole = parts[0][1]
    print(f"one API create, {'PostgreSQL' if args.pg else 'SQLite'}, CPU µs a create (median of 3 rounds of "
          f"{args.turns}), the request log off:")
    for name, us, n in parts:
        print(f"{us:9.1f}  {us / whole:6.1%}  {n:4.1f} calls  {name}")


if __name__ == "__main__":
    main()
