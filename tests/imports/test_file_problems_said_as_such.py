"""A problem of the file as a whole (not text, empty, its header) is said above the preview as the file's, not
listed in the row table at "line 1" under 请更正下列各行 (correct the rows below) as if a row were at fault."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import switch_language
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows

FILES = {
    "not text": (b"%PDF-1.7\n\x00\x01\x02binary", "log.csv", "不是文本（CSV）文件", "not a text (CSV) file"),
    "empty": (b"\r\n\r\n", "log.csv", "文件为空", "the file is empty"),  # b"" the form itself refuses
    "missing column": (csv_bytes([["地点", "时间"], ["文峰区/北大街街道", "2021-07-22 21:00"],
                                  ["文峰区/北大街街道", "2021-07-22 22:00"]]), "log.csv", "文件没有“事项”列",
                       'the file has no column "title"'),
    "unknown column": (csv_bytes([["地点", "事项", "时间", "天气"], ["文峰区", "巡查", "2021-07-22 21:00", "雨"]]),
                       "log.csv", "未知列", "unknown column"),
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("name", list(FILES))
def test_a_files_own_problem_is_said_above_with_no_rows_to_correct(name, client, auth, event, make_user, database):
    data, filename, zh, en = FILES[name]
    make_user("co", "coordinator")
    auth.login("co")
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event.id}/import", data, filename=filename, kind="activity")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "请更正下列各行" not in page and 'class="import-errors"' not in page
    said = re.search(r'<div class="flash flash-error import-file-problem" role="alert">(.*?)</div>', page, re.S)
    assert said and zh in said.group(1) and "未导入任何内容" in said.group(1), page
    assert "行，" not in said.group(1)  # its message names what is wrong; no "line 1" is made up
    assert page.index("import-file-problem") < page.index('id="upload-h"')
    assert count_reports(database) == before
    switch_language(client, "en")
    _token, english = upload(client, f"/events/{event.id}/import", data, filename=filename, kind="activity")
    page = english.get_data(as_text=True)
    assert "correct the rows below" not in page and 'class="import-errors"' not in page
    said = re.search(r'<div class="flash flash-error import-file-problem" role="alert">(.*?)</div>', page, re.S)
    assert said and en in html.unescape(said.group(1)) and "Nothing was imported" in said.group(1)


def test_a_rows_problem_is_still_listed_by_line_under_correct_the_rows(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    rows = activity_rows(3)
    rows[2][2] = "昨天晚上"  # an unreadable time on line 3
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "请更正下列各行" in page and 'class="import-errors"' in page
    assert "import-file-problem" not in page


def test_the_cli_says_the_files_problem_without_a_line_or_column(runner, tmp_path, event, make_user):
    make_user("co", "coordinator")
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    done = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--kind", "activity",
                               "--as", "co"])
    assert done.exit_code != 0, done.output
    assert "line 1" not in done.output and "column -" not in done.output and "in 0 rows" not in done.output
    assert f"{path}: the file is empty" in done.output and "nothing was imported" in done.output


def test_a_missing_required_column_is_one_problem_not_one_a_row(event, make_user, run):
    # Each of the file's rows was told "required" in the same column: 3 rows, 3 errors; 10,000 rows, 1,000 shown.
    make_user("co", "coordinator")
    rows = [r[:1] + r[2:] for r in activity_rows(3)]  # no 事项 (title) column
    outcome = run(csv_bytes(rows), "co", event, kind="activity", store=False)
    assert outcome.whole_file and [(p.line, p.column) for p in outcome.problems] == [(1, "title")]
    assert not outcome.stored
