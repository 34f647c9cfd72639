"""A JSON body that is not UTF-8 is refused naming the body, whichever encoding (5 December, morning).

JSON between systems is UTF-8 (RFC 8259). A body in Latin-1 was refused ("body: is not valid UTF-8 text"), but one in
UTF-16 or UTF-32 was taken: json.loads guesses those from the bytes, so a report was saved from a body no other
reader of the API's bodies (a proxy's log, a replay) reads as sent. A UTF-8 byte order mark is still taken.
"""

from __future__ import annotations

import json

import pytest

from tests.security import sweep


def _refused(database, ids, client, title: str, encoding: str) -> None:  # noqa: ANN001
    """An activity titled `title`, its JSON sent in `encoding`: a 422 naming the body, nothing saved."""
    token = sweep.csrf_token(client)
    body = json.dumps(
        {"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00", "title": title},
        ensure_ascii=False,
    ).encode(encoding)
    before = sweep.fingerprint(database.engine)
    response = client.post(
        f"/api/v1/events/{ids.event_id}/reports",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 422, (encoding, response.status_code)
    assert response.get_json()["errors"] == {"body": "不是有效的UTF-8文本"}
    assert sweep.fingerprint(database.engine) == before


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1"])
def test_a_body_in_another_encoding_is_refused_naming_the_body(app, database, ids, login_as, encoding):
    _refused(database, ids, login_as("reporter"), "café", encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_ascii_text_in_another_encoding_without_a_mark_is_refused(app, database, ids, login_as, encoding):
    # Its bytes are valid UTF-8 (the zero bytes are NUL characters), so the UTF-8 check passed, and json.loads,
    # seeing the zeros, read it as UTF-16 or UTF-32: the report was saved (5 December, found by H1).
    _refused(database, ids, login_as("reporter"), "patrol", encoding)


def test_utf8_with_or_without_a_byte_order_mark_is_taken(app, ids, login_as):
    client = login_as("reporter")
    token = sweep.csrf_token(client)
    for mark in (b"", b"\xef\xbb\xbf"):
        body = (
            mark
            + json.dumps(
                {"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00", "title": "巡查"},
                ensure_ascii=False,
            ).encode()
        )
        response = client.post(
            f"/api/v1/events/{ids.event_id}/reports",
            data=body,
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 201, (mark, response.get_json())
