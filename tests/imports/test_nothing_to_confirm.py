"""A preview with nothing to confirm keeps no file (an h2 audit).

Found: every preview without errors kept its upload for a day, though the page offers a confirm only
when the file adds or corrects something. A reporter's 60 MB of a header and blank lines (checked in
10 s) was 60 MB more on the server's disk each time, gone only a day later.
"""

from __future__ import annotations

from pathlib import Path

from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload


def _kept(app) -> list[str]:  # noqa: ANN001
    folder = Path(app.instance_path) / "imports"
    return sorted(p.name for p in folder.rglob("*.data")) if folder.exists() else []


def test_a_preview_that_adds_nothing_keeps_no_file(app, client, auth, event, make_user):
    make_user("field", "reporter", scope="文峰区/北大街街道")
    auth.login("field")
    url = f"/events/{event.id}/import"
    blank = csv_bytes([["地点", "事项", "时间"]] + [["", "", ""]] * 1000)
    _token, preview = upload(client, url, blank)
    assert preview.status_code == 200 and "/confirm" not in preview.get_data(as_text=True)
    assert _kept(app) == []
    one = csv_bytes([["地点", "事项", "时间"], ["文峰区/北大街街道", "巡查", "2021-07-24 09:00"]])
    token, preview = upload(client, url, one)
    assert preview.status_code == 200 and f"/imports/{token}/confirm" in preview.get_data(as_text=True)
    assert _kept(app) == [f"{token}.data"]
