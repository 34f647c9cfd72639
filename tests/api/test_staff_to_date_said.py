"""Disinfection staff on duty: the JSON's to_date adds the days, and the reference says it is no number of people.

Found by an outside typhoon replay: 15 on duty on 1 October and 10 on the 2nd gave `staff.to_date` 25 "people on
duty", while the brief's key figures (rightly) show only the day's 在岗 and 累计 "—": a client reading the JSON
took 25 for people. The figure stays as the ledger keeps it; the reference now says what it is.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief, compiled_content
from tests.briefs.conftest import local, make_builder


def test_staff_to_date_is_a_sum_over_days_and_said_so(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for day, staff in (("2021-07-01", 15), ("2021-07-02", 10)):
        made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
            "kind": "disinfection", "area_id": b.areas["site-a"], "observed_at": f"{day} 10:00", "staff": staff,
            "counts": {"street": [1, False]}, "reported_at": f"{day} 11:00"})
        assert made.status_code == 201, made.get_data(as_text=True)
    compiled_content(api, database, b.event_id, "2021-07-01")
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    staff = api.get(brief["formats"]["json"]).json["content"]["disinfection"]["staff"]
    assert (staff["period"]["value"], staff["to_date"]["value"], staff["previous"]["value"]) == (10, 25, 15)
    row = next(line for line in api.get(brief["formats"]["md"]).get_data(as_text=True).splitlines()
               if line.startswith("| 消杀在岗人员") or line.startswith("| 在岗"))
    assert [c.strip() for c in row.strip("|").split("|")][2:4] == ["10", "—"], row
    said = api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json[
        "components"]["schemas"]["Disinfection"]["properties"]["staff"]["description"]
    assert "not a number of people" in said, said
