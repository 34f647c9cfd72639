"""The brief on paper: the map block does not move whole to page 2 and leave page 1's foot empty,
whether Chromium prints the print page or the server makes the PDF (WeasyPrint)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
import sqlalchemy as sa

from incidents.models import Brief
from tests import seedcopy
from tests.conftest import ARTIFACTS, browser_language, browser_login

from .conftest import local

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

CAPTION = {"zh": "本时段末各地点状态", "en": "Places by status at the end of the period"}


def _pages(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed), words joined by single spaces."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f")]


def _brief_id(database, rainstorm, day: str) -> int:  # noqa: ANN001
    seedcopy.compiled(database, rainstorm.id, local("2021-08-01 09:00"), 30)
    with database.read_session() as s:
        return s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id, Brief.day == date.fromisoformat(day)))


@pytest.mark.browser
@pytest.mark.parametrize(("day", "lang"), [("2021-07-26", "zh"), ("2021-07-28", "zh"), ("2021-07-31", "zh"),
                                           ("2021-07-28", "en"), ("2021-07-31", "en")])
def test_chromium_prints_the_map_beside_the_charts_on_page_one(live_server, desktop, make_user, database,
                                                               rainstorm, day, lang):
    brief_id = _brief_id(database, rainstorm, day)
    make_user("viewer1", "viewer")
    browser_login(desktop, live_server, "viewer1")
    browser_language(desktop, live_server, lang, f"/briefs/{brief_id}/print")
    assert desktop.locator(".brief-map-box figcaption").inner_text() == CAPTION[lang]
    desktop.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = desktop.pdf(path=str(ARTIFACTS / f"brief-map-{day}-{lang}.pdf"), format="A4", print_background=True,
                      prefer_css_page_size=True)
    pages = _pages(pdf)
    # The map sits beside the charts on page 1 (it used to jump to page 2 whole, leaving a blank foot).
    assert CAPTION[lang] in pages[0], [p[:80] for p in pages]
    charts = desktop.locator(".brief-charts").bounding_box()
    figure = desktop.locator(".brief-map-box figure").bounding_box()
    assert charts is not None and figure is not None
    assert abs(charts["y"] - figure["y"]) < 2 and figure["x"] > charts["x"] + charts["width"] - 1
    # Each chart keeps half the text width, as before: the map takes the other half, not the charts' room.
    chart = desktop.locator(".brief-charts figure").first.bounding_box()
    assert chart is not None and chart["width"] > 300
    # The note of places not drawn is read whole on one page: in English on 07-31 its last line ("Road
    # compound") went to the top of page 2, alone beside the charts.
    note = desktop.locator(".brief-map-key .note")
    if note.count():
        words = "".join(note.inner_text().split())  # pdftotext breaks Chinese lines with a space
        assert any(words in "".join(page.split()) for page in pages), (words, [p[-200:] for p in pages])


def test_server_pdf_has_the_map_on_page_one(client, auth, make_user, database, rainstorm):
    brief_id = _brief_id(database, rainstorm, "2021-07-28")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    response = client.get(f"/briefs/{brief_id}/export/pdf")
    assert response.status_code == 200
    pages = _pages(response.data)
    assert CAPTION["zh"] in pages[0], [p[:80] for p in pages]
