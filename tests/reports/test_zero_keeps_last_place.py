"""A zero report (its place a whole subdistrict) leaves the worker's remembered place alone: the next outage or
activity form still opens on the compound they report from. Before, it opened on the subdistrict itself."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from incidents.auth.models import User
from incidents.briefs.periods import current_period
from incidents.db import now_utc
from tests.reports.conftest import Forms, hidden, when
from tests.reports.test_zero_reports import api_client, area, office  # noqa: F401 (a fixture)

PLACE = "西钟楼巷"


def chosen_place(html: str) -> int | None:
    """The id of the place a report form opens on."""
    picker = html.split('name="area_id"')[1].split("</select>")[0]
    match = re.search(r'<option value="(\d+)" selected', picker)
    return int(match.group(1)) if match else None


def an_activity(client, live, session) -> None:  # noqa: ANN001
    """An activity at the compound, observed inside the open period (the worker's last place now)."""
    day = current_period(live, now_utc())
    local = now_utc().astimezone(live.tz)
    clock = local.strftime("%H:%M") if day == local.date() else "12:00"
    sent = Forms(client).submit(f"/events/{live.id}/reports/new/activity",
                                {"area_id": str(area(session, PLACE)), "title": "巡查",
                                 **when("observed_at", day.isoformat(), clock)})
    assert sent.status_code == 302, sent.get_data(as_text=True)[-1500:]


def test_a_zero_report_by_the_form_leaves_the_last_place(live, office, client, session):  # noqa: F811
    an_activity(client, live, session)
    url = f"/events/{live.id}/reports/new/zero_report"
    page = client.get(url).get_data(as_text=True)
    sent = client.post(url, data={"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"),
                                  "area_id": str(area(session, "北大街街道")),
                                  "period_day": current_period(live, now_utc()).isoformat()})
    assert sent.status_code == 302, sent.get_data(as_text=True)[-1500:]
    for kind in ("outage", "activity"):
        form = client.get(f"/events/{live.id}/reports/new/{kind}").get_data(as_text=True)
        assert chosen_place(form) == area(session, PLACE), kind


def last_choice(database, username: str, event_id: int | None = None, area_id: int | None = None):
    """Set the user's remembered event and place when both are given; the remembered (event, place), read fresh."""
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == username))
        if event_id is not None:
            user.last_event_id, user.last_area_id = event_id, area_id
        return user.last_event_id, user.last_area_id


def test_a_zero_report_by_the_button_leaves_the_last_place(live, office, client, session, database):  # noqa: F811
    last_choice(database, "bdj", live.id, area(session, PLACE))
    home = client.get(f"/events/{live.id}").get_data(as_text=True).split('class="zero-taps"')[1]
    tap = {name: hidden(home, name) for name in ("csrf_token", "area_id", "period_day", "token", "next")}
    assert client.post(f"/events/{live.id}/zero-report", data={**tap, "confirmed": "1"}).status_code == 303
    form = client.get(f"/events/{live.id}/reports/new/outage").get_data(as_text=True)
    assert chosen_place(form) == area(session, PLACE)


@pytest.mark.parametrize("key", ["zero-1", None], ids=["with a key", "without a key"])
def test_a_zero_report_by_the_api_keeps_the_place_and_takes_the_event(app, live, event, session, database, key):
    api, headers = api_client(app, database, "bdj-api", "reporter", "文峰区/北大街街道")
    last_choice(database, "bdj-api", event.id, area(session, PLACE))  # the seeded rainstorm's, before
    made = api.post(f"/api/v1/events/{live.id}/reports", json={"kind": "zero_report"},
                    headers={**headers, **({"Idempotency-Key": key} if key else {})})
    assert made.status_code == 201, made.get_json()
    assert last_choice(database, "bdj-api") == (live.id, area(session, PLACE))
