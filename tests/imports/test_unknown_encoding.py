"""A CSV in an encoding the import cannot read (Big5, a Traditional Chinese code page) is refused as unreadable.

Found by importing a Big5 file: read as GB18030 (which decodes nearly any bytes), its header came out as
characters of the Private Use Area, and the refusal was "unknown column \\ue6c7翴", a heading no one typed.
GB18030 text of a spreadsheet holds no such characters: the file is now told to be saved as UTF-8 or XLSX.
"""

from __future__ import annotations

from tests.imports.conftest import count_reports


def test_a_big5_file_is_told_to_be_saved_as_utf8(app, event, make_user, run, database):
    make_user("co", "coordinator")
    data = "地點,事項,時間\r\n文峰區/北大街街道,巡查,2021-07-24 09:00\r\n".encode("big5")
    before = count_reports(database)
    outcome = run(data, "co", event)
    assert outcome.whole_file and [str(p.message) for p in outcome.problems] == [
        "cannot read the file: save it as UTF-8 CSV or as XLSX"
    ], outcome.problems
    assert count_reports(database) == before


def test_a_gbk_file_still_imports(app, event, make_user, run, database):
    make_user("co", "coordinator")
    data = "地点,事项,时间\r\n文峰区/北大街街道,巡查,2021-07-24 09:00\r\n".encode("gbk")
    assert run(data, "co", event).created == 1


def test_a_utf32_file_imports_and_utf16_holding_nul_is_not_text(app, event, make_user, run, database):
    """UTF-32 starts with UTF-16's little-endian BOM and two NUL bytes: it was read as UTF-16, every character
    followed by a NUL, and refused as "unknown column \\x00地\\x00点…" (probed 7 December, mid-morning). Now read as
    UTF-32; a UTF-16 file holding NUL characters is refused as binary data, as a UTF-8 one is."""
    make_user("co", "coordinator")
    text = "地点,事项,时间\r\n文峰区/北大街街道,巡查,2021-07-24 09:00\r\n"
    for encoding in ("utf-32", "utf-32-be"):
        typed = text.replace("巡查", f"巡查（{encoding}）")
        data = typed.encode(encoding) if encoding == "utf-32" else b"\x00\x00\xfe\xff" + typed.encode(encoding)
        outcome = run(data, "co", event)
        assert not outcome.problems and outcome.created == 1, (encoding, outcome.problems)
    before = count_reports(database)
    outcome = run(text.replace("巡查", "巡\x00查").encode("utf-16"), "co", event)
    assert outcome.whole_file and [str(p.message) for p in outcome.problems] == [
        "the file is not a text (CSV) file: it holds binary data (NUL bytes); save the sheet as CSV (UTF-8) or XLSX"
    ], outcome.problems
    assert count_reports(database) == before
