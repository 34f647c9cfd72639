"""Benchmark: CPU per outage update stored through the service (the restoration mirror kept), 300 of them.

Run: python benches/mirror_bench.py LABEL (SQLite in a temporary folder; prints ms of CPU per update)."""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from incidents import create_app, migrations
from incidents.areas.services import create_area
from incidents.auth.services import create_user
from incidents.events.services import create_event
from incidents.reports.services import create_report

folder = tempfile.mkdtemp()
app = create_app({"DATABASE_URL": f"sqlite:///{folder}/m.sqlite3", "INSTANCE_PATH": folder, "SECRET_KEY": "x"})
db = app.extensions["incidents.db"]
migrations.upgrade(db.engine)
start = datetime(2021, 7, 1, tzinfo=UTC)
with db.transaction() as s:
    d = create_area(s, name="测试区", level="district")
    a = create_area(s, name="甲街道", level="subdistrict", parent=d)
    sites = [create_area(s, name=f"小区{i}", level="site", parent=a, households=1000).id for i in range(30)]
    ev = create_event(s, code="m", name="m", kind="rainstorm", starts_at=start, timezone="Asia/Shanghai", area_id=d.id)
    uid = create_user(s, "u", None, "reporter").id
    eid = ev.id
outages = []
with db.transaction() as s:
    for site in sites:
        data = {"event_id": eid, "area_id": site, "households_affected": 1000,
                "started_at": start + timedelta(hours=1), "started_precision": "exact"}
        known = start + timedelta(hours=2)
        outages.append(create_report(s, "outage", data, uid, reported_at=known, now=known).id)
cpu = 0.0
n = 0
for k in range(10):
    for o in outages:
        at = start + timedelta(hours=3 + k)
        t = time.process_time()
        with db.transaction() as s:
            create_report(s, "outage_update", {"event_id": eid, "outage_id": o, "observed_at": at,
                                               "observed_precision": "exact", "households_restored": 100 * (k + 1)},
                          uid, reported_at=at, now=at)
        cpu += time.process_time() - t
        n += 1
print(f"{sys.argv[1]}: {cpu / n * 1000:.2f} ms CPU per outage update ({n})")
