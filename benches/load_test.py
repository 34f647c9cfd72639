"""Load test: the product's report API against a bare Flask + SQLAlchemy insert, both under gunicorn, driven by wrk.

Both apps are served on 127.0.0.1 with the same gunicorn settings (deploy/gunicorn.conf.py, 2 sync
workers). wrk (16 connections, 2 threads) POSTs one JSON activity report per request, each with
its own Idempotency-Key, as a scoped reporter with an API token (benches/load_post.lua); the bare
app (benches/bare_app.py) stores the same body as one row. Rounds alternate (product, bare, product,
...) so a busy machine slows both alike; each round's req/s, p50 and p99 are printed, then the
medians and their ratio. Every id the product acknowledged is looked up afterwards: a missing one
is a lost report. Non-2xx answers are counted. `--via form`: the activity report form POSTed as a logged-in
browser sends it (session cookie, CSRF token, a one-time token each; load_post.lua's form mode), the bare app
storing the same fields from request.form; the product's 302 to the report is its acknowledgement.

    python -m benches.load_test                           # SQLite, 3 rounds of 15 s each
    python -m benches.load_test --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench
    python -m benches.load_test --quick                   # 2 rounds of 5 s: a look, not a figure
    python -m benches.load_test --port-range 51500-51509  # the servers on ports of that range only
    python -m benches.load_test --via form                # the report form's POST, logged in by a cookie

With --pg, two fresh databases are made beside the one named (<name>_load, <name>_load_bare) and
dropped at the end; the named one is never touched. Target (issue 14): product >= 0.6x the bare
req/s, p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benches import bare_app
from benches.load_setup import OBSERVED, PASSWORD, USERNAME, Product, prepare_product

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WRK = os.environ.get("WRK", "/usr/bin/wrk")
SCRIPT = Path(__file__).with_name("load_post.lua")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
WORKERS = 2
CONNECTIONS = 16
THREADS = 2
# wrk's own default (2 s) drops slower answers from the latencies as "socket errors": on a busy
# machine that hides exactly the tail p99 is about.
TIMEOUT = 10
LINE = re.compile(r"^LOAD (.*)$", re.M)
APPS = ("product", "bare")  # served side by side, a port each


@dataclass
class Server:
    """One app under gunicorn: its process, address and log."""

    name: str
    proc: subprocess.Popen[bytes]
    base: str
    log: Path

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn's master and workers (Linux /proc; 0 elsewhere)."""
        pid = self.proc.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            total = 0
            for one in [str(pid), *children]:
                fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime: the 14th and 15th fields
        except OSError:
            return 0.0
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM the master (it stops its workers) and wait."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def port_range(text: str, apps: int = len(APPS)) -> range:
    """--port-range START-END (both ends included) as a range of `apps` ports or more; argparse names the option."""
    start, dash, end = text.partition("-")
    if not (start.isdigit() and dash and end.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not START-END, e.g. 51500-51509")
    ports = range(int(start), int(end) + 1)
    if not (ports.start >= 1024 and ports.stop - 1 <= 65535):
        raise argparse.ArgumentTypeError(f"{text!r}: ports run from 1024 to 65535")
    if len(ports) < apps:
        raise argparse.ArgumentTypeError(f"{text!r} holds {len(ports)} ports: the bench serves {apps} "
                                         f"apps, a port each")
    return ports


def add_port_range(parser: argparse.ArgumentParser, apps: int) -> None:
    """--port-range on the command line of a bench serving `apps` gunicorn servers (this one, load_floor)."""
    parser.add_argument("--port-range", type=functools.partial(port_range, apps=apps), metavar="START-END",
                        help="serve the apps on the first free ports of START-END, both included (beside other "
                             "work with ports of its own); default: any free ports")


def free_port(ports: range | None = None) -> int:
    """A port nobody listens on now: the first free one of `ports`, else one the system picks."""
    import socket

    for port in ports if ports is not None else (0,):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}" if ports else "no free port")


