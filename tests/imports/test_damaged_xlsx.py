"""A damaged XLSX is refused as one, on the page (422) and by the command (one line, no traceback):
opening it was guarded, reading its rows was not. No entity a DTD declares is ever read."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tests.imports.conftest import count_reports, xlsx_bytes
from tests.imports.test_messy_files import cli
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows

NOT_XLSX = "cannot read the file: it is not a valid XLSX workbook"
B2 = rb'<c r="B2" t="inlineStr"><is><t>[^<]*</t></is></c>'


def sheet_changed(change, data: bytes | None = None) -> bytes:
    """A good two-row workbook with its sheet's XML changed by `change` (bytes → bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data or xlsx_bytes(activity_rows(2))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                changed = change(body)
                assert changed != body
                body = changed
            target.writestr(item, body)
    return out.getvalue()


def damaged(secret: Path) -> dict[str, bytes]:
    """The auditor's cases, each a workbook openpyxl opens and then fails to read."""
    dtd = (f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]><worksheet').encode()
    return {
        "shared string 999": sheet_changed(lambda b: re.sub(B2, b'<c r="B2" t="s"><v>999</v></c>', b)),
        "malformed XML": sheet_changed(lambda b: b.replace(b"</row>", b"</rowx>", 1)),
        "a number cell of letters": sheet_changed(lambda b: re.sub(B2, b'<c r="B2" t="n"><v>abc</v></c>', b)),
        "a date cell of no date": sheet_changed(lambda b: re.sub(B2, b'<c r="B2" t="d"><v>not-a-date</v></c>', b)),
        "column ZZZZ": sheet_changed(lambda b: b.replace(b'r="B2"', b'r="ZZZZ2"')),
        "a file entity": sheet_changed(lambda b: b.replace(b"<worksheet", dtd, 1).replace(b">test<", b">&x;<")),
        "an unused DTD": sheet_changed(lambda b: b.replace(b"<worksheet", b"<!DOCTYPE worksheet []><worksheet", 1)),
    }


def test_a_damaged_workbook_is_a_422_naming_it(client, auth, event, make_user, database, tmp_path):
    make_user("co", "coordinator")
    auth.login("co")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-IN-A-FILE")
    before = count_reports(database)
    for case, data in damaged(secret).items():
        _token, preview = upload(client, f"/events/{event.id}/import", data, "log.xlsx")
        html = preview.get_data(as_text=True)
        assert preview.status_code == 422, case
        assert "无法读取文件：不是有效的 XLSX 工作簿" in html, case
        assert "SECRET-IN-A-FILE" not in html
    assert count_reports(database) == before


def test_the_command_names_a_damaged_workbook_in_one_line(runner, tmp_path, event, make_user, database):
    make_user("co", "coordinator")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-IN-A-FILE")
    before = count_reports(database)
    for case, data in damaged(secret).items():
        result = cli(runner, tmp_path, event, data, "log.xlsx")
        assert result.exit_code == 1, (case, result.output)
        assert f"log.xlsx: {NOT_XLSX}" in result.output, case
        assert result.exception is None or isinstance(result.exception, SystemExit), (case, result.exception)
        assert "SECRET-IN-A-FILE" not in result.output
    assert count_reports(database) == before
