"""五、数据质量 explains the mark 约 (≈) in the brief's text only when a figure the text shows carries it.

The text has no key-figures table: a day's share of a "more than" volume reads 200余（估） there, never 约200, yet the
text said "标“约”的数字为…" because the table of the other formats notes the row 约数. As the （估） note already
follows its mark (tests/api/test_estimate_note_where_marked.py).
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, pumped_across_midnight

ABOUT = "标“约”的数字"


def _brief_of_a_volume(database, api: TokenClient, volume: str) -> dict:
    """Day 1's brief after a volume pumped 22:00 to 04:00 the next day (a third of it in day 1)."""
    event_id = pumped_across_midnight(database, api, volume)
    return compiled_brief(api, database, f"/api/v1/events/{event_id}/briefs/compile", {"day": "2021-07-01"})


def test_the_text_explains_about_only_beside_a_figure_marked_about(database, coordinator_api: TokenClient):
    brief = _brief_of_a_volume(database, coordinator_api, "600+")
    text = coordinator_api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "200余（估）" in text and "约" not in text.replace(ABOUT, ""), text
    assert ABOUT not in text, text
    english = coordinator_api.get(brief["formats"]["txt"] + "?lang=en").get_data(as_text=True)
    assert "≈" not in english, english
    # The Markdown's key figures still note the row 约数 (apportioned), and explain it.
    assert ABOUT in coordinator_api.get(brief["formats"]["md"]).get_data(as_text=True)


def test_the_text_explains_about_beside_a_figure_marked_about(database, coordinator_api: TokenClient):
    brief = _brief_of_a_volume(database, coordinator_api, "600")
    text = coordinator_api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert "约200立方米" in text and ABOUT in text, text
