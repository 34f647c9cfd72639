"""A `version` no GET ever gave (0, -1, 2**31) is a 422 naming the version, not the 409 "someone changed it".

Over the API as on the forms (limits.form_version): versions count from 1, so 0 or -1 in a PATCH or a status
change was read as a version and answered 409 "the report is at version 2 now", which nobody had changed.
A stale version GET did give is still the 409.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event, IdempotencyKey, Report
from tests.api.conftest import TokenClient

NOT_VERSIONS = [0, -1, 2**31, 10**30]


def _report(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.get(IdempotencyKey, "demo:acjy2-outage").entity_id


def _targets(database) -> list[tuple[str, str, dict]]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    report = _report(database)
    return [("patch", f"/api/v1/events/{event}", {"issuer": "区防指"}),
            ("patch", f"/api/v1/areas/{area}", {"households": 12}),
            ("patch", f"/api/v1/reports/{report}", {"note": "改"}),
            ("post", f"/api/v1/reports/{report}/verify", {})]


def _versions(database) -> tuple:  # noqa: ANN001
    with database.read_session() as s:
        return tuple(s.scalars(sa.select(sa.func.sum(model.version)).select_from(model))
                     .one() for model in (Event, Area, Report))


@pytest.mark.parametrize("version", NOT_VERSIONS)
def test_a_version_no_get_gave_is_a_422_naming_it(seeded, database, coordinator_api: TokenClient, version):
    before = _versions(database)
    for method, url, body in _targets(database):
        answer = getattr(coordinator_api, method)(url, json={**body, "version": version})
        assert answer.status_code == 422, (url, answer.status_code, answer.json)
        assert "version" in answer.json["errors"], (url, answer.json)
    assert _versions(database) == before


def test_a_stale_version_is_still_a_409(seeded, database, coordinator_api: TokenClient):
    report = _report(database)
    current = coordinator_api.get(f"/api/v1/reports/{report}").json["version"]
    url = f"/api/v1/reports/{report}"
    assert coordinator_api.patch(url, json={"note": "一", "version": current}).status_code == 200
    stale = coordinator_api.patch(url, json={"note": "二", "version": current})
    assert stale.status_code == 409
