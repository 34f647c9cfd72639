"""A recipient saved receiving nothing is refused with the 接收内容 group marked, not a bare paragraph beside it.

The refusal (请至少选择一项接收内容) was a <p class="error"> in the fieldset, tied to no field: a screen reader
heard the form again with nothing marked (the bad-input probe's refusal that names no field,
tests/security/probe.py). A briefs or alerts refusal of its own (the district's news) is tied the same way.
"""

from __future__ import annotations

from tests.distribution.test_recipients import _post, _rows


def test_receiving_nothing_marks_the_receives_group(client, auth, make_user, database, rainstorm):
    make_user("coord", "coordinator")
    auth.login("coord")
    response = _post(client, f"/events/{rainstorm.id}/recipients",
                     {"name": "x", "lang": "zh", "channel": "email", "address": "a@b.cn", "area_id": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="briefs-error">请至少选择一项接收内容</p>' in page, page[page.find("receives"):][:1500]
    assert '<fieldset class="receives" aria-describedby="briefs-error">' in page
    assert _rows(database) == []
