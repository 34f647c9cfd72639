"""Where the brief's pages break, in the server's PDF and in Chromium's print of the print page.

Found printing the seed's 24 July brief: the Chinese PDF ended page 1 with 主要数据, its table header and one row, the
rest of the table on page 2; and Chromium's print of the English brief put the first chart on page 1 and the second,
with the map, on page 2. The heading goes on with its header and first rows; the charts and map are one block,
moved whole to the next page when the page cannot hold it.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from incidents.briefs import formats

from .conftest import compile_seed, local
from .test_pdf import needs_poppler

pytestmark = pytest.mark.any_database  # the PDF laid out from a brief's content (tests/conftest.py)

WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')
HEADING = {"zh": "主要数据", "en": "Key figures"}
# The first three rows' items of 主要数据, and the charts' and the map's titles, as pdftotext splits them into words.
FIRST_ROWS = {"zh": ["仍停电", "恢复供电", "停电楼栋"], "en": ["open", "restored", "without"]}
VISUALS = {"zh": ["每日24时仍停电（处）", "每日排水量（立方米）", "本时段末各地点状态"],
           "en": ["Outages open", "Pumped per day", "Places by status"]}


def pages_of(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's words, (top in points, text), in pdftotext's reading order."""
    args = ["pdftotext", "-bbox", "-", "-"]
    boxes = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return [[(float(top), text) for top, text in WORD.findall(page)] for page in boxes.split("<page")[1:]]


def page_of(pages: list[list[tuple[float, str]]], phrase: str) -> int:
    """The page (from 0) whose text has `phrase` (words joined by single spaces), the first such."""
    for n, words in enumerate(pages):
        if phrase in " ".join(text for _top, text in words) or phrase in "".join(text for _top, text in words):
            return n
    raise AssertionError(f"{phrase!r} on no page")


def heading_keeps_its_rows(pages: list[list[tuple[float, str]]], lang: str) -> None:
    """主要数据 stands on a page with its table's first three rows under it."""
    n = page_of(pages, HEADING[lang])
    top = next(t for t, text in pages[n] if text == HEADING[lang].split()[0])
    below = [text for t, text in pages[n] if t > top]
    missing = [item for item in FIRST_ROWS[lang] if item not in below]
    assert not missing, (n + 1, missing)  # (the heading's page, the first rows' items not on it)


def visuals_together(pages: list[list[tuple[float, str]]], lang: str) -> None:
    """Both charts and the map on one page."""
    found = {title: page_of(pages, title) + 1 for title in VISUALS[lang]}
    assert len(set(found.values())) == 1, found


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo rainstorm's 24 July brief (two charts and the map; the longest overview of the first days)."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-07-25 08:00"), 3)["2021-07-24"]


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_keeps_the_key_figures_heading_with_its_rows_and_the_charts_together(content, lang):
    pages = pages_of(formats.as_pdf(content, lang))
    heading_keeps_its_rows(pages, lang)
    visuals_together(pages, lang)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_print_keeps_the_charts_together(live_server, browser, brief_24_july, make_user, lang):
    """The print page printed by Chromium (page.pdf, A4, print media): the same breaks."""
    from tests.conftest import browser_login

    make_user("viewer1", "viewer")
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        browser_login(page, live_server, "viewer1")
        page.goto(f"{live_server}/briefs/{brief_24_july}/print?lang={lang}")
        page.emulate_media(media="print")
        pages = pages_of(page.pdf(format="A4", prefer_css_page_size=True))
    finally:
        context.close()
    visuals_together(pages, lang)
    heading_keeps_its_rows(pages, lang)
