"""Load test of a change: another checkout's product beside this one's and the bare app, under gunicorn, in turns.

A change's effect on the report API's rate is a few per cent; two separate runs of benches/load_test.py on this
machine differ by more (7 December: the same code gave 0.48x and 0.53x an hour apart). Here the product as another
checkout has it (`--base`, e.g. a `git worktree add /tmp/base <commit>`), this checkout's product and the bare app
are served at once (each product on its own database) and driven in alternating rounds, the order reversed every
other round, so a busy machine slows all three alike; each product's ratio to the bare app is printed with its
per-round ratios, beside its CPU a request. Same gunicorn settings and wrk load as benches/load_test.py.

    git worktree add /tmp/base 332c659a
    python -m benches.load_ab --base /tmp/base [--pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_ab]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benches import bare_app
from benches.load_test import ROOT, Round, Server, add_port_range, drive, load_average, measured, prepared, serve


def run(db: str, pg: str | None, base: Path, rounds: int, seconds: float, ports: range | None) -> None:
    """Serve the three apps on one database kind, alternate rounds, print each product's ratio to the bare app."""
    with tempfile.TemporaryDirectory(prefix="load-ab-") as tmp:
        folder = Path(tmp)
        (folder / "base").mkdir()
        (folder / "this").mkdir()
        base_product, bare_url = prepared(pg, folder / "base", "ab_base")
        this_product, unused_bare_url = prepared(pg, folder / "this", "ab_this")  # its bare database unused
        servers: list[Server] = []
        try:
            for name, product, root in (("base", base_product, base), ("this", this_product, ROOT)):
                servers.append(serve(name, "wsgi:app", {
                    "DATABASE_URL": product.url, "SECRET_KEY": "load",
                    "INCIDENTS_INSTANCE": str(folder / name / "instance")}, folder, ports, root))
            servers.append(serve("bare", "benches.bare_app:create_app()", {"BARE_DATABASE_URL": bare_url}, folder,
                                 ports))
            turns = [(servers[0], base_product, base_product.path), (servers[1], this_product, this_product.path),
                     (servers[2], this_product, bare_app.PATH)]
            for server, product, path in turns:  # warm all three: imports, pools, caches
                drive(server.name, server.base, path, product, 2, f"warm-{server.name}", folder)
            results: dict[str, list[Round]] = {server.name: [] for server in servers}
            for i in range(rounds):
                for server, product, path in turns if i % 2 == 0 else turns[::-1]:
                    found = measured(server, path, product, seconds, f"r{i}-{server.name}", folder)
                    results[server.name].append(found)
                    print(f"  {db:10} round {i + 1} {server.name:4} {found.rps:7.0f} req/s  p99 {found.p99_ms:6.1f} ms"
                          f"  CPU {found.cpu_ms:5.2f} ms/req  non-2xx {found.non2xx}", flush=True)
        finally:
            for server in servers:
                server.stop()
        base_product.drop()
        this_product.drop()
        if pg:
            bare_app.drop_database(bare_url)
            bare_app.drop_database(unused_bare_url)
    bare = results["bare"]
    bare_rps, bare_cpu = statistics.median(r.rps for r in bare), statistics.median(r.cpu_ms for r in bare)
    for name in ("base", "this"):
        mine = results[name]
        rps, cpu = statistics.median(r.rps for r in mine), statistics.median(r.cpu_ms for r in mine)
        each = ", ".join(f"{r.rps / b.rps:.2f}" for r, b in zip(mine, bare, strict=True))
        print(f"{db:10} {name}: {rps:.0f} req/s ({rps / bare_rps:.2f}x the bare app's {bare_rps:.0f}), p99 "
              f"{statistics.median(r.p99_ms for r in mine):.1f} ms, CPU {cpu:.2f} ms a request "
              f"({cpu / bare_cpu:.2f}x); each round {each}")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (its .venv not needed)")
    parser.add_argument("--pg", help="a PostgreSQL server URL: also measure there (databases <name>_ab_*)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per app (default 6)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per round (default 10)")
    add_port_range(parser, 3)
    args = parser.parse_args()
    print(f"load A/B: {args.base} beside {ROOT}, {args.rounds} alternating rounds of {args.duration:g} s; "
          f"load average {load_average()}")
    for db, url in [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else []):
        run(db, url, args.base.resolve(), args.rounds, args.duration, args.port_range)
    print(f"load average now {load_average()}")


if __name__ == "__main__":
    main()
