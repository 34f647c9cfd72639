"""A district's 10,000 rows through the import page and out again through the list's downloads.

The same file sent twice stores nothing the second time; a file with one bad row among 10,000 is refused naming
its line and column, and nothing of it is stored; the list of 10,000 reports streams out (CSV and JSON), every
row there, in pieces.
"""

from __future__ import annotations

import csv
import io
import json
import re

from tests.conftest import csrf_from
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload

ROWS = 10_000
HEADER = ["地点", "事项", "时间", "信息来源"]
TOWNS = ["文峰区/北大街街道", "文峰区/东关街道", "文峰区/光华路街道"]


def rows(bad_line: int | None = None) -> list[list[str]]:
    """The header and ROWS activity rows over three subdistricts and a day; one time unreadable at `bad_line`."""
    out = [HEADER] + [[TOWNS[i % 3], f"入户排查 第{i}户", f"2021-07-24 {i // 60 % 24:02d}:{i % 60:02d}", "社区网格员"]
                      for i in range(ROWS)]
    if bad_line is not None:
        out[bad_line - 1][2] = "2021-07-24 25:00"
    return out


def test_ten_thousand_rows_import_once_refuse_a_bad_row_whole_and_stream_out(client, auth, make_user, event,
                                                                              database):
    make_user("co", "coordinator")
    auth.login("co")
    page = f"/events/{event.id}/import"
    before = count_reports(database)
    listed = len(json.loads(client.get(f"/events/{event.id}/reports/export.json?status=all").data)["rows"])

    # One bad row among 10,000: named by line and column, nothing to confirm, nothing stored.
    _token, preview = upload(client, page, csv_bytes(rows(bad_line=7_001)))
    html = preview.get_data(as_text=True)
    assert "/confirm" not in html and count_reports(database) == before
    said = re.sub(r"<[^>]+>|\s+", " ", html)
    assert re.search(r"7001 [^0-9]{0,40}时间", said), said[said.find("7001") - 200:said.find("7001") + 300]

    # The file put right: stored once; sent again, every row is found already there.
    good = csv_bytes(rows())
    token, preview = upload(client, page, good)
    html = preview.get_data(as_text=True)
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302 and count_reports(database) == before + ROWS
    _token, again = upload(client, page, good)
    html = again.get_data(as_text=True)
    assert "/confirm" not in html and "新增：0" in html, html
    assert count_reports(database) == before + ROWS

    # Out: streamed in pieces as the rows are read (2,000 lines a piece), every report once. (Its memory over
    # 100,000 reports is benches/export_bench.py's, docs/exports.md: tracing it here took longer than the rest.)
    for fmt in ("csv", "json"):
        response = client.get(f"/events/{event.id}/reports/export.{fmt}?status=all")
        assert response.status_code == 200 and response.is_streamed, fmt
        chunks = list(response.response)
        body = b"".join(chunks)
        assert len(chunks) >= 5 and max(map(len, chunks)) < len(body) // 4, (fmt, len(chunks))
        if fmt == "csv":
            ids = [int(r[0]) for r in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]]
        else:
            ids = [r["id"] for r in json.loads(body)["rows"]]
        assert len(ids) == len(set(ids)) == listed + ROWS, fmt