def serve(name: str, app: str, env: dict[str, str], folder: Path, ports: range | None = None,
          root: Path = ROOT) -> Server:
    """Start gunicorn with the deployed settings and 2 workers (on a port of `ports` if given); wait for /healthz.

    `root`: the checkout whose code it serves (benches/load_ab.py serves another beside this one).
    """
    bind = f"127.0.0.1:{free_port(ports)}"
    log = folder / f"{name}.log"
    env = {**os.environ, **env, "INCIDENTS_BIND": bind, "INCIDENTS_WORKERS": str(WORKERS),
           "INCIDENTS_SCHEDULER": "off", "PYTHONPATH": str(root)}
    proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF), app], cwd=root, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = Server(name, proc, f"http://{bind}", log)
    deadline = time.monotonic() + 240  # a busy machine boots a worker slowly
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not start:\n{log.read_text()[-3000:]}")


@dataclass
class Round:
    """One wrk run's figures."""

    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    acknowledged: int
    non2xx: int
    socket_errors: int
    ids: list[int] = field(default_factory=list)
    cpu_ms: float = 0.0  # the server's CPU time per request: what 2 cores can serve, whatever the lock


@dataclass(frozen=True)
class Browser:
    """A logged-in browser's cookie and CSRF token (--via form), as the report form's page hands them out."""

    cookie: str
    csrf: str


def logged_in(base: str, product: Product) -> Browser:
    """Log the load reporter in through the login form of a served product; its cookie and the form's CSRF token."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf_of(path: str) -> str:
        with opener.open(base + path, timeout=30) as page:
            found = CSRF.search(page.read().decode())
        if found is None:
            raise RuntimeError(f"no CSRF token on {path}")
        return found.group(1)

    fields = {"csrf_token": csrf_of("/login"), "username": USERNAME, "password": PASSWORD}
    with opener.open(base + "/login", data=urllib.parse.urlencode(fields).encode(), timeout=30):
        pass  # the redirect followed: the session cookie is in the jar
    csrf = csrf_of(form_path(product))
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return Browser(cookie, csrf)


def form_path(product: Product) -> str:
    """The activity report form's address."""
    return f"/events/{product.event_id}/reports/new/activity"


def drive(name: str, base: str, path: str, product: Product, seconds: float, tag: str, folder: Path,
          browser: Browser | None = None) -> Round:
    """Run wrk against one app for `seconds` (a form's POSTs as `browser` if given); its figures and its ids."""
    prefix = folder / f"ids-{tag}"
    env = {**os.environ, "LOAD_PATH": path, "LOAD_TOKEN": product.token, "LOAD_AREA": str(product.area_id),
           "LOAD_OBSERVED": OBSERVED, "LOAD_TAG": tag, "LOAD_IDS": str(prefix)}
    if browser is not None:
        day, clock = OBSERVED[:10], OBSERVED[11:16]  # the same instant, as the form's two fields in its zone
        env |= {"LOAD_MODE": "form", "LOAD_COOKIE": browser.cookie, "LOAD_CSRF": browser.csrf, "LOAD_DAY": day,
                "LOAD_TIME": clock}
    done = subprocess.run([WRK, "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds:g}s", "--latency",
                           "--timeout", f"{TIMEOUT}s",
                           "-s", str(SCRIPT), base + path], env=env, capture_output=True, text=True,
                          timeout=seconds + 120)
    found = LINE.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")
    facts = dict(pair.split("=") for pair in found.group(1).split())
    ids = [int(line) for f in sorted(folder.glob(f"ids-{tag}-*.txt")) for line in f.read_text().split()]
    requests = int(facts["requests"])
    return Round(name, requests / (int(facts["duration_us"]) / 1e6), int(facts["p50_us"]) / 1000,
                 int(facts["p99_us"]) / 1000, requests, int(facts["acknowledged"]), int(facts["non2xx"]),
                 int(facts["errors"]), ids)


