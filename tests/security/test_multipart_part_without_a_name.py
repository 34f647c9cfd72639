"""A multipart part that names no field is a 400 naming the body, nothing saved (probed 7 December, late morning).

Werkzeug reads a part whose Content-Disposition is `form-data` without `name=` as a field (or a file) named None,
and the check for NUL characters then read that None as text: every page's form, the login's too, answered 500.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.conftest import csrf_from
from tests.security import sweep

NAMELESS_TEXT = "Content-Disposition: form-data\r\n\r\n巡查"
NAMELESS_FILE = 'Content-Disposition: form-data; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b'


def _multipart(fields: dict[str, str], nameless: str) -> tuple[bytes, str]:
    boundary = "----probe" + secrets.token_hex(4)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    if nameless:
        parts.append(f"--{boundary}\r\n{nameless}\r\n")
    return "".join([*parts, f"--{boundary}--\r\n"]).encode(), f"multipart/form-data; boundary={boundary}"


def _post(client: Any, url: str, fields: dict[str, str], nameless: str) -> Any:
    body, content_type = _multipart(fields, nameless)
    return client.post(url, data=body, content_type=content_type)


@pytest.mark.parametrize("nameless", [NAMELESS_TEXT, NAMELESS_FILE], ids=["text", "file"])
def test_a_report_form_with_a_nameless_part_is_refused_naming_the_body(database, ids, login_as, nameless):
    coordinator = login_as("coordinator")
    url, form = sweep.activity_form(coordinator, database, ids.event_id)
    form = {**form, "title": "巡查", "csrf_token": sweep.csrf_token(coordinator), "token": secrets.token_urlsafe(16)}
    before = sweep.fingerprint(database.engine)
    response = _post(coordinator, url, form, nameless)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert "提交的内容：" in page and "没有名称" in page, page.split("<main", 1)[-1][:1500]
    assert sweep.fingerprint(database.engine) == before
    # Without the nameless part, the same multipart form saves.
    saved = _post(coordinator, url, {**form, "token": secrets.token_urlsafe(16)}, "")
    assert saved.status_code == 302, saved.get_data(as_text=True).split("<main", 1)[-1][:3000]


def test_the_login_with_a_nameless_part_is_refused_naming_the_body(client, make_user):
    make_user("alice", "reporter")
    fields = {
        "csrf_token": csrf_from(client.get("/login").get_data(as_text=True)),
        "username": "alice",
        "password": "correct horse battery",
    }
    response = _post(client, "/login", fields, NAMELESS_TEXT)
    assert response.status_code == 400, response.status_code
    assert "提交的内容：" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not logged in
