"""Staff on duty beside a report of totals to date: the day's figure is the day's reports' sum.

Found by an outside replay: 20 on duty on 1 July, then on 2 July a report of totals to date (截至目前) naming 5
on duty and a round naming 3. The staff figure was read by the totals-to-date rule of the categories, as if the
5 were everyone on duty since the event began: the brief of 2 July said 在岗-12人 (8 to date less the 20 of the
day before), where 8 people were on duty that day. Staff on duty is a head count of each report's day
(`Disinfection.staff`: "period the day's reports' sum; to_date and previous add every day's"), not a count a
total to date replaces; the categories and person-times keep that rule.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, compiled_content
from tests.briefs.conftest import local, make_builder


def test_staff_is_the_days_sum_beside_a_total_to_date(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for observed, staff, street, cumulative in (("2021-07-01 10:00", 20, 10, False),
                                                ("2021-07-02 10:00", 5, 30, True),
                                                ("2021-07-02 15:00", 3, 4, False)):
        made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
            "kind": "disinfection", "area_id": b.areas["site-a"], "observed_at": observed, "staff": staff,
            "counts": {"street": street}, "cumulative": cumulative, "reported_at": observed[:11] + "18:00"})
        assert made.status_code == 201, made.get_data(as_text=True)
    compiled_content(api, database, b.event_id, "2021-07-01")
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    d = api.get(brief["formats"]["json"]).json["content"]["disinfection"]
    staff = d["staff"]
    assert (staff["period"]["value"], staff["to_date"]["value"], staff["previous"]["value"]) == (8, 28, 20)
    # the categories still read the total to date: 30 replaces the 10, the round adds 4
    street = next(c["figure"] for c in d["categories"] if c["code"] == "street")
    assert (street["period"]["value"], street["to_date"]["value"]) == (24, 34)
    text = api.get(brief["formats"]["txt"] + "?lang=zh").get_data(as_text=True)
    assert "在岗8人" in text, text
