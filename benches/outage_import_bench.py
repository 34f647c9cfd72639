"""Benchmark: importing a CSV of outage updates (the in-order path: each row through create_report).

A fresh schema per turn (import_bench.setup's district of 200 communities), one outage per community
(1,000 households), then a file of N updates in restoration rounds: each round gives every outage
its next cumulative count restored, the last round restores them all and ticks 全部恢复 (its mirror
moves: an audit "restoration" row each). Times the import alone, this process's CPU (on PostgreSQL the server's
share is missing from it), and counts what it stored.

    python -m benches.outage_import_bench --rows 2000 --turns 3
    python -m benches.outage_import_bench --rows 10000 --pg postgresql+psycopg://postgres@127.0.0.1:5432/DB
    python -m benches.outage_import_bench --rule-read [--per 10]   # the mirror's rule read alone, two ways
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from benches.import_bench import setup, timed  # noqa: E402
from incidents.audit.models import AuditEntry  # noqa: E402
from incidents.imports import services  # noqa: E402
from incidents.reports.models import OutageUpdate, PowerOutage  # noqa: E402
from incidents.reports.services import create_report  # noqa: E402

OUTAGES = 200
AFFECTED = 1000


def generate(n: int, outage_ids: list[int]) -> bytes:
    """n updates in rounds over the outages: cumulative restored counts, all restored in the last round."""
    rounds = max(1, n // len(outage_ids))
    # The last round also ticks 全部恢复: the code before the timeline's rule (284111c) moved the mirror only then.
    lines = ["停电编号,时间,已恢复户数（累计）,已全部恢复供电"]
    for i in range(n):
        turn, oid = divmod(i, len(outage_ids))
        restored = AFFECTED * (turn + 1) // rounds
        minute = 10 * (turn + 1)
        lines.append(f"{outage_ids[oid]},2021-07-21 {8 + minute // 60:02d}:{minute % 60:02d},{min(restored, AFFECTED)},"
                     f"{'是' if turn + 1 == rounds else ''}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def one_turn(url: str, n: int) -> tuple[float, float, int, int]:
    """A fresh schema, the outages, then the import timed: (wall s, CPU s, updates stored, restoration rows)."""
    database, event_id, user_id, _paths = setup(url)
    now = datetime(2021, 7, 22, tzinfo=UTC)
    with database.transaction() as s:
        areas = s.scalars(sa.text("SELECT id FROM areas WHERE level = 'community' ORDER BY id")).all()
        start = datetime(2021, 7, 21, tzinfo=UTC)
        ids = [create_report(s, "outage", {"event_id": event_id, "area_id": a, "started_at": start,
                                           "households_affected": AFFECTED}, user_id, now=now).id
               for a in areas[:OUTAGES]]
    data = generate(n, ids)

    def run() -> services.Outcome:
        with database.transaction() as s:
            return services.run_import(s, filename="updates.csv", data=data, user_id=user_id, event_id=event_id,
                                       kind="outage_update", store=True, now=now)

    clock, outcome = timed(run)
    assert not outcome.problems and outcome.created == n, outcome.problems[:3]
    with database.read_session() as s:
        stored = s.scalar(sa.select(sa.func.count()).select_from(OutageUpdate)) or 0
        mirrored = s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                            .where(AuditEntry.action == "restoration")) or 0
        restored = s.scalar(sa.select(sa.func.count()).select_from(PowerOutage)
                            .where(PowerOutage.restored_at.is_not(None))) or 0
    assert restored == len(ids), restored
    database.engine.dispose()
    return clock.wall, clock.cpu, stored, mirrored


def rule_read(url: str, per: int) -> None:
    """The rule's read of one outage after a 2,000-row import, fetch_points with `only` and ONE_OUTAGE, in turns."""
    import time

    from incidents.reports.restoration import EVER, points_of
    from incidents.timelines.rule import fetch_points

    database, event_id, user_id, _paths = setup(url)
    now = datetime(2021, 7, 22, tzinfo=UTC)
    with database.transaction() as s:
        areas = s.scalars(sa.text("SELECT id FROM areas WHERE level = 'community' ORDER BY id")).all()
        start = datetime(2021, 7, 21, tzinfo=UTC)
        ids = [create_report(s, "outage", {"event_id": event_id, "area_id": a, "started_at": start,
                                           "households_affected": AFFECTED}, user_id, now=now).id
               for a in areas * per]
    with database.transaction() as s:
        services.run_import(s, filename="u.csv", data=generate(2000, ids[:OUTAGES]), user_id=user_id,
                            event_id=event_id, kind="outage_update", store=True, now=now)

    def built_per_call(s: sa.orm.Session, oid: int) -> object:
        return fetch_points(s, event_id, EVER, EVER, sa.select(PowerOutage.id).where(PowerOutage.id == oid))

    ways = {"fetch_points": built_per_call, "ONE_OUTAGE": lambda s, oid: points_of(s, event_id, oid)}
    with database.transaction() as s:
        for _turn in range(2):
            for name, read in ways.items():
                cpu = time.process_time()
                for i in range(400):
                    read(s, ids[i % OUTAGES])
                print(f"{name}: {(time.process_time() - cpu) / 400 * 1000:.2f} ms CPU a call "
                      f"({len(ids):,} outages in the event)")
    database.engine.dispose()


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--turns", type=int, default=1)
    parser.add_argument("--pg", help="PostgreSQL URL of a database of your own (its schema is reset)")
    parser.add_argument("--rule-read", action="store_true", help="time the mirror's rule read alone, two ways")
    parser.add_argument("--per", type=int, default=1, help="--rule-read: outages per community (200 each)")
    args = parser.parse_args()
    if args.rule_read:
        rule_read(args.pg or f"sqlite:///{tempfile.mkdtemp(prefix='outage-read-')}/bench.sqlite3", args.per)
        return
    walls, cpus = [], []
    for _ in range(args.turns):
        url = args.pg or f"sqlite:///{tempfile.mkdtemp(prefix='outage-import-')}/bench.sqlite3"
        wall, cpu, stored, mirrored = one_turn(url, args.rows)
        walls.append(wall)
        cpus.append(cpu)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    db = "PostgreSQL" if args.pg else "SQLite"
    print(f"import of {args.rows:,} outage updates ({OUTAGES} outages), {db}, median of {args.turns}: "
          f"wall {wall:.2f} s, CPU {cpu:.2f} s = {cpu / args.rows * 1000:.2f} ms CPU per update; "
          f"{stored:,} stored, {mirrored} restoration audit rows")


if __name__ == "__main__":
    main()
