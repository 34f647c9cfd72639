"""Generate a large outage event for the timeline benchmark: N outages, about 4 updates each.

Rows go in with bulk Core inserts (the report service's per-row validation and audit would
dominate the set-up time, and the benchmark measures reading, not writing). The shape follows
the field: some outages of unreported size, some lower bounds, vague starts, partial
restorations, affected totals that grow, ETRs that slip, and about a fifth still open.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.services import create_area
from incidents.auth.services import create_user
from incidents.events.services import create_event
from incidents.reports.models import OutageUpdate, PowerOutage, Report

START = datetime(2024, 7, 20, 0, 0, tzinfo=UTC)


def generate(session: Session, outages: int = 5000, updates: int = 20000, seed: int = 7, subdistricts: int = 20,
             communities_each: int = 10) -> int:
    """Create the event, areas and reports in the caller's transaction; returns the event id.

    20 subdistricts of 10 communities by default; a province's event has 250 (tests/timelines/test_weight.py).
    """
    rng = random.Random(seed)
    district = create_area(session, name="基准区", level="district")
    subs = [create_area(session, name=f"第{i + 1}街道", level="subdistrict", parent=district)
            for i in range(subdistricts)]
    communities = [create_area(session, name=f"{s.name}第{j + 1}社区", level="community", parent=s)
                   for s in subs for j in range(communities_each)]
    sites = []
    for n in range(outages):
        sites.append({"parent_id": communities[n % len(communities)].id, "level": "site",
                      "name": f"小区{n + 1}", "search_key": f"xq{n + 1}", "version": 1,
                      "created_at": START})
    session.execute(Area.__table__.insert(), sites)
    site_ids = list(session.scalars(sa.text("SELECT id FROM areas WHERE level = 'site' ORDER BY id")))
    event = create_event(session, code=f"bench-{rng.randrange(10**9)}", name="基准暴雨",
                         kind="rainstorm", starts_at=START, area_id=district.id)
    user = create_user(session, f"bench-{rng.randrange(10**9)}", None, "reporter")
    next_id = (session.scalar(sa.select(sa.func.max(Report.id))) or 0) + 1
    reports, outage_rows, update_rows = [], [], []
    per_outage = [updates // outages] * outages
    for i in range(updates - sum(per_outage)):
        per_outage[i % outages] += 1
    for n, site_id in enumerate(site_ids[:outages]):
        start = START + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
        precision = rng.choice(["exact"] * 6 + ["approximate", "afternoon", "day"])
        households = None if rng.random() < 0.1 else rng.randrange(20, 800)
        buildings = rng.choice([None, None, rng.randrange(1, 30)])
        etr = start + timedelta(hours=rng.randrange(4, 48)) if rng.random() < 0.6 else None
        oid = next_id
        next_id += 1
        reports.append(_report(oid, "outage", event.id, site_id, start, precision, user.id))
        outage_rows.append({"id": oid, "households_affected": households,
                            "households_affected_lb": households is not None and rng.random() < 0.1,
                            "buildings_affected": buildings, "buildings_affected_lb": False,
                            "started_at": start, "started_precision": precision, "etr_at": etr,
                            "etr_precision": "exact" if etr else None})
        at, affected, restored = start, households, 0
        count = per_outage[n]
        stays_open = rng.random() < 0.2
        for k in range(count):
            at = at + timedelta(minutes=rng.randrange(30, 600))
            last = k == count - 1
            row = {"outage_id": oid, "households_affected": None, "buildings_affected": None,
                   "households_restored": None, "buildings_restored": None, "households_out": None,
                   "buildings_out": None, "fully_restored": False, "etr_at": None, "etr_precision": None,
                   "households_affected_lb": False, "buildings_affected_lb": False,
                   "households_restored_lb": False, "buildings_restored_lb": False,
                   "households_out_lb": False, "buildings_out_lb": False}
            if last and not stays_open:
                row["fully_restored"] = True
            elif affected is not None and rng.random() < 0.2:
                affected += rng.randrange(1, 100)
                row["households_affected"] = affected
            elif affected is not None:
                restored = min(affected, restored + rng.randrange(0, max(affected // 3, 1)))
                row["households_restored"], row["households_affected"] = restored, affected
            else:
                row["etr_at"], row["etr_precision"] = at + timedelta(hours=rng.randrange(1, 24)), "exact"
            uid = next_id
            next_id += 1
            reports.append(_report(uid, "outage_update", event.id, site_id, at, "exact", user.id))
            update_rows.append({"id": uid, **row})
        if not stays_open:
            outage_rows[-1]["restored_at"], outage_rows[-1]["restored_precision"] = at, "exact"
    for rows, model in ((reports, Report), (outage_rows, PowerOutage), (update_rows, OutageUpdate)):
        table = model.__table__
        for chunk in range(0, len(rows), 2000):
            part = rows[chunk:chunk + 2000]
            keys = set().union(*(r.keys() for r in part))
            session.execute(table.insert(), [{k: r.get(k) for k in keys} for r in part])
    if session.get_bind().dialect.name == "postgresql":
        # Ids were given explicitly: move the sequence past them for whoever inserts next.
        session.execute(sa.text("SELECT setval(pg_get_serial_sequence('reports', 'id'), :n)"),
                        {"n": next_id})
    return event.id


def _report(rid: int, kind: str, event_id: int, area_id: int, at: datetime, precision: str,
            user_id: int) -> dict:
    return {"id": rid, "kind": kind, "event_id": event_id, "area_id": area_id, "observed_at": at,
            "observed_precision": precision, "reported_at": at + timedelta(minutes=15),
            "reporter_id": user_id, "status": "submitted", "version": 1, "created_at": at,
            "updated_at": at}
