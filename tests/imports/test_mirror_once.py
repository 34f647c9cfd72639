"""An import of outage updates sets each outage's restoration mirror once, where the file leaves it (MIRROR_ONCE).

The file is one transaction nobody sees until it commits: the mirror follows the timeline's rule over all its rows,
and the outage's history holds one "restoration" entry for the file, not one per row that moved it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area, AreaLevel
from incidents.audit.models import AuditEntry
from incidents.reports.models import PowerOutage
from incidents.reports.services import create_report
from tests.imports.conftest import csv_bytes, user_id

HEADER = ["停电编号", "时间", "已恢复户数（累计）", "仍停电户数", "已全部恢复供电"]


@pytest.fixture
def outages(event, database, make_user):
    """Two outages of 100 households in two communities, from 08:00 on 22 July 2021 (Beijing time)."""
    make_user("chen", "coordinator")
    with database.transaction() as s:
        places = s.scalars(sa.select(Area.id).where(Area.level == AreaLevel.COMMUNITY).order_by(Area.id).limit(2))
        start = datetime(2021, 7, 22, 0, tzinfo=UTC)
        return [create_report(s, "outage", {"event_id": event.id, "area_id": a, "started_at": start,
                                            "households_affected": 100}, user_id(database, "chen"),
                              now=datetime(2021, 7, 22, 1, tzinfo=UTC)).id for a in places.all()]


def _restorations(database, outage_id: int) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "restoration", AuditEntry.entity_id == outage_id)) or 0


def test_each_outage_is_mirrored_once_where_the_file_leaves_it(run, event, outages, database):
    a, b = outages
    data = csv_bytes([HEADER,
                      [a, "2021-07-22 09:00", 100, "", "是"],   # restored...
                      [b, "2021-07-22 09:00", 40, "", ""],
                      [a, "2021-07-22 10:00", "", 30, ""],      # ...out again...
                      [a, "2021-07-22 11:00", "", "", "是"],    # ...and restored for good
                      [b, "2021-07-22 11:00", 100, "", ""]])
    outcome = run(data, "chen", event, kind="outage_update")
    assert not outcome.problems
    with database.read_session() as s:
        restored = {o.id: o.restored_at for o in s.scalars(sa.select(PowerOutage).where(PowerOutage.id.in_(outages)))}
    # The timeline's rule over the whole file: a restored at 11:00 Beijing time (03:00 UTC), b too (all 100 back).
    assert restored == {a: datetime(2021, 7, 22, 3, tzinfo=UTC), b: datetime(2021, 7, 22, 3, tzinfo=UTC)}
    # One history entry each for the file (a's moved three times row by row, b's once).
    assert _restorations(database, a) == 1 and _restorations(database, b) == 1


def test_a_refused_file_mirrors_nothing(run, event, outages, database):
    a, _b = outages
    data = csv_bytes([HEADER, [a, "2021-07-22 09:00", 100, "", "是"], [a, "2021-07-22 10:00", 500, "", ""]])
    outcome = run(data, "chen", event, kind="outage_update")
    assert outcome.problems
    with database.read_session() as s:
        assert s.get(PowerOutage, a).restored_at is None
    assert _restorations(database, a) == 0


def test_a_refused_row_writes_nothing(event, outages, database, make_user):
    # The in-order import stores row by row without a savepoint each: it relies on create_report refusing
    # before it writes, whatever refuses it (scope, a rule, a rule that reads the rows stored before).
    from sqlalchemy import event as sa_event

    from incidents.errors import ValidationError
    from incidents.reports.models import ReportKind

    a, _b = outages
    with database.read_session() as s:
        place = s.get(PowerOutage, a).area
        elsewhere = s.scalars(sa.select(Area.name).where(Area.level == AreaLevel.SUBDISTRICT,
                                                         Area.id != place.parent_id)).first()
    make_user("far", "reporter", scope=f"文峰区/{elsewhere}")
    writes: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    at = datetime(2021, 7, 22, 2, tzinfo=UTC)
    with database.read_session() as s:
        street = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    first_zero = {"event_id": event.id, "area_id": street, "period_day": date(2021, 7, 22), "note": "辖区无险情"}
    refused = [
        ("chen", ReportKind.OUTAGE_UPDATE, {"event_id": event.id, "outage_id": a, "observed_at": at,
                                            "households_restored": 500}),          # more than affected
        ("far", ReportKind.OUTAGE_UPDATE, {"event_id": event.id, "outage_id": a, "observed_at": at,
                                           "households_restored": 5}),            # outside the writer's scope
        ("chen", ReportKind.ZERO_REPORT, first_zero),                              # a second for the day
    ]
    with database.transaction() as s:
        create_report(s, ReportKind.ZERO_REPORT, first_zero, user_id(database, "chen"), now=at)
        s.flush()
        sa_event.listen(database.engine, "before_cursor_execute", note)
        try:
            for who, kind, data in refused:
                with pytest.raises(ValidationError):
                    create_report(s, kind, data, user_id(database, who), now=at)
        finally:
            sa_event.remove(database.engine, "before_cursor_execute", note)
        s.rollback()
    assert writes == []
