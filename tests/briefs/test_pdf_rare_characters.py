"""A name in a rare character or a title with an emoji prints as typed in the brief's PDF, not as empty boxes.

Found by the 6 December afternoon audit: 𠀀 or 𪚥 (CJK Extension B, as in some people's and villages' names,
生僻字) and 👨‍🚒 or ✅ (what a phone's keyboard offers) printed as boxes — Noto CJK covers most of CJK, not those —
and the PDF's text read 👨 in their place. The fonts that have them (Hanazono for Extensions A–F, Noto Color Emoji)
are system packages, found by fontconfig's fallback with no CSS naming them: scripts/test and deploy/Containerfile
install them (docs/deploy.md).
"""

from __future__ import annotations

import dataclasses
import subprocess

import pytest

from incidents.briefs import formats

from .conftest import compile_seed, local
from .test_pdf import needs_poppler

TITLE = "👨\u200d🚒消防队到场，𠀀村（𪚥）转移群众✅"  # no space: the text is read back without its line breaks


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rare_characters_and_emoji_print_as_typed(db_url, tmp_path, lang):
    content = compile_seed(db_url, str(tmp_path), local("2021-07-25 08:00"), 3)["2021-07-24"]
    line = dataclasses.replace(content.activity[0], title=TITLE)
    pdf = formats.as_pdf(dataclasses.replace(content, activity=[line, *content.activity]), lang)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert TITLE in "".join(text.split())  # a glyph no font has reads back as another character, or none
    (tmp_path / "brief.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "brief.pdf")], capture_output=True, check=True).stdout.decode()
    assert "HanaMin" in fonts and "Emoji" in fonts, fonts
