"""An ended event's report form says what happens to a report observed after its end, and the
save says so again for such a report; a report seen within the event gets no such notice."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event
from tests.conftest import switch_language, unspanned
from tests.reports.conftest import when

ENDED = "本事件已于2021年7月31日 23:59结束"
AFTER = "该情况的观察时间晚于事件结束时间"


def test_an_ended_events_form_warns_and_a_late_report_is_told_it_does_not_count(
        client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    assert ENDED in unspanned(client.get(url).get_data(as_text=True))

    late = forms.submit(url, {**when("observed_at", "2021-08-02", "10:00"), "title": "灾后回访",
                              "area_id": area_id("西钟楼巷")}, follow_redirects=True)
    page = unspanned(late.get_data(as_text=True))
    assert late.status_code == 200 and "报告已保存" in page and AFTER in page

    within = forms.submit(url, {**when("observed_at", "2021-07-28", "10:00"), "title": "文物安全巡查",
                                "area_id": area_id("西钟楼巷")}, follow_redirects=True)
    page = unspanned(within.get_data(as_text=True))
    assert "报告已保存" in page and AFTER not in page


def test_a_running_events_form_has_no_end_notice(client, auth, event, make_user, session):
    session.execute(sa.update(Event).where(Event.id == event.id).values(ends_at=None))
    session.commit()
    make_user("li", "reporter")
    auth.login("li")
    page = unspanned(client.get(f"/events/{event.id}/reports/new/activity").get_data(as_text=True))
    assert "报告" in page and "结束后观察到的情况" not in page


def test_a_report_over_seven_days_after_the_end_is_refused_on_the_form(client, auth, forms, event, make_user,
                                                                         area_id):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    late = forms.submit(url, {**when("observed_at", "2021-09-01", "10:00"), "title": "灾后回访",
                              "area_id": area_id("西钟楼巷")})
    assert late.status_code == 422 and "晚于事件结束（2021-07-31）超过 7 天" in late.get_data(as_text=True)


def test_an_ended_events_zero_report_form_asks_for_the_day_not_a_time(client, auth, event, make_user):
    """Found on the phone: the ended event's zero report form said "enter the time it was seen" above a form
    that has no time, only the day (period) the zero report answers."""
    make_user("li", "reporter")
    auth.login("li")
    page = unspanned(client.get(f"/events/{event.id}/reports/new/zero_report").get_data(as_text=True))
    assert ENDED in page and "请填写实际观察到的时间" not in page
    assert "请选择这份零报告所答复的日期" in page
    switch_language(client, "en")
    page = unspanned(client.get(f"/events/{event.id}/reports/new/zero_report").get_data(as_text=True))
    assert "enter the time it was seen" not in page and "choose the day this zero report answers" in page
