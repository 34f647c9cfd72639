"""Inputs a second outside audit found taken loosely: each is now refused by name, nothing saved.

A week date (2021-W30-6), 20210724 or a day without its year as a brief's day (2021/7/24 and 2021年7月24日 are read,
as a time's day is: test_day_spellings.py), an unknown field beside a close's ends_at,
an event code with a line break or an invisible character, an event set on one compound, an area
moved to the top of the tree beside its district.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs.models import CompileRequest
from incidents.events.models import Event
from tests.api.conftest import TokenClient

EVENT = {"code": "loose", "name": "宽松", "kind": "rainstorm", "starts_at": "2021-07-01 00:00"}


def _ids(database) -> tuple[int, dict[str, int]]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        return event, {a.name: a.id for a in s.scalars(sa.select(Area))}


@pytest.mark.parametrize("day", ["2021-W30-6", "20210724", "7/24", "24/07/2021", "２０２１-Ｗ３０-６"])
def test_a_brief_day_is_a_calendar_day_with_its_year(seeded, database, coordinator_api: TokenClient, day):
    event, _ = _ids(database)
    refused = coordinator_api.post(f"/api/v1/events/{event}/briefs/compile", json={"day": day})
    assert refused.status_code == 422 and "day" in refused.get_json()["errors"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(CompileRequest)) == 0


def test_close_names_a_field_it_does_not_know(coordinator_api: TokenClient):
    url = coordinator_api.post("/api/v1/events", json=EVENT).get_json()["url"]
    refused = coordinator_api.post(f"{url}/close", json={"ends_at": "2021-07-10 00:00", "reason": "x"})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"reason"}
    assert coordinator_api.get(url).get_json()["ends_at"] is None


@pytest.mark.parametrize("code", ["web\r\nx", "a b", "rtl\u202eevil", "line\u2028sep"])
def test_an_event_code_has_no_spaces_or_invisible_characters(coordinator_api: TokenClient, code):
    refused = coordinator_api.post("/api/v1/events", json={**EVENT, "code": code})
    assert refused.status_code == 422 and "code" in refused.get_json()["errors"]


def test_an_event_belongs_to_a_district_or_subdistrict(seeded, database, coordinator_api: TokenClient):
    _, areas = _ids(database)
    refused = coordinator_api.post("/api/v1/events", json={**EVENT, "area_id": areas["彰德路64号院"]})
    assert refused.status_code == 422 and "area_id" in refused.get_json()["errors"]
    made = coordinator_api.post("/api/v1/events", json={**EVENT, "area_id": areas["北大街街道"]})
    assert made.status_code == 201, made.get_json()


def test_only_a_district_stands_at_the_top(seeded, database, coordinator_api: TokenClient):
    _, areas = _ids(database)
    site = areas["彰德路64号院"]
    version = coordinator_api.get(f"/api/v1/areas/{site}").get_json()["version"]
    moved = coordinator_api.patch(f"/api/v1/areas/{site}", json={"parent_id": None, "level": "community",
                                                                 "version": version})
    assert moved.status_code == 422 and "parent_id" in moved.get_json()["errors"]
    top = coordinator_api.post("/api/v1/areas", json={"name": "孤立小区", "level": "site"})
    assert top.status_code == 422 and "parent_id" in top.get_json()["errors"]
    with database.read_session() as s:
        assert s.get(Area, site).parent_id == areas["北大街街道"]


@pytest.mark.parametrize("when", ["2021-W30-6T10:00+08:00", "2021-W30", "2021-205T10:00+08:00", "20210724T10:00+08:00"])
def test_a_time_is_a_calendar_date_not_a_week_or_ordinal_date(seeded, database, coordinator_api: TokenClient, when):
    """"2021-W30" was read as Monday 00:00, exact: a precision nobody gave. Every time is YYYY-MM-DD first."""
    event, areas = _ids(database)
    refused = coordinator_api.post(f"/api/v1/events/{event}/reports",
                                   json={"kind": "activity", "area_id": areas["北大街街道"], "observed_at": when,
                                         "title": "巡查"})
    assert refused.status_code == 422 and "observed_at" in refused.get_json()["errors"]
    timeline = coordinator_api.get(f"/api/v1/events/{event}/timeline?as_of={when}")
    assert timeline.status_code == 400 and "as_of" in timeline.get_json()["errors"]
    created = coordinator_api.post("/api/v1/events", json={**EVENT, "code": "week", "starts_at": when})
    assert created.status_code == 422 and "starts_at" in created.get_json()["errors"]


@pytest.mark.parametrize("when", ["9999-01-01", "0001-01-01 00:00", "3000-07-24T10:00+08:00"])
def test_a_moment_of_a_year_the_log_does_not_hold_names_the_years(seeded, database, coordinator_api: TokenClient,
                                                                    when):
    """"9999-01-01" is a date: "not a date and time" sent the reader looking at its format, not its year."""
    event, _ = _ids(database)
    refused = coordinator_api.get(f"/api/v1/events/{event}/timeline?as_of=2021-07-25&known_at={when}",
                                  headers={"Accept-Language": "en"})
    assert refused.status_code == 400
    assert refused.get_json()["errors"]["known_at"].startswith("must be between the years 1900 and 2999")
