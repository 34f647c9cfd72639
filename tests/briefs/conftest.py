"""Brief fixtures: the seed event, local times, compiling as of a moment, a small event builder."""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.auth.services import create_user
from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from incidents.events.services import create_event
from incidents.models import Brief, Event, Report
from incidents.reports.models import ReportKind
from incidents.reports.parents import parent_field
from incidents.reports.services import create_report, set_status
from tests import seedcopy

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(text: str, tz: ZoneInfo = SHANGHAI) -> datetime:
    """'2021-07-25 08:00' as an aware local time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


# By (database, now, catch-up days): five modules read the seed's briefs, two sets of them.
_SEED_BRIEFS: dict[tuple[str, datetime, int], dict[str, BriefContent]] = {}


def compile_seed(db_url: str, instance: str, now: datetime, catchup_days: int) -> dict[str, BriefContent]:
    """The seed rainstorm's briefs due by `now`, as the scheduler compiles them: {day: content}, a copy of its own.

    For module-scoped fixtures whose tests only read briefs. Compiled once a worker (on SQLite 0.8 s for
    the first three, 1.9 s for nine, once warm; with xdist's worksteal a module's fixture may run on each worker).
    """
    key = (db_url, now, catchup_days)
    if key not in _SEED_BRIEFS:
        _SEED_BRIEFS[key] = _compiled_seed(db_url, instance, now, catchup_days)
    return copy.deepcopy(_SEED_BRIEFS[key])


def _compiled_seed(db_url: str, instance: str, now: datetime, catchup_days: int) -> dict[str, BriefContent]:
    """Load the seed on fresh tables and compile (the app fixture empties the tables again before any test).

    Through tests/seedcopy.py, as the `seeded` and `seed_briefs` fixtures: the worker's one load of the seed and one
    compile of each (now, catchup_days) serve both (test_seed.py loaded and compiled twice, 7 December).
    """
    from incidents import create_app
    from tests.conftest import empty_tables

    app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": instance, "SECRET_KEY": "seed"})
    database = app.extensions["incidents.db"]
    empty_tables(database.engine)
    seedcopy.reference(database)
    seedcopy.load(database)
    with database.read_session() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    assert all(reason == "created" for reason in seedcopy.compiled(database, event_id, now, catchup_days))
    with database.read_session() as s:
        contents = {b.day.isoformat(): services.load_content(b) for b in s.scalars(sa.select(Brief))}
    database.engine.dispose()
    return contents


def content(database, event_id: int, day: date, revision: int | None = None) -> BriefContent:
    """The stored content of a day's brief (the newest revision unless one is named)."""
    with database.read_session() as s:
        query = sa.select(Brief).where(Brief.event_id == event_id, Brief.day == day)
        query = query.where(Brief.revision == revision) if revision else query.order_by(Brief.revision.desc())
        brief = s.scalars(query.limit(1)).first()
        assert brief is not None, f"no brief for {day}"
        return services.load_content(brief)


def briefs(database, event_id: int) -> list[tuple[date, int, str]]:
    """(day, revision, status) of every stored brief of an event."""
    with database.read_session() as s:
        return [(b.day, b.revision, b.status.value) for b in s.scalars(
            sa.select(Brief).where(Brief.event_id == event_id).order_by(Brief.day, Brief.revision))]


@pytest.fixture
def rainstorm(seeded, session) -> Event:
    """The seed's July 2021 rainstorm (starts 2021-07-22, briefs at 08:00 Asia/Shanghai)."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


@pytest.fixture
def brief_24_july(database, rainstorm) -> int:
    """The rainstorm's brief of 24 July, compiled at 08:00 on the 25th as the scheduler would: its id."""
    return services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief.id


@pytest.fixture
def seed_briefs(database, rainstorm):
    """Every brief of the rainstorm 07-22..07-30 as the scheduler makes them, caught up on 07-31 09:00."""
    assert seedcopy.compiled(database, rainstorm.id, local("2021-07-31 09:00"), 30) == ["created"] * 9
    return rainstorm


