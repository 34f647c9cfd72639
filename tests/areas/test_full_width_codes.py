"""An area's administrative code typed with a phone's Chinese keyboard (full-width ４１０５０２) is the code 410502:
stored in the one spelling, so a second area given the same code either way is refused naming `code`.

Found by an auditor (6 December): ４１０５０２ was kept as typed beside an area coded 410502.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401


def _parent(session) -> int:  # noqa: ANN001
    return session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))


def test_a_full_width_code_is_stored_as_its_digits(coordinator_api, seeded, session):  # noqa: F811
    made = coordinator_api.post("/api/v1/areas", json={"name": "甲小区", "level": "community",
                                                       "parent_id": _parent(session), "code": "４１０５０２９９"})
    assert made.status_code == 201, made.json
    assert made.json["code"] == "41050299"
    assert coordinator_api.get(f"/api/v1/areas/{made.json['id']}").json["code"] == "41050299"


def test_the_same_code_in_full_width_is_refused_naming_code(coordinator_api, seeded, session):  # noqa: F811
    first = coordinator_api.post("/api/v1/areas", json={"name": "甲小区", "level": "community",
                                                        "parent_id": _parent(session), "code": "41050299"})
    assert first.status_code == 201, first.json
    second = coordinator_api.post("/api/v1/areas", json={"name": "乙小区", "level": "community",
                                                         "parent_id": _parent(session), "code": "４１０５０２９９"})
    assert second.status_code == 422, second.json
    assert set(second.json["errors"]) == {"code"}, second.json
    listed = coordinator_api.get("/api/v1/areas", query_string={"q": "乙小区"}).json["areas"]
    assert [a for a in listed if a["name"] == "乙小区"] == []
