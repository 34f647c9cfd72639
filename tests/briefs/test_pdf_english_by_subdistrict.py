"""In the English PDF, 二、分街道's by-category cell is the long one ("Streets — / 26, residential compounds — / 13,
…"): beside the subdistrict names kept whole it got a column of 35 mm, two words a line, and the district total
of the 31 July brief ran twenty lines high. It takes 40% of the table; the names wrap at spaces. And the table starts
on the page the key figures end on, its 合计 a row once at its end rather than a footer kept for every page."""

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
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo rainstorm's 31 July brief: disinfection to date in many categories, in several subdistricts."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-08-01 08:00"), 10)["2021-07-31"]


@needs_poppler
def test_the_by_category_column_is_wide_enough_to_read(content):
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=formats.as_pdf(content, "en"),
                           capture_output=True, check=True).stdout.decode()
    words = [(text, float(left), float(top)) for left, top, text in WORD.findall(boxes)]
    # The table's heading row: "Disinfected, by category: …" and, on the same line, the next column's "Debris (t): …".
    heads = [(left, top) for text, left, top in words if text == "Disinfected,"]
    assert heads, "no 分街道 heading in the English PDF"
    left, top = heads[-1]
    nxt = [x for text, x, y in words if text == "Debris" and abs(y - top) < 1 and x > left]
    assert nxt, (left, top)
    assert (nxt[0] - left) / MM >= 50, round((nxt[0] - left) / MM)  # mm between the two columns' left edges


@needs_poppler
def test_by_subdistrict_starts_under_the_key_figures(content):
    """合计 was a footer the PDF repeats under each page's part of the table: with room kept for it (ten lines) the
    table could not start on the page 主要数据 ended on, and moved whole to the next, half a page left blank."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=formats.as_pdf(content, "en"),
                          capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")
    figures_end = next(i for i, page in enumerate(pages) if "Clearance" in page and "vehicles" in page)
    heading = next(i for i, page in enumerate(pages) if "2. By subdistrict / town" in page)
    assert heading == figures_end, (figures_end, heading)
