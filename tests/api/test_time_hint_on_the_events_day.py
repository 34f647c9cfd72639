"""An unreadable time's hint gives its examples on a day of the event (its own zone), in the reader's language:
a clerk of a 2026 event was shown 2021-07-24 (the demo's day) by the API and by an import. The day is today while
the event runs (a clerk on its fourth day was shown its first), its last day once it has ended (the late reports a
clerk enters then are mostly of its last days), its first day before it starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.reports.messages import example_day, time_hint
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}


def _event(api: TokenClient, session, **times: str) -> tuple[str, int]:  # noqa: ANN001
    """A new event under the seeded district, and a compound in it: its report URL and the place."""
    district = session.scalar(sa.select(Area.id).where(Area.name == "文峰区"))
    made = api.post("/api/v1/events", json={"code": "hint-2026", "name": "2026年8月暴雨", "kind": "rainstorm",
                                            "area_id": district, **times})
    assert made.status_code == 201, made.json
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    return f"/api/v1/events/{made.json['id']}/reports", area


def test_an_ended_2026_event_is_shown_examples_on_its_last_day(seeded, session, coordinator_api: TokenClient):
    url, area = _event(coordinator_api, session, starts_at="2026-08-10 06:00")
    event_id = int(url.split("/")[4])
    closed = coordinator_api.post(f"/api/v1/events/{event_id}/close", json={"ends_at": "2026-08-14 18:00"})
    assert closed.status_code == 200, closed.json
    body = {"kind": "activity", "area_id": area, "title": "巡查", "observed_at": "8月11日 晚9时许"}
    english = coordinator_api.post(url, json=body, headers=EN)
    assert english.status_code == 422
    assert english.json["errors"]["observed_at"] == (
        "must be a date and time: 2026-08-14 21:00, 2026-08-14 ~21:00, 2026-08-14 afternoon or 2026-08-14")
    chinese = coordinator_api.post(url, json=body).json["errors"]["observed_at"]
    assert chinese == "须为日期和时间：2026-08-14 21:00、2026-08-14 约21:00、2026-08-14 下午或 2026-08-14"
    assert "2021" not in english.json["errors"]["observed_at"] + chinese


def test_a_running_event_is_shown_today_in_its_zone(seeded, session, coordinator_api: TokenClient):
    # Started three days ago (its fourth day in Shanghai): the clerk is shown today there, not its first day.
    now = datetime.now(UTC)
    starts = (now - timedelta(days=3)).astimezone(ZoneInfo("Asia/Shanghai")).replace(hour=0, minute=30)
    url, area = _event(coordinator_api, session, starts_at=starts.strftime("%Y-%m-%d %H:%M"))
    body = {"kind": "activity", "area_id": area, "title": "巡查", "observed_at": "晚9时许"}
    answer = coordinator_api.post(url, json=body, headers=EN)
    assert answer.status_code == 422
    today = now.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert f"{today} ~21:00" in answer.json["errors"]["observed_at"]
    assert starts.date().isoformat() not in answer.json["errors"]["observed_at"]


def test_the_day_is_the_zones_and_without_an_event_today():
    # 2026-08-09 20:00 UTC is already 08-10 in Shanghai and still 08-09 in New York.
    at = datetime(2026, 8, 9, 20, 0, tzinfo=UTC)
    assert example_day(ZoneInfo("Asia/Shanghai"), at, now=at).isoformat() == "2026-08-10"
    assert example_day(ZoneInfo("America/New_York"), at, now=at).isoformat() == "2026-08-09"
    assert example_day(ZoneInfo("Asia/Shanghai"), now=at).isoformat() == "2026-08-10"
    assert "2026-08-10 afternoon" in time_hint(ZoneInfo("Asia/Shanghai"), now=at)


def test_the_day_is_today_within_the_event_else_its_nearest_end():
    zone = ZoneInfo("Asia/Shanghai")
    starts, ends = datetime(2026, 8, 9, 22, 0, tzinfo=UTC), datetime(2026, 8, 14, 10, 0, tzinfo=UTC)
    fourth = datetime(2026, 8, 13, 1, 0, tzinfo=UTC)  # 08-13 09:00 in Shanghai, the event's fourth day
    assert example_day(zone, starts, now=fourth).isoformat() == "2026-08-13"  # running, no end set
    assert example_day(zone, starts, now=fourth, ends_at=ends).isoformat() == "2026-08-13"  # end set ahead
    later = datetime(2026, 9, 1, tzinfo=UTC)
    assert example_day(zone, starts, now=later, ends_at=ends).isoformat() == "2026-08-14"  # ended: its last day
    before = datetime(2026, 8, 1, tzinfo=UTC)
    assert example_day(zone, starts, now=before, ends_at=ends).isoformat() == "2026-08-10"  # not begun: its first
    assert "2026-08-13 afternoon" in time_hint(zone, starts, now=fourth)
