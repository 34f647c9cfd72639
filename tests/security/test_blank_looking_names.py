"""A name, a title or a team of characters that show nothing is refused, as one of zero-width spaces is.

The Hangul fillers (U+3164, U+115F, U+1160, U+FFA0) and the blank Braille pattern (U+2800) are letters and symbols
to Unicode, not spaces nor formatting, and the default-ignorable marks (the combining grapheme joiner U+034F, the
variation selectors) alone show nothing: an event, a place, an activity's title and a pumping team made of them were
saved (201) and shown blank on every page and in the brief; a filler inside a name ("北大街" + U+3164) passed for
the name without it. Through the API with a coordinator's token, as a script or the outbox sends them.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.events.models import Event
from incidents.models import Area
from incidents.reports.models import Report
from tests.conftest import event_id_of
from tests.security.test_scope_sweep import TokenClient

BDJ = "文峰区/北大街街道"
BLANK = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\u034f", "\ufe0f", "\u3164\u3000\u2800", "\U000e0100"]


@pytest.fixture
def script(app, database, make_user, seeded) -> tuple[TokenClient, int, int, int]:  # noqa: ANN001
    user = make_user("coord", "coordinator")
    with database.transaction() as s:
        plaintext = tokens.create_token(s, s.get(User, user), "probe")[1]
        sub, site = demo._area_by_path(s, BDJ).id, demo._area_by_path(s, f"{BDJ}/彰德路64号院").id
    return TokenClient(app, plaintext), event_id_of(database, "wenfeng-2021-07-rainstorm"), sub, site


def _counts(database: Any) -> tuple[int, int, int]:  # noqa: ANN401
    with database.read_session() as s:
        return tuple(s.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Event, Area, Report))


@pytest.mark.parametrize("blank", BLANK, ids=["-".join(f"U+{ord(c):04X}" for c in b) for b in BLANK])
def test_a_text_that_shows_nothing_is_refused_naming_it(script, database, blank):
    client, event, sub, site = script
    before = _counts(database)
    sent = {
        "name": client.open("/api/v1/events", "POST", json={"code": "blank", "name": blank, "kind": "rainstorm",
                                                            "starts_at": "2021-07-20T00:00+08:00", "area_id": sub}),
        "area name": client.open("/api/v1/areas", "POST", json={"name": blank, "level": "site", "parent_id": sub}),
        "title": client.open(f"/api/v1/events/{event}/reports", "POST", json={
            "kind": "activity", "area_id": site, "observed_at": "2021-07-24 10:00", "title": blank}),
        "team": client.open(f"/api/v1/events/{event}/reports", "POST", json={
            "kind": "pumping", "area_id": site, "observed_at": "2021-07-24 10:00", "team": blank, "people": 3}),
    }
    fields = {"name": "name", "area name": "name", "title": "title", "team": "team"}
    assert {what: (r.status_code, list(r.get_json()["errors"])) for what, r in sent.items()} == {
        what: (422, [field]) for what, field in fields.items()}
    assert _counts(database) == before


def test_a_filler_inside_a_name_is_refused_and_a_variation_selector_kept(script, database):
    client, _event, sub, _site = script
    hidden = client.open("/api/v1/areas", "POST", json={"name": "彰德路\u3164", "level": "site", "parent_id": sub})
    assert hidden.status_code == 422 and list(hidden.get_json()["errors"]) == ["name"]
    # An ideographic variation sequence picks a glyph of the character before it (a rare surname's form): kept.
    kept = client.open("/api/v1/areas", "POST", json={"name": "葛\U000e0100家院", "level": "site", "parent_id": sub})
    assert kept.status_code == 201, kept.get_json()
