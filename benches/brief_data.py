"""Generate a province-scale event for the brief benchmark: 5,000 communities, ~33,000 reports a day.

Rows go straight into the tables with bulk statements (PostgreSQL COPY; SQLite executemany in big
transactions), day by day so memory stays flat: 1,000,000 reports over 30 days take well under a
minute or two. Deterministic (a seeded random generator).

    python -m benches.brief_data sqlite:////tmp/bench.sqlite3 --days 30
    python -m benches.brief_data 'postgresql://postgres@127.0.0.1:5432/mydb' --schema bench1 --days 30
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import demo, migrations
from incidents.db import make_engine
from incidents.models import (
    ActivityEntry,
    Area,
    DebrisClearance,
    Disinfection,
    DisinfectionCount,
    Event,
    OutageUpdate,
    PowerOutage,
    PumpingOperation,
    PumpingVolume,
    Report,
    User,
)

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2021, 7, 1, tzinfo=TZ)
SUBDISTRICTS = 250
# Share of each kind among a day's reports (sums to 1; outage updates are scheduled per outage,
# about two each, the last a full restoration within four days): outages and their updates, pumping
# operations and volumes, disinfection rounds (3 counts each), debris clearances, activity.
MIX = {"outage": 0.04, "outage_update": 0.08, "pumping": 0.05, "pumping_volume": 0.15, "disinfection": 0.30,
       "debris": 0.18, "activity": 0.20}
SITE_CODES = ["street", "compound", "courtyard", "garbage_point", "drain_grate", "litter_bin", "public_toilet"]


def url_for(base: str, schema: str | None) -> str:
    """A SQLAlchemy URL (psycopg 3 for PostgreSQL), optionally pinned to a schema via search_path."""
    if base.startswith(("postgres://", "postgresql://")):
        base = "postgresql+psycopg://" + base.split("://", 1)[1]
    if schema and base.startswith("postgresql"):
        base += ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"
    return base


def fresh_schema(url: str, schema: str | None) -> sa.Engine:
    """A new empty database: the PostgreSQL schema dropped and re-created, or a new SQLite file; migrated."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        engine = make_engine(url)

        @sa.event.listens_for(engine, "connect")
        def _fast(dbapi_conn: Any, _record: Any) -> None:
            # Loading a throw-away benchmark database: no fsync per commit.
            dbapi_conn.execute("PRAGMA synchronous=OFF")
            dbapi_conn.execute("PRAGMA cache_size=-200000")
    else:
        assert schema and schema != "public", "use a schema of its own, never public"
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    migrations.upgrade(engine)
    return engine


@dataclass
class Ids:
    """Next ids, assigned here so subtype rows can point at their base rows."""

    report: int = 1


def _default(column: sa.Column) -> Any:
    """What the model would write for a column left out: its scalar default, False for a flag."""
    if column.default is not None and getattr(column.default, "is_scalar", False):
        return column.default.arg  # type: ignore[attr-defined]
    if isinstance(column.type, sa.Boolean) and not column.nullable:
        return False
    return None


