"""The brief map's legend is readable on paper. Drawn inside the map, which prints 50 mm high, its words (停电, 排涝,
已恢复供电, 本时段已消杀) were about 5 pt in the server's PDF and in Chromium's print; they are text under the map now,
at the print's 8 pt."""

from __future__ import annotations

import re
import subprocess

import pytest

from .test_pdf import needs_poppler
from .test_print_map import _brief_id

pytestmark = pytest.mark.any_database  # the PDF laid out from a brief's content (tests/conftest.py)

LEGEND = ("停电", "排涝", "已恢复供电", "本时段已消杀")
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


@needs_poppler
def test_the_map_legend_is_at_least_7_pt_in_the_server_pdf(client, auth, make_user, database, rainstorm):
    brief_id = _brief_id(database, rainstorm, "2021-07-28")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    response = client.get(f"/briefs/{brief_id}/export/pdf")
    assert response.status_code == 200
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=response.data,
                           capture_output=True, check=True).stdout.decode()
    heights: dict[str, list[float]] = {}
    for y_min, y_max, word in re.findall(WORD, boxes):
        if word in LEGEND:
            heights.setdefault(word, []).append(float(y_max) - float(y_min))
    assert set(heights) == set(LEGEND), heights
    # A word's box is about its font's size (in pt): the smallest of each legend word's.
    assert {w: round(min(h), 1) for w, h in heights.items() if min(h) < 7} == {}, heights


@needs_poppler
def test_the_map_s_own_words_are_at_least_7_pt_in_the_server_pdf(client, auth, make_user, database, rainstorm):
    """The words drawn inside the map — north (北), the scale bar's distance, each place's number — were 5.4 pt
    (north, scale) and 6.3 pt (numbers) printed: the map draws in its own units and prints 45 mm high."""
    brief_id = _brief_id(database, rainstorm, "2021-07-28")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
                           input=client.get(f"/briefs/{brief_id}/export/pdf").data,
                           capture_output=True, check=True).stdout.decode()
    words = [(float(x0), float(y0), float(x1), float(y1), w) for x0, y0, x1, y1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', boxes)]
    north = next(b for b in words if b[4] == "北")
    scale = next(b for b in words if b[4] == "km")
    # The map's box: from the scale bar's left to north's right, north's top to the scale bar's bottom.
    left, right = scale[0] - 40, north[2] + 2
    top, bottom = north[1] - 2, scale[3] + 2
    inside = [b for b in words if left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom]
    numbers = [b for b in inside if b[4].isdigit()]
    assert numbers, inside  # the 28 July brief has a place drawn with its number
    small = {b[4]: round(b[3] - b[1], 1) for b in inside if b[3] - b[1] < 7}
    assert small == {}, inside
