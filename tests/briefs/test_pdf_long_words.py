"""Words without a break (a pasted link, a run of letters) wrap inside the brief's PDF page.

Found by the 6 December afternoon audit: an activity whose source was a long link, or whose title was a run of
letters, made 四、工作动态 wider than the page; WeasyPrint laid the whole table out at that width, so every row ran
off the paper's right edge and the place column was squeezed to one character a line. An event's name or issuer
typed so (the title, the issuer's line above the red rule) ran off the page too.
"""

from __future__ import annotations

import dataclasses
import subprocess
from typing import Any

import pytest

from incidents.briefs import formats
from incidents.briefs.content import ActivityLine

from .conftest import compile_seed, local
from .test_pdf import needs_poppler
from .test_pdf_words_within_margins import MM, RIGHT_EDGE, WORD

pytestmark = pytest.mark.any_database  # the PDF laid out from a brief's content (tests/conftest.py)

LINK = "https://www.ayrb.example/news/2021/07/24/" + "wenfeng_" * 30 + "ayrb.html"


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo's 24 July brief with two activities a reporter could log: a long link as a source, a run of letters."""
    content = compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-07-25 08:00"), 3)["2021-07-24"]
    first = content.activity[0]
    lines = [dataclasses.replace(first, title="排水作业", source=LINK), dataclasses.replace(first, title="Q" * 120)]
    assert all(isinstance(line, ActivityLine) for line in lines)
    return dataclasses.replace(content, activity=[*content.activity, *lines])


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_unbroken_word_wraps_within_the_page(content, lang):
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=formats.as_pdf(content, lang),
                           capture_output=True, check=True).stdout.decode()
    words = [(text, float(right)) for _left, right, text in WORD.findall(boxes)]
    beyond = [(text[:30], round(right / MM)) for text, right in words if right > RIGHT_EDGE + 1]
    assert not beyond, beyond
    printed = "".join(text for text, _right in words)
    assert (printed.count("Q"), printed.count("_")) == (120, 30)  # every letter printed, none lost



@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_event_name_and_issuer_wrap_within_the_page(content, lang):
    """The title and the issuer (a coordinator's event form, 200 characters each) typed without a space."""
    header = dataclasses.replace(content.header, event_name="Q" * 150, event_name_en="Q" * 150,
                                 issuer="R" * 150, issuer_en="R" * 150)
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=formats.as_pdf(dataclasses.replace(
        content, header=header), lang), capture_output=True, check=True).stdout.decode()
    beyond = [(text[:30], round(float(right) / MM)) for _left, right, text in WORD.findall(boxes)
              if float(right) > RIGHT_EDGE + 1]
    assert not beyond, beyond
