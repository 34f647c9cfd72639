"""Benchmark: the event map for 5,000 outages and 20,000 updates (every site placed), beside the timeline.

Prints the medians of: `site_map` (the state rule and the per-area GROUP BYs), drawing the SVG,
the whole map page, and, for scale, the timeline page of the same event in the same run (taken
in turns, so a busy machine slows both alike). Also the area page's nearby search (3 km).

    .venv/bin/python benches/map_bench.py          # SQLite, a temporary file
"""

from __future__ import annotations

import random
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

from benches.timeline_gen import START, generate  # noqa: E402
from incidents import create_app, migrations  # noqa: E402
from incidents.areas.models import Area  # noqa: E402
from incidents.auth.services import create_user  # noqa: E402
from incidents.demo import load_reference  # noqa: E402
from incidents.events.models import Event  # noqa: E402
from incidents.maps import markers, services  # noqa: E402
from incidents.maps.svg import map_svg  # noqa: E402

RUNS = 5


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `fn` in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    """Generate, place every area around 36.09 N 114.35 E, and time."""
    folder = tempfile.mkdtemp()
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "INSTANCE_PATH": folder,
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "REQUEST_LOG": False})
    database = app.extensions["incidents.db"]
    migrations.upgrade(database.engine)
    rng = random.Random(11)
    with database.transaction() as s:
        load_reference(s)
        event_id = generate(s, 5000, 20000)
        create_user(s, "bench-viewer", "correct horse battery", "viewer")
        ids = list(s.scalars(sa.select(Area.id)))
        table = Area.__table__
        s.execute(table.update().where(table.c.id == sa.bindparam("b_id")).values(
            latitude=sa.bindparam("lat"), longitude=sa.bindparam("lon")),
            [{"b_id": i, "lat": 36.09 + rng.uniform(-0.08, 0.08), "lon": 114.35 + rng.uniform(-0.1, 0.1)}
             for i in ids])
    at = START + timedelta(days=2)
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
