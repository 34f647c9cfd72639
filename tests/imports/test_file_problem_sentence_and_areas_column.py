"""A file refused as a whole says one problem as a sentence, several as a list; an areas file lacking its
路径 (path) column is that one problem of the file, as a reports file lacking a column is, not "required" on
every row: web and CLI, zh and English."""

from __future__ import annotations

import html
import re

from tests.conftest import switch_language
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload

ALERT = r'<div class="flash flash-error import-file-problem" role="alert">(.*?)</div>'


def _said(page: str) -> str:
    found = re.search(ALERT, page, re.S)
    assert found, page
    return found.group(1)


def test_one_problem_of_the_file_is_a_sentence_not_a_one_item_list(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", b"\r\n\r\n", kind="activity")
    said = _said(preview.get_data(as_text=True))
    assert "<ul>" not in said and "<li>" not in said, said
    assert re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", said)).startswith("未导入任何内容：文件为空"), said
    switch_language(client, "en")
    _token, english = upload(client, f"/events/{event.id}/import", b"\r\n\r\n", kind="activity")
    said = html.unescape(_said(english.get_data(as_text=True)))
    assert "<li>" not in said and "Nothing was imported: the file is empty" in re.sub(r"\s+", " ", re.sub(
        r"<[^>]+>", "", said)), said


def _areas_without_path(n: int = 3) -> bytes:
    return csv_bytes([["级别", "英文名称"]] + [["社区", f"Place {i}"] for i in range(n)])


def test_an_areas_file_without_its_path_column_is_one_problem_of_the_file(client, auth, make_user, seeded):
    make_user("root", "admin")
    auth.login("root")
    _token, preview = upload(client, "/areas/import", _areas_without_path(), "areas.csv")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert 'class="import-errors"' not in page and "请更正下列各行" not in page
    said = _said(page)
    assert "文件没有“路径”列" in said and "<li>" not in said, said
    switch_language(client, "en")
    _token, english = upload(client, "/areas/import", _areas_without_path(), "areas.csv")
    said = html.unescape(_said(english.get_data(as_text=True)))
    assert 'the file has no column "path", which every row needs' in said, said


def test_the_cli_says_an_areas_files_missing_column_once(runner, tmp_path, make_user, seeded):
    make_user("root", "admin")
    path = tmp_path / "areas.csv"
    path.write_bytes(_areas_without_path())
    done = runner.invoke(args=["incidents", "import", str(path), "--kind", "areas", "--as", "root"])
    assert done.exit_code != 0, done.output
    assert done.output.count("path") >= 1 and "line 2" not in done.output and "in 3 rows" not in done.output
    assert f'{path}: the file has no column "path", which every row needs' in done.output, done.output
    assert "the file was refused as a whole: nothing was imported" in done.output


def test_the_outcome_has_one_problem(make_user, seeded, database):
    from incidents.imports.services import run_import

    user = make_user("root", "admin")
    with database.transaction() as s:
        outcome = run_import(s, filename="areas.csv", data=_areas_without_path(), user_id=user, event_id=None,
                             kind="areas")
    assert outcome.whole_file and [(p.line, p.column) for p in outcome.problems] == [(1, "path")]


def test_several_problems_of_the_file_stay_a_list(client, auth, event, make_user):
    # Two formulas in the header row: the file's two problems, each with its cell, as a list.
    from tests.imports.conftest import xlsx_bytes

    make_user("co", "coordinator")
    auth.login("co")
    data = xlsx_bytes([["area", '=CONCAT("ti","tle")', "=1+1"], ["文峰区/北大街街道", "x", "y"]])
    _token, preview = upload(client, f"/events/{event.id}/import", data, filename="log.xlsx")
    said = _said(preview.get_data(as_text=True))
    assert said.count("<li>") == 2 and "<ul>" in said, said
    assert said.count("<li>") == 2 and "<ul>" in said, said
    # Each named by its cell; no space after the Chinese colon.
    assert "<li>第1行，B列：是公式" in said and "<li>第1行，C列：是公式" in said, said
    switch_language(client, "en")
    _token, english = upload(client, f"/events/{event.id}/import", data, filename="log.xlsx")
    said = html.unescape(_said(english.get_data(as_text=True)))
    assert said.count("<li>") == 2 and "<li>Line 1, column B: is a formula" in said, said