def measured(server: Server, path: str, product: Product, seconds: float, tag: str, folder: Path,
             browser: Browser | None = None) -> Round:
    """One round of wrk against a served app, with the server's CPU time per request."""
    used = server.cpu_seconds()
    found = drive(server.name, server.base, path, product, seconds, tag, folder, browser)
    found.cpu_ms = 1000 * (server.cpu_seconds() - used) / max(found.requests, 1)
    return found


def prepared(pg: str | None, folder: Path, tag: str) -> tuple[Product, str]:
    """A fresh product database (place, event, reporter, token) and the bare app's empty one: their URLs.

    PostgreSQL: <name>_<tag> and <name>_<tag>_bare beside the database `pg` names (never touched);
    SQLite: two files in folder.
    """
    if pg:
        url, bare_url = bare_app.sibling_url(pg, tag), bare_app.sibling_url(pg, f"{tag}_bare")
        bare_app.recreate_database(bare_url)
    else:
        url, bare_url = f"sqlite:///{folder / 'product.sqlite3'}", f"sqlite:///{folder / 'bare.sqlite3'}"
    product = prepare_product(url, folder)
    bare_app.create_app(bare_url, fresh=True).extensions["bare.engine"].dispose()
    return product, bare_url


def stored_ids(url: str) -> set[int]:
    """Every report id in the product's database."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = set(conn.scalars(sa.text("SELECT id FROM reports")))
    engine.dispose()
    return found


def run(db: str, pg: str | None, rounds: int, seconds: float, out: Any = sys.stdout,
        ports: range | None = None, via: str = "api") -> dict[str, Any]:
    """Serve both apps on one database kind (on `ports` if given), alternate rounds, check every acknowledged id."""
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        folder = Path(tmp)
        product, bare_url = prepared(pg, folder, "load")
        url = product.url
        servers: list[Server] = []
        try:
            servers.append(serve("product", "wsgi:app", {
                "DATABASE_URL": url, "SECRET_KEY": "load", "INCIDENTS_INSTANCE": str(folder / "instance")}, folder,
                ports))
            servers.append(serve("bare", "benches.bare_app:create_app()", {"BARE_DATABASE_URL": bare_url}, folder,
                                 ports))
            browser = logged_in(servers[0].base, product) if via == "form" else None
            apps = {"product": (servers[0].base, form_path(product) if browser else product.path),
                    "bare": (servers[1].base, bare_app.PATH)}
            for name, (base, path) in apps.items():  # warm both: imports, pools, caches
                drive(name, base, path, product, 2, f"warm-{name}", folder, browser)
            results: list[Round] = []
            for i in range(rounds):
                for server, (name, (_base, path)) in zip(servers, apps.items(), strict=True):
                    found = measured(server, path, product, seconds, f"r{i}-{name}", folder, browser)
                    results.append(found)
                    print(f"  {db:10} round {i + 1} {name:7} {found.rps:7.0f} req/s  p50 {found.p50_ms:6.1f} ms  "
                          f"p99 {found.p99_ms:6.1f} ms  CPU {found.cpu_ms:5.2f} ms/req  non-2xx {found.non2xx}  "
                          f"socket errors {found.socket_errors}", file=out, flush=True)
        finally:
            for server in servers:
                server.stop()
        stored = stored_ids(url)
        acknowledged = [i for r in results if r.name == "product" for i in r.ids]
        missing = sorted(set(acknowledged) - stored)
        product.drop()
        if pg:
            bare_app.drop_database(bare_url)

    def med(name: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in results if r.name == name)

    summary = {
        "db": db, "via": via, "rounds": rounds, "seconds": seconds,
        "product_rps": med("product", "rps"), "bare_rps": med("bare", "rps"),
        "product_p50": med("product", "p50_ms"), "product_p99": med("product", "p99_ms"),
        "bare_p50": med("bare", "p50_ms"), "bare_p99": med("bare", "p99_ms"),
        "product_cpu_ms": med("product", "cpu_ms"), "bare_cpu_ms": med("bare", "cpu_ms"),
        "acknowledged": len(acknowledged), "stored": len(stored), "missing": len(missing),
        "non2xx": sum(r.non2xx for r in results if r.name == "product"),
        "socket_errors": sum(r.socket_errors for r in results),
    }
    summary["ratio"] = summary["product_rps"] / summary["bare_rps"]
    return summary


def load_average() -> str:
    """The machine's 1-minute load average (other work slows both apps alike, not the ratio)."""
    return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def describe(s: dict[str, Any]) -> str:
    """The summary of one database kind, as printed."""
    return (f"{s['db']} ({s['via']}): product {s['product_rps']:.0f} req/s (p50 {s['product_p50']:.1f} ms, p99 "
            f"{s['product_p99']:.1f} ms), bare {s['bare_rps']:.0f} req/s (p50 {s['bare_p50']:.1f} ms, p99 "
            f"{s['bare_p99']:.1f} ms): ratio {s['ratio']:.2f}x (target >= 0.6x, p99 <= 100 ms)\n"
            f"    server CPU per request: product {s['product_cpu_ms']:.2f} ms, bare {s['bare_cpu_ms']:.2f} ms "
            f"({s['product_cpu_ms'] / max(s['bare_cpu_ms'], 1e-9):.1f}x)\n"
            f"    acknowledged {s['acknowledged']} reports, {s['stored']} rows stored (warm-up included), "
            f"{s['missing']} acknowledged but missing, {s['non2xx']} non-2xx answers, "
            f"{s['socket_errors']} socket errors")


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The load test's rows for the benchmark table: req/s of product and bare on SQLite (and PostgreSQL)."""
    rounds, seconds = (2, 5) if quick else (3, 15)
    rows: list[dict[str, Any]] = []
    for db, url in (("SQLite", None), ("PostgreSQL", pg)):
        if db == "PostgreSQL" and not url:
            continue
        s = run(db, url, rounds, seconds, out=sys.stderr)
        rows.append({"bench": "load", "figure": f"POST report, {db}, wrk -c{CONNECTIONS}, gunicorn -w{WORKERS}",
                     "product": round(s["product_rps"]), "bare": round(s["bare_rps"]), "unit": "req/s"})
        rows.append({"bench": "load", "figure": f"p99 latency, {db}", "product": round(s["product_p99"], 1),
                     "bare": round(s["bare_p99"], 1), "unit": "ms"})
        if s["missing"]:
            raise AssertionError(f"{s['missing']} acknowledged reports are missing on {db}")
    return rows


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL server URL: also measure there (databases <name>_load*)")
    parser.add_argument("--only-pg", action="store_true", help="with --pg: skip SQLite")
    parser.add_argument("--duration", type=float, default=15, help="seconds per round (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per app (default 3)")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 5 s")
    parser.add_argument("--via", choices=["api", "form"], default="api",
                        help="the API's JSON create (a token), or the report form's POST (a logged-in cookie)")
    add_port_range(parser, len(APPS))
    return parser.parse_args(argv)


def main() -> None:
    """Run and print."""
    args = arguments()
    rounds, seconds = (2, 5) if args.quick else (args.rounds, args.duration)
    print(f"load test: gunicorn -w {WORKERS} (sync, deploy/gunicorn.conf.py) on 127.0.0.1, wrk -t{THREADS} "
          f"-c{CONNECTIONS}, {rounds} alternating rounds of {seconds:g} s; load average {load_average()}")
    kinds = ([] if args.only_pg else [("SQLite", None)]) + ([("PostgreSQL", args.pg)] if args.pg else [])
    summaries = [run(db, url, rounds, seconds, ports=args.port_range, via=args.via) for db, url in kinds]
    print(f"medians of {rounds} rounds; load average now {load_average()}")
    for s in summaries:
        print(describe(s))
    if any(s["missing"] for s in summaries):
        sys.exit("acknowledged reports are missing")


if __name__ == "__main__":
    main()
