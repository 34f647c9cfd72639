"""A small upload never costs the server much: an XLSX that unpacks too far is refused before it is read,
a cell is at most cells.CELL_CHARS long in either format, and the preview shows a row's first columns,
each cut short."""

from __future__ import annotations

import csv
import io
import zipfile

from tests.imports.conftest import count_reports, csv_bytes, xlsx_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows

# The longest cell either reader takes: the csv module's own limit (cells.CELL_CHARS).
CELL_CHARS = csv.field_size_limit()
# What an XLSX may unpack to (xlsx_reading.XLSX_UNPACKED_MAX: twice the 64 MB an upload may carry).
UNPACKED_MAX = 128 * 2**20


def with_cell(data: bytes, placeholder: str, size: int) -> bytes:
    """The workbook with `placeholder` in its sheet replaced by `size` letters A, written in chunks (a
    bomb: a few hundred KB of zip)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, body)
                continue
            head, tail = body.split(placeholder.encode())
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                chunk = b"A" * 2**20
                for _ in range(size // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"A" * (size % len(chunk)))
                sheet.write(tail)
    return out.getvalue()


def test_a_workbook_that_unpacks_too_far_is_refused_before_it_is_read(client, auth, event, make_user, database):
    make_user("rep", "reporter")
    auth.login("rep")
    rows = activity_rows(1)
    rows[1][3] = "BOMB"
    bomb = with_cell(xlsx_bytes(rows), "BOMB", UNPACKED_MAX + 1)
    assert len(bomb) < 1024 * 1024
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event.id}/import", bomb, "log.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and len(html) < 100_000
    assert f"超过了导入可读取的 {UNPACKED_MAX // 2**20} MB" in html
    assert count_reports(database) == before


def test_a_cell_over_the_csv_limit_is_refused_in_a_workbook_by_line_and_column(client, auth, event, make_user, runner,
                                                                              tmp_path):
    make_user("co", "coordinator")
    auth.login("co")
    rows = activity_rows(2)
    rows[2][3] = "LONG"  # openpyxl cuts what it writes to Excel's 32,767: the cell is written into the XML
    too_long = with_cell(xlsx_bytes(rows), "LONG", CELL_CHARS + 1)
    _token, preview = upload(client, f"/events/{event.id}/import", too_long, "log.xlsx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and len(html) < 100_000
    assert f"<td>3</td><td>来源</td><td>超过{CELL_CHARS:,}个字符</td>" in html
    path = tmp_path / "log.xlsx"
    path.write_bytes(too_long)
    result = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert result.exit_code == 1
    assert f"line 3, column 来源 (source): is longer than {CELL_CHARS:,} characters" in result.output
    # As long as a CSV cell may be: read, and refused by the source's own rule (quoted no further than a line).
    _token, preview = upload(client, f"/events/{event.id}/import", with_cell(xlsx_bytes(rows), "LONG", CELL_CHARS),
                             "log.xlsx")
    html = preview.get_data(as_text=True)
    assert "个字符</td>" in html and f"超过{CELL_CHARS:,}" not in html and len(html) < 100_000


def test_the_preview_shows_each_cell_and_row_cut_short(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    rows = activity_rows(3)
    rows[1][3] = "长" * 100_000
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    html = preview.get_data(as_text=True)
    assert "长" * 200 + "…" in html and "长" * 201 not in html
    wide = activity_rows(2)
    wide = [row + [""] * 500_000 for row in wide]
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(wide))
    assert preview.status_code == 200 and len(preview.get_data()) < 200_000
