"""Every API route × role: what the UI allows each role, the API allows, and nothing more (403 problem)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs import services as briefs
from incidents.briefs.models import Brief
from incidents.events.models import Event
from tests.api.conftest import TokenClient

ROLES = ("viewer", "reporter", "coordinator", "admin")
EVERYONE = frozenset(ROLES)
MANAGERS = frozenset({"coordinator", "admin"})
COORDINATORS = frozenset({"coordinator"})
REPORTERS = frozenset({"reporter", "coordinator"})


@dataclass
class Ids:
    """Seed records the routes act on."""

    event: int
    area: int
    parent: int
    brief: int


@pytest.fixture
def ids(seeded, database) -> Ids:  # noqa: ANN001
    """The rainstorm, 彰德路64号院 under 北大街街道, and its 07-22 brief compiled as the scheduler does."""
    with database.read_session() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area).where(Area.name == "彰德路64号院"))
        event_id, area_id, parent_id = event.id, area.id, area.parent_id
    briefs.compile_due(database, now=datetime(2021, 7, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
                       catchup_days=1, event_ids=[event_id])
    with database.read_session() as s:
        brief_id = s.scalar(sa.select(Brief.id).where(Brief.event_id == event_id).order_by(Brief.id).limit(1))
    return Ids(event_id, area_id, parent_id, brief_id)


@pytest.fixture
def apis(token_client) -> dict[str, TokenClient]:  # noqa: ANN001
    """One token client per role."""
    return {role: token_client(f"api-{role}", role) for role in ROLES}


Request = Callable[[TokenClient, Ids, str], Any]


def _version(api: TokenClient, url: str) -> int:
    return api.get(url).json["version"]


CASES: list[tuple[str, Request, frozenset[str], int]] = [
    ("events list", lambda a, i, r: a.get("/api/v1/events"), EVERYONE, 200),
    ("event read", lambda a, i, r: a.get(f"/api/v1/events/{i.event}"), EVERYONE, 200),
    ("event create", lambda a, i, r: a.post("/api/v1/events", json={
        "code": f"api-{r}", "name": f"API {r}", "kind": "flood", "starts_at": "2026-11-01 08:00"}), MANAGERS, 201),
    ("event update", lambda a, i, r: a.patch(f"/api/v1/events/{i.event}", json={
        "description": f"changed by {r}", "version": _version(a, f"/api/v1/events/{i.event}")}), MANAGERS, 200),
    ("event close", lambda a, i, r: a.post(f"/api/v1/events/{i.event}/close",
                                           json={"ends_at": "2021-08-01 12:00"}), MANAGERS, 200),
    ("event reopen", lambda a, i, r: a.post(f"/api/v1/events/{i.event}/reopen"), MANAGERS, 200),
    ("areas list", lambda a, i, r: a.get(f"/api/v1/areas?parent_id={i.parent}"), EVERYONE, 200),
    ("areas search", lambda a, i, r: a.get("/api/v1/areas?q=zdl"), EVERYONE, 200),
    ("area read", lambda a, i, r: a.get(f"/api/v1/areas/{i.area}"), EVERYONE, 200),
    ("area create", lambda a, i, r: a.post("/api/v1/areas", json={
        "name": f"API 小区 {r}", "level": "site", "parent_id": i.parent}), MANAGERS, 201),
    ("area update", lambda a, i, r: a.patch(f"/api/v1/areas/{i.area}", json={"households": 120}, headers={
        "If-Match": a.get(f"/api/v1/areas/{i.area}").headers.get("ETag", '"0"')}), MANAGERS, 200),
    ("report create", lambda a, i, r: a.post(f"/api/v1/events/{i.event}/reports", json={
        "kind": "activity", "title": f"by {r}", "area_id": i.area, "observed_at": "2021-07-24 10:00"}),
     REPORTERS, 201),
    ("briefs list", lambda a, i, r: a.get(f"/api/v1/events/{i.event}/briefs"), EVERYONE, 200),
    ("brief read", lambda a, i, r: a.get(f"/api/v1/briefs/{i.brief}"), EVERYONE, 200),
    ("brief as md", lambda a, i, r: a.get(f"/api/v1/briefs/{i.brief}/md"), EVERYONE, 200),
    ("compile day", lambda a, i, r: a.post(f"/api/v1/events/{i.event}/briefs/compile",
                                           json={"day": "2021-07-23"}), COORDINATORS, 202),
    ("recompile", lambda a, i, r: a.post(f"/api/v1/briefs/{i.brief}/recompile"), COORDINATORS, 202),
    ("publish", lambda a, i, r: a.post(f"/api/v1/briefs/{i.brief}/publish"), COORDINATORS, 200),
]


@pytest.mark.parametrize(("name", "send", "allowed", "status"), CASES, ids=[c[0] for c in CASES])
def test_each_role_gets_what_the_ui_gives_it(ids: Ids, apis, name, send, allowed, status):  # noqa: ANN001
    for role in ROLES:
        response = send(apis[role], ids, role)
        expected = status if role in allowed else 403
        assert response.status_code == expected, (name, role, response.get_data(as_text=True)[:300])
        if expected == 403:
            assert response.mimetype == "application/problem+json"


def test_scoped_reporter_writes_and_lists_only_in_scope(ids: Ids, scoped_api: TokenClient, session):
    outside = session.scalar(sa.select(Area.id).where(Area.name == "银杏大街街道"))
    url = f"/api/v1/events/{ids.event}/reports"
    body = {"kind": "activity", "title": "scoped", "observed_at": "2021-07-24 10:00"}
    assert scoped_api.post(url, json={**body, "area_id": ids.area}).status_code == 201
    refused = scoped_api.post(url, json={**body, "area_id": outside})
    assert refused.status_code == 403 and "area_id" in refused.json["errors"]
    listed = {a["id"] for a in scoped_api.get("/api/v1/areas?level=site&limit=500").json["areas"]}
    assert ids.area in listed and outside not in listed
    assert scoped_api.post("/api/v1/areas", json={"name": "x", "level": "site"}).status_code == 403


def test_every_api_route_is_in_the_matrix(app):
    """A new route must be added to CASES (or to the other API tests' own matrices)."""
    covered = {("GET", "/api/v1/events"), ("GET", "/api/v1/events/<int:event_id>"), ("POST", "/api/v1/events"),
               ("PATCH", "/api/v1/events/<int:event_id>"), ("POST", "/api/v1/events/<int:event_id>/close"),
               ("POST", "/api/v1/events/<int:event_id>/reopen"), ("GET", "/api/v1/areas"),
               ("GET", "/api/v1/areas/<int:area_id>"), ("POST", "/api/v1/areas"),
               ("PATCH", "/api/v1/areas/<int:area_id>"), ("POST", "/api/v1/events/<int:event_id>/reports"),
               ("GET", "/api/v1/events/<int:event_id>/briefs"), ("GET", "/api/v1/briefs/<int:brief_id>"),
               ("GET", "/api/v1/briefs/<int:brief_id>/<fmt>"),  # "brief as md"
               ("POST", "/api/v1/events/<int:event_id>/briefs/compile"),
               ("POST", "/api/v1/briefs/<int:brief_id>/recompile"), ("POST", "/api/v1/briefs/<int:brief_id>/publish"),
               ("GET", "/api/v1/briefs/compiles/<int:request_id>"), ("GET", "/api/v1/openapi.json"),
               ("GET", "/api/docs")}
    # By endpoint, not path: GET /api/v1/events/<id>/reports (the list) is tests/api/test_reports_api.py's.
    found = {(m, r.rule) for r in app.url_map.iter_rules() if r.endpoint.startswith(
        ("api.", "api_events.", "api_areas.", "api_briefs.", "api_reports.create"))
             for m in r.methods - {"HEAD", "OPTIONS"} if "<any(" not in r.rule}
    assert found <= covered, found - covered
