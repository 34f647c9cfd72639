"""Benchmark: the timeline page and the restoration curve for 5,000 outages and 20,000 updates.

Each figure is printed beside a bare baseline measured in the same run: one plain SELECT of the
same outages (every row the page draws a bar for) rendered by a bare template, a table with the
same text fields the page's rows show (area, start, restoration, households, buildings, ETR),
through the app's usual filters (vtime, qty). The bare baseline applies no outage rule, so its
restoration is the outage's stored restored_at and its ETR the first one. Target: the page within
2x the bare rendering. Bare and measured run in turns (bare, page, curve, ...) so that a busy
machine slows both alike; the medians are printed. For comparison it also prints the previous
baseline (the same rows, four fields: area, start, restoration, households).

    .venv/bin/python benches/timeline_bench.py                      # SQLite (a temporary file)
    .venv/bin/python benches/timeline_bench.py \\
        --pg postgresql://postgres@127.0.0.1:5432/DB               # SQLite, then PostgreSQL
    .venv/bin/python benches/timeline_bench.py --only pg --pg postgresql://...

The PostgreSQL database's public schema is dropped and recreated: give it a database of your own.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask import render_template_string  # noqa: E402

from benches.timeline_gen import START, generate  # noqa: E402
from incidents import create_app, migrations  # noqa: E402
from incidents.areas.models import Area  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.events.models import Event  # noqa: E402
from incidents.reports.models import PowerOutage  # noqa: E402
from incidents.timelines import services  # noqa: E402

# The previous baseline, kept for comparison: the same rows, but only four of the fields.
THIN = """<!doctype html><html><body><table>
{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.started_at|vtime(r.started_precision, tz) }}</td>
<td>{{ r.restored_at|vtime(r.restored_precision, tz) if r.restored_at else '' }}</td>
<td>{{ r.households_affected|qty(r.households_affected_lb, '户') }}</td></tr>{% endfor %}
</table></body></html>"""
BARE = """<!doctype html><html><body><table>
{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.started_at|vtime(r.started_precision, tz) }}</td>
<td>{{ r.restored_at|vtime(r.restored_precision, tz) if r.restored_at else '—' }}</td>
<td>{{ r.households_affected|qty(r.households_affected_lb, '户') }}</td>
<td>{{ r.buildings_affected|qty(r.buildings_affected_lb, '栋') }}</td>
<td>{{ r.etr_at|vtime(r.etr_precision, tz) if r.etr_at else '' }}</td></tr>{% endfor %}
</table></body></html>"""


def interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, object]]:
    """Median wall time of each function, run in turns after one warm-up each, and its result.

    The garbage left by the call before (its result, kept here) is collected before each call,
    outside the timing, so that no call is charged for another's.
    """
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            results[name] = None
            gc.collect()
            t0 = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - t0)
    return {name: (statistics.median(times[name]), results[name]) for name in fns}


def run(url: str, outages: int, updates: int, repeat: int) -> dict[str, float]:
    """Generate the event in a fresh schema, time everything, print; returns the ratios."""
    tmp = tempfile.mkdtemp(prefix="timeline-bench-")
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tmp, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    database = app.extensions["incidents.db"]
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    migrations.upgrade(database.engine)
    t0 = time.perf_counter()
    with database.transaction() as s:
        load_reference(s)
        event_id = generate(s, outages, updates)
        create_user(s, "bench-viewer", "correct horse battery", "viewer")
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"\n== {database.engine.dialect.name}: generated {outages:,} outages and {updates:,} updates "
          f"in {time.perf_counter() - t0:.1f} s")

    at = START + timedelta(days=6)
    at_param = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    client = app.test_client()
    client.post("/login", data={"username": "bench-viewer", "password": "correct horse battery"})

    def bare(template: str = BARE) -> str:
        with app.test_request_context("/"), database.read_session() as s:
            rows = s.execute(
                sa.select(Area.name, PowerOutage.started_at, PowerOutage.started_precision,
                          PowerOutage.restored_at, PowerOutage.restored_precision,
                          PowerOutage.households_affected, PowerOutage.households_affected_lb,
                          PowerOutage.buildings_affected, PowerOutage.buildings_affected_lb,
                          PowerOutage.etr_at, PowerOutage.etr_precision)
                .join(Area, Area.id == PowerOutage.area_id).where(PowerOutage.event_id == event_id)
                .order_by(PowerOutage.started_at)).all()
            return render_template_string(template, rows=rows, tz="Asia/Shanghai")

    def page() -> bytes:
        response = client.get(f"/events/{event_id}/timeline?at={at_param}")
        assert response.status_code == 200, response.status_code
        return response.data

    def service() -> services.Timeline:
        with database.read_session() as s:
            return services.restoration_timeline(s, s.get(Event, event_id), at=at)

    def curve() -> services.Curve:
        with database.read_session() as s:
            return services.restoration_curve(s, event_id, at)

    def states() -> list[services.OutageState]:
        with database.read_session() as s:
            return services.outage_states(s, event_id, at)

    def curve_csv() -> bytes:
        return client.get(f"/events/{event_id}/curve.csv?at={at_param}").data

    r = interleaved({"bare": bare, "page": page, "service": service, "states": states, "curve": curve,
                     "curve_csv": curve_csv, "thin": lambda: bare(THIN)}, repeat)
    t_bare, html_bare = r["bare"]
    st, c, html_page = r["states"][1], r["curve"][1], r["page"][1]
    bars = html_page.count(b'class="tl-row ')
    print(f"outages at {at:%Y-%m-%d %H:%M} UTC: {len(st):,} ({sum(1 for x in st if x.open):,} open); "
          f"bars on the page: {bars:,}; bare rows: {html_bare.count('<tr>'):,}; curve points: {len(c.points):,}")
    print(f"{'bare SELECT + bare template (baseline)':44} {t_bare * 1000:8.1f} ms  {len(html_bare):>10,} bytes")
    print(f"{'timeline page (GET, all of it)':44} {r['page'][0] * 1000:8.1f} ms  {len(html_page):>10,} bytes"
          f"  ratio {r['page'][0] / t_bare:.2f}x")
    print(f"{'  restoration_timeline() service':44} {r['service'][0] * 1000:8.1f} ms  ratio "
          f"{r['service'][0] / t_bare:.2f}x")
    print(f"{'  outage_states() (the rule, once)':44} {r['states'][0] * 1000:8.1f} ms  ratio "
          f"{r['states'][0] / t_bare:.2f}x")
    print(f"{'restoration_curve()':44} {r['curve'][0] * 1000:8.1f} ms  ratio {r['curve'][0] / t_bare:.2f}x")
    print(f"{'curve CSV (GET, event + each subdistrict)':44} {r['curve_csv'][0] * 1000:8.1f} ms  ratio "
          f"{r['curve_csv'][0] / t_bare:.2f}x")
    print(f"{'(previous baseline: same rows, 4 fields)':44} {r['thin'][0] * 1000:8.1f} ms  page ratio "
          f"{r['page'][0] / r['thin'][0]:.2f}x")
    ratio = r["page"][0] / t_bare
    print(f"page / bare = {ratio:.2f}x ({'within' if ratio <= 2 else 'OVER'} the 2x target); "
          f"curve / bare = {r['curve'][0] / t_bare:.2f}x")
    return {"page": ratio, "curve": r["curve"][0] / t_bare}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL of a database of your own (its schema is reset)")
    parser.add_argument("--only", choices=["sqlite", "pg"])
    parser.add_argument("--outages", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    urls = []
    if args.only != "pg":
        urls.append(("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='timeline-bench-')}/bench.sqlite3"))
    if args.pg and args.only != "sqlite":
        urls.append(("postgresql", "postgresql+psycopg://" + args.pg.split("://", 1)[1]))
    if not urls:
        parser.error("--only pg needs --pg URL")
    ratios = {name: run(url, args.outages, args.updates, args.repeat) for name, url in urls}
    print("\nsummary: " + "; ".join(f"{name} page {r['page']:.2f}x, curve {r['curve']:.2f}x"
                                    for name, r in ratios.items()))


if __name__ == "__main__":
    main()
