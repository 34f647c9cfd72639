"""A form the outbox sends that no retry can save (a NUL character in a field, a body over 2 MB) is refused in JSON,
field by field, as any refused form is: answered with an HTML 400 or 413 page, the phone read it as a passing
failure and sent it again and again, the report waiting on the phone for ever with no word why."""

from __future__ import annotations

from pathlib import Path

from tests.offline.test_outbox_server import OUTBOX, _activity
from tests.reports.conftest import count_reports


def test_a_nul_character_is_refused_by_name_in_json(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url, data = _activity(forms, event, area_id, title="巡查\x00西钟楼巷")
    before = count_reports(database)
    answer = client.post(url, data=data, headers=OUTBOX)
    assert answer.status_code == 400 and answer.is_json, answer.get_data(as_text=True)[:200]
    assert answer.json["errors"] == [{"field": "title", "label": "事项", "message": "含有NUL空字符"}]
    assert count_reports(database) == before
    # A page (no X-Outbox) is still the error page a person reads.
    page = client.post(url, data=data)
    assert page.status_code == 400 and not page.is_json


def test_a_body_too_large_is_refused_in_json(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url, data = _activity(forms, event, area_id, title="巡查" + "积" * (1 << 20))
    answer = client.post(url, data=data, headers=OUTBOX)
    assert answer.status_code == 413 and answer.is_json
    assert "2 MB" in answer.json["errors"][0]["message"]
    # The outbox shows "label：message": the body by its name (提交的内容), not the key "body".
    assert (answer.json["errors"][0]["field"], answer.json["errors"][0]["label"]) == ("body", "提交的内容")


def test_the_phone_counts_such_an_answer_as_refused():
    """outbox-core.js: a JSON 400 or 413 is 'refused' (shown with its reasons), not 'retry'."""
    core = (Path(__file__).parents[2] / "static" / "outbox-core.js").read_text(encoding="utf-8")
    assert "r.status === 400 || r.status === 403 || r.status === 409 || r.status === 413 || r.status === 422" in core
