"""The import page in Chromium: a phone (360 px) uploads, previews and confirms; the desktop preview."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, screenshot
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_rows import activity_rows

pytestmark = pytest.mark.browser


def test_upload_preview_confirm_on_a_phone_and_the_desktop(live_server, phone, desktop, event, make_user,
                                                           database, tmp_path):
    make_user("co", "coordinator")
    good = tmp_path / "log.csv"
    good.write_bytes(csv_bytes(activity_rows(40)))
    before = count_reports(database)
    browser_login(phone, live_server, "co")
    phone.goto(f"{live_server}/events/{event.id}/import")
    phone.set_input_files("#file", str(good))
    phone.click("form.import-form button[type=submit]")
    phone.wait_for_selector(".import-preview")
    wide = phone.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361
        && !e.closest('.table-wrap')).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, wide  # wide tables scroll inside
    screenshot(phone, "import-preview-phone")
    # The first rows' headings stood one character a line (行/号, 预/计/恢/复/时/间: a 170 px tall heading row)
    # and the templates' XLSX English, CSV English lay past the screen's edge: each heading is one line,
    # each template a tap on the screen.
    tall = phone.evaluate("""[...document.querySelectorAll('.import-sample th')]
        .filter(th => th.getBoundingClientRect().height > 40).map(th => th.textContent)""")
    assert not tall, tall
    hidden = phone.evaluate("""[...document.querySelectorAll('.import-templates a')]
        .filter(a => a.getBoundingClientRect().right > 360).map(a => a.textContent)""")
    assert not hidden, hidden
    with phone.expect_navigation():
        phone.click(".import-preview button[type=submit]")
    assert count_reports(database) == before + 40

    rows = activity_rows(8)
    rows[5][2] = "昨天"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(rows))
    browser_login(desktop, live_server, "co")
    desktop.goto(f"{live_server}/events/{event.id}/import")
    desktop.set_input_files("#file", str(bad))
    desktop.click("form.import-form button[type=submit]")
    desktop.wait_for_selector(".import-errors")
    assert desktop.locator(".import-errors tbody tr").count() == 1
    assert desktop.locator(".import-errors td").first.inner_text() == "6"
    screenshot(desktop, "import-errors-desktop")


def test_an_error_message_is_read_whole_on_a_phone(live_server, phone, event, make_user, tmp_path):
    # The problem column did not wrap: "… is outside -90 to 90" ended past the screen's edge, to be
    # found only by scrolling the table sideways.
    make_user("co", "coordinator")
    rows = activity_rows(3)
    rows[1][2] = "昨天"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(rows))
    browser_login(phone, live_server, "co")
    phone.goto(f"{live_server}/events/{event.id}/import")
    phone.set_input_files("#file", str(bad))
    phone.click("form.import-form button[type=submit]")
    phone.wait_for_selector(".import-errors")
    problem = phone.locator(".import-errors td").nth(2)
    assert len(problem.inner_text()) > 40
    box = problem.bounding_box()
    screenshot(phone, "import-errors-phone")
    assert box is not None and box["x"] + box["width"] <= 360, box
    # Its headings stood 行 over 号 (a newcomer's pass, 7 December), as the first rows' did before: one line each.
    tall = phone.evaluate("""[...document.querySelectorAll('.import-errors th')]
        .filter(th => th.getBoundingClientRect().height > 40).map(th => th.textContent)""")
    assert not tall, tall


def test_a_files_own_problem_reads_above_the_form_on_a_phone_and_the_desktop(live_server, phone, desktop, event,
                                                                             make_user, tmp_path):
    # A PDF picked by mistake was listed at "line 1" of the row table under 请更正下列各行 (correct the rows).
    make_user("co", "coordinator")
    pdf = tmp_path / "log.csv"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    for page, name in ((phone, "import-file-problem-phone"), (desktop, "import-file-problem-desktop")):
        browser_login(page, live_server, "co")
        page.goto(f"{live_server}/events/{event.id}/import")
        page.set_input_files("#file", str(pdf))
        page.click("form.import-form button[type=submit]")
        said = page.wait_for_selector(".import-file-problem")
        assert "不是文本（CSV）文件" in said.inner_text() and "未导入任何内容" in said.inner_text()
        assert page.locator(".import-errors").count() == 0 and "请更正下列各行" not in page.content()
        width = page.viewport_size["width"] if page.viewport_size else 1280
        box = said.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width  # read whole, no sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert box["y"] < page.locator("#upload-h").bounding_box()["y"]  # said above the form to try again
        screenshot(page, name)
