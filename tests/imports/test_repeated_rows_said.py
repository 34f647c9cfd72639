"""A row the same as an earlier row of the file is imported as a report of its own (two patrols logged alike are two
facts, docs/imports.md), and the preview says so by line before the button is pressed: a line pasted twice doubled
its figures in the brief (12.5 t cleared became 25 t) without a word."""

from __future__ import annotations

import re

from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import count_reports, csv_bytes

ROWS = [["地点", "事项", "时间", "信息来源"],
        ["文峰区/北大街街道", "巡查河道", "2021-07-24 09:00", "街道办"],
        ["文峰区/北大街街道", "发放沙袋", "2021-07-24 10:00", "街道办"],
        ["文峰区/北大街街道", "巡查河道", "2021-07-24 09:00", "街道办"],
        ["文峰区/北大街街道", "巡查河道", "2021-07-24 09:00", "街道办"]]


def said(preview) -> list[str]:  # noqa: ANN001
    """The preview's counts list, each item as read."""
    found = re.search(r'<ul class="import-counts">(.*?)</ul>', preview.get_data(as_text=True), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li>(.*?)</li>", found.group(1) if found else "", re.S)]


def test_the_preview_names_each_row_the_same_as_an_earlier_one_and_both_are_imported(client, auth, event, make_user,
                                                                                     database):
    from tests.imports.test_pages import upload

    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    token, preview = upload(client, url, csv_bytes(ROWS))
    assert preview.status_code == 200
    assert ("与前面的行完全相同（第4行同第2行，第5行同第2行）：每行都将导入为一份报告；"
            "如是重复录入，请删去后重新上传") in said(preview), said(preview)
    before = count_reports(database)
    done = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(preview.get_data(as_text=True)),
                                                          "token": token})
    assert done.status_code == 302 and count_reports(database) == before + 4
    # Imported again, nothing is new: nothing to warn of.
    _token, again = upload(client, url, csv_bytes(ROWS))
    assert not [item for item in said(again) if "完全相同" in item]
    switch_language(client, "en")
    _token, english = upload(client, url, csv_bytes([*ROWS, ROWS[2], ROWS[2]]))
    assert ("The same as an earlier row (line 6 as line 3, line 7 as line 3): each is imported as a report of its "
            "own; if one was typed twice, delete it and upload again") in said(english), said(english)


def test_the_command_says_the_repeated_rows_too(runner, event, make_user, tmp_path):
    make_user("co", "coordinator")
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes(ROWS[:2] + ROWS[:2][1:]))
    result = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert result.exit_code == 0, result.output
    assert "the same as an earlier row, each imported as a report of its own: line 3 as line 2" in result.output
