"""The report list's day filter on a long event: a select up to a month of days, a date input beyond (an event left
open since July 2021 listed 1,984 options); the same ?day= and the same refusal of a day outside the event."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from incidents import demo
from incidents.days import event_days
from incidents.db import now_utc
from incidents.events.services import create_event
from incidents.reports.display import DAY_SELECT_LIMIT
from tests.conftest import switch_language

SHANGHAI_START = datetime(2021, 7, 19, 16, 0, tzinfo=UTC)  # 2021-07-20 00:00 in Shanghai, as UTC


@pytest.fixture
def season(seeded, database):
    """An event left open since 20 July 2021."""
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event = create_event(s, code="open-season", name="汛期", kind="rainstorm", starts_at=SHANGHAI_START,
                             timezone="Asia/Shanghai", area_id=district.id)
        return event.id, event_days(event, now_utc())


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def day_field(page: str) -> str:
    """The day filter's control (select or input) as the page writes it."""
    return re.search(r'<select[^>]*id="f-day".*?</select>|<input[^>]*id="f-day"[^>]*>', page, re.S).group(0)


def test_a_long_event_offers_a_date_input_bounded_by_its_days(viewer, season):
    event_id, days = season
    assert len(days) > DAY_SELECT_LIMIT
    page = viewer.get(f"/events/{event_id}/reports").get_data(as_text=True)
    field = day_field(page)
    assert field.startswith('<input type="date"') and 'name="day"' in field
    assert f'min="{days[0].isoformat()}"' in field and f'max="{days[-1].isoformat()}"' in field
    assert 'value=""' in field
    assert page.count("<option") < 100  # no option per day
    assert "可选2021年7月20日至" in page  # the hint names the first day in the page's words


def test_a_day_chosen_in_the_input_filters_and_stays_filled(viewer, season):
    event_id, _days = season
    response = viewer.get(f"/events/{event_id}/reports?day=2022-03-01")
    assert response.status_code == 200
    assert 'value="2022-03-01"' in day_field(response.get_data(as_text=True))


OUTSIDE = "不在本事件的日期范围内"
LATER = (date.today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(("day", "problem"), [("2021-07-19", OUTSIDE), ("2021-7-19x", "须为日期"), (LATER, OUTSIDE)])
def test_a_day_outside_the_long_event_is_named(viewer, season, day, problem):
    event_id, _days = season
    response = viewer.get(f"/events/{event_id}/reports?day={day}")
    assert response.status_code == 400
    assert f"日期：{problem}" in response.get_data(as_text=True)


def test_a_week_long_event_keeps_its_select(viewer, event):
    field = day_field(viewer.get(f"/events/{event.id}/reports").get_data(as_text=True))
    assert field.startswith('<select id="f-day"')
    assert '<option value="2021-07-24">2021年7月24日</option>' in field


def test_the_hint_is_in_english_on_an_english_page(viewer, season):
    event_id, days = season
    switch_language(viewer, "en")
    page = viewer.get(f"/events/{event_id}/reports").get_data(as_text=True)
    assert "A day from 20 Jul 2021 to " in page
    assert not re.search(r"[\u4e00-\u9fff]", re.search(r'id="f-day-hint">(.*?)</p>', page).group(1))
