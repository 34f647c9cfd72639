"""The English brief's DOCX sets its paragraphs flush left, as its PDF does; the Chinese stays justified.

Found reading the demo's English brief in Word: its paragraphs were justified, so a short line's words stood
apart at wide gaps ("No   pumping   in   the   period,"), the fault the PDF lost on 6 December
(test_pdf_english_word_gaps.py). Chinese, set character by character, fills its lines evenly justified.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from incidents.briefs import formats

from .conftest import compile_seed, local


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo rainstorm's 24 July brief: paragraphs in every section."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("docx")), local("2021-07-25 08:00"), 3)["2021-07-24"]


def _body(content: Any, lang: str) -> list[Any]:
    """The paragraphs of the brief's sections (not the tables' cells, not the centred masthead)."""
    doc = Document(io.BytesIO(formats.as_docx(content, lang)))
    return [p for p in doc.paragraphs if p.text.strip() and p.alignment != WD_ALIGN_PARAGRAPH.CENTER]


def test_no_english_paragraph_is_justified(content):
    paragraphs = _body(content, "en")
    assert len(paragraphs) > 10
    justified = [p.text[:60] for p in paragraphs if p.alignment in (WD_ALIGN_PARAGRAPH.JUSTIFY,
                                                                     WD_ALIGN_PARAGRAPH.DISTRIBUTE)]
    assert not justified, justified
    # Flush left in so many words, whatever Word's own default for the style.
    overview = next(p for p in paragraphs if p.text.startswith("Power: "))
    assert overview.alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_the_chinese_paragraphs_stay_justified(content):
    paragraphs = _body(content, "zh")
    overview = next(p for p in paragraphs if p.text.startswith("停电："))
    assert overview.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    items = [p for p in paragraphs if p.text.startswith("（一）")]
    assert items and all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in items)
