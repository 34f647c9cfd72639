"""The seed brief in a real browser: on a phone, on a desktop, and printed to A4 PDF by Chromium."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import queue
from incidents.models import Brief
from tests import seedcopy
from tests.conftest import ARTIFACTS, browser_language, browser_login, screenshot

from .conftest import local

pytestmark = pytest.mark.browser


@pytest.fixture
def brief_ids(database, rainstorm) -> dict[str, int]:
    seedcopy.compiled(database, rainstorm.id, local("2021-07-31 09:00"), 30)
    with database.read_session() as s:
        return {b.day.isoformat(): b.id for b in s.scalars(sa.select(Brief).where(Brief.event_id == rainstorm.id))}


def test_brief_on_phone_and_desktop(live_server, phone, desktop, make_user, brief_ids):
    make_user("viewer1", "viewer")
    for page, name in ((phone, "phone"), (desktop, "desktop")):
        browser_login(page, live_server, "viewer1")
        page.goto(f"{live_server}/briefs/{brief_ids['2021-07-24']}")
        assert page.locator(".brief-title").inner_text() == "文峰区防汛救灾工作日报"
        # Nothing spills sideways on a phone: the page is as wide as the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"] + 1, name
        assert page.locator(".brief-chart").count() >= 2
        screenshot(page, f"brief-0724-{name}")
    # The brief's title within the phone's first screen (eleven download links once came first); the other
    # formats one tap away.
    phone.evaluate("window.scrollTo(0, 0)")
    title = phone.locator(".brief-title").bounding_box()
    assert title is not None and title["y"] + title["height"] <= phone.viewport_size["height"]
    phone.screenshot(path=str(ARTIFACTS / "brief-0724-phone-top.png"))
    assert not phone.get_by_text("CSV · 主要数据").is_visible()
    phone.get_by_text("更多格式").click()
    assert phone.get_by_text("CSV · 主要数据").is_visible()
    # A long brief on a phone: a section is one tap away, and its heading lands in view below the bar.
    phone.click(".brief-toc a[href='#brief-quality']")
    heading = phone.locator("#brief-quality h2").bounding_box()
    bar = phone.locator(".brief-toc").bounding_box()
    assert heading is not None and bar is not None
    assert bar["y"] + bar["height"] <= heading["y"] + 1 and heading["y"] < phone.viewport_size["height"]
    desktop.goto(f"{live_server}/briefs/{brief_ids['2021-07-28']}")
    screenshot(desktop, "brief-0728-desktop")


def test_print_to_a4_pdf(live_server, desktop, make_user, brief_ids):
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    ARTIFACTS.mkdir(exist_ok=True)
    for day in ("2021-07-24", "2021-07-28"):
        desktop.goto(f"{live_server}/briefs/{brief_ids[day]}/print")
        desktop.emulate_media(media="print")
        assert not desktop.locator(".print-tools").is_visible()  # the print button does not print
        _subdistrict_table_reads_on_paper(desktop)
        pdf = desktop.pdf(path=str(ARTIFACTS / f"brief-{day}.pdf"), format="A4", print_background=True,
                          prefer_css_page_size=True)
        assert pdf[:4] == b"%PDF" and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + \
            pdf.count(b"/Type/Page") >= 1
        desktop.emulate_media(media="screen")


# The lines a cell's text takes: the distinct tops of its text's boxes.
LINES = """cell => { const r = document.createRange(); r.selectNodeContents(cell);
                     return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""


def _subdistrict_table_reads_on_paper(page) -> None:
    """分街道, printed at the A4 text width (210 mm less 2 × 16 mm margins = 178 mm): no heading
    broken a character a line (报告数 once stood 报/告/数), no subdistrict name broken mid-word
    (北大街街/道), and the table still inside the page."""
    size = page.viewport_size
    page.set_viewport_size({"width": round(178 / 25.4 * 96), "height": size["height"]})
    try:
        heads = page.locator(".brief-subs thead th")
        assert heads.count() == 7
        for i in range(heads.count()):
            assert heads.nth(i).evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
        reports = heads.last
        assert reports.inner_text() == "报告数"
        assert reports.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        assert reports.evaluate(LINES) == 1
        names = page.locator(".brief-subs tbody th")
        assert names.count() >= 2
        for i in range(names.count()):
            assert names.nth(i).evaluate(LINES) == 1, names.nth(i).inner_text()
        table = page.locator(".brief-subs")
        assert table.evaluate("t => t.getBoundingClientRect().width <= t.parentElement.clientWidth + 1")
    finally:
        page.set_viewport_size(size)


def test_docx_artifact_for_looking_at(client, auth, make_user, brief_ids):
    """Writes artifacts/brief-2021-07-24.docx (convert with libreoffice to look at it; not needed here)."""
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    ARTIFACTS.mkdir(exist_ok=True)
    for day in ("2021-07-24", "2021-07-28"):
        data = client.get(f"/briefs/{brief_ids[day]}/export/docx").data
        (ARTIFACTS / f"brief-{day}.docx").write_bytes(data)
        assert data[:2] == b"PK"


def test_sign_off_asks_first_on_a_phone(live_server, phone, make_user, brief_ids, database):
    # Signing sends the brief to the event's recipients: a stray tap beside "recompile" must not.
    make_user("coord1", "coordinator")
    browser_login(phone, live_server, "coord1")
    brief_id = brief_ids["2021-07-24"]
    phone.goto(f"{live_server}/briefs/{brief_id}")
    asked: list[str] = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    phone.click("form[action$='/publish'] button")
    phone.wait_for_timeout(300)
    assert asked and "签发" not in phone.locator(".flash").all_inner_texts()
    with database.read_session() as s:
        assert s.get(Brief, brief_id).published_at is None
    phone.once("dialog", lambda d: d.accept())
    with phone.expect_navigation():
        phone.click("form[action$='/publish'] button")
    with database.read_session() as s:
        assert s.get(Brief, brief_id).published_at is not None


def test_a_revision_link_is_big_enough_to_tap(live_server, phone, make_user, brief_ids, database):
    # "1" and "2" are one digit each: 9 px wide as bare links, under the 24 px a thumb needs (WCAG 2.2).
    make_user("coord1", "coordinator")
    browser_login(phone, live_server, "coord1")
    brief_id = brief_ids["2021-07-24"]
    phone.goto(f"{live_server}/briefs/{brief_id}")
    with phone.expect_navigation():
        phone.click("form[action$='/recompile'] button")
    queue.run_queued(database)
    phone.goto(f"{live_server}/briefs/{brief_id}")
    link = phone.locator(".brief-bar .meta a.revision")
    assert link.inner_text() == "2"
    box = link.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box


def test_revision_links_fit_their_card_on_a_phone_in_english(live_server, phone, make_user, brief_ids, rainstorm):
    # "revision 1 · Awaiting sign-off" did not wrap: its end ran past the card, cut off at 360 px.
    make_user("coord1", "coordinator")
    browser_login(phone, live_server, "coord1")
    browser_language(phone, live_server, "en")
    phone.goto(f"{live_server}/events/{rainstorm.id}/briefs")
    links = phone.locator(".brief-list a.rev")
    assert links.count() > 0 and "Awaiting sign-off" in links.first.inner_text()
    overflowing = phone.evaluate("""() => [...document.querySelectorAll('.brief-list a.rev')].filter(a => {
        const cell = a.closest('td').getBoundingClientRect();
        return a.getBoundingClientRect().right > cell.right + 0.5; }).map(a => a.textContent)""")
    screenshot(phone, "briefs-list-en-phone")
    assert overflowing == []
