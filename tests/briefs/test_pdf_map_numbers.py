"""The numbers beside the brief map's dots are printed in the server's PDF, as on the page.

Found printing the demo's 28 July brief: the PDF download's map showed the dot but not its 1, the number that
ties it to the list below the map (北大街街道). The number's white halo was drawn with paint-order, which
Chromium honours and WeasyPrint does not: the halo was painted over the digit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from incidents.maps.svg import Marker, map_svg

from .test_pdf import needs_poppler

DARK = 110  # grey level (0 black, 255 white): the digit's ink, never the halo or the map's ground


def _dark_pixels(svg: str, folder: Path) -> int:
    """The SVG printed by WeasyPrint as the brief's PDF is, then read back by poppler: its dark pixels."""
    from PIL import Image
    from weasyprint import HTML

    pdf = HTML(string=f'<html><body style="margin:0">{svg}</body></html>').write_pdf()
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "150", "-singlefile", "-", str(folder / "map")], input=pdf,
                   capture_output=True, check=True)
    with Image.open(folder / "map.png") as image:
        return sum(image.convert("L").histogram()[:DARK])


@needs_poppler
def test_a_markers_number_is_printed(tmp_path):
    # A dot whose outline is the only ink but for its number: the number's ink is what the two renders differ by.
    marker = Marker(number=8, latitude=36.08, longitude=114.35, status="restored", households=None, title="site")
    drawn = map_svg([marker], title="map", width=320, font=11, css="brief-map")
    blank = drawn.replace(">8</text>", "></text>")
    assert blank != drawn
    assert _dark_pixels(drawn, tmp_path) > _dark_pixels(blank, tmp_path) + 20
