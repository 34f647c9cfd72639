"""A disinfection's count refused over the API is named as the body names it (`counts.street`), not as the form does.

Found by an outside tester: errors named count_bus_stop, count_street and count_street_lb, fields no
JSON body has, and `counts` sent as an array was told it "must be a list".
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient

EN = {"Accept-Language": "en"}


def _where(database) -> tuple[str, int]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    return f"/api/v1/events/{event}/reports", area


def _total(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Report))


def test_count_errors_name_the_bodys_counts(seeded, database, coordinator_api: TokenClient):
    url, area = _where(database)
    before = _total(database)
    body = {"kind": "disinfection", "area_id": area, "observed_at": "2021-07-23 10:00", "person_times": 30}
    refused = coordinator_api.post(url, json={**body, "counts": {"bus_stop": 3, "street": "abc", "compound": -1,
                                                                 "courtyard": [2, "yes"]}}, headers=EN)
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"counts.bus_stop": "unknown category",
                                            "counts.street": "must be a whole number",
                                            "counts.compound": "must not be negative",
                                            "counts.courtyard": "[count, more than]: the second member must be "
                                                                "true or false"}
    listed = coordinator_api.post(url, json={**body, "counts": [["street", 3]]}, headers=EN)
    assert listed.status_code == 422
    assert listed.get_json()["errors"] == {"counts": "must be an object mapping each category code to a count"}
    assert _total(database) == before
    # A correction names them the same way.
    made = coordinator_api.post(url, json={**body, "counts": {"street": 3}})
    assert made.status_code == 201, made.get_json()
    edited = coordinator_api.patch(f"/api/v1/reports/{made.get_json()['id']}",
                                   json={"counts": {"street": "3吨"}, "version": 1}, headers=EN)
    assert edited.status_code == 422 and set(edited.get_json()["errors"]) == {"counts.street"}
    chinese = coordinator_api.post(url, json={**body, "counts": {"bus_stop": 3}})
    assert chinese.get_json()["errors"] == {"counts.bus_stop": "未知的类别"}
