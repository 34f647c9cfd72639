"""Person-times are "totals to date" only when a report of totals to date gave person-times.

Found by replaying Typhoon In-Fa over 余姚市 (tests/api/test_outsider_infa_yuyao_by_hand.py): a community's total
to date of streets (30条, 截至目前) sent with no person-times, beside rounds of 40 and 10 person-times, marked the
person-times `cum` in the brief's JSON ("takes in a report of totals to date"), though no total of person-times was
ever given: the sum is two rounds' and "more than" (the total gave none), never a total to date.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


def test_a_total_of_streets_without_person_times_leaves_them_rounds(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for body in ({"area_id": b.areas["site-a"], "counts": {"street": 12}, "person_times": 40,
                  "observed_at": "2021-07-01 10:00", "reported_at": "2021-07-01 10:30"},
                 {"area_id": b.areas["site-b"], "counts": {"street": 5}, "person_times": 10,
                  "observed_at": "2021-07-01 11:00", "reported_at": "2021-07-01 11:30"},
                 {"area_id": b.areas["site-a"], "counts": {"street": 30}, "cumulative": True,
                  "observed_at": "2021-07-01 12:00", "reported_at": "2021-07-01 12:30"}):
        made = api.post(url, json={"kind": "disinfection", **body})
        assert made.status_code == 201, made.get_data(as_text=True)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    content = api.get(brief["formats"]["json"]).json["content"]["disinfection"]
    people = content["person_times"]
    assert [(people[p]["value"], people[p]["lb"], people[p]["cum"]) for p in ("period", "to_date")] == [
        (50, True, False), (50, True, False)]
    streets = next(c["figure"] for c in content["categories"] if c["code"] == "street")
    assert (streets["to_date"]["value"], streets["to_date"]["cum"]) == (35, True)
