"""A record's number in a message reads as the pages write it (#1234), never grouped like a quantity (#1,234):
a clerk looks the record up by that number in the report list, the area list or a search."""

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.errors import Message


def test_an_area_number_in_a_refusal_is_not_grouped(coordinator_api, seeded, database):
    with database.read_session() as s:
        parent = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    made = coordinator_api.post("/api/v1/areas", json={"name": "甲乙小区", "level": "site", "parent_id": parent})
    assert made.status_code == 201, made.json
    # The thousandth area of a district: a number as the pages show it, #1234.
    with database.transaction() as s:
        s.execute(sa.update(Area).where(Area.id == made.json["id"]).values(id=1234))
    for lang in ("zh", "en"):
        body = {"name": "甲 乙小区", "level": "site", "parent_id": parent}
        refused = coordinator_api.post("/api/v1/areas", json=body, headers={"Accept-Language": lang})
        assert refused.status_code == 422, refused.json
        name = refused.json["errors"]["name"]
        assert "#1234" in name and "1,234" not in name, refused.json


def test_a_count_in_a_message_is_still_grouped():
    """Only the record's number is left as it is: a count (n) still reads 1,200 in English."""
    message = Message("%(n)s reports, the first #%(id)s", n=1200, id=1234)
    assert str(message) == "1,200 reports, the first #1234"
    assert message.localize(lambda s: s, lambda n: f"{n:,}") == "1,200 reports, the first #1234"
