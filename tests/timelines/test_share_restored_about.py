"""The timeline marks the share of the peak restored 约 where the brief does, for the same figure.

Found by probes from outside: with 150 households out and then "120余户" back (at most 30 still out), the
brief said 已恢复约80% while the timeline's 已恢复（占峰值） card and its table said 80%, exact. One function
(timelines/curves.share_approximate) now marks both.
"""

from __future__ import annotations

import re

import pytest

from incidents.briefs import queue
from tests.api.conftest import TokenClient, coordinator_api, new_token, token_client  # noqa: F401
from tests.briefs.conftest import local, make_builder


def _page_text(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(("restored", "about"), [("120+", True), (120, False)])
def test_the_timeline_and_the_brief_mark_the_share_alike(database, client, auth, make_user,
                                                         coordinator_api: TokenClient,  # noqa: F811
                                                         restored: object, about: bool):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 150,
                                 "started_at": "2021-07-01 20:00", "reported_at": "2021-07-01 20:30"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                               "observed_at": "2021-07-02 10:00", "households_restored": restored,
                               "reported_at": "2021-07-02 10:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    asked = api.post(f"/api/v1/events/{b.event_id}/briefs/compile", json={"day": "2021-07-02"})
    queue.run_queued(database)
    brief = api.get(api.get(asked.json["url"]).json["brief_url"]).json
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    assert ("已恢复约80%" in text) is about and "已恢复80%" in text.replace("约", ""), text

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    timeline = _page_text(client, f"/events/{b.event_id}/timeline?at=2021-07-03T00:00:00%2B08:00")
    card = re.search(r"已恢复（占峰值） (\S+)", timeline)
    assert card, timeline[:2000]
    assert card.group(1) == ("约80%" if about else "80%")
    assert timeline.count("约80%") == (3 if about else 0)  # the card, and the table's rows: 全区 and 甲街道
    data = api.get(f"/api/v1/events/{b.event_id}/timeline?as_of=2021-07-03T00:00:00%2B08:00").json
    households = data["curve"]["households"]
    assert (households["restored_pct_of_peak"], households["restored_pct_of_peak_approx"]) == (80.0, about)
