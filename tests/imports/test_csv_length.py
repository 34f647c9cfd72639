"""A CSV's length: a file of a million short report rows (55 MB, under the upload limit) was checked row by row,
about 10,000 a second, and held a worker past gunicorn's 60 s, the clerk left with no answer. An XLSX sheet is read
to cells.MAX_LINES lines; now a CSV is held to the same, refused at once naming its length, nothing stored."""

from __future__ import annotations

import time

from incidents.imports import cells, csv_reading
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows


def test_a_million_row_csv_is_refused_at_once_naming_its_length(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    header, row = csv_bytes(activity_rows(1)).splitlines(keepends=True)
    data = header + row * 1_000_002  # 1,000,003 lines, every row one a preview would check
    before = count_reports(database)
    started = time.process_time()
    _token, preview = upload(client, f"/events/{event.id}/import", data)
    took = time.process_time() - started
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422, html[:2000]
    assert "文件共1,000,003行，超过导入可读的200,000行" in html, html[:3000]
    assert took < 10, took
    assert count_reports(database) == before


def test_a_csv_at_the_limit_is_read_and_one_line_over_is_not(monkeypatch, app, event, make_user, run, database):
    monkeypatch.setattr(cells, "MAX_LINES", 11)
    make_user("co", "coordinator")
    rows = activity_rows(10)  # a header and 10 rows: 11 lines
    assert run(csv_bytes(rows), "co", event, store=False).created == 10
    over = run(csv_bytes(activity_rows(11)), "co", event, store=False)
    assert [(p.line, str(p.message)) for p in over.problems] == [
        (1, "the file runs to line 12, over the 11 lines an import reads: split it into smaller files")]
    assert over.created == 0
    blank_below = csv_bytes(rows) + b",,,\r\n" * 50  # the blank lines a spreadsheet saves below are not counted
    assert run(blank_below, "co", event, store=False).created == 10
    assert csv_reading.cells.MAX_LINES == 11
