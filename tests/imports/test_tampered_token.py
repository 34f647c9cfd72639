"""An import form whose hidden `token` is tampered with is a 400 naming the token, nothing read or stored.

The upload form with a token of no upload's shape ("abc", none, 3,000 characters) came back as the same page
with a 400 and not a word, so a person saw the form again and did not know the file had not been read; the
confirm button with a token other than its preview's was a bare "the request could not be understood".
"""

from __future__ import annotations

import html as htmllib
import io
import re

import pytest

from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload

ONE = csv_bytes([["地点", "事项", "时间"], ["文峰区/北大街街道", "巡查", "2021-07-24 09:00"]])


@pytest.mark.parametrize("token", ["abc", "", "x" * 3000, "../../etc/passwd", None])
def test_an_upload_with_a_garbled_token_names_it(client, auth, event, make_user, database, token):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    sent = {"csrf_token": csrf_from(html), "kind": "", "file": (io.BytesIO(ONE), "log.csv")}
    if token is not None:
        sent["token"] = token
    answer = client.post(url, data=sent, content_type="multipart/form-data")
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "表单编号：表单的上传编号无法识别：未读取文件" in page, page[:3000]
    assert "/confirm" not in page
    # The page carries a fresh token: choosing the file again works.
    again, preview = upload(client, url, ONE, html=answer.get_data(as_text=True))
    assert preview.status_code == 200 and f"/imports/{again}/confirm" in preview.get_data(as_text=True)


def test_in_english_too(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, "en")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    answer = client.post(url, data={"csrf_token": csrf_from(html), "token": "abc", "kind": "",
                                    "file": (io.BytesIO(ONE), "log.csv")}, content_type="multipart/form-data")
    assert answer.status_code == 400
    # After its label the sentence goes on in lower case, and names no key: it read "Form key: The form's upload key
    # (token) cannot be read".
    assert "Form key: the form&#39;s upload key cannot be read: the file was not read" in answer.get_data(
        as_text=True)


@pytest.mark.parametrize("sent", ["abc", "", "other", None])
def test_a_confirm_with_another_token_names_it_and_stores_nothing(client, auth, event, make_user, database, sent):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    token, preview = upload(client, url, ONE)
    html = preview.get_data(as_text=True)
    before = count_reports(database)
    data = {"csrf_token": csrf_from(html)}
    if sent == "other":
        data["token"] = re.findall(r'name="token"[^>]*value="([^"]+)"', html)[-1]  # the page's upload form's
        assert data["token"] != token
    elif sent is not None:
        data["token"] = sent
    answer = client.post(f"/imports/{token}/confirm", data=data)
    page = htmllib.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "表单编号：" in page and "与预览不符" in page, page[-2000:]
    assert count_reports(database) == before
    # The preview's own button still stores it.
    assert client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token}
                       ).status_code == 302
    assert count_reports(database) == before + 1
