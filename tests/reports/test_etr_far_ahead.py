"""An expected restoration far after its report is a mistyped year: refused naming it, on the form and the API.

Found by the auditor's pass of 8 December: the one time a report may give ahead of now, `etr_at`, was bounded only
by the year 2999, so an outage expected back on 2999-01-01 (or a year on, 2027 typed for 2026) was stored and shown
as 预计恢复 on its page. Every other time of a report is refused past its report; this one past FORECAST_AHEAD.
"""

from __future__ import annotations

import html as htmllib
from datetime import timedelta

from incidents.db import now_utc
from incidents.reports.values import FORECAST_AHEAD
from tests.reports.conftest import count_reports, when

YEAR = "请核对年份"


def _local_day(live, days: float) -> str:  # noqa: ANN001
    return (now_utc() + timedelta(days=days)).astimezone(live.tz).strftime("%Y-%m-%d")


def test_the_form_refuses_an_expected_restoration_a_year_on(client, auth, forms, live, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    url = f"/events/{live.id}/reports/new/outage"
    base = {"area_id": str(area_id("西钟楼巷")), **when("started_at", _local_day(live, -1), "10:00"),
            "households_affected": "40"}
    for day in ("2999-01-01", _local_day(live, 365), _local_day(live, FORECAST_AHEAD.days + 2)):
        response = forms.submit(url, {**base, **when("etr_at", day, "08:00")})
        page = htmllib.unescape(response.get_data(as_text=True))
        assert response.status_code == 422, day
        assert '<p class="error" id="etr_at-error">' in page and YEAR in page, day
        assert count_reports(database) == before
    taken = forms.submit(url, {**base, **when("etr_at", _local_day(live, 10), "08:00")})
    assert taken.status_code == 302, taken.get_data(as_text=True)[:500]
    assert count_reports(database) == before + 1


def test_the_api_judges_it_from_when_the_report_was_made(event, live, token_script, area_id, database):
    """A backdated report (an office's reported_at) is judged from that moment, not from today."""
    client, headers = token_script
    site = area_id("西钟楼巷")
    refused = client.post(f"/api/v1/events/{live.id}/reports", headers=headers, json={
        "kind": "outage", "area_id": site, "started_at": _local_day(live, -1) + " 10:00", "households_affected": 3,
        "observed_at": _local_day(live, -1) + " 10:00", "etr_at": "2999-01-01 00:00"})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"etr_at"}, refused.get_json()
    assert YEAR in refused.get_json()["errors"]["etr_at"]
    rainstorm = {"kind": "outage", "area_id": site, "started_at": "2021-07-23 10:00", "households_affected": 3,
                 "observed_at": "2021-07-23 10:00", "reported_at": "2021-07-23 11:00"}
    backdated = client.post(f"/api/v1/events/{event.id}/reports", headers=headers,
                            json={**rainstorm, "etr_at": "2022-07-23 10:00"})
    assert backdated.status_code == 422 and set(backdated.get_json()["errors"]) == {"etr_at"}, backdated.get_json()
    before = count_reports(database)
    assert client.post(f"/api/v1/events/{event.id}/reports", headers=headers,
                       json={**rainstorm, "etr_at": "2021-07-25 10:00"}).status_code == 201
    assert count_reports(database) == before + 1
