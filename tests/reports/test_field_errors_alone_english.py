"""In English a field's refusal stands alone under the field: "Required", not "required" (the same msgid after a
field's name keeps its case: "Title: required"). csvfile.standalone, as every cell's word."""

from __future__ import annotations

import re

from tests.conftest import switch_language
from tests.reports.conftest import when

ERROR = re.compile(r'<p class="error"[^>]*>\s*([^<]*)</p>')


def _errors(response) -> list[str]:  # noqa: ANN001
    assert 400 <= response.status_code < 500, response.status_code
    return ERROR.findall(response.get_data(as_text=True))


def test_a_refusal_under_its_field_is_capitalised(client, auth, forms, event, make_user, area_id):
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, "en")
    report = _errors(forms.submit(f"/events/{event.id}/reports/new/activity",
                                  {"area_id": area_id("天宁寺"), **when("observed_at", "2021-07-27", precision="day"),
                                   "title": ""}))
    assert report == ["Required"], report
    new_event = _errors(forms.submit("/events/new", {"name": "", "kind": ""}))
    assert "Required" in new_event and not [e for e in new_event if e[:1].islower()], new_event
    account = _errors(forms.submit("/account", {"current_password": "", "new_password": "", "confirm": ""}))
    assert account and not [e for e in account if e[:1].islower()], account
    # Chinese has no case: 必填 as it was.
    switch_language(client, "zh")
    assert "必填" in _errors(forms.submit(f"/events/{event.id}/reports/new/activity",
                                          {"area_id": area_id("天宁寺"),
                                           **when("observed_at", "2021-07-27", precision="day"), "title": ""}))
