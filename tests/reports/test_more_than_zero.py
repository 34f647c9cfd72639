""""0余" (more than 0) is no count: stored as 0 it ended an outage still out (an update 仍停电0余户 made the
timeline and map say restored). It is refused on the field, on the form and by the rule every path shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from incidents.errors import ValidationError
from incidents.models import PowerOutage
from incidents.reports.validation import validate_report
from tests.reports.conftest import count_reports, when


@pytest.mark.parametrize(("field", "typed"), [("households_affected", "0余户"), ("buildings_affected", "0+"),
                                              ("households_affected", "0户以上")])
def test_the_outage_form_refuses_more_than_zero_naming_the_field(client, auth, forms, event, make_user, area_id,
                                                                 database, field, typed):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/outage",
                            {"area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", "08:00"),
                             field: typed})
    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">“0余”不是一个数' in response.get_data(as_text=True)
    assert count_reports(database) == before


def test_an_update_of_more_than_zero_still_out_is_refused_by_the_shared_rule(session, event, area_id):
    outage = PowerOutage(event_id=event.id, area_id=area_id("西钟楼巷"), households_affected=100)
    with pytest.raises(ValidationError) as refused:
        validate_report(session, "outage_update", {"event_id": event.id, "outage_id": 1, "area_id": outage.area_id,
                                                   "observed_at": datetime(2021, 7, 27, 2, tzinfo=UTC),
                                                   "households_out": 0,
                                                   "households_out_lb": True})
    assert "households_out" in refused.value.errors


def test_zero_and_more_than_a_number_still_pass(session, event, area_id):
    clean = validate_report(session, "outage", {"event_id": event.id, "area_id": area_id("西钟楼巷"),
                                                "started_at": datetime(2021, 7, 27, tzinfo=UTC),
                                                "households_affected": 0,
                                                "buildings_affected": 3, "buildings_affected_lb": True})
    assert (clean["households_affected"], clean["buildings_affected"], clean["buildings_affected_lb"]) == (0, 3, True)
