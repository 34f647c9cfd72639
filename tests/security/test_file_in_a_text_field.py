"""A file sent where a form takes text is a 400 naming the field, nothing saved (probed 5 December, evening).

A multipart body may carry a file part under any name, and Flask-WTF hands request.files to the form beside
request.form: a file under a text field (an event's name, a password, a report's version) reached the form's
code as an upload and was a 500 on 55 fields of 14 form routes, and a file under a checkbox (a recipient's
阶段 boxes) or a hidden version read as ticked or as given, saved. Only the import pages take a file, as `file`.
"""

from __future__ import annotations

import io
from typing import Any

from flask_babel import force_locale

from incidents.labels import field_label
from tests.security import sweep


def _upload(client: Any, url: str, fields: dict[str, str], name: str, token: str | None = None) -> Any:
    return client.post(url, data={**fields, "csrf_token": token or sweep.csrf_token(client),
                                  name: (io.BytesIO(b"12"), "a.txt")}, content_type="multipart/form-data")


def _names(app: Any, response: Any, name: str) -> bool:
    with app.test_request_context(), force_locale("zh"):
        label = str(field_label(name))
    return response.status_code == 400 and f"{label}：" in response.get_data(as_text=True)


def test_a_file_for_an_event_name_or_a_recipient_box_is_refused_naming_it(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    before = sweep.fingerprint(database.engine)
    event = sweep.form_fields(coordinator.get("/events/new").get_data(as_text=True))
    event.update(code="file-probe", name="探针", kind="rainstorm")
    refused = _upload(coordinator, "/events/new", event, "name")
    assert _names(app, refused, "name"), refused.status_code
    url = f"/events/{ids.event_id}/recipients"
    recipient = sweep.form_fields(coordinator.get(url).get_data(as_text=True))
    recipient.update(name="区防指", channel="email", address="fzb@wenfeng.example")
    refused = _upload(coordinator, url, recipient, "alerts")
    assert _names(app, refused, "alerts"), refused.status_code
    assert sweep.fingerprint(database.engine) == before


def test_every_form_route_refuses_a_file_but_the_import_pages_own(app, database, ids, login_as):
    """Enumerates app.url_map: a form route added later refuses a file too, unless it declares one (uploads)."""
    coordinator, admin = login_as("coordinator"), login_as("admin")
    tokens = sweep.csrf_tokens(coordinator, admin)  # each upload refused: the sessions stay as they were
    before = sweep.fingerprint(database.engine)
    checked = 0
    for rule, _writes, client, url in sweep.page_writes(app, ids, coordinator, admin, but=frozenset({"auth.login"})):
        response = _upload(client, url, dict(sweep.ATTEMPT), "note", tokens[client])
        assert _names(app, response, "note"), (rule.endpoint, response.status_code)
        checked += 1
    assert checked > 20, checked
    assert sweep.fingerprint(database.engine) == before
    # The import page's own file field still takes one (a preview: 422 for a file that is no table, never 400).
    page = f"/events/{ids.event_id}/import"
    fields = sweep.form_fields(coordinator.get(page).get_data(as_text=True))
    fields.pop("csrf_token", None)
    assert _upload(coordinator, page, fields, "file").status_code == 422
