"""Downloads of an event whose code is not plain ASCII: every one answers, its file name intact.

Found by an outside audit: an event code such as 审计-中文 made every download of that event hang
the development server (a raw non-ASCII header) and a 500 under gunicorn; a quote or CR/LF in a
name broke the header.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.api.conftest import TokenClient

EVENT = {"code": "审计-中文", "name": "审计", "kind": "rainstorm", "starts_at": "2021-07-01 00:00",
         "timezone": "Asia/Shanghai"}


@pytest.mark.parametrize("path", ["reports/export.csv", "reports/export.xlsx", "reports/export.hxl.csv",
                                  "timeline.csv", "briefs/export.csv"])
def test_a_chinese_event_code_downloads(coordinator_api: TokenClient, path):
    event = coordinator_api.post("/api/v1/events", json=EVENT)
    assert event.status_code == 201, event.get_json()
    response = coordinator_api.get(f"/events/{event.get_json()['id']}/{path}")
    if response.status_code == 404:
        pytest.skip(f"no such download: {path}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    header = response.headers["Content-Disposition"]
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert "审计-中文" in unquote(header.split("filename*=UTF-8''", 1)[1])
