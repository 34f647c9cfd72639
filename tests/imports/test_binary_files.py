"""A file that is not text (NUL bytes, an image, a PDF renamed .csv) is refused as such, by the page and the CLI:
a file of NUL bytes was told 文件为空 (the file is empty), sending the clerk to look for rows in a file that
was never a sheet. 4xx, the problem named, nothing saved."""

from __future__ import annotations

import pytest

from tests.imports.conftest import count_reports
from tests.imports.test_pages import upload

NOT_TEXT = "not a text (CSV) file"
FILES = {
    "nul.csv": b"\x00" * 4096,
    "photo.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "scan.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\x9c\xff endstream",
    "program.csv": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64,
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_binary_file_is_named_not_text_by_the_page(name, client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    before = count_reports(database)
    _token, preview = upload(client, f"/events/{event.id}/import", FILES[name], filename=name)
    page = preview.get_data(as_text=True)
    assert 400 <= preview.status_code < 500, preview.status_code
    assert "不是文本（CSV）文件" in page, (preview.status_code, [x for x in page.splitlines() if "error" in x][:5])
    assert "文件为空" not in page
    assert count_reports(database) == before


def test_the_cli_and_english_say_it_too(runner, tmp_path, event, make_user, run, database):
    make_user("co", "coordinator")
    path = tmp_path / "nul.csv"
    path.write_bytes(FILES["nul.csv"])
    done = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert done.exit_code != 0 and NOT_TEXT in done.output and "empty" not in done.output, done.output
    before = count_reports(database)
    outcome = run(FILES["nul.csv"], "co", event)
    assert [str(p.message) for p in outcome.problems] == [
        "the file is not a text (CSV) file: it holds binary data (NUL bytes); save the sheet as CSV (UTF-8) or XLSX"]
    assert count_reports(database) == before and not outcome.stored


def test_a_text_file_with_a_tab_or_a_form_feed_is_still_read(event, make_user, run):
    # Text's own control characters are not binary: a tab-separated file reads as before.
    make_user("co", "coordinator")
    data = "地点\t事项\t时间\n文峰区/北大街街道/彰德路64号院\t巡查\t2021-07-24 21:00\n\x0c".encode()
    outcome = run(data, "co", event, kind="activity", store=False)
    assert outcome.problems == [], outcome.problems
