"""A body sent without a Content-Length (chunked) over the size limit is a 413, never read cut short (5 December).

Werkzeug stops reading such a body at request.max_content_length and hands on what it read, without a word:
under gunicorn (which terminates the input, as here) a form of 2.5 MB sent chunked was read as its first 2 MB,
a report saved without the fields after the cut (its note), and a JSON body was "not valid JSON (column 73)".
Sent with a Content-Length the same body was the 413 it should be.
"""

from __future__ import annotations

import io
import json

from werkzeug.datastructures import MultiDict

from tests.security import sweep
from tests.security.test_scope_sweep import as_form, bodies

CHUNKED = {"wsgi.input_terminated": True}  # what gunicorn says of a chunked body: read it to its end


def _sent_chunked(client, url: str, body: bytes, content_type: str, **headers: str):  # noqa: ANN001, ANN202
    return client.post(
        url,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked", **headers},
        environ_overrides=CHUNKED,
    )


def test_a_form_over_the_limit_sent_chunked_is_refused_not_saved_cut(app, database, ids, login_as):
    reporter = login_as("reporter")
    url = f"/events/{ids.event_id}/reports/new/outage"
    form = as_form(
        bodies(ids.area_id, 0, None, None)["outage"], sweep.form_fields(reporter.get(url).get_data(as_text=True))
    )
    # The form, then padding, then the note: cut at 2 MB, it still reads as a report, without its note.
    fields = MultiDict(
        [
            *((k, v) for k, v in form.items() if k != "note"),
            ("padding", "x" * (2 * 2**20 + 1000)),
            ("note", "the note after the cut"),
        ]
    )
    from urllib.parse import urlencode

    body = urlencode(list(fields.items(multi=True))).encode()
    before = sweep.fingerprint(database.engine)
    response = _sent_chunked(reporter, url, body, "application/x-www-form-urlencoded")
    assert response.status_code == 413, response.status_code
    assert "2 MB" in response.get_data(as_text=True), response.get_data(as_text=True)[-1500:]
    assert sweep.fingerprint(database.engine) == before
    # Under the limit, sent chunked, the same form saves whole.
    small = urlencode([*((k, v) for k, v in form.items() if k != "note"), ("note", "the note")]).encode()
    assert _sent_chunked(reporter, url, small, "application/x-www-form-urlencoded").status_code == 302


def test_a_json_body_over_the_limit_sent_chunked_is_a_413_naming_the_size(app, database, ids, login_as):
    client = login_as("reporter")
    token = sweep.csrf_token(client)
    body = json.dumps(
        {"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00", "title": "x" * (3 * 2**20)}
    ).encode()
    before = sweep.fingerprint(database.engine)
    response = _sent_chunked(
        client, f"/api/v1/events/{ids.event_id}/reports", body, "application/json", **{"X-CSRFToken": token}
    )
    assert response.status_code == 413, (response.status_code, response.get_json())
    assert sweep.fingerprint(database.engine) == before
