"""Benchmark: the timeline page and the restoration curve for 5,000 outages and 20,000 updates.

Prints each figure beside a bare baseline measured in the same run: one plain SELECT of the
same outages rendered by a bare template (a table with the same visible fields, through the
same filters). Target: the page within 2x the bare rendering.

    .venv/bin/python benches/timeline_bench.py                       # SQLite, temp file
    .venv/bin/python benches/timeline_bench.py --url postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask import render_template_string  # noqa: E402

from benches.timeline_gen import START, generate  # noqa: E402
from incidents import create_app, migrations  # noqa: E402
from incidents.areas.models import Area  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.reports.models import PowerOutage  # noqa: E402
from incidents.timelines import services  # noqa: E402

BARE = """<!doctype html><html><body><table>
{% for r in rows %}<tr><td>{{ r.name }}</td><td>{{ r.started_at|vtime(r.started_precision, tz) }}</td>
<td>{{ r.restored_at|vtime(r.restored_precision, tz) if r.restored_at else '' }}</td>
<td>{{ r.households_affected|qty(r.households_affected_lb, '户') }}</td></tr>{% endfor %}
</table></body></html>"""


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs (after one warm-up), and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file); its schema is reset")
    parser.add_argument("--outages", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="timeline-bench-")
    url = args.url or f"sqlite:///{tmp}/bench.sqlite3"
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
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
        event_id = generate(s, args.outages, args.updates)
        create_user(s, "bench-viewer", "correct horse battery", "viewer")
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"database: {database.engine.dialect.name}; generated {args.outages:,} outages and "
          f"{args.updates:,} updates in {time.perf_counter() - t0:.1f} s")

    at = START + timedelta(days=6)
    at_param = at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    client = app.test_client()
    client.post("/login", data={"username": "bench-viewer", "password": "correct horse battery"})

    def bare() -> str:
        with app.test_request_context("/"), database.read_session() as s:
            rows = s.execute(
                sa.select(Area.name, PowerOutage.started_at, PowerOutage.started_precision,
                          PowerOutage.restored_at, PowerOutage.restored_precision,
                          PowerOutage.households_affected, PowerOutage.households_affected_lb)
                .join(Area, Area.id == PowerOutage.area_id).where(PowerOutage.event_id == event_id)
                .order_by(PowerOutage.started_at)).all()
            return render_template_string(BARE, rows=rows, tz="Asia/Shanghai")

    def page() -> bytes:
        response = client.get(f"/events/{event_id}/timeline?at={at_param}")
        assert response.status_code == 200, response.status_code
        return response.data

    def service() -> services.Timeline:
        with database.read_session() as s:
            from incidents.events.models import Event

            return services.restoration_timeline(s, s.get(Event, event_id), at=at)

    def curve() -> services.Curve:
        with database.read_session() as s:
            return services.restoration_curve(s, event_id, at)

    def states() -> list:
        with database.read_session() as s:
            return services.outage_states(s, event_id, at)

    def curve_csv() -> bytes:
        return client.get(f"/events/{event_id}/curve.csv?at={at_param}").data

    t_bare, html_bare = timed(bare, args.repeat)
    t_page, html_page = timed(page, args.repeat)
    t_service, tl = timed(service, args.repeat)
    t_curve, c = timed(curve, args.repeat)
    t_states, st = timed(states, args.repeat)
    t_csv, _ = timed(curve_csv, args.repeat)
    print(f"outages at {at:%Y-%m-%d %H:%M} UTC: {len(st):,} ({sum(1 for x in st if x.open):,} open); "
          f"curve points: {len(c.points):,}")
    print(f"{'bare SELECT + bare template (baseline)':44} {t_bare * 1000:8.1f} ms  {len(html_bare):>10,} bytes")
    print(f"{'timeline page (GET, all of it)':44} {t_page * 1000:8.1f} ms  {len(html_page):>10,} bytes"
          f"  ratio {t_page / t_bare:.2f}x")
    print(f"{'  restoration_timeline() service':44} {t_service * 1000:8.1f} ms")
    print(f"{'  outage_states()':44} {t_states * 1000:8.1f} ms")
    print(f"{'restoration_curve()':44} {t_curve * 1000:8.1f} ms  ratio {t_curve / t_bare:.2f}x")
    print(f"{'curve CSV (GET)':44} {t_csv * 1000:8.1f} ms  ratio {t_csv / t_bare:.2f}x")
    verdict = "within" if t_page <= 2 * t_bare else "OVER"
    print(f"page / bare = {t_page / t_bare:.2f}x ({verdict} the 2x target)")
    del tl


if __name__ == "__main__":
    main()
