"""The API reference says what an outside client otherwise learns by surprise.

Found by an outside typhoon replay: a time sent with a part of the day (`10:00`, `afternoon`) came back at 13:00,
its clock silently not read, and the reference said only "how precisely it is known" (since 5 December such a clock
is kept inside the part and refused outside it, and the reference says that); a second brief's
subdistrict rows gave every disinfection category `previous: null` though the rows had counted it the day
before, and the reference said null meant "the first brief". Both as the product does them (the form reads a
part of the day without a clock; the rows keep no previous of their own), now said where a client reads.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import TokenClient, compiled_content
from tests.briefs.conftest import local, make_builder


def _schemas(api: TokenClient) -> dict[str, Any]:
    return api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json["components"]["schemas"]


def test_a_part_of_the_day_keeps_its_clock_and_the_reference_says_so(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    body = {"kind": "activity", "area_id": b.areas["site-a"], "title": "巡查", "observed_precision": "afternoon",
            "reported_at": "2021-07-01 20:00"}
    # 10:00 is no time of the afternoon: refused naming it (it was stored at 15:00, its 10:00 silently dropped).
    refused = api.post(url, json={**body, "observed_at": "2021-07-01 10:00"})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"observed_at"}, refused.json
    made = api.post(url, json={**body, "observed_at": "2021-07-01 13:20"})
    assert made.status_code == 201, made.get_data(as_text=True)
    stored = api.get(f"/api/v1/reports/{made.json['id']}").json
    # 下午 kept with its 13:20; a day alone with 下午 is at 15:00 (tests/api/test_clock_beside_a_vague_part.py).
    assert (stored["observed_at"], stored["observed_precision"]) == ("2021-07-01T05:20:00Z", "afternoon")
    said = _schemas(api)["ActivityReport"]["properties"]["observed_precision"]["description"]
    assert "a clock in observed_at is kept where it lies in that part and refused where it does not" in said, said
    zh = api.get("/api/v1/openapi.json").json["components"]["schemas"]["ActivityReport"]["properties"]
    assert "observed_at 中的钟点落在该时段内则保留" in zh["observed_precision"]["description"]


def test_a_rows_categories_carry_no_previous_and_the_reference_says_so(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    for day in ("2021-07-01", "2021-07-02"):
        made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
            "kind": "disinfection", "area_id": b.areas["site-a"], "observed_at": f"{day} 10:00",
            "counts": {"street": [5, False]}, "reported_at": f"{day} 11:00"})
        assert made.status_code == 201, made.get_data(as_text=True)
    compiled_content(api, database, b.event_id, "2021-07-01")
    content = compiled_content(api, database, b.event_id, "2021-07-02")
    district = next(c for c in content["disinfection"]["categories"] if c["code"] == "street")
    assert district["figure"]["previous"]["value"] == 5
    row = next(r for r in content["subdistricts"] if r["area_id"] == b.areas["a"])
    street = next(c for c in row["disinfection"] if c["code"] == "street")
    assert (street["figure"]["to_date"]["value"], street["figure"]["previous"]) == (10, None)
    schemas = _schemas(api)
    assert "their previous is null" in schemas["SubdistrictRow"]["properties"]["disinfection"]["description"]
    assert "subdistrict row's disinfection category" in schemas["Figure"]["properties"]["previous"]["description"]
