"""The English brief's PDF sets its paragraphs flush left: no line's words are spread apart to fill the width.

Found reading the demo's English brief as a PDF: justified lines stretched their spaces to twice a space
("No   pumping   in   the   period,") while the Chinese text, set flush left in the PDF, had none.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections import defaultdict
from typing import Any

import pytest

from incidents.briefs import formats

from .conftest import compile_seed, local
from .test_pdf import needs_poppler

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


@pytest.fixture(scope="module")
def content(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo rainstorm's 24 July brief: its overview's paragraphs run to several lines."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("pdf")), local("2021-07-25 08:00"), 3)["2021-07-24"]


@needs_poppler
def test_the_overview_lines_keep_plain_spaces(content):
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
                           input=formats.as_pdf(content, "en"), capture_output=True, check=True).stdout.decode()
    lines: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
    for left, top, right, text in WORD.findall(boxes):
        lines[round(float(top))].append((float(left), float(right), text))
    ordered = [words for _top, words in sorted(lines.items())]
    start = next(i for i, words in enumerate(ordered) if [w[2] for w in words] == ["1.", "Overview"]) + 1
    end = next(i for i, words in enumerate(ordered) if words[0][2] == "Since")  # the overview's last paragraph
    gaps = [(round(b[0] - a[1], 1), " ".join(w[2] for w in words)) for words in ordered[start:end]
            for a, b in zip(words, words[1:], strict=False)]
    assert len({line for _gap, line in gaps}) >= 6  # several paragraphs, several of several lines
    space = statistics.median(gap for gap, _line in gaps)
    assert [(gap, line) for gap, line in gaps if gap > 1.3 * space] == []  # (gap in points, its line)