@dataclass
class Builder:
    """A small event of our own and reports through the real report service."""

    database: Any
    event_id: int
    user_id: int
    areas: dict[str, int]
    tz: ZoneInfo

    def report(self, kind: str, area: str, reported: datetime, **fields: Any) -> int:
        data = {"event_id": self.event_id, **fields}
        if parent_field(ReportKind(kind)) is None:  # an update or a volume takes its parent's place
            data["area_id"] = self.areas[area]
        for name in list(data):
            if name.endswith(("_at", "_start", "_end")) and isinstance(data[name], datetime):
                data.setdefault(_precision(name), "exact")
        with self.database.transaction() as s:
            return create_report(s, kind, data, self.user_id, reported_at=reported, now=reported).id


def _precision(name: str) -> str:
    from incidents.vague import precision_field

    return precision_field(name) if name.endswith("_at") else name + "_precision"


def make_builder(database, *, tz: str = "Asia/Shanghai", starts: datetime, brief_time: time = time(8, 0),
                 code: str = "test-event") -> Builder:
    """A district with two subdistricts and a site in each, an event, and a reporter."""
    with database.transaction() as s:
        district = create_area(s, name="测试区", level="district")
        a = create_area(s, name="甲街道", level="subdistrict", parent=district)
        b = create_area(s, name="乙街道", level="subdistrict", parent=district)
        site_a = create_area(s, name="甲小区", level="site", parent=a, households=500, buildings=20)
        site_b = create_area(s, name="乙小区", level="site", parent=b, households=800, buildings=30)
        event = create_event(s, code=code, name="测试暴雨", kind="rainstorm", starts_at=starts, timezone=tz,
                             brief_time=brief_time, area_id=district.id, issuer="测试区防汛办")
        user = create_user(s, f"builder-{code}", None, "reporter")
        return Builder(database, event.id, user.id, {"district": district.id, "a": a.id, "b": b.id,
                                                     "site-a": site_a.id, "site-b": site_b.id}, ZoneInfo(tz))


@pytest.fixture
def builder(database) -> Builder:
    """An Asia/Shanghai event starting 2021-07-01 00:00 local."""
    return make_builder(database, starts=local("2021-07-01 00:00"))


def day_of(text: str) -> date:
    """'2021-07-24' as a date."""
    return date.fromisoformat(text)


def after(at: datetime, **kw: Any) -> datetime:
    """at + timedelta(**kw)."""
    return at + timedelta(**kw)


def grates_retracted(database, b: Builder) -> BriefContent:
    """Day 1: 乙小区 6 streets and 120 drain grates; day 2: 甲小区 4 streets, the day-1 report retracted (a
    duplicate): the day-2 brief, whose drain grates fell to 0."""
    first = b.report(
        "disinfection",
        "site-b",
        local("2021-07-01 20:00"),
        observed_at=local("2021-07-01 15:00"),
        person_times=40,
        counts={"street": (6, False), "drain_grate": (120, False)},
    )
    services.compile_due(database, now=local("2021-07-02 08:00"), catchup_days=1, event_ids=[b.event_id])
    b.report(
        "disinfection",
        "site-a",
        local("2021-07-02 17:00"),
        observed_at=local("2021-07-02 15:00"),
        person_times=60,
        counts={"street": (4, False)},
    )
    with database.transaction() as s:
        set_status(s, s.get(Report, first), "retracted", b.user_id, reason="duplicate")
    services.compile_due(database, now=local("2021-07-03 08:00"), catchup_days=1, event_ids=[b.event_id])
    return content(database, b.event_id, day_of("2021-07-02"))


def out_and_back(b: Builder, site: str, **counts: Any) -> int:
    """An outage at `site` from 10:00 on 07-01 (`counts` its households and buildings), all back at 15:00: its id."""
    outage = b.report("outage", site, local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"), **counts)
    b.report(
        "outage_update",
        site,
        local("2021-07-01 15:10"),
        outage_id=outage,
        observed_at=local("2021-07-01 15:00"),
        fully_restored=True,
    )
    return outage


def figures_row(c: BriefContent, item: str, lang: str = "zh") -> list[str]:
    """The key figures' CSV row of `item`, as a spreadsheet reads it."""
    rows = csv.reader(io.StringIO(formats.as_csv(c, "figures", lang).lstrip("\ufeff")))
    return next(r for r in rows if r[0] == item)
