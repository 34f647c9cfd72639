"""The upload form's own refusals (no file chosen, a kind of rows the page does not offer) name their field.

Each was a bare <p class="error"> under the field, tied to no input: a screen reader heard the form again with
nothing marked, and the page named no field (the bad-input probe's "unnamed refusal", tests/security/probe.py).
"""

from __future__ import annotations

import io

import pytest

from tests.conftest import csrf_from
from tests.imports.conftest import csv_bytes

ONE = csv_bytes([["地点", "事项", "时间"], ["文峰区/北大街街道", "巡查", "2021-07-24 09:00"]])


@pytest.mark.parametrize(("field", "sent", "message"), [
    ("file", {"kind": ""}, "请选择 CSV 或 XLSX 文件"),
    ("file", {"kind": "", "file": (io.BytesIO(b""), "empty.csv")}, "请选择 CSV 或 XLSX 文件"),
    ("kind", {"kind": "areas", "file": (io.BytesIO(ONE), "log.csv")}, "未知类型"),
])
def test_an_upload_refused_for_its_file_or_kind_marks_that_field(client, auth, event, make_user, field, sent,
                                                                 message):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
    answer = client.post(url, data={"csrf_token": csrf_from(html), "token": token, **sent},
                         content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f'<p class="error" id="{field}-error">{message}</p>' in page, page[page.find("upload-h"):][:2000]
    assert f'id="{field}" name="{field}"' in page and f'aria-describedby="{field}-error"' in page
    assert 'aria-invalid="true"' in page


def test_the_areas_page_marks_its_file_too(client, auth, make_user, seeded):
    make_user("co", "coordinator")
    auth.login("co")
    html = client.get("/areas/import").get_data(as_text=True)
    token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
    answer = client.post("/areas/import", data={"csrf_token": csrf_from(html), "token": token},
                         content_type="multipart/form-data")
    assert answer.status_code == 400
    assert '<p class="error" id="file-error">' in answer.get_data(as_text=True)
