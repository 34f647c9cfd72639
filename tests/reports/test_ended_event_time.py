"""A new report for an ended event does not default its time to now, which is after the event's end.

The form filled the main time (an outage's start, an update's or a round's time, a volume's end) with now on
every event, so on an ended one a late report was saved as seen after the end, and "it does not count in the
event's timeline or briefs" followed every save unless the person changed the time. A late report tells of
what happened during the event: the time is left blank on an ended event, the form says why, and a time
inside the event saves without the notice. A running event still offers now.
"""

from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.db import now_utc
from incidents.models import ActivityEntry
from incidents.reports.forms import MAIN_TIME
from tests.conftest import switch_language
from tests.reports.conftest import when

HINT_ZH = "事件已结束，时间不预填为当前时间：请填写实际发生的时间。"
HINT_EN = "Not filled in with now: the event has ended. Enter when it happened."


def _inputs(html: str, name: str) -> tuple[str, str]:
    """The day and clock a vague time's inputs hold."""
    day = re.search(rf'name="{name}-day" value="([^"]*)"', html)
    clock = re.search(rf'name="{name}-time" value="([^"]*)"', html)
    assert day and clock, name
    return day.group(1), clock.group(1)


@pytest.mark.parametrize("kind", sorted(k.value for k in MAIN_TIME))
def test_an_ended_events_form_leaves_the_time_blank_and_says_why(client, auth, make_user, ended, kind):
    make_user("wang", "coordinator")
    auth.login("wang")
    html = htmllib.unescape(client.get(f"/events/{ended.id}/reports/new/{kind}").get_data(as_text=True))
    main = next(v for k, v in MAIN_TIME.items() if k.value == kind)
    assert _inputs(html, main) == ("", "")
    assert HINT_ZH in html


@pytest.mark.parametrize("kind", sorted(k.value for k in MAIN_TIME))
def test_a_running_events_form_still_offers_now(client, auth, make_user, live, kind):
    make_user("wang", "coordinator")
    auth.login("wang")
    html = htmllib.unescape(client.get(f"/events/{live.id}/reports/new/{kind}").get_data(as_text=True))
    main = next(v for k, v in MAIN_TIME.items() if k.value == kind)
    day, clock = _inputs(html, main)
    assert day == now_utc().astimezone(live.tz).date().isoformat() and clock
    assert HINT_ZH not in html


def test_the_hint_in_english(client, auth, make_user, ended):
    make_user("wang", "coordinator")
    auth.login("wang")
    switch_language(client, "en")
    html = htmllib.unescape(client.get(f"/events/{ended.id}/reports/new/activity").get_data(as_text=True))
    assert HINT_EN in html


def test_a_late_report_with_a_time_inside_the_event_saves_without_the_notice(client, auth, forms, make_user,
                                                                              ended, area_id, database):
    make_user("wang", "coordinator")
    auth.login("wang")
    url = f"/events/{ended.id}/reports/new/activity"
    inside = (ended.ends_at - timedelta(hours=5)).astimezone(ended.tz)
    # Sent as the form stands (no time typed): refused on the time, nothing saved, nothing assumed.
    blank = forms.submit(url, {"area_id": str(area_id("西钟楼巷")), "title": "迟报的巡查",
                               **when("observed_at", "", "")})
    assert blank.status_code == 422
    assert re.search(r'<p class="error" id="observed_at-error">', blank.get_data(as_text=True))
    saved = forms.submit(url, {"area_id": str(area_id("西钟楼巷")), "title": "迟报的巡查",
                               **when("observed_at", inside.date().isoformat(), inside.strftime("%H:%M"))},
                         follow_redirects=True)
    page = htmllib.unescape(saved.get_data(as_text=True))
    assert saved.status_code == 200 and "报告已保存" in page
    assert "观察时间晚于事件结束时间" not in page  # the notice of a report seen after the end
    with database.read_session() as s:
        entry = s.scalar(sa.select(ActivityEntry).where(ActivityEntry.title == "迟报的巡查"))
        assert entry is not None and entry.observed_at <= ended.ends_at