class Writer:
    """Bulk writer: COPY on PostgreSQL, executemany on SQLite; rows as dicts, columns from the models."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.buffers: dict[str, list[tuple]] = {}
        self.columns: dict[str, list[str]] = {}
        # Columns a generator leaves out get the model's default, so a new column never breaks it.
        self.defaults: dict[str, dict[str, Any]] = {}

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        cols = self.columns.setdefault(table.name, [c.name for c in table.columns])
        if table.name not in self.defaults:
            self.defaults[table.name] = {c.name: _default(c) for c in table.columns}
        defaults = self.defaults[table.name]
        self.buffers.setdefault(table.name, []).append(tuple(row.get(c, defaults[c]) for c in cols))

    def _value(self, v: Any) -> Any:
        if isinstance(v, datetime):
            v = v.astimezone(UTC)
            return v if self.pg else v.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, dt_time) and not self.pg:
            return v.strftime("%H:%M:%S.%f")
        return v

    def flush(self) -> None:
        order = ["areas", "users", "events", "reports", "power_outages", "outage_updates", "pumping_operations",
                 "pumping_volumes", "disinfections", "disinfection_counts", "debris_clearances", "activity_entries"]
        for name in sorted(self.buffers, key=order.index):
            rows, cols = self.buffers[name], self.columns[name]
            if not rows:
                continue
            if self.pg:
                raw = self.conn.connection.driver_connection
                with raw.cursor() as cur, cur.copy(f'COPY "{name}" ({", ".join(cols)}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([self._value(v) for v in row])
            else:
                marks = ", ".join("?" for _ in cols)
                self.conn.exec_driver_sql(f'INSERT INTO "{name}" ({", ".join(cols)}) VALUES ({marks})',
                                          [tuple(self._value(v) for v in row) for row in rows])
            rows.clear()


def _base(ids: Ids, kind: str, event_id: int, area_id: int, observed: datetime, rng: random.Random,
          precision: str = "exact") -> dict[str, Any]:
    late = rng.random() < 0.03
    delay = timedelta(hours=rng.uniform(24, 72)) if late else timedelta(minutes=rng.uniform(5, 240))
    status = rng.choices(["verified", "submitted", "returned", "retracted"], [60, 38, 1, 1])[0]
    row = {"id": ids.report, "kind": kind, "event_id": event_id, "area_id": area_id, "observed_at": observed,
           "observed_precision": precision, "reported_at": observed + delay, "reporter_id": 1, "status": status,
           "created_at": observed + delay, "updated_at": observed + delay, "version": 1,
           "source": None, "note": None, "status_reason": "bench" if status == "returned" else None}
    ids.report += 1
    return row


def _day_reports(w: Writer, ids: Ids, event_id: int, day: int, per_day: int, communities: list[int],
                 subdistricts: list[int],
                 pending: dict[int, list[tuple[int, int, datetime, int, bool]]], ops: list[tuple[int, int, datetime]],
                 rng: random.Random) -> None:
    day_start = START + timedelta(days=day)

    def when() -> datetime:
        return day_start + timedelta(seconds=rng.randrange(86400))

    counts = {kind: int(per_day * share) for kind, share in MIX.items()}
    for _ in range(counts["outage"]):
        area = rng.choice(communities)
        at = when()
        base = _base(ids, "outage", event_id, area, at, rng)
        households = rng.randrange(20, 800)
        w.add(Report.__table__, base)
        w.add(PowerOutage.__table__, {"id": base["id"], "households_affected": households,
                                      "households_affected_lb": False, "buildings_affected": None,
                                      "buildings_affected_lb": False, "started_at": at,
                                      "started_precision": "exact",
                                      "etr_at": at + timedelta(hours=rng.randrange(2, 48)), "etr_precision": "exact"})
        # Power comes back within hours or days: one to three updates, the last a full
        # restoration; 0.2% are never closed and stay open to the end of the event (every
        # brief lists them, so they are a cost that grows with the history).
        n = rng.choice((1, 2, 2, 3))
        times = sorted(at + timedelta(minutes=rng.randrange(10, 4 * 24 * 60)) for _ in range(n))
        for i, t in enumerate(times):
            full = i == n - 1 and rng.random() < 0.998
            pending.setdefault((t - START).days, []).append((base["id"], area, t, households, full))
    for outage_id, area, at, households, full in pending.pop(day, []):
        base = _base(ids, "outage_update", event_id, area, at, rng)
        w.add(Report.__table__, base)
        restored = households if full else households // 2
        w.add(OutageUpdate.__table__, {
            "id": base["id"], "outage_id": outage_id, "households_affected": households,
            "households_affected_lb": False, "buildings_affected_lb": False,
            "households_restored": restored, "households_restored_lb": False, "buildings_restored_lb": False,
            "households_out_lb": False, "buildings_out_lb": False, "fully_restored": full})
    for _ in range(counts["pumping"]):
        area = rng.choice(communities)
        at = when()
        base = _base(ids, "pumping", event_id, area, at, rng)
        w.add(Report.__table__, base)
        # 0.5% never report an end: pumping "to this day", in every brief from then on.
        ended = at + timedelta(hours=rng.randrange(2, 72)) if rng.random() < 0.995 else None
        w.add(PumpingOperation.__table__, {"id": base["id"], "team": f"排涝队{area % 97}",
                                           "people": rng.randrange(3, 40), "people_lb": rng.random() < 0.1,
                                           "pumps": rng.randrange(1, 8),
                                           "pumps_lb": False, "capacity_m3h_lb": False, "ended_at": ended,
                                           "ended_precision": "exact" if ended else None})
        ops.append((base["id"], area, at))
    for _ in range(counts["pumping_volume"]):
        if not ops:
            break
        op_id, area, started = ops[rng.randrange(max(0, len(ops) - 3000), len(ops))]
        start = max(started, when() - timedelta(hours=rng.randrange(0, 48)))
        end = start + timedelta(hours=rng.randrange(1, 72))
        base = _base(ids, "pumping_volume", event_id, area, end, rng)
        w.add(Report.__table__, base)
        w.add(PumpingVolume.__table__, {"id": base["id"], "operation_id": op_id, "period_start": start,
                                        "period_start_precision": "exact", "period_end": end,
                                        "period_end_precision": "exact", "volume_m3": rng.randrange(100, 20000),
                                        "volume_m3_lb": rng.random() < 0.05})
    for _ in range(counts["disinfection"]):
        # Totals to date (截至目前) come from subdistrict offices, rounds from the communities.
        cumulative = rng.random() < 0.02
        area = rng.choice(subdistricts) if cumulative else rng.choice(communities)
        at = when()
        base = _base(ids, "disinfection", event_id, area, at, rng)
        w.add(Report.__table__, base)
        people = rng.randrange(2, 60) * (50 if cumulative else 1)
        w.add(Disinfection.__table__, {"id": base["id"], "person_times": people,
                                       "person_times_lb": rng.random() < 0.05, "cumulative": cumulative})
        for code in rng.sample(SITE_CODES, 3):
            w.add(DisinfectionCount.__table__, {"report_id": base["id"], "category_code": code,
                                                "count": rng.randrange(1, 100), "count_lb": rng.random() < 0.05})
    for _ in range(counts["debris"]):
        area = rng.choice(communities)
        start = when()
        end = start + timedelta(hours=rng.randrange(1, 30)) if rng.random() < 0.7 else None
        base = _base(ids, "debris", event_id, area, end or start, rng)
        w.add(Report.__table__, base)
        w.add(DebrisClearance.__table__, {
            "id": base["id"], "period_start": start, "period_start_precision": "exact", "period_end": end,
            "period_end_precision": "exact" if end else None, "mass_kg": rng.randrange(100, 50000),
            "mass_kg_lb": rng.random() < 0.1, "truckloads": rng.randrange(1, 20), "truckloads_lb": False,
            "people": rng.randrange(2, 50), "people_lb": False, "vehicles": rng.randrange(1, 10), "vehicles_lb": False})
    for _ in range(counts["activity"]):
        area = rng.choice(communities)
        base = _base(ids, "activity", event_id, area, when(), rng)
        w.add(Report.__table__, base)
        w.add(ActivityEntry.__table__, {"id": base["id"], "title": f"工作动态 {base['id']}"})


def generate(url: str, schema: str | None, days: int, communities: int = 5000, per_day: int = 33_334,
             seed: int = 1) -> dict[str, Any]:
    """Build the schema and fill it; returns what was made and how long it took."""
    t0 = time.perf_counter()
    engine = fresh_schema(url, schema)
    rng = random.Random(seed)
    ids = Ids()
    with engine.begin() as conn:
        with Session(conn) as s:
            demo.load_reference(s)
            s.flush()
        w = Writer(conn)
        w.add(User.__table__, {"id": 1, "username": "bench", "display_name": "bench", "role": "reporter",
                               "active": True, "password_hash": None, "created_at": START, "version": 1,
                               "session_version": 1})
        w.add(Area.__table__, {"id": 1, "parent_id": None, "level": "district", "name": "基准省", "search_key": "",
                               "created_at": START, "version": 1})
        area_id = 2
        community_ids, sub_ids = [], []
        per_sub = communities // SUBDISTRICTS
        for i in range(SUBDISTRICTS):
            sub_id = area_id
            sub_ids.append(sub_id)
            w.add(Area.__table__, {"id": sub_id, "parent_id": 1, "level": "subdistrict", "name": f"街道{i:03d}",
                                   "search_key": "", "created_at": START, "version": 1})
            area_id += 1
            for j in range(per_sub):
                w.add(Area.__table__, {"id": area_id, "parent_id": sub_id, "level": "community",
                                       "name": f"社区{i:03d}-{j:02d}", "search_key": "", "households": 2000,
                                       "created_at": START, "version": 1})
                community_ids.append(area_id)
                area_id += 1
        w.add(Event.__table__, {"id": 1, "code": "bench", "name": "基准暴雨", "kind": "rainstorm",
                                "timezone": "Asia/Shanghai", "starts_at": START, "brief_time": dt_time(8, 0),
                                "area_id": 1, "issuer": "基准省防汛办", "created_at": START, "version": 1})
        w.flush()
        if conn.dialect.name == "postgresql":
            # The rows' deferred triggers (the cache generation's) fire now: PostgreSQL refuses an ALTER TABLE
            # of a table with trigger events pending.
            conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
        # Indexes and foreign keys are built once after the load, not row by row during it.
        deferred = _drop_indexes_and_keys(conn)
        # Outage updates to come, by day; operations that may still report volumes.
        pending: dict[int, list[tuple[int, int, datetime, int, bool]]] = {}
        ops: list[tuple[int, int, datetime]] = []
        for day in range(days):
            _day_reports(w, ids, 1, day, per_day, community_ids, sub_ids, pending, ops, rng)
            w.flush()
            del ops[:-20000]  # memory stays flat
        _restore_indexes_and_keys(conn, deferred)
        _restored_at(conn)
        if conn.dialect.name == "postgresql":
            for table in ("reports", "areas", "users", "events"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return {"reports": ids.report - 1, "days": days, "communities": len(community_ids),
            "seconds": time.perf_counter() - t0}


LOADED = [Report, PowerOutage, OutageUpdate, PumpingOperation, PumpingVolume, Disinfection, DisinfectionCount,
          DebrisClearance, ActivityEntry]


def _drop_indexes_and_keys(conn: sa.Connection) -> list[Any]:
    """Drop the secondary indexes (and, on PostgreSQL, foreign keys) of the report tables; return them."""
    from sqlalchemy.schema import DropConstraint, DropIndex

    deferred: list[Any] = []
    for model in LOADED:
        table = model.__table__
        if conn.dialect.name == "postgresql":
            for fk in table.foreign_key_constraints:
                conn.execute(DropConstraint(fk))
                deferred.append(fk)
        for index in table.indexes:
            conn.execute(DropIndex(index))
            deferred.append(index)
    return deferred


def _restore_indexes_and_keys(conn: sa.Connection, deferred: list[Any]) -> None:
    from sqlalchemy.schema import AddConstraint, CreateIndex

    for item in deferred:
        conn.execute(CreateIndex(item) if isinstance(item, sa.Index) else AddConstraint(item))


def _restored_at(conn: sa.Connection) -> None:
    """PowerOutage.restored_at mirrors the timeline's rule (the service keeps it per write; here once, in bulk)."""
    from sqlalchemy.orm import Session

    from incidents.reports.restoration import resync

    with Session(bind=conn) as session:
        resync(session)


def days_of(n: int) -> Iterator[datetime]:
    """The local midnights of the generated days."""
    for i in range(n):
        yield START + timedelta(days=i)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--schema", help="PostgreSQL schema to (re)create, e.g. bench1")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=33_334)
    parser.add_argument("--communities", type=int, default=5000)
    args = parser.parse_args()
    info = generate(url_for(args.url, args.schema), args.schema, args.days, args.communities, args.per_day)
    print(f"{info['reports']:,} reports over {info['days']} days, {info['communities']:,} communities, "
          f"in {info['seconds']:.1f} s")


if __name__ == "__main__":
    main()
