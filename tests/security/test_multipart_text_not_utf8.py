"""A multipart form's text that is not UTF-8 is a 400 naming its field, nothing saved (probed 5 December, evening).

Werkzeug decodes a multipart text part with replacement characters, or as Latin-1 when the part says so: a report
whose 事项 came in GBK (停电巡查) was saved as "ͣ��Ѳ��", without a word, where the same bytes in an urlencoded form
are refused naming the field (inputs.refuse_undecodable). Browsers send this product's forms in UTF-8; what other
bytes meant cannot be known.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import force_locale

from incidents.labels import field_label
from incidents.reports.forms import LABELS
from tests.security import sweep


def _multipart(fields: dict[str, str], name: str, raw: bytes, part_type: str | None = None) -> tuple[bytes, str]:
    boundary = "----probe" + secrets.token_hex(4)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v.encode() + b"\r\n"
             for k, v in fields.items() if k != name]
    head = f"Content-Type: {part_type}\r\n" if part_type else ""
    opening = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n{head}\r\n'
    parts.append(opening.encode() + raw + b"\r\n")
    return b"".join([*parts, f"--{boundary}--\r\n".encode()]), f"multipart/form-data; boundary={boundary}"


def _post(client: Any, url: str, fields: dict[str, str], name: str, raw: bytes, part_type: str | None = None) -> Any:
    fields = {**fields, "csrf_token": sweep.csrf_token(client), "token": secrets.token_urlsafe(16)}
    body, content_type = _multipart(fields, name, raw, part_type)
    return client.post(url, data=body, content_type=content_type)


def test_a_report_title_in_gbk_or_labelled_latin1_is_refused_naming_it(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    url, form = sweep.activity_form(coordinator, database, ids.event_id)
    with app.test_request_context(), force_locale("zh"):
        label = str(field_label("title", LABELS))
    before = sweep.fingerprint(database.engine)
    for raw, part_type in (("停电巡查".encode("gbk"), None), (b"\xed\xa0\x80x", None),
                           ("巡查".encode("utf-16"), "text/plain; charset=utf-16"),
                           ("巡查".encode(), "text/plain; charset=iso-8859-1")):
        response = _post(coordinator, url, form, "title", raw, part_type)
        assert response.status_code == 400, (raw, part_type, response.status_code)
        assert f"{label}：" in response.get_data(as_text=True), (raw, part_type)
    assert sweep.fingerprint(database.engine) == before
    # In UTF-8, the same multipart form saves, its title as typed.
    saved = _post(coordinator, url, form, "title", "停电巡查·二".encode())
    assert saved.status_code == 302, saved.status_code
    assert "停电巡查·二" in coordinator.get(saved.headers["Location"]).get_data(as_text=True)


def test_an_event_name_in_gbk_is_refused_naming_it(app, database, login_as, seeded):
    coordinator = login_as("coordinator")
    form = sweep.form_fields(coordinator.get("/events/new").get_data(as_text=True))
    form.update(code="gbk-probe", kind="rainstorm", starts_at="2021-07-20T08:00")
    before = sweep.fingerprint(database.engine)
    response = _post(coordinator, "/events/new", form, "name", "特大暴雨".encode("gbk"))
    assert response.status_code == 400 and "名称：" in response.get_data(as_text=True), response.status_code
    assert sweep.fingerprint(database.engine) == before
