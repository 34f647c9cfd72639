"""已恢复（占峰值）'s note says 峰值 24栋 (120余户), the figure with its unit, not 峰值 24 栋.

Found reading the timeline in Chinese: the note was the only place the page set a space between a count and its unit
(the report's page says 120余户, the brief 共24栋); in English it stays "of 24 buildings at the peak".
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import switch_language, unspanned


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def _notes(client, url: str) -> list[str]:
    html = unspanned(client.get(url).get_data(as_text=True))
    return [re.sub(r"<[^>]+>", "", n) for n in re.findall(r'<dd class="note">(.*?)</dd>', html, re.S)]


def test_the_peak_keeps_its_unit(viewer, rainstorm):
    url = f"/events/{rainstorm.id}/timeline"
    peaks = [n for n in _notes(viewer, url) if n.startswith("峰值")]
    assert peaks == ["峰值 24栋"], peaks
    switch_language(viewer, "en")
    assert "of 24 buildings at the peak" in _notes(viewer, url)
