"""A multipart part whose header is not UTF-8 is refused for that, naming the body (probed 7 December, night).

A file name from a GBK system sent raw (停电.csv as CDA3 B5E7) makes Werkzeug read the whole form as none, and the 400
said the body held no part naming its boundary: a client looked for a boundary it had sent right. Now it says a
part's header is not UTF-8 and how to send a file name (UTF-8, or RFC 2231's filename*=).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import csv_bytes, event  # noqa: F401 - the event fixture
from tests.imports.test_rows import activity_rows
from tests.security import sweep

BOUNDARY = "probe-boundary-gbk"


def _multipart(fields: dict[str, str], filename: bytes, data: bytes) -> bytes:
    parts = b"".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                     for k, v in fields.items())
    file = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode() + filename
            + b'"\r\nContent-Type: text/csv\r\n\r\n' + data + b"\r\n")
    return parts + file + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_name_not_utf8_is_named_as_such(client, auth, event, make_user, database, lang):  # noqa: F811
    make_user("co", "coordinator")
    auth.login("co")
    if lang == "en":
        switch_language(client, "en")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    token = re.findall(r'name="token"[^>]*value="([^"]+)"', html)[-1]
    fields = {"csrf_token": csrf_from(html), "token": token, "kind": ""}
    before = sweep.fingerprint(database.engine)
    response = client.post(url, data=_multipart(fields, "停电.csv".encode("gbk"), csv_bytes(activity_rows(3))),
                           content_type=f"multipart/form-data; boundary={BOUNDARY}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    said = {"zh": ("提交的内容：", "不是 UTF-8", "RFC 2231"), "en": ("What was sent: ", "not UTF-8", "RFC 2231")}[lang]
    assert all(words in page for words in said), page.split("<main", 1)[-1][:1500]
    assert "boundary" not in page.split("<main", 1)[-1]
    assert sweep.fingerprint(database.engine) == before
    # The same name sent UTF-8 is read (the preview).
    sent = client.post(url, data=_multipart(fields, "停电.csv".encode(), csv_bytes(activity_rows(3))),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert sent.status_code == 200, sent.status_code
