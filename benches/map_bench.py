"""Benchmark: the event map for 5,000 outages and 20,000 updates (every site placed), beside the timeline.

Prints the medians of: `site_map` (the state rule and the per-area GROUP BYs), drawing the SVG,
the whole map page, and, for scale, the timeline page of the same event in the same run (taken
in turns, so a busy machine slows both alike). Also the area page's nearby search (3 km).
`figures()` (the one table, `python -m benches`) times the map page and the nearby search beside bare
baselines in turns: one SELECT of the open outages' places with their households and a plain SVG
circle per place; one SELECT of the outages open in the areas of a box around the area.

    .venv/bin/python benches/map_bench.py          # SQLite, a temporary file
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from benches import measure  # noqa: E402
from benches.timeline_gen import START, generate  # noqa: E402
from incidents import create_app, migrations  # noqa: E402
from incidents.areas.models import Area  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.events.models import Event  # noqa: E402
from incidents.maps import markers, services  # noqa: E402
from incidents.maps.svg import map_svg  # noqa: E402
from incidents.reports.models import PowerOutage  # noqa: E402

RUNS = 5


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `fn` in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def setup(url: str, outages: int, updates: int) -> tuple[Any, int, list[int], datetime]:
    """A fresh schema with the generated event, every area placed around 36.09 N 114.35 E, and a viewer."""
    folder = tempfile.mkdtemp(prefix="map-bench-")
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder,
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "REQUEST_LOG": False})
    database = app.extensions["incidents.db"]
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    migrations.upgrade(database.engine)
    rng = random.Random(11)
    with database.transaction() as s:
        load_reference(s)
        event_id = generate(s, outages, updates)
        create_user(s, "bench-viewer", "correct horse battery", "viewer")
        ids = list(s.scalars(sa.select(Area.id)))
        table = Area.__table__
        s.execute(table.update().where(table.c.id == sa.bindparam("b_id")).values(
            latitude=sa.bindparam("lat"), longitude=sa.bindparam("lon")),
            [{"b_id": i, "lat": 36.09 + rng.uniform(-0.08, 0.08), "lon": 114.35 + rng.uniform(-0.1, 0.1)}
             for i in ids])
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return app, event_id, ids, START + timedelta(days=2)


def _bare_map(database: Any, event_id: int, at: datetime) -> str:
    """One SELECT of the places with outages open at `at` (households summed) and a circle each."""
    with database.read_session() as s:
        rows = s.execute(
            sa.select(Area.name, Area.latitude, Area.longitude, sa.func.count(),
                      sa.func.sum(PowerOutage.households_affected))
            .join(Area, Area.id == PowerOutage.area_id)
            .where(PowerOutage.event_id == event_id, PowerOutage.started_at <= at,
                   sa.or_(PowerOutage.restored_at.is_(None), PowerOutage.restored_at > at))
            .group_by(Area.id, Area.name, Area.latitude, Area.longitude)).all()
    circles = "".join(f'<circle cx="{lon:.5f}" cy="{lat:.5f}" r="{3 + (n or 0)}"><title>{name} {hh}</title></circle>'
                      for name, lat, lon, n, hh in rows)
    return f"<svg>{circles}</svg>"


def _figures_on(name: str, url: str, outages: int, updates: int, repeat: int) -> list[dict[str, Any]]:
    """The map page and the nearby search on one database, each beside its bare baseline, in turns."""
    app, event_id, ids, at = setup(url, outages, updates)
    database = app.extensions["incidents.db"]
    local = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    client = app.test_client()
    client.post("/login", data={"username": "bench-viewer", "password": "correct horse battery"})

    def page() -> bytes:
        response = client.get(f"/events/{event_id}/map?at={local}")
        assert response.status_code == 200, response.status_code
        return response.data

    timed = measure.interleaved({"page": page, "bare": lambda: _bare_map(database, event_id, at)}, repeat)
    size = f"{outages:,} outages, {updates:,} updates"
    rows = [measure.figure("map", f"map page ({name})", measure.ms(timed["page"]), measure.ms(timed["bare"]), "ms",
                           f"{size}; bare: one SELECT of the open places, a circle each; "
                           + measure.spread(timed["page"], timed["bare"]))]
    with database.read_session() as s:
        event, area = s.get_one(Event, event_id), s.get_one(Area, ids[len(ids) // 2])
        lat, lon = area.latitude or 0.0, area.longitude or 0.0
        # About 3 km either way at 36° N; the outages open at `at` in those areas, as the search answers.
        box = (sa.select(Area.id, Area.name, Area.latitude, Area.longitude, PowerOutage.households_affected)
               .join(PowerOutage, PowerOutage.area_id == Area.id)
               .where(Area.latitude.between(lat - 0.027, lat + 0.027), Area.longitude.between(lon - 0.034, lon + 0.034),
                      PowerOutage.event_id == event_id, PowerOutage.started_at <= at,
                      sa.or_(PowerOutage.restored_at.is_(None), PowerOutage.restored_at > at)))
        near = measure.interleaved({"nearby": lambda: services.nearby_sites(s, event, area, 3.0, at),
                                    "bare": lambda: s.execute(box).all()}, repeat)
    rows.append(measure.figure("map", f"nearby sites, 3 km ({name})", measure.ms(near["nearby"]),
                               measure.ms(near["bare"]), "ms", "bare: SELECT of the outages open in a box around it; "
                               + measure.spread(near["nearby"], near["bare"])))
    database.engine.dispose()
    return rows


def figures(quick: bool = False, pg: str | None = None) -> list[dict[str, Any]]:
    """The table's rows: the map page and the nearby search beside bare baselines, on each database."""
    outages, updates, repeat = (1000, 4000, 3) if quick else (5000, 20000, 5)
    urls = [("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='map-bench-')}/bench.sqlite3")]
    if pg:
        urls.append(("postgresql", "postgresql+psycopg://" + pg.split("://", 1)[1]))
    return [row for name, url in urls for row in _figures_on(name, url, outages, updates, repeat)]


def main() -> None:
    """Generate, place every area around 36.09 N 114.35 E, and time."""
    folder = tempfile.mkdtemp()
    app, event_id, ids, at = setup(f"sqlite:///{folder}/bench.sqlite3", 5000, 20000)
    database = app.extensions["incidents.db"]
    local = at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    client = app.test_client()
    client.post("/login", data={"username": "bench-viewer", "password": "correct horse battery"})
    with database.read_session() as s:
        event = s.get(Event, event_id)
        some_area = s.get(Area, ids[len(ids) // 2])
        found = services.site_map(s, event, at)
        drawn = markers.markers(markers.ordered(found.placed), "zh", markers.words(str))
        print(f"{len(found.sites):,} sites, {sum(x.open_outages for x in found.sites):,} outages open at {local}")
        print(f"site_map (SQL)       {median_ms(lambda: services.site_map(s, event, at)):8.1f} ms")
        print(f"SVG of {len(drawn):,} markers  {median_ms(lambda: map_svg(drawn, title='map')):8.1f} ms")
        nearby = median_ms(lambda: services.nearby_sites(s, event, some_area, 3.0, at))
        print(f"nearby (3 km)        {nearby:8.1f} ms")
    pages = {"map page": f"/events/{event_id}/map?at={local}",
             "timeline page": f"/events/{event_id}/timeline?at={local}"}
    times: dict[str, list[float]] = {k: [] for k in pages}
    for _ in range(RUNS):
        for name, url in pages.items():
            t0 = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    for name, values in times.items():
        print(f"{name:<20} {statistics.median(values):8.1f} ms")


if __name__ == "__main__":
    main()
