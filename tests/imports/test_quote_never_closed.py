"""A quote opened in a cell and never closed (probed 7 December, mid-morning): the CSV reader took every line after it
into that cell, so a file of four rows whose third row's note began with a stray quote imported two, the last two
rows' text stored as part of the note, and the preview said "rows in the file: 2". Now the file is refused naming the
line where the quote opened; a quoted cell spanning lines and closed, and a quote inside an unquoted cell, still
read."""

from __future__ import annotations

from tests.conftest import switch_language
from tests.imports.conftest import count_reports
from tests.imports.test_pages import upload

HEADER = "地点,事项,时间,备注\r\n"
PLACE = "文峰区/北大街街道/西钟楼巷"


def _file(*rows: str) -> bytes:
    return ("\ufeff" + HEADER + "".join(rows)).encode("utf-8")


ROWS = [f"{PLACE},巡查一,2021-07-24 09:00,\r\n", f'{PLACE},巡查二,2021-07-24 10:00,"积水约30厘米\r\n',
        f"{PLACE},巡查三,2021-07-24 11:00,\r\n", f"{PLACE},巡查四,2021-07-24 12:00,\r\n"]


def test_a_quote_never_closed_refuses_the_file_naming_its_line(event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    outcome = run(_file(*ROWS), "co", event)
    assert outcome.whole_file, outcome
    assert [(p.line, str(p.message)) for p in outcome.problems] == [
        (3, "line 3 cannot be read as CSV (a cell too long, or a stray quote)")]
    assert count_reports(database) == before
    # Closed a line later, the same cell is a note of two lines, and the file's four rows read as such.
    closed = [*ROWS[:1], f'{PLACE},巡查二,2021-07-24 10:00,"积水约30厘米\r\n已排除"\r\n', *ROWS[2:]]
    outcome = run(_file(*closed), "co", event, store=False)
    assert not outcome.problems and outcome.total == 4, outcome.problems
    inch = [f'{PLACE},巡查五,2021-07-24 13:00,管径8"的排水管\r\n']  # a quote inside an unquoted cell is text
    outcome = run(_file(*inch), "co", event, store=False)
    assert not outcome.problems and outcome.total == 1, outcome.problems


def test_the_page_says_it_in_either_language(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", _file(*ROWS))
    assert preview.status_code == 422
    assert "第 3 行无法按 CSV 读取（单元格过长或引号不配对）" in preview.get_data(as_text=True)
    switch_language(client, "en")
    _token, preview = upload(client, f"/events/{event.id}/import", _file(*ROWS))
    assert preview.status_code == 422
    assert "line 3 cannot be read as CSV (a cell too long, or a stray quote)" in preview.get_data(as_text=True)
