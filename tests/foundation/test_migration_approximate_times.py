"""The migration that places approximate times stored after their report, on SQLite and PostgreSQL.

Found (5 December): since 03986a4 约21:00 told at 20:50 is stored at 20:50 (vague.representative, never after
the report), but times stored before stayed at 21:00, after their report: the outage known at 20:55 was not
out as of 20:55 in an existing database. The migration moves each as the rules now place it (an end an edit
added, by the last edit's moment), bumps the report's version, leaves a system audit row and resets the
outages' restoration mirror; exact times, forecasts and approximate times before their report stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import migrations
from incidents.areas.models import Area, AreaLevel
from incidents.audit.models import AuditEntry
from incidents.auth.models import Role, User
from incidents.events.models import Event, EventKind
from incidents.reports.models import OutageUpdate, PowerOutage, PumpingOperation, PumpingVolume, Report
from incidents.vague import Precision
from tests.foundation.migration_db import at_revision

BEFORE = "d0e1f2a3b4c5"  # the revision before the move
APPROX, EXACT = Precision.APPROXIMATE, Precision.EXACT


def at(hh_mm: str) -> datetime:
    """24 July 2021 at hh:mm UTC."""
    hours, minutes = hh_mm.split(":")
    return datetime(2021, 7, 24, int(hours), int(minutes), tzinfo=UTC)


def seed(engine: sa.Engine) -> None:
    """Reports as stored before 5 December: approximate times after their report, and others that must stay."""
    with Session(engine) as s:
        # The tables' columns named, not the models': a column added since (areas', events' and users' twin_key) is
        # not there yet.
        area_id = s.execute(Area.__table__.insert().values(level=AreaLevel.DISTRICT, name="区")).inserted_primary_key[0]
        event_id = s.execute(Event.__table__.insert().values(
            code="R2021", name="暴雨", kind=EventKind.RAINSTORM, timezone="Asia/Shanghai", starts_at=at("00:00"),
            area_id=area_id)).inserted_primary_key[0]
        user_id = s.execute(User.__table__.insert().values(
            username="reporter1", display_name="报告员", role=Role.REPORTER)).inserted_primary_key[0]
        common = {"event_id": event_id, "area_id": area_id, "reporter_id": user_id}

        def outage(started: str, precision: Precision, reported: str) -> PowerOutage:
            return PowerOutage(**common, observed_at=at(started), observed_precision=precision,
                               started_at=at(started), started_precision=precision, reported_at=at(reported),
                               created_at=at(reported), updated_at=at(reported), households_affected=10,
                               etr_at=at("18:00"), etr_precision=APPROX)

        told_before = outage("13:00", APPROX, "12:50")  # #1: 约21:00 told at 20:50
        told_after = outage("13:00", APPROX, "13:40")  # #2: stays
        well_before = outage("13:00", APPROX, "12:20")  # #3: no earlier than its window, 12:30
        exact = outage("13:00", EXACT, "12:50")  # #4: an exact time is no vague one
        s.add_all([told_before, told_after, well_before, exact])
        s.flush()
        back = OutageUpdate(**common, outage_id=told_after.id, observed_at=at("14:00"), observed_precision=APPROX,
                            reported_at=at("13:50"), created_at=at("13:50"), updated_at=at("13:50"),
                            fully_restored=True)  # #5
        operation = PumpingOperation(**common, team="排涝一队", observed_at=at("10:00"), observed_precision=EXACT,
                                     reported_at=at("10:00"), created_at=at("10:00"), updated_at=at("10:00"))
        s.add_all([back, operation])
        s.flush()

        def volume(reported: str, updated: str) -> PumpingVolume:
            return PumpingVolume(**common, operation_id=operation.id, observed_at=at("11:00"),
                                 observed_precision=EXACT, period_start=at("11:00"), period_start_precision=EXACT,
                                 period_end=at("13:00"), period_end_precision=APPROX, volume_m3=500,
                                 reported_at=at(reported), created_at=at(reported), updated_at=at(updated))

        s.add_all([volume("12:50", "12:50"), volume("12:00", "12:55")])  # #7 as sent, #8 its end added at 12:55
        s.flush()
        s.add(AuditEntry(at=at("12:50"), user_id=user_id, action="create", entity="reports",
                         entity_id=told_before.id, before=None,
                         after={"started_at": at("13:00").isoformat(), "version": 1}))
        s.commit()


def stored(engine: sa.Engine) -> dict[str, object]:
    """The times the migration may move, each report's version, and the mirror."""
    with Session(engine) as s:
        reports = {r.id: r for r in s.scalars(sa.select(Report))}
        hm = "%H:%M"
        return {
            "observed": {i: r.observed_at.strftime(hm) for i, r in reports.items()},
            "started": {i: r.started_at.strftime(hm) for i, r in reports.items() if isinstance(r, PowerOutage)},
            "etr": {i: r.etr_at.strftime(hm) for i, r in reports.items() if isinstance(r, PowerOutage)},
            "restored": {i: r.restored_at and r.restored_at.strftime(hm)
                         for i, r in reports.items() if isinstance(r, PowerOutage)},
            "period_end": {i: r.period_end.strftime(hm) for i, r in reports.items() if isinstance(r, PumpingVolume)},
            "version": {i: r.version for i, r in reports.items()},
        }


PLACED = {
    "observed": {1: "12:50", 2: "13:00", 3: "12:30", 4: "13:00", 5: "13:50", 6: "10:00", 7: "11:00", 8: "11:00"},
    "started": {1: "12:50", 2: "13:00", 3: "12:30", 4: "13:00"},
    "etr": {1: "18:00", 2: "18:00", 3: "18:00", 4: "18:00"},  # a forecast lies ahead by nature
    "restored": {1: None, 2: "13:50", 3: None, 4: None},  # the mirror follows its update
    "period_end": {7: "12:50", 8: "12:55"},
    "version": {1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1, 7: 2, 8: 2},
}


@pytest.fixture
def before_placing(db_url: str, tmp_path: Path) -> Iterator[sa.Engine]:
    """A database of its own at the revision before the move: a SQLite file, or a schema beside the suite's."""
    with at_revision(db_url, tmp_path, BEFORE, "approx") as engine:
        yield engine


def test_approximate_times_after_their_report_are_placed_by_it(before_placing: sa.Engine, capsys) -> None:  # noqa: ANN001
    seed(before_placing)
    migrations.upgrade(before_placing)
    assert migrations.current(before_placing) == migrations.head()
    assert stored(before_placing) == PLACED
    with before_placing.connect() as conn:
        trail = conn.execute(sa.select(AuditEntry.action, AuditEntry.user_id, AuditEntry.before, AuditEntry.after)
                             .where(AuditEntry.entity == "reports", AuditEntry.entity_id == 1)
                             .order_by(AuditEntry.id)).all()
    assert [a for a, *_ in trail] == ["create", "update"] and trail[1].user_id is None
    assert trail[1].before == {"started_at": "2021-07-24T13:00:00+00:00",
                               "observed_at": "2021-07-24T13:00:00+00:00", "version": 1}
    assert trail[1].after == {"started_at": "2021-07-24T12:50:00+00:00",
                              "observed_at": "2021-07-24T12:50:00+00:00", "version": 2}
    printed = capsys.readouterr().out
    assert "report #1: observed_at 2021-07-24 13:00 UTC placed at 12:50" in printed
    assert "report #8: period_end 2021-07-24 13:00 UTC placed at 12:55" in printed
    assert "report #2:" not in printed and "report #4:" not in printed
