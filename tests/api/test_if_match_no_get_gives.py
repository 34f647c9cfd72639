"""An If-Match no GET ever gives ("0", "-1", "2147483648", "abc") is a 422 naming version, as the body's 0 is.

Versions count from 1 and an ETag is one ("3", or "3:gzip" compressed): `If-Match: "0"` was read as a version
and answered 412 "the record changed since you read it", which nobody had changed. A stale ETag GET did give
is still the 412; `*` is still any current version.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event, IdempotencyKey, Report
from tests.api.conftest import TokenClient

NO_ETAG = ['"0"', '"-1"', '"2147483648"', '"99999999999999999999"', '"abc"', '"١"', 'W/"0"', '"0", "00"']


def _targets(database) -> list[tuple[str, str, dict]]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
        report = s.get(IdempotencyKey, "demo:acjy2-outage").entity_id
    return [("patch", f"/api/v1/events/{event}", {"issuer": "区防指"}),
            ("patch", f"/api/v1/areas/{area}", {"households": 12}),
            ("patch", f"/api/v1/reports/{report}", {"note": "改"}),
            ("put", f"/api/v1/reports/{report}", None),
            ("post", f"/api/v1/reports/{report}/verify", {})]


def _versions(database) -> tuple:  # noqa: ANN001
    with database.read_session() as s:
        return tuple(s.scalars(sa.select(sa.func.sum(model.version)).select_from(model))
                     .one() for model in (Event, Area, Report))


@pytest.mark.parametrize("tag", NO_ETAG)
def test_an_if_match_no_get_gives_is_a_422_naming_version(seeded, database, coordinator_api: TokenClient, tag):
    before = _versions(database)
    for method, url, body in _targets(database):
        if body is None:  # a PUT sends back what GET gave
            body = {k: v for k, v in coordinator_api.get(url).json.items() if k != "version"}
        answer = getattr(coordinator_api, method)(url, json=body, headers={"If-Match": tag})
        assert answer.status_code == 422, (url, tag, answer.status_code, answer.json)
        assert "version" in answer.json["errors"], (url, answer.json)
    assert _versions(database) == before


def test_in_english(seeded, database, coordinator_api: TokenClient):
    _method, url, body = _targets(database)[0]
    answer = coordinator_api.patch(url, json=body, headers={"If-Match": '"0"', "Accept-Language": "en"})
    assert answer.status_code == 422
    assert "versions count from 1" in answer.json["errors"]["version"]


def test_a_stale_etag_get_gave_is_still_a_412(seeded, database, coordinator_api: TokenClient):
    for method, url, body in _targets(database):
        if body is None:
            continue
        tag = coordinator_api.get(url.removesuffix("/verify")).headers["ETag"]
        stale = f'"{int(tag.strip(chr(34)).split(":")[0]) + 5}"'
        answer = getattr(coordinator_api, method)(url, json=body, headers={"If-Match": stale})
        assert answer.status_code == 412, (url, answer.status_code, answer.json)
