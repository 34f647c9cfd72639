"""The report form's alert says "check the fields marked below" only when a field is marked.

Found filing an outage twice on a phone: the form asked whether the second was another outage (a question, the box
to tick at the bottom) under 未保存：请检查下方标出的栏目。, and no field below was marked: a reporter looked for a red
field that was not there. A form sent again after a change said the same above its own sentence.
"""

from __future__ import annotations

import re

from tests.reports.conftest import when

MARKED = "未保存：请检查下方标出的栏目。"


def _alert(html: str) -> str:
    return re.search(r'<div class="flash flash-error" role="alert">.*?</div>', html, re.S).group(0)


def _outage(forms, event, area_id, clock: str, households: str = "120", **extra: str):  # noqa: ANN001, ANN202
    data = {"area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", clock),
            "households_affected": households, **extra}
    return forms.submit(f"/events/{event.id}/reports/new/outage", data)


def test_a_question_marks_no_field_and_says_so(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    assert _outage(forms, event, area_id, "08:00").status_code == 302
    asked = _outage(forms, event, area_id, "08:01")
    assert asked.status_code == 409
    alert = _alert(asked.get_data(as_text=True))
    assert MARKED not in alert and "<p>未保存。</p>" in alert, alert
    assert "尚未恢复" in alert


def test_a_field_refused_is_still_pointed_to(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    refused = _outage(forms, event, area_id, "08:00", households="-3")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert MARKED in _alert(html) and 'aria-invalid="true"' in html


def test_a_form_sent_again_changed_marks_no_field_and_says_so(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    first = forms.open(f"/events/{event.id}/reports/new/outage")
    assert _outage(forms, event, area_id, "08:00", token=first["token"]).status_code == 302
    # The question answered (yes, another outage), as a person does after Back and a change.
    again = _outage(forms, event, area_id, "08:00", households="150", token=first["token"], confirm_duplicate="1")
    assert again.status_code == 422
    alert = _alert(again.get_data(as_text=True))
    assert MARKED not in alert and "<p>未保存。</p>" in alert, alert
