"""A page's form takes a form body only: JSON sent to it is a 415 naming the body, nothing saved (probed 5 December,
evening).

Flask-WTF reads a JSON body as a form's data when no form fields came (FlaskForm.Meta.wrap_formdata), and the text
guard (request_bodies.refuse_bad_text) checks form bodies only: a script with the session cookie and the page's
CSRF token in `X-CSRFToken` had a report, an event or an API token saved from JSON, past the guard's rules (a field
as a JSON list read as a field sent twice, its first value kept without a word), and a body that is no object
(an array, a string, a number) was a 500 on every form route. The API under /api/v1/ is where JSON goes.
"""

from __future__ import annotations

import json
from typing import Any

from tests.security import sweep
from tests.security.test_scope_sweep import as_form, bodies

BDJ = "文峰区/北大街街道"
INSIDE = f"{BDJ}/彰德路64号院"


def _json(client: Any, url: str, body: Any, token: str | None = None, **headers: str) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers={"X-CSRFToken": token or sweep.csrf_token(client), **headers})


def _refused(response: Any) -> bool:
    text = response.get_data(as_text=True)
    return response.status_code == 415 and "提交的内容：" in text


def test_a_report_form_sent_as_json_saves_nothing(app, database, ids, login_as):
    from incidents import demo

    reporter = login_as("reporter", scope=BDJ)
    with database.read_session() as s:
        inside = demo._area_by_path(s, INSIDE).id
    url = f"/events/{ids.event_id}/reports/new/outage"
    form = as_form(bodies(inside, 0, None, None)["outage"], sweep.form_fields(reporter.get(url).get_data(as_text=True)))
    form.pop("csrf_token", None)
    before = sweep.fingerprint(database.engine)
    for body in (form, {**form, "area_id": [str(inside), str(inside)]}, [form], "x", 5):
        response = _json(reporter, url, body)
        assert _refused(response), (body if not isinstance(body, dict) else "object", response.status_code)
    # The phone's outbox is answered in JSON, naming the body, as for a body over the limit.
    sent = _json(reporter, url, form, **{"X-Outbox": "queue", "Accept": "application/json"})
    assert sent.status_code == 415 and sent.get_json()["errors"][0]["field"] == "body", sent.get_data(as_text=True)
    assert sweep.fingerprint(database.engine) == before
    # Sent as the page sends it, the same form saves.
    assert reporter.post(url, data={**form, "csrf_token": sweep.csrf_token(reporter)}).status_code == 302


def test_every_page_write_route_refuses_a_json_body(app, database, ids, login_as):
    """Enumerates app.url_map: a form route added later refuses JSON too; the API's routes take it."""
    coordinator, admin = login_as("coordinator"), login_as("admin")
    tokens = sweep.csrf_tokens(coordinator, admin)  # each request refused: the sessions stay as they were
    before = sweep.fingerprint(database.engine)
    checked = 0
    for rule, _writes, client, url in sweep.page_writes(app, ids, coordinator, admin):
        for body in ({**sweep.ATTEMPT}, [1], "x", 5, None, {"reason": {"a": 1}}):
            response = _json(client, url, body, tokens[client])
            assert _refused(response), (rule.endpoint, body, response.status_code)
            checked += 1
    assert checked > 100, checked
    assert sweep.fingerprint(database.engine) == before
