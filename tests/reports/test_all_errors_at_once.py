"""A form with a typing error (5辆 typed as truckloads) and a rule broken between fields (an end before its start)
shows both at once, the values as typed kept: one round on a phone in the rain, not two. A rule needing a field
that could not be read is not judged (an unreadable end is not "before the start"). Nothing is saved."""

from __future__ import annotations

import html as htmllib

from tests.reports.conftest import count_reports, when

OTHER_UNIT = "单位应为车次：“辆”是另一种单位"
END_BEFORE_START = "早于开始时间"


def _debris(area: int, truckloads: str, end: str) -> dict[str, str]:
    return {"area_id": str(area), **when("period_start", "2021-07-27", "10:00"),
            **when("period_end", "2021-07-27", end), "truckloads": truckloads}


def test_the_debris_form_shows_a_typing_error_and_an_end_before_its_start_together(
        client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/debris", _debris(area_id("西钟楼巷"), "5辆", "08:00"))
    page = htmllib.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f'<p class="error" id="truckloads-error">{OTHER_UNIT}' in page
    assert f'<p class="error" id="period_end-error">{END_BEFORE_START}' in page
    assert 'value="5辆"' in page and 'value="08:00"' in page  # what was typed stays to correct
    assert count_reports(database) == before


def test_the_form_judges_no_rule_on_a_time_it_could_not_read(client, auth, forms, event, make_user, area_id,
                                                            database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/debris", _debris(area_id("西钟楼巷"), "5辆", "25:99"))
    page = htmllib.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f'<p class="error" id="truckloads-error">{OTHER_UNIT}' in page
    assert 'id="period_end-error"' in page and END_BEFORE_START not in page
    assert count_reports(database) == before


def test_an_outage_form_shows_a_count_in_another_unit_beside_an_etr_before_the_start(
        client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/outage",
                            {"area_id": str(area_id("西钟楼巷")), **when("started_at", "2021-07-27", "10:00"),
                             **when("etr_at", "2021-07-27", "08:00"), "households_affected": "5栋"})
    page = htmllib.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert 'id="households_affected-error"' in page
    assert '<p class="error" id="etr_at-error">早于停电开始时间' in page
    assert count_reports(database) == before
