"""Every word of the brief's PDF lies within the A4 page's text width, in English as in Chinese.

Found printing the demo's 24 July brief to PDF in English: 主要数据 (Key figures) kept each item, unit and figure on
one line ("Households with power back", "vehicles / vehicle-times", "not reported" three times), wider than the
page, and its Note column ran off the paper's right edge ("to date: outages reporte", "househ").
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

MM = 72 / 25.4
RIGHT_EDGE = (210 - 16) * MM  # A4 less the right margin (briefs.css @page: 16 mm), in points
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo rainstorm's 24 July brief (outages of unreported size, a several-day job: the longest notes)."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-07-25 08:00"), 3)["2021-07-24"]


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_word_runs_off_the_page(content, lang):
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=formats.as_pdf(content, lang),
                           capture_output=True, check=True).stdout.decode()
    words = [(text, float(right)) for _left, right, text in WORD.findall(boxes)]
    assert len(words) > 200, len(words)  # the whole brief (a Chinese line is a few words)
    beyond = [(text, round(right / MM)) for text, right in words if right > RIGHT_EDGE + 1]
    assert not beyond, beyond  # (word, its right edge in mm from the paper's left edge)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_key_figures_fit_a_printed_page(live_server, desktop, brief_24_july, make_user, lang):
    """The print page printed from a browser (Chromium's print media, A4's text width): the same table fits."""
    from tests.conftest import browser_login, screenshot

    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    desktop.set_viewport_size({"width": round(178 / 25.4 * 96), "height": 900})
    desktop.emulate_media(media="print")
    desktop.goto(f"{live_server}/briefs/{brief_24_july}/print?lang={lang}")
    screenshot(desktop, f"brief-figures-print-{lang}")
    table = desktop.locator(".brief-figures")
    assert table.evaluate("t => t.getBoundingClientRect().width <= t.parentElement.clientWidth + 1"), lang
