"""A Content-Type whose charset label cannot be read as one label is refused naming the body (probed 6 December,
late morning).

Werkzeug reads a header's parameters leniently and keeps the last of a name given twice: `charset=gbk;
charset=utf-8` was read as UTF-8 (201), the other order refused (415); `charset = gbk` (spaces around "="),
`charset=utf-8, gbk` and an empty `charset=` were read as no label or as UTF-8 alone. A sender naming GBK anywhere
may have sent GBK (一些 in GBK passes for UTF-8 as "һЩ"): what the label says is judged as sent, once
(`inputs.charset_problem`), for the body as for a multipart part.
"""

from __future__ import annotations

import json

import pytest

from tests.security import sweep

AMBIGUOUS = ["charset=gbk; charset=utf-8", "charset=utf-8; charset=utf-8", "charset=UTF-8;CHARSET=utf-8",
             "charset = gbk", "charset\t=gbk", "charset=utf-8, gbk", "charset=utf-8 gbk", "charset=",
             "charset=utf-8; charset*=utf-8''utf-8"]
TAKEN = ["charset=utf-8", 'charset="UTF-8"', "charset=utf8 ", 'foo="; charset=gbk"', "charset*=utf-8''utf-8"]


def _send(client, ids, params: str):  # noqa: ANN001, ANN202
    body = json.dumps({"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00",
                       "title": "一些"}, ensure_ascii=False).encode()
    return client.post(f"/api/v1/events/{ids.event_id}/reports", data=body,
                       content_type=f"application/json; {params}",
                       headers={"X-CSRFToken": sweep.csrf_token(client), "Accept-Language": "en"})


@pytest.mark.parametrize("params", AMBIGUOUS)
def test_a_charset_label_not_read_as_one_is_refused(app, database, ids, login_as, params):
    client = login_as("reporter")
    before = sweep.fingerprint(database.engine)
    response = _send(client, ids, params)
    assert response.status_code == 415, (params, response.status_code, response.get_data(as_text=True)[:300])
    assert list(response.get_json()["errors"]) == ["body"]
    assert "charset" in response.get_json()["errors"]["body"]
    assert sweep.fingerprint(database.engine) == before


@pytest.mark.parametrize("params", TAKEN)
def test_one_utf8_label_is_taken(app, ids, login_as, params):
    response = _send(login_as("reporter"), ids, params)
    assert response.status_code == 201, (params, response.get_json())


def test_a_multipart_part_naming_its_charset_twice_is_refused(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    url, form = sweep.activity_form(coordinator, database, ids.event_id)
    boundary = "b0undary"
    parts = []
    for name, value in {**form, "title": "一些"}.items():
        kind = "Content-Type: text/plain; charset=gbk; charset=utf-8\r\n" if name == "title" else ""
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n{kind}\r\n{value}\r\n')
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    before = sweep.fingerprint(database.engine)
    response = coordinator.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400, response.status_code
    # The part named by its field's label (an activity's title is 事项), and why: "title" is in every page's <title>.
    page = response.get_data(as_text=True)
    assert "事项：字符集声明不止一处" in page, page
    assert sweep.fingerprint(database.engine) == before
