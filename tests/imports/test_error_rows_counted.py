"""The preview's counts add up to the file's rows: a row with two errors is one row with errors, not two errors beside
the rows counted as new.

Found by a newcomer's pass: a file of 2 rows, one good and one with a bad time and a bad count, was previewed as
文件行数：2 · 新增：1 · 已导入过、跳过：0 · 错误：2, three rows out of two.
"""

from __future__ import annotations

from tests.conftest import switch_language
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_repeated_rows_said import said

ROWS = [["地点", "事项", "时间", "信息来源"],
        ["文峰区/北大街街道", "巡查河道", "2021-07-24 09:00", "街道办"],
        ["文峰区/无此街道", "发放沙袋", "2021-07-24 25:00", "街道办"]]


def test_a_row_with_two_errors_is_counted_as_one_row(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    _token, preview = upload(client, url, csv_bytes(ROWS))
    assert preview.status_code == 422  # refused as a whole, nothing stored
    assert said(preview)[:2] == ["文件行数：2", "新增：1"], said(preview)
    assert said(preview)[-1] == "有错误的行：1（共2处错误）", said(preview)

    switch_language(client, "en")
    _token, preview = upload(client, url, csv_bytes(ROWS))
    assert said(preview)[-1] == "Rows with errors: 1 (2 errors)", said(preview)
    _token, clean = upload(client, url, csv_bytes(ROWS[:2]))
    assert said(clean)[-1] == "Rows with errors: 0", said(clean)
