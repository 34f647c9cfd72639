"""The timeline says every duration one way: past a day in days and hours, ≈ (约) and ≥ glued to the figure alike.

Before, one page read "≈51 h" in the outage list beside "≥ 3 d 19 h" in the statistics: hours up to 72 hours and days
past them, and a space after ≥ but none after ≈.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from incidents.timelines.display import fmt_hours
from tests.conftest import switch_language, unspanned

from .conftest import T0


@pytest.mark.parametrize("lang, words", [
    ("zh", ["约2天3小时", "≥3天19小时", "29分钟", "5小时30分", "1天0小时"]),
    ("en", ["≈2 d 3 h", "≥3 d 19 h", "29 min", "5 h 30 min", "1 d 0 h"])])
def test_hours_read_alike(lang, words):
    assert [fmt_hours(51, lang, approximate=True), fmt_hours(3 * 24 + 19, lang, at_least=True),
            fmt_hours(29 / 60, lang), fmt_hours(5.5, lang), fmt_hours(24, lang)] == words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_says_durations_one_way(client, auth, make_user, build, lang):
    # A vague outage restored after 51 hours, and one still open after 3 days 19 hours.
    done = build.outage("site-a", start=T0, started_precision="approximate", households_affected=10)
    build.update(done, T0 + timedelta(hours=51), fully_restored=True)
    build.outage("site-c", start=T0, households_affected=20)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    if lang == "en":
        switch_language(client, "en")
    at = (T0 + timedelta(days=3, hours=19)).strftime("%Y-%m-%dT%H:%M")
    html = unspanned(client.get(f"/events/{build.event_id}/timeline?at={at}").get_data(as_text=True))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    about, d, h = ("约", "天", "小时") if lang == "zh" else ("≈", " d ", " h")
    assert f"{about}2{d}3{h}" in text and f"≥3{d}19{h}" in text
    assert not re.search(r"[≈≥] ", text) and not re.search(r"(?<![\d,])(2[4-9]|[3-9]\d|\d{3,}) ?(h\b|小时)", text), text
