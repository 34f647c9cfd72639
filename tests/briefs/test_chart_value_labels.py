"""The values above a brief's daily bars: one stands a line higher only where it would run into a neighbour
(15余（估）* beside 15余（估）); the narrow "—" of the days with nothing stay at their bars (they went up and down
every other day, and a lifted value's mark sat under its neighbour's), and no two values overlap."""

from __future__ import annotations

import re

import pytest

from incidents.briefs.charts import trend_charts
from incidents.briefs.render import Reading
from incidents.ticks import label_width

from .conftest import compile_seed, local

# A bar (its top) and the value drawn over it, in day order.
_BAR = re.compile(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="[\d.]+" (?:fill="[^"]*"|fill="none" '
                  r'stroke="#8a939c" stroke-dasharray="2 2")/><text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" '
                  r'text-anchor="middle" fill="#1b1f24">([^<]*)</text>')


@pytest.fixture(scope="module")
def seed(db_url: str, tmp_path_factory: pytest.TempPathFactory):
    """The scheduled briefs 07-22..07-30, caught up on 07-31 09:00."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("labels")), local("2021-07-31 09:00"), 30)


def _overlap(a: tuple[float, float, float, str], b: tuple[float, float, float, str]) -> bool:
    """Two values (x, y, font, text) drawn at these places would touch."""
    (xa, ya, fa, ta), (xb, yb, fb, tb) = a, b
    return abs(xa - xb) < (label_width(ta, fa) + label_width(tb, fb)) / 2 and abs(ya - yb) < max(fa, fb)


def test_a_value_stands_higher_only_where_it_would_run_into_its_neighbour(seed):
    lifted_seen = 0
    for content in seed.values():
        for lang in ("zh", "en"):
            for svg in trend_charts(Reading(content, lang)):
                bars = [(float(top), float(x), float(y), float(font), text)
                        for top, x, y, font, text in _BAR.findall(svg)]
                assert bars, svg
                placed = [(x, y, font, text) for _top, x, y, font, text in bars]
                for a, b in zip(placed, placed[1:], strict=False):
                    assert not _overlap(a, b), (a, b, svg)
                for i, (top, x, y, font, text) in enumerate(bars):
                    if y < top - 4 - 0.05:  # lifted above its bar
                        lifted_seen += 1
                        at_bar = (x, top - 4, font, text)
                        neighbours = [placed[j] for j in (i - 1, i + 1) if 0 <= j < len(placed)]
                        assert any(_overlap(at_bar, n) for n in neighbours), (text, svg)
    assert lifted_seen  # the seed's wide values (15余（估）, 约1.7万) do stand higher somewhere
