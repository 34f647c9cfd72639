"""An event is not narrowed to a place its reports lie outside (they would be counted by an event they are no
longer within, out of its scoped coordinator's reach)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.events.models import Event
from incidents.models import Area, Report
from incidents.reports.models import LIVE


def test_an_event_is_not_narrowed_to_a_place_its_reports_lie_outside(seeded, database, token_client):
    """The rainstorm's reports are all over the district: narrowed to 宝莲寺镇 they would be counted by an event
    they are no longer within. Refused naming area_id and how many; a place holding them all is taken."""
    api = token_client("office", "coordinator")
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        town = s.scalar(sa.select(Area.id).where(Area.name == "宝莲寺镇"))
        district = s.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
        parent = dict(s.execute(sa.select(Area.id, Area.parent_id)).all())

        def in_town(area: int | None) -> bool:
            while area is not None and area != town:
                area = parent[area]
            return area == town

        live = sum(not in_town(a) for a in s.scalars(sa.select(Report.area_id).where(
            Report.event_id == event.id, Report.status.in_(LIVE))))
    refused = api.patch(f"/api/v1/events/{event.id}", json={"area_id": town, "version": event.version})
    assert refused.status_code == 422
    assert f"本事件有{live}份报告的地点不在新范围内" in refused.get_json()["errors"]["area_id"]
    with database.read_session() as s:
        assert s.get(Event, event.id).area_id == event.area_id  # nothing changed
    taken = api.patch(f"/api/v1/events/{event.id}", json={"area_id": district, "version": event.version})
    assert taken.status_code == 200 and taken.get_json()["area_id"] == district
