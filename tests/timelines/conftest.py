"""Timeline fixtures: the seed event, and a small builder for outages and their updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.auth.services import create_user
from incidents.events.services import create_event
from incidents.models import Event
from incidents.reports.services import create_report

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2021, 7, 23, 8, 0, tzinfo=TZ)


def local(text: str) -> datetime:
    """'2021-07-24 18:00' in Asia/Shanghai."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


@pytest.fixture
def rainstorm(seeded, session) -> Event:
    """The seed's July 2021 rainstorm."""
    return session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))


@dataclass
class Builder:
    """Adds outages and updates through the real report service, committing each."""

    database: Any
    event_id: int
    user_id: int
    areas: dict[str, int]

    def outage(self, area: str = "site-a", start: datetime = T0, reported: datetime | None = None,
               **fields: Any) -> int:
        data = {"event_id": self.event_id, "area_id": self.areas[area], "started_at": start,
                "started_precision": fields.pop("started_precision", "exact"), **fields}
        with self.database.transaction() as s:
            return create_report(s, "outage", data, self.user_id,
                                 reported_at=reported or start + timedelta(minutes=5)).id

    def update(self, outage_id: int, at: datetime, reported: datetime | None = None, **fields: Any) -> int:
        # No place: an update takes its outage's (another one sent is refused).
        data = {"event_id": self.event_id, "outage_id": outage_id,
                "observed_at": at, "observed_precision": fields.pop("observed_precision", "exact"),
                **fields}
        with self.database.transaction() as s:
            return create_report(s, "outage_update", data, self.user_id,
                                 reported_at=reported or at + timedelta(minutes=5)).id


@pytest.fixture
def build(database) -> Builder:
    """An empty event in a district with two subdistricts (sub-a: site-a, site-b; sub-b: site-c)."""
    with database.transaction() as s:
        district = create_area(s, name="测试区", level="district")
        sub_a = create_area(s, name="甲街道", level="subdistrict", parent=district)
        sub_b = create_area(s, name="乙街道", level="subdistrict", parent=district)
        areas = {"district": district.id, "sub-a": sub_a.id, "sub-b": sub_b.id,
                 "site-a": create_area(s, name="甲小区", level="site", parent=sub_a).id,
                 "site-b": create_area(s, name="乙小区", level="site", parent=sub_a).id,
                 "site-c": create_area(s, name="丙小区", level="site", parent=sub_b).id}
        event = create_event(s, code="test-storm", name="测试暴雨", kind="rainstorm",
                             starts_at=T0 - timedelta(days=1), area_id=district.id)
        user = create_user(s, "field1", "correct horse battery", "reporter")
        return Builder(database, event.id, user.id, areas)
