"""Benchmark: the CPU each request hook costs one API create, in process, with the request log on (as under gunicorn).

Outside its view a bearer JSON POST pays Flask's before- and after-request functions, the teardowns, the session
interface's open and save, and make_response. Each is wrapped with a CPU clock (`time.process_time`, ~1 µs a call
of its own) over --turns creates through the test client (benches/load_setup.py's scoped reporter and token), and
printed as µs a create in the order a request meets them, beside the view's and the whole request's. The request
log's lines go to os.devnull (each still written).

    python -m benches.request_hooks                  # SQLite (a temporary file)
    python -m benches.request_hooks --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_hooks
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from benches import bare_app
from benches.load_setup import prepare_product

TURNS = 1000
WARM = 50


def clocked(name: str, spent: dict[str, float], function: Callable[..., Any],
            calls: dict[str, int] | None = None) -> Callable[..., Any]:
    """`function` with a CPU clock: its time added to spent[name] (and its calls to calls[name]) at each call."""
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
            if calls is not None:
                calls[name] = calls.get(name, 0) + 1

    return timed


def _name(function: Any) -> str:
    return getattr(function, "__qualname__", repr(function)).split("<locals>.")[-1]


def measure(url: str, turns: int = TURNS, rounds: int = 3) -> list[tuple[str, float]]:
    """(part, µs CPU a create) for each hook and the view, the request first; medians of `rounds` rounds."""
    from incidents import create_app
    from incidents.ops.logs import log

    with tempfile.TemporaryDirectory() as tmp:
        product = prepare_product(url, Path(tmp))
        app = create_app({**product.config(), "REQUEST_LOG": True})
        with open(os.devnull, "w") as devnull:  # noqa: PTH123 - a stream for logging, not a path's text
            streams = [handler for handler in log.handlers if isinstance(handler, logging.StreamHandler)]
            kept = [handler.setStream(devnull) for handler in streams]
            spent: dict[str, float] = {}
            order = ["request (wsgi_app)"]
            app.wsgi_app = clocked(order[0], spent, app.wsgi_app)  # type: ignore[method-assign]
            interface = app.session_interface
            for method in ("open_session", "save_session"):
                order.append(f"session: {method}")
                setattr(interface, method, clocked(order[-1], spent, getattr(interface, method)))
            for label, functions in (("before", app.before_request_funcs[None]), ("view", None),
                                     ("make_response", None), ("after", app.after_request_funcs[None][::-1]),
                                     ("teardown", app.teardown_request_funcs.get(None, [])),
                                     ("teardown", app.teardown_appcontext_funcs)):
                if functions is None:
                    order.append(label)
                    continue
                for function in functions:
                    order.append(f"{label}: {_name(function)}")
            befores, afters = app.before_request_funcs[None], app.after_request_funcs[None]
            befores[:] = [clocked(f"before: {_name(f)}", spent, f) for f in befores]
            afters[:] = [clocked(f"after: {_name(f)}", spent, f) for f in afters]
            app.teardown_appcontext_funcs[:] = [clocked(f"teardown: {_name(f)}", spent, f)
                                                for f in app.teardown_appcontext_funcs]
            app.make_response = clocked("make_response", spent, app.make_response)  # type: ignore[method-assign]
            client = app.test_client(use_cookies=False)
            endpoint = app.url_map.bind("localhost").match(product.path, method="POST")[0]
            app.view_functions[endpoint] = clocked("view", spent, app.view_functions[endpoint])

            def create() -> None:
                response = client.post(product.path, json=product.body(), headers=product.headers(str(uuid.uuid4())))
                assert response.status_code == 201, response.get_data(as_text=True)

            for _ in range(WARM):
                create()
            found: dict[str, list[float]] = {}
            for _ in range(rounds):
                spent.clear()
                for _ in range(turns):
                    create()
                for name, seconds in spent.items():
                    found.setdefault(name, []).append(seconds / turns * 1e6)
            for handler, stream in zip(streams, kept, strict=True):
                handler.setStream(stream)
        app.extensions["incidents.db"].engine.dispose()
        product.drop()
    return [(name, statistics.median(found[name])) for name in order if name in found]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL server: database <name>_hooks is made there and dropped")
    parser.add_argument("--turns", type=int, default=TURNS)
    args = parser.parse_args()
    url = bare_app.sibling_url(args.pg, "hooks") if args.pg else None
    with tempfile.TemporaryDirectory() as tmp:
        parts = measure(url or f"sqlite:///{Path(tmp) / 'hooks.sqlite3'}", args.turns)
    whole = dict(parts)["request (wsgi_app)"]
    hooks = sum(us for name, us in parts if name.split(":")[0] in ("before", "after", "teardown", "session"))
    print(f"one API create, {'PostgreSQL' if args.pg else 'SQLite'}, CPU µs a create (median of 3 rounds of "
          f"{args.turns}), the request log on:")
    for name, us in parts:
        print(f"{us:9.1f}  {name}")
    login = dict(parts).get("before: _token_login", 0.0)  # the first to ask who it is: the token login's cost
    print(f"{hooks:9.1f}  the hooks and the session interface together ({hooks / whole:.1%} of the request)")
    print(f"{hooks - login:9.1f}  the same, the token login (in _token_login) aside "
          f"({(hooks - login) / whole:.1%} of the request)")


if __name__ == "__main__":
    main()
