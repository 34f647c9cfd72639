""""not reported" alone in a cell or a card reads "Not reported" in English, as "None given" beside it; inside a
phrase ("now not reported") it stays lower case. The cells read "not reported" beside "None given"."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import switch_language
from tests.timelines.conftest import T0


def _cells(page: str, tag: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", page, re.S)]


def test_not_reported_alone_is_capitalised_and_in_a_phrase_is_not(build, client, auth, make_user):
    done = build.outage("site-a", buildings_affected=5)
    build.update(done, T0 + timedelta(hours=3), fully_restored=True)
    build.outage("site-c", T0 + timedelta(hours=1))  # still out, of no reported size
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    page = client.get(f"/events/{build.event_id}/timeline").get_data(as_text=True)
    cells, cards = _cells(page, "td"), _cells(page, "dd")
    # The Still-out column beside "None given", the thresholds table's Now column, the cards.
    assert "None given" in cells and "Not reported" in cells, cells
    assert "not reported" not in cells, cells
    assert "Not reported" in cards and "not reported" not in cards, cards
    # Not the word alone, the same place: the Last-word column, the ETR-slip card.
    assert "No update since the start (restoration not reported)" in cells, cells
    assert "No restored outage had an ETR" in cards, cards
    # Phrases keep the word as it is: the curve's caption.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "now not reported" in text, text
    assert "Now not reported" not in text


def test_an_events_figures_not_reported_are_capitalised(build, client, auth, make_user):
    """The event page's cards (Pumped, Debris) read "not reported" under their titles."""
    build.outage("site-a", buildings_affected=5)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    cards = _cells(client.get(f"/events/{build.event_id}").get_data(as_text=True), "dd")
    assert "Not reported" in cards and "not reported" not in cards, cards


def test_a_reports_fields_not_reported_are_capitalised(build, client, auth, make_user):
    """A report's page lists its fields, each value alone under its name: "not reported", "not yet restored"."""
    outage = build.outage("site-a", buildings_affected=5)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    cards = _cells(client.get(f"/reports/{outage}").get_data(as_text=True), "dd")
    assert "Not reported" in cards and "Not yet restored" in cards, cards
    assert not any(c in ("not reported", "not yet restored", "yes", "no") for c in cards), cards
