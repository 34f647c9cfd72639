"""A form's time of day is a clock time (HH:MM), nothing else Python's ISO reader would take.

time.fromisoformat reads "10000000000000000000000000000" as 10:00 and "10:00Z" or "10:00-05:00" as 10:00
with an offset the event's zone then ignores: a garbled or foreign time was stored as 10:00 local, unseen.
"""

from __future__ import annotations

import pytest

from tests.reports.conftest import count_reports, when


def _activity_at(forms, event, make_user, auth, area_id, day: str, clock: str):  # noqa: ANN001, ANN202
    """An activity report sent through the form by a reporter, observed on day at clock."""
    make_user("li", "reporter")
    auth.login("li")
    return forms.submit(f"/events/{event.id}/reports/new/activity",
                        {**when("observed_at", day, clock), "title": "巡查", "area_id": area_id("西钟楼巷")})


@pytest.mark.parametrize("clock", ["10000000000000000000000000000", "10:00Z", "10:00-05:00", "1000", "T10:00",
                                   "10:00:00,5"])
def test_the_form_refuses_a_clock_that_is_not_hh_mm(client, auth, forms, event, make_user, area_id, database,
                                                    clock):
    before = count_reports(database)
    response = _activity_at(forms, event, make_user, auth, area_id, "2021-07-28", clock)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, (clock, response.status_code)
    assert 'id="observed_at-error">须为时刻（时:分）' in page, page[page.find('class="error"') - 200:][:600]
    assert count_reports(database) == before


@pytest.mark.parametrize("clock", ["10:00", "9:05", "10:00:00", "１０：００"])
def test_the_form_takes_a_clock_as_people_and_browsers_send_it(client, auth, forms, event, make_user, area_id,
                                                               database, clock):
    before = count_reports(database)
    response = _activity_at(forms, event, make_user, auth, area_id, "2021-07-28", clock)
    assert response.status_code == 302, (clock, response.status_code)
    assert count_reports(database) == before + 1


@pytest.mark.parametrize("day", ["2021W304", "2021-W30-4", "20210729"])
def test_the_form_refuses_a_day_that_is_not_yyyy_mm_dd(client, auth, forms, event, make_user, area_id, database,
                                                       day):
    # date.fromisoformat reads week dates and bare digits; the day of a zero report (parse_day) refused them already.
    before = count_reports(database)
    response = _activity_at(forms, event, make_user, auth, area_id, day, "10:00")
    assert response.status_code == 422, (day, response.status_code)
    assert count_reports(database) == before


@pytest.mark.parametrize("day", ["2021/7/28", "2021年7月28日", "２０２１－０７－２８"])
def test_the_form_reads_a_day_as_a_zero_reports_day_is_read(client, auth, forms, event, make_user, area_id, database,
                                                            day):
    # A page without a date picker (or an old browser's text input) sends the day as typed: parsing.parse_day.
    before = count_reports(database)
    response = _activity_at(forms, event, make_user, auth, area_id, day, "10:00")
    assert response.status_code == 302, (day, response.status_code)
    assert count_reports(database) == before + 1
