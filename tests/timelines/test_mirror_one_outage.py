"""The restoration mirror reads one outage's rule points by a statement built once (ONE_OUTAGE), the timeline's.

Rebuilding it per update made SQLAlchemy walk the whole rule statement for its cache key each time: an
outage update's API create cost ~1.2-1.3x, an import of outage updates 1.65-2.1x the CPU of before the mirror.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event

from incidents.models import PowerOutage, Report
from incidents.reports.models import ReportStatus
from incidents.reports.restoration import EVER, points_of
from incidents.reports.services import set_status
from incidents.timelines.rule import fetch_points
from tests.timelines.conftest import T0


def test_one_outages_points_are_the_timelines_for_it(build, database):
    a = build.outage("site-a", households_affected=100)
    build.update(a, T0 + timedelta(hours=1), households_restored=100)
    build.update(a, T0 + timedelta(hours=2), households_out=30)  # out again
    b = build.outage("site-b", households_affected=50, buildings_affected=4)
    build.update(b, T0 + timedelta(hours=1), fully_restored=True)
    build.update(b, T0 + timedelta(minutes=30), buildings_out=2)  # entered later, observed earlier
    c = build.outage("site-c", households_affected=10)
    retracted = build.update(c, T0 + timedelta(hours=1), households_restored=10)
    with database.transaction() as s:
        set_status(s, s.get(Report, retracted), ReportStatus.RETRACTED, build.user_id, reason="重复")
    gone = build.outage("site-c", start=T0 + timedelta(hours=3), households_affected=5)
    with database.transaction() as s:
        set_status(s, s.get(Report, gone), ReportStatus.RETRACTED, build.user_id, reason="重复")
    with database.read_session() as s:
        for oid in (a, b, c, gone):
            only = sa.select(PowerOutage.id).where(PowerOutage.id == oid)
            timeline = fetch_points(s, build.event_id, EVER, EVER, only)
            assert [tuple(p) for p in points_of(s, build.event_id, oid)] == [tuple(p) for p in timeline]
            assert bool(timeline) is (oid != gone)


def test_every_mirror_runs_the_same_statement_object(build, database):
    a, b = build.outage("site-a", households_affected=100), build.outage("site-b", households_affected=20)
    seen: list[object] = []

    def rule_statements(_conn, clause, *_args) -> None:  # noqa: ANN001
        if isinstance(clause, sa.Select) and "rule_only" in {c.name for c in clause._independent_ctes}:
            seen.append(clause)

    event.listen(database.engine, "before_execute", rule_statements)
    try:
        build.update(a, T0 + timedelta(hours=1), households_restored=40)
        build.update(b, T0 + timedelta(hours=1), households_restored=20)
        build.update(a, T0 + timedelta(hours=2), households_restored=100)
    finally:
        event.remove(database.engine, "before_execute", rule_statements)
    # One rule statement per mirror, the same object each time: its cache key is walked once.
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]
    with database.read_session() as s:
        assert s.get(PowerOutage, a).restored_at is not None and s.get(PowerOutage, b).restored_at is not None
