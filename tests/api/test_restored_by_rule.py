"""An outage is restored once nothing is still out, on every page: the headline (home, event page, events
download) and the outage's own record say what the brief and the timeline say (timelines/rule.py).

Found by replaying a disaster through the API: a 100-household outage, then an update "100 households
restored" with no tick of 全部恢复; the brief said 0 still out, the home page 1 open outage.
"""

from __future__ import annotations

import json
import re

from incidents.models import Report
from incidents.reports.services import set_status
from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import Builder, local, make_builder
from tests.exports.conftest import read_csv


def _outage(database, api: TokenClient, words: list[tuple[str, dict]]) -> tuple[Builder, int, list[int]]:  # noqa: ANN001
    """一号院 (100 households) out 07-01 20:00, then the updates given (observed, fields)."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "households_affected": 100,
                                 "started_at": "2021-07-01 20:00", "reported_at": "2021-07-01 20:30"})
    assert outage.status_code == 201, outage.get_data(as_text=True)
    ids = []
    for observed, word in words:
        made = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"], "observed_at": observed,
                                   "reported_at": observed, **word})
        assert made.status_code == 201, made.get_data(as_text=True)
        ids.append(made.json["id"])
    return b, outage.json["id"], ids


def _open_on_pages(client, event_id: int) -> tuple[int, int, int, int]:  # noqa: ANN001
    """Open outages on the home page, the event page, the events download (JSON, CSV)."""
    def dd(html: str) -> int:
        found = re.search(r"<dt>未恢复停电处数</dt><dd>(.*?)</dd>", html, re.S)
        assert found, html
        return int(re.sub(r"<[^>]+>|\s+", "", found.group(1)))

    home = dd(client.get("/").get_data(as_text=True))
    page = dd(client.get(f"/events/{event_id}").get_data(as_text=True))
    rows = json.loads(client.get("/events/export.json").data)["rows"]
    listed = next(r for r in rows if r["id"] == event_id)["open_outages"]
    head, row = read_csv(client.get("/events/export.csv").data)[:2]
    return home, page, listed, int(row[head.index("未恢复停电")])


def test_restored_count_to_the_total_closes_the_outage_everywhere(database, coordinator_api: TokenClient,
                                                                  client, auth, make_user):
    api = coordinator_api
    b, outage_id, _ = _outage(database, api, [("2021-07-02 09:00", {"households_restored": 100})])
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    power = api.get(brief["formats"]["json"]).json["content"]["power"]
    assert power["open"] == [] and power["households_out"]["value"] == 0
    state = api.get(f"/api/v1/events/{b.event_id}/outages").json["outages"][0]
    assert state["open"] is False

    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert _open_on_pages(client, b.event_id) == (0, 0, 0, 0)
    # The outage's own record says when it was restored, as the timeline does.
    record = api.get(f"/api/v1/reports/{outage_id}").json
    assert record["restored_at"] is not None and record["restored_at"].startswith("2021-07-02T01:00"), record


def test_retracting_the_restoring_update_reopens_it_and_restoring_it_closes_it(database,
                                                                                coordinator_api: TokenClient,
                                                                                client, auth, make_user):
    api = coordinator_api
    b, outage_id, (update_id,) = _outage(database, api, [("2021-07-02 09:00", {"households_restored": 100})])
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    with database.transaction() as s:
        set_status(s, s.get(Report, update_id), "retracted", b.user_id, reason="wrong place")
    assert _open_on_pages(client, b.event_id) == (1, 1, 1, 1)
    with database.transaction() as s:
        set_status(s, s.get(Report, update_id), "submitted", b.user_id)
    assert _open_on_pages(client, b.event_id) == (0, 0, 0, 0)


def test_an_outage_grown_past_what_came_back_is_open_again(database, coordinator_api: TokenClient,
                                                          client, auth, make_user):
    # The rule: affected can grow; 100 back of an outage now of 120 leaves 20 out.
    api = coordinator_api
    b, outage_id, _ = _outage(database, api, [("2021-07-02 09:00", {"households_restored": 100})])
    record = api.get(f"/api/v1/reports/{outage_id}").json
    edited = api.patch(f"/api/v1/reports/{outage_id}", json={"households_affected": 120, "version": record["version"]})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    state = api.get(f"/api/v1/events/{b.event_id}/outages").json["outages"][0]
    assert state["open"] is True and state["households_out"] == 20
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    assert _open_on_pages(client, b.event_id) == (1, 1, 1, 1)
