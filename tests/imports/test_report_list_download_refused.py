"""The report list's download is refused as an import by name, saying how to correct a report instead.

A user who downloads the report list, fixes a typo offline and imports the file back must not add every
report a second time. The full download was refused, but by the column after its id (未知列 “类型”: it named
类型, a column the download has), and it told the user to copy the rows into the import template and import
that: the very way to the duplicates. With the id column deleted it was only "unknown column 类型". Now the
download is known by its id and version columns (or any column only the download has), refused naming that
column, and the message points to the report's edit form or the API for corrections (docs/exports.md).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.conftest import switch_language
from tests.imports.conftest import count_reports
from tests.imports.test_pages import upload


def _without(data: bytes, *names: str) -> bytes:
    """The CSV download with the named columns deleted, as a user tidying it in a spreadsheet would."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    keep = [i for i, name in enumerate(rows[0]) if name not in names]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[row[i] for i in keep] for row in rows])
    return ("\ufeff" + out.getvalue()).encode()


def _fixed_typo(data: bytes) -> bytes:
    """The download with one title corrected, as the user meant to send it back."""
    text = data.decode("utf-8-sig")
    return ("\ufeff" + text.replace("巡查", "巡察", 1)).encode()


# (the download asked for, what is done to it, the filename, the column the refusal names)
FILES = {
    "csv": ("export.csv", _fixed_typo, "reports.csv", "编号"),
    "xlsx": ("export.xlsx", None, "reports.xlsx", "编号"),
    "one kind": ("export.csv?kind=activity", _fixed_typo, "reports.csv", "编号"),
    "hxl": ("export.hxl.csv", None, "reports.csv", "编号"),
    "id deleted": ("export.csv", lambda d: _without(d, "编号"), "reports.csv", "版本"),
    "id and version deleted": ("export.csv", lambda d: _without(d, "编号", "版本"), "reports.csv", "类型"),
}


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("kind", ["", "activity"])
def test_the_report_list_download_is_refused_on_the_import_page(name, kind, client, auth, event, make_user, database):
    asked, change, filename, column = FILES[name]
    make_user("co", "coordinator")
    auth.login("co")
    download = client.get(f"/events/{event.id}/reports/{asked}")
    assert download.status_code == 200
    data = change(download.data) if change else download.data
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event.id}/import", data, filename=filename, kind=kind)
    page = preview.get_data(as_text=True)
    said = re.search(r'<div class="flash flash-error import-file-problem" role="alert">(.*?)</div>', page, re.S)
    assert preview.status_code == 422 and said, page
    message = said.group(1)
    assert "下载的报告列表" in message and f"“{column}”" in message, message
    assert "更正" in message and "PATCH /api/v1/reports/" in message, message
    # An office moving to a new server learns the way that carries every figure (docs/exports.md).
    assert "迁移到另一套系统" in message and "GET /api/v1/events/&lt;编号&gt;/reports" in message, message
    assert "复制到导入模板" not in message and "未导入任何内容" in message
    assert count_reports(database) == before


def test_the_english_download_is_refused_in_english(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, "en")
    download = client.get(f"/events/{event.id}/reports/export.csv")
    _token, preview = upload(client, f"/events/{event.id}/import", download.data)
    page = preview.get_data(as_text=True)
    said = re.search(r'<div class="flash flash-error import-file-problem" role="alert">(.*?)</div>', page, re.S)
    assert preview.status_code == 422 and said, page
    assert "report list downloaded from the log" in said.group(1) and "ID" in said.group(1), said.group(1)
    assert "Correct on its page" in said.group(1) and "Nothing was imported" in said.group(1)
    assert "to move an event's reports to another instance" in said.group(1).replace("&#39;", "'"), said.group(1)


def test_the_cli_refuses_the_download_and_says_how_to_correct(
    runner, client, auth, event, make_user, database, tmp_path
):
    make_user("co", "coordinator")
    auth.login("co")
    path = tmp_path / "reports.csv"
    path.write_bytes(_fixed_typo(client.get(f"/events/{event.id}/reports/export.csv").data))
    before = count_reports(database)
    done = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert done.exit_code != 0, done.output
    assert "report list downloaded from the log" in done.output and "编号" in done.output, done.output
    assert "PATCH /api/v1/reports/" in done.output
    assert count_reports(database) == before
