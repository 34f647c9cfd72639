"""A sheet's length (an h4 audit): a workbook of 1,000,000 empty formatted rows below two rows of data took
21-49 s of a worker to read (openpyxl parses every row), and one whose <dimension> said fewer rows than it
held lost the rows below (openpyxl stops reading at the declared last row), without a word. Now a sheet
declaring more lines than an import reads is refused at once, naming its length; one whose rows run past
that without declaring them is refused when the reading gets there; and every row held is read, whatever
the dimension says."""

from __future__ import annotations

import re
import time

from incidents.imports import cells, reading
from tests.imports.conftest import count_reports, xlsx_bytes
from tests.imports.test_damaged_xlsx import sheet_changed
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows

EMPTY_ROW = '<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/></row>'


def with_empty_rows(count: int, dimension: str | None) -> bytes:
    """Two activity rows, then `count` empty formatted rows; the sheet's <dimension> set to `dimension`."""
    rows = "".join(EMPTY_ROW.format(n=n) for n in range(4, count + 4)).encode()

    def change(body: bytes) -> bytes:
        body = body.replace(b"</sheetData>", rows + b"</sheetData>")
        return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), body) \
            if dimension else re.sub(rb'<dimension ref="[^"]*"/>', b"", body)

    return sheet_changed(change)


def test_a_sheet_of_a_million_formatted_rows_is_refused_at_once_naming_its_length(client, auth, event, make_user,
                                                                                  database):
    make_user("co", "coordinator")
    auth.login("co")
    data = with_empty_rows(1_000_000, "A1:D1000003")
    before = count_reports(database)
    started = time.process_time()
    _token, preview = upload(client, f"/events/{event.id}/import", data, "log.xlsx")
    took = time.process_time() - started
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "1,000,003" in html and "200,000" in html, html[:3000]
    assert took < 5, took  # 21 s before, on a loaded machine
    assert count_reports(database) == before


def test_rows_past_the_limit_not_declared_are_refused_when_reached(monkeypatch):
    monkeypatch.setattr(cells, "MAX_LINES", 1_000)
    data = with_empty_rows(2_000, None)
    try:
        reading.read_table("log.xlsx", data, {"地点": "place", "事项": "title", "时间": "observed_at",
                                              "来源": "source"})
    except cells.FileProblem as exc:
        assert exc.line == 1_001 and "1,000" in str(exc.message)
    else:
        raise AssertionError("a sheet longer than the limit was read")


def test_rows_below_a_dimension_that_says_fewer_are_read(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    data = sheet_changed(lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:D2"/>', b),
                         xlsx_bytes(activity_rows(5)))
    _token, preview = upload(client, f"/events/{event.id}/import", data, "log.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[:2000]
    assert "巡查 4" in html  # the sixth line, below the declared A1:D2


def test_cells_right_of_a_dimension_that_says_fewer_columns_are_read():
    data = sheet_changed(lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B6"/>', b),
                         xlsx_bytes(activity_rows(5)))
    table = reading.read_table("log.xlsx", data, {"地点": "place", "事项": "title", "时间": "observed_at",
                                                  "来源": "source"})
    assert table.columns == ["place", "title", "observed_at", "source"]
    assert table.rows[-1][1][2:] == ["2021-07-24 08:04", "test"]
