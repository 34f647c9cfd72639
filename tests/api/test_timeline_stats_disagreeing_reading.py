"""The timeline's statistics read a figure that disagrees with a reading as the brief does, and mark the right figure
"more than" (docs/domain.md, "Outages": each household's time without power).

Found by the Yagi replay (tests/api/test_outsider_yagi_haikou_by_hand.py): 200 out, 150 back at 22:00 (50 read off),
then "80 still out" at 02:00 counted 30 households going out again (230 interrupted, mean 12.0 h), where the brief
says nothing went out again (80 is not above the 200 last stated): 200 interrupted, the household-hours as drawn
(2,760) over them, 13.8 h. And an exact 200 with "60余 still out" said the 200 was "more than", and the mean, counted
off 60余, exact.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def one_outage_timeline(database, api: TokenClient, updates: tuple[dict[str, Any], ...], as_of: str,  # noqa: ANN001
                        affected: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """A 200-household outage (or of `affected`) from 1 July 12:00 with `updates` sent over the API: its event's id
    and the timeline's JSON at `as_of`."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    outage = api.post(url, json={"kind": "outage", "area_id": b.areas["site-a"], "started_at": "2021-07-01 12:00",
                                 "reported_at": "2021-07-01 12:10",
                                 **({"households_affected": 200} if affected is None else affected)})
    assert outage.status_code == 201, outage.json
    for fields in updates:
        update = api.post(url, json={"kind": "outage_update", "outage_id": outage.json["id"],
                                     "reported_at": "2021-07-02 09:30", **fields})
        assert update.status_code == 201, update.json
    timeline = api.get(f"/api/v1/events/{b.event_id}/timeline", query_string={"as_of": as_of})
    assert timeline.status_code == 200, timeline.json
    return b.event_id, timeline.json


def _households(database, api: TokenClient, updates: tuple[dict[str, Any], ...], as_of: str,  # noqa: ANN001
                affected: dict[str, Any] | None = None) -> dict[str, Any]:
    """The timeline's household statistics at `as_of` of one outage (one_outage_timeline)."""
    return one_outage_timeline(database, api, updates, as_of, affected)[1]["stats"]["households"]


def test_a_stated_figure_above_a_reading_is_no_household_out_again(database, coordinator_api):
    households = _households(database, coordinator_api, (
        {"observed_at": "2021-07-01 22:00", "households_restored": 150},
        {"observed_at": "2021-07-02 02:00", "households_out": 80},
        {"observed_at": "2021-07-02 09:00", "fully_restored": True}), "2021-07-02 12:00")
    # 200 from 12:00 to 22:00, 50 to 02:00, 80 to 09:00: 2,760 household-hours over the 200 interrupted.
    assert (households["interrupted"], households["still_out"], households["unit_hours"]) == (200, 0, 2760.0)
    assert households["mean_hours"] == 13.8
    # 120 back after 10 hours, 30 after 10 + 7, 50 after 21: the 100th household is back after 10.
    assert households["median_hours"] == 10.0


def test_more_than_still_out_marks_the_mean_not_the_exact_total(database, coordinator_api):
    updates = ({"observed_at": "2021-07-01 22:00", "households_out": "60+"},
               {"observed_at": "2021-07-02 09:00", "fully_restored": True})
    households = _households(database, coordinator_api, updates, "2021-07-02 12:00")
    assert (households["interrupted"], households["interrupted_lb"], households["still_out"]) == (200, False, 0)
    # At most 140 came back at 22:00: some counted back then may have been out longer.
    assert households["mean_is_lower_bound"] is True


def test_more_than_still_out_of_an_outage_of_no_size_is_more_than_interrupted(database, coordinator_api):
    households = _households(database, coordinator_api, ({"observed_at": "2021-07-01 22:00", "households_out": "60+"},),
                             "2021-07-02 12:00", affected={})
    assert (households["interrupted"], households["interrupted_lb"], households["still_out"]) == (60, True, 60)
