"""A full restoration arriving after a partial one seen later: the partial figure is superseded, not "out again".

Asked of the domain: 220 households out from 08:00; "150 back at 15:00" sent first, then "all back at 14:00" sent
later (the worker who saw it reached a signal late). Each update read alone put the outage at 0 out from 14:00 and 70
out again from 15:00, for good: the timeline, the brief (70户 still out, the outage open day after day) and the
outage's restored time (none) said an "out again" nobody reported. A count restored so far observed after a full
restoration, with no word since of the outage anew, is superseded: both reports kept and shown, the outage restored
at 14:00, nothing out from then (the same rule that refuses such a partial one sent after the full one,
test_partial_after_full_restoration.py; docs/domain.md, "Outages").
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_content, outage_with_updates
from tests.briefs.conftest import local, make_builder


def _outage(database, api: TokenClient, updates: list[dict]) -> tuple[int, int]:  # noqa: ANN001
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    outage = outage_with_updates(api, b.event_id, b.areas["site-a"], {
        "households_affected": 220, "started_at": "2021-07-21 08:00", "reported_at": "2021-07-21 08:30"}, updates)
    return b.event_id, outage


def _out_at(api: TokenClient, event: int, when: str) -> list[int | None]:
    read = api.get(f"/api/v1/events/{event}/outages", query_string={"as_of": when, "known_at": "2021-07-22 00:00"})
    return [o["households_out"] for o in read.json["outages"]]


PARTIAL = {"households_restored": 150, "observed_at": "2021-07-21 15:00", "reported_at": "2021-07-21 15:05"}
FULL = {"fully_restored": True, "observed_at": "2021-07-21 14:00", "reported_at": "2021-07-21 16:30"}


def test_the_partial_figure_seen_after_the_full_restoration_is_superseded(database, coordinator_api: TokenClient):
    api = coordinator_api
    event, outage = _outage(database, api, [PARTIAL, FULL])
    assert _out_at(api, event, "2021-07-21 13:00") == [220]
    assert _out_at(api, event, "2021-07-21 14:30") == [0]
    assert _out_at(api, event, "2021-07-21 16:00") == [0]  # was 70: out again, said by nobody
    read = api.get(f"/api/v1/reports/{outage}").json
    assert read["restored_at"] == "2021-07-21T06:00:00Z", read  # 14:00 local, not open for good
    power = compiled_content(api, database, event, "2021-07-21")["power"]
    assert power["open_outages"] == 0 and power["restored_in_period"] == 1, power
    assert power["households_restored"]["value"] == 220, power["households_restored"]
    # Both reports are kept and listed under the outage: the partial one counted nowhere, not lost.
    listed = api.get(f"/api/v1/events/{event}/reports", query_string={"kind": "outage_update"}).json
    assert len(listed["reports"]) == 2, listed


def test_as_known_before_the_full_restoration_arrived_the_partial_stood(database, coordinator_api: TokenClient):
    api = coordinator_api
    event, _outage_id = _outage(database, api, [PARTIAL, FULL])
    read = api.get(f"/api/v1/events/{event}/outages",
                   query_string={"as_of": "2021-07-21 16:00", "known_at": "2021-07-21 16:00"})
    assert [o["households_out"] for o in read.json["outages"]] == [70]  # what was known then: the past stays put


def test_words_anew_after_the_full_restoration_still_count(database, coordinator_api: TokenClient):
    """Out again said in so many words (80 still out at 16:00), then 30 more back at 17:00: 50 out, as ever."""
    api = coordinator_api
    event, _outage_id = _outage(database, api, [
        PARTIAL, FULL, {"households_out": 80, "observed_at": "2021-07-21 16:00", "reported_at": "2021-07-21 16:40"},
        {"households_restored": 170, "observed_at": "2021-07-21 17:00", "reported_at": "2021-07-21 17:05"}])
    assert _out_at(api, event, "2021-07-21 15:30") == [0]
    assert _out_at(api, event, "2021-07-21 16:30") == [80]
    assert _out_at(api, event, "2021-07-21 17:30") == [50]
