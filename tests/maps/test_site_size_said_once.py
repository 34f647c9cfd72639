"""A site's line under the map says its households once: 80户，全部仍停电 where every household it lost is still out,
and the affected and the still-out figures apart where they differ (100户，仍停电60户). On a phone it read "80
households 80 households still out", the same figure twice with nothing between (7 December)."""

from __future__ import annotations

import re

from tests.briefs.conftest import local, make_builder
from tests.conftest import csrf_from

from .test_site_still_out_told import _site_facts as _tagged_facts


def _site_facts(client, event_id: int, name: str) -> str:  # noqa: ANN001
    """The site's facts as read: the helper spaces each tag, the comma follows its figure."""
    return re.sub(r"\s+(?=[，,])", "", _tagged_facts(client, event_id, name))


def test_a_site_all_still_out_says_its_households_once(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-02 11:10"), started_at=local("2021-07-02 11:00"),
             households_affected=80)
    part = b.report("outage", "site-b", local("2021-07-02 11:10"), started_at=local("2021-07-02 11:00"),
                    households_affected=100)
    b.report("outage_update", "site-b", local("2021-07-02 15:10"), outage_id=part,
             observed_at=local("2021-07-02 15:00"), households_restored=40)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    all_out, some_back = _site_facts(client, b.event_id, "甲小区"), _site_facts(client, b.event_id, "乙小区")
    assert all_out.startswith("80户，全部仍停电 ·"), all_out
    assert some_back.startswith("100户，仍停电60户 ·"), some_back
    page = client.get("/").get_data(as_text=True)
    client.post("/lang/en", data={"csrf_token": csrf_from(page), "next": "/"})
    all_out = _site_facts(client, b.event_id, "甲小区")
    assert all_out.startswith("80 households, all still out ·"), all_out
    assert _site_facts(client, b.event_id, "乙小区").startswith("100 households, 60 households still out ·")
