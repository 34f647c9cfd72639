"""A body whose Content-Type names a charset other than UTF-8 is refused naming the body (probed 6 December, morning).

The bytes were read as UTF-8 whatever the label said: 一些 sent in GBK with `charset=gbk` is the bytes D2 BB D0 A9,
which are also UTF-8 (һЩ), so a report's title was saved as "һЩ" with a 201, the API's and a page's form alike
(about 1,900 of GBK's common characters encode to bytes that are valid UTF-8). A multipart part saying another
charset was already refused (`inputs.refuse_undecodable_parts`); the body's own label is now judged by the same list.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import quote_from_bytes

import pytest

from tests.security import sweep


@pytest.mark.parametrize("charset", ["gbk", "GB2312", "iso-8859-1", "utf-16"])
def test_an_api_body_labelled_another_charset_is_refused(app, database, ids, login_as, charset):
    client = login_as("reporter")
    token = sweep.csrf_token(client)
    body = json.dumps({"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00",
                       "title": "一些"}, ensure_ascii=False).encode("gbk")
    assert body.decode("utf-8")  # the trap: these GBK bytes pass for UTF-8
    before = sweep.fingerprint(database.engine)
    response = client.post(f"/api/v1/events/{ids.event_id}/reports", data=body,
                           content_type=f"application/json; charset={charset}", headers={"X-CSRFToken": token})
    assert response.status_code == 415, (charset, response.status_code, response.get_data(as_text=True)[:300])
    assert list(response.get_json()["errors"]) == ["body"]
    assert "UTF-8" in response.get_json()["errors"]["body"]
    assert sweep.fingerprint(database.engine) == before


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", '"utf-8"'])
def test_an_api_body_labelled_utf8_is_taken(app, ids, login_as, charset):
    client = login_as("reporter")
    token = sweep.csrf_token(client)
    body = json.dumps({"kind": "activity", "area_id": ids.area_id, "observed_at": "2021-07-24 10:00",
                       "title": "一些"}, ensure_ascii=False).encode()
    response = client.post(f"/api/v1/events/{ids.event_id}/reports", data=body,
                           content_type=f"application/json; charset={charset}", headers={"X-CSRFToken": token})
    assert response.status_code == 201, (charset, response.get_json())
    assert client.get(response.headers["Location"]).get_json()["title"] == "一些"


def test_a_page_form_labelled_gbk_is_refused(app, database, ids, login_as):
    coordinator = login_as("coordinator")
    url, form = sweep.activity_form(coordinator, database, ids.event_id)
    form.update({"title": "一些", "token": secrets.token_urlsafe(16)})

    def encoded(charset: str) -> bytes:
        return "&".join(f"{k}={quote_from_bytes(str(v).encode(charset))}" for k, v in form.items()).encode()

    before = sweep.fingerprint(database.engine)
    response = coordinator.post(url, data=encoded("gbk"),
                                content_type="application/x-www-form-urlencoded; charset=gbk")
    assert response.status_code == 415, response.status_code
    assert "提交的内容：" in response.get_data(as_text=True)
    assert "UTF-8" in response.get_data(as_text=True)
    assert sweep.fingerprint(database.engine) == before
    # What a browser's fetch of URLSearchParams sends (charset=UTF-8) saves as typed.
    saved = coordinator.post(url, data=encoded("utf-8"),
                             content_type="application/x-www-form-urlencoded;charset=UTF-8")
    assert saved.status_code == 302, saved.status_code
