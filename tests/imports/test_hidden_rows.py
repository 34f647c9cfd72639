"""A row hidden in an XLSX sheet (hidden by hand, or filtered out) is refused by line, not imported unseen.

Found by importing a clerk's sheet whose row 3 was hidden (a duplicate put out of sight, or a filter on 地点
showing one subdistrict): all three rows were stored, the hidden one too, though the clerk saw two. Now each
hidden row is named by its line and the file stores nothing; unhide it to import it, or delete it.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.imports.conftest import count_reports, problems
from tests.imports.test_pages import upload

HEADER = ["地点", "事项", "时间"]
PLACE = "文峰区/北大街街道"


def _sheet(hidden: list[int]) -> bytes:
    book = Workbook()
    for row in [
        HEADER,
        [PLACE, "巡查A", "2021-07-24 09:00"],
        [PLACE, "巡查B", "2021-07-24 09:05"],
        [PLACE, "巡查C", "2021-07-24 09:10"],
    ]:
        book.active.append(row)
    for line in hidden:
        book.active.row_dimensions[line].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_row_is_refused_by_its_line(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    outcome = run(_sheet([3]), "co", event, filename="log.xlsx")
    assert problems(outcome) == [(3, "")], outcome.problems
    assert "hidden" in str(outcome.problems[0].message)
    assert not outcome.stored and count_reports(database) == before


def test_a_sheet_without_hidden_rows_imports_as_before(app, event, make_user, run, database):
    make_user("co", "coordinator")
    assert run(_sheet([]), "co", event, filename="log.xlsx").created == 3


def test_the_page_and_the_cli_name_the_hidden_row(client, auth, runner, event, make_user, database, tmp_path):
    make_user("co", "coordinator")
    auth.login("co")
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event.id}/import", _sheet([3]), filename="log.xlsx")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "<td>3</td><td></td><td>该行在表格中被隐藏" in page, page
    path = tmp_path / "log.xlsx"
    path.write_bytes(_sheet([3]))
    done = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert done.exit_code == 1 and "line 3: this row is hidden in the sheet" in done.output, done.output
    assert count_reports(database) == before
