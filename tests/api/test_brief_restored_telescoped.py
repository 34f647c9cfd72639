"""A day's restoration is what was out at its start less what is out at its end, marked by those two alone.

Also when a "more than N still out" turns out to have been more (182余 said, then 130 back of 329: 199 out):
that is the "more than" made precise, not households going out, and the day's ends still tell what came back.

Found by replaying an outage of 220 households: 150余户 back at 10:00 (不超过70户 still out), all back at 15:00,
both on the day. The brief said 本日恢复供电约220户: the first fall was "more than" (150余), the second "at most"
(不超过70), and the two marks met as 约. But 220 were out when the day began and none at its end: exactly 220
came back. The unknown part of the first fall is the unknown part of the second, so the marks cancel; what the
numbers support is read off the day's two ends when nothing went out again between (timelines/falls.py).
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from incidents.briefs import formats
from incidents.briefs.content import BriefContent
from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder
from tests.conftest import unspanned

# (affected, the day's updates as (time, field, value), expected (value, lb, ub, approx), the text's words)
CASES = [
    # 150余 back, then all back: 220 exactly.
    (
        220,
        [("10:00", "households_restored", "150+"), ("15:00", "fully_restored", True)],
        (220, False, False, False),
        "本日恢复供电220户",
    ),
    # 150余 back, then 180 back: 220 − 40 = 180 exactly.
    (
        220,
        [("10:00", "households_restored", "150+"), ("15:00", "households_restored", 180)],
        (180, False, False, False),
        "本日恢复供电180户",
    ),
    # 150余 back and nothing more said: at least 150 (不超过70户 still out).
    (220, [("10:00", "households_restored", "150+")], (150, True, False, False), "本日恢复供电150余户"),
    # 50余 still out said, then all back: 220 exactly.
    (
        220,
        [("10:00", "households_out", "50+"), ("15:00", "fully_restored", True)],
        (220, False, False, False),
        "本日恢复供电220户",
    ),
    # 100 back, then 50余 still out said: at most 170 came back.
    (
        220,
        [("10:00", "households_restored", 100), ("15:00", "households_out", "50+")],
        (170, False, True, False),
        "本日恢复供电不超过170户",
    ),
    # 150余 out (the affected's excess), 80 back, then all back: more than 150 (the day began with 150余 out).
    (
        "150+",
        [("10:00", "households_restored", 80), ("15:00", "fully_restored", True)],
        (150, True, False, False),
        "本日恢复供电150余户",
    ),
    # 150余 out, 80余 back, then 120 back: 120 − 0 = 120 of the same unknown total, exactly.
    (
        "150+",
        [("10:00", "households_restored", "80+"), ("15:00", "households_restored", 120)],
        (120, False, False, False),
        "本日恢复供电120户",
    ),
    # 182余 still out said, then 130 back of 329 (199 out: what "182余" was), then all back: 329 exactly, never
    # the falls 147 (at most) and 199 apart, 不超过346户, more than the outage ever had (the henan replay).
    (
        329,
        [("03:00", "households_out", "182+"), ("10:00", "households_restored", 130), ("15:00", "fully_restored", True)],
        (329, False, False, False),
        "本日恢复供电329户",
    ),
    # The same, the day ending with 199 out: 130 came back, exactly.
    (
        329,
        [("03:00", "households_out", "182+"), ("10:00", "households_restored", 130)],
        (130, False, False, False),
        "本日恢复供电130户",
    ),
]


@pytest.mark.parametrize(("affected", "updates", "expected", "words"), CASES)
def test_the_days_restoration_is_read_off_its_two_ends(
    database, coordinator_api: TokenClient, client, auth, make_user, affected: object, updates: list, expected: tuple,
    words: str,
):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(
        url,
        json={
            "kind": "outage",
            "area_id": b.areas["site-a"],
            "households_affected": affected,
            "started_at": "2021-07-01 20:00",
            "reported_at": "2021-07-01 20:30",
        },
    )
    assert outage.status_code == 201, outage.get_data(as_text=True)
    for at, field, value in updates:
        when = f"2021-07-02 {at}"
        made = api.post(
            url,
            json={
                "kind": "outage_update",
                "outage_id": outage.json["id"],
                "observed_at": when,
                field: value,
                "reported_at": when,
            },
        )
        assert made.status_code == 201, made.get_data(as_text=True)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    stored = api.get(brief["formats"]["json"]).json["content"]
    back = stored["power"]["households_restored"]
    assert (back["value"], back["lb"], back.get("ub", False), back.get("approx", False)) == expected
    # Text, Markdown and page read the one content: each says the same words, none says 约.
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    markdown = api.get(brief["formats"]["md"]).get_data(as_text=True)
    make_user("reader", "viewer")
    auth.login("reader")  # a page is a session's: a token opens the API only
    page = unspanned(client.get(f"/briefs/{brief['id']}").get_data(as_text=True))
    for shown in (text, markdown, page):
        assert words in shown, shown
        assert "本日恢复供电约" not in shown
    docx = api.get(brief["formats"]["docx"])
    assert docx.status_code == 200
    body = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert words in body, body
    english = formats.as_text(BriefContent.from_json(stored), "en")
    assert "in the period for about" not in english and "in the period for ≈" not in english, english
