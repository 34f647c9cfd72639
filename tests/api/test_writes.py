"""API writes: events and areas (versions, If-Match), compile requests, idempotent creates, CSRF for cookies."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.briefs import queue
from incidents.briefs import services as briefs
from incidents.briefs.models import Brief, CompileRequest
from incidents.events.models import Event
from incidents.reports.models import Report
from tests.api.conftest import TokenClient
from tests.conftest import csrf_from
from tests.security import sweep

EVENT = {"code": "api-flood", "name": "API 洪水", "kind": "flood", "starts_at": "2026-11-01 08:00",
         "timezone": "Asia/Shanghai", "brief_time": "07:30"}


@pytest.fixture
def rainstorm(seeded, session) -> int:  # noqa: ANN001
    """The seed event's id."""
    return session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))


def test_event_create_read_and_fields_named(coordinator_api: TokenClient):
    response = coordinator_api.post("/api/v1/events", json=EVENT)
    assert response.status_code == 201, response.json
    event = response.json
    assert event["starts_at"] == "2026-11-01T00:00:00Z" and event["brief_time"] == "07:30"
    assert response.headers["Location"] == event["url"] == f"/api/v1/events/{event['id']}"
    read = coordinator_api.get(event["url"])
    assert read.json == event and read.headers["ETag"] == f'"{event["version"]}"'
    bad = coordinator_api.post("/api/v1/events", json={"kind": "storm", "starts_at": "2026-11-01 afternoon",
                                                       "colour": "red", "name": 5})
    assert bad.status_code == 422 and {"colour", "name", "starts_at"} <= set(bad.json["errors"])
    bad = coordinator_api.post("/api/v1/events", json={"kind": "storm"})
    assert bad.status_code == 422 and {"code", "name", "kind", "starts_at"} <= set(bad.json["errors"])
    assert coordinator_api.post("/api/v1/events", data="code=x").status_code == 415
    nul = coordinator_api.post("/api/v1/events", json={**EVENT, "code": "x\x00y"})
    assert nul.status_code == 422 and "code" in nul.json["errors"]


def test_event_update_needs_the_version_read(coordinator_api: TokenClient):
    url = coordinator_api.post("/api/v1/events", json=EVENT).json["url"]
    first = coordinator_api.patch(url, json={"name": "改名", "version": 1})
    assert first.status_code == 200 and first.json["name"] == "改名" and first.json["version"] == 2
    stale = coordinator_api.patch(url, json={"name": "又改", "version": 1})
    assert stale.status_code == 409 and stale.json["current"]["name"] == "改名"
    assert coordinator_api.patch(url, json={"name": "又改"}, headers={"If-Match": '"1"'}).status_code == 412
    assert coordinator_api.patch(url, json={"name": "又改"}).status_code == 422
    ok = coordinator_api.patch(url, json={"name": "又改"}, headers={"If-Match": first.headers["ETag"]})
    assert ok.status_code == 200 and ok.json["version"] == 3


def test_event_close_and_reopen(coordinator_api: TokenClient):
    event = coordinator_api.post("/api/v1/events", json={**EVENT, "starts_at": "2021-07-01 00:00"}).json
    future = coordinator_api.post(f"{event['url']}/close", json={"ends_at": "2999-01-01 00:00"},
                                  headers={"Accept-Language": "en"})
    assert future.status_code == 422 and future.json["errors"]["ends_at"] == "is in the future"
    closed = coordinator_api.post(f"{event['url']}/close", json={"ends_at": "2021-07-10 12:00"})
    assert closed.status_code == 200 and closed.json["ends_at"] == "2021-07-10T04:00:00Z"
    assert coordinator_api.post(f"{event['url']}/reopen").json["ends_at"] is None


def test_event_close_without_its_end_says_the_end_is_required(coordinator_api: TokenClient):
    event = coordinator_api.post("/api/v1/events", json={**EVENT, "starts_at": "2021-07-01 00:00"}).json
    for body in ({}, {"ends_at": None}, {"ends_at": ""}):
        missing = coordinator_api.post(f"{event['url']}/close", json=body, headers={"Accept-Language": "en"})
        # Not "must be a date and time": nothing was sent to be one.
        assert missing.status_code == 422 and missing.json["errors"] == {"ends_at": "required"}, body


def test_area_create_update_and_conflicts(seeded, session, coordinator_api: TokenClient):
    parent = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    created = coordinator_api.post("/api/v1/areas", json={"name": "新小区", "level": "site", "parent_id": parent,
                                                          "households": 40, "latitude": 36.09,
                                                          "longitude": 114.39})
    assert created.status_code == 201, created.json
    area = created.json
    assert area["path"][-2:] == [parent, area["id"]] and area["households"] == 40
    again = coordinator_api.post("/api/v1/areas", json={"name": "新小区", "level": "site", "parent_id": parent})
    assert again.status_code == 422 and "name" in again.json["errors"]
    orphan = coordinator_api.post("/api/v1/areas", json={"name": "x", "level": "site", "parent_id": 999999})
    assert orphan.json["errors"] == {"parent_id": "未知的地点"}
    changed = coordinator_api.patch(area["url"], json={"households": 45, "version": area["version"]})
    assert changed.status_code == 200 and changed.json["households"] == 45
    stale = coordinator_api.patch(area["url"], json={"households": 50, "version": area["version"]})
    assert stale.status_code == 409 and stale.json["current"]["households"] == 45
    assert coordinator_api.patch(area["url"], json={"search_key": "x", "version": 2}).status_code == 422
    listed = coordinator_api.get(f"/api/v1/areas?parent_id={parent}&limit=500").json["areas"]
    assert area["id"] in {a["id"] for a in listed} and all(a["parent_id"] == parent for a in listed)
    assert coordinator_api.get("/api/v1/areas?level=planet").status_code == 422


@pytest.mark.parametrize("route", ["events", "areas", "reports", "compile"])
def test_every_create_replays_its_key_and_refuses_another_body(route, rainstorm, session, database,
                                                               coordinator_api: TokenClient):
    area = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    url, body, other, table = {
        "events": ("/api/v1/events", EVENT, {**EVENT, "name": "another"}, Event),
        "areas": ("/api/v1/areas", {"name": "键小区", "level": "district"}, {"name": "另一个", "level": "district"},
                  Area),
        "reports": (f"/api/v1/events/{rainstorm}/reports",
                    {"kind": "activity", "title": "keyed", "area_id": area, "observed_at": "2021-07-24 10:00"},
                    {"kind": "activity", "title": "other", "area_id": area, "observed_at": "2021-07-24 10:00"},
                    Report),
        "compile": (f"/api/v1/events/{rainstorm}/briefs/compile", {"day": "2021-07-24"}, {"day": "2021-07-25"},
                    CompileRequest),
    }[route]

    def count() -> int:
        with database.read_session() as s:
            return s.scalar(sa.select(sa.func.count()).select_from(table))

    headers = {"Idempotency-Key": f"client-{route}-1"}
    first = coordinator_api.post(url, json=body, headers=headers)
    before = count()
    replay = coordinator_api.post(url, json=body, headers=headers)
    assert first.status_code in (201, 202) and replay.status_code == 200, (first.json, replay.json)
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json["id"] == first.json["id"]
    refused = coordinator_api.post(url, json=other, headers=headers)
    assert refused.status_code == 422 and "idempotency_key" in refused.json["errors"]
    assert count() == before
    too_long = coordinator_api.post(url, json=other, headers={"Idempotency-Key": "k" * 101})
    assert too_long.status_code == 422 and "idempotency_key" in too_long.json["errors"]


def test_a_key_used_for_one_kind_of_record_is_refused_for_another(database, coordinator_api: TokenClient):
    headers = {"Idempotency-Key": "client-shared-1"}
    assert coordinator_api.post("/api/v1/events", json=EVENT, headers=headers).status_code == 201
    refused = coordinator_api.post("/api/v1/areas", json={"name": "同键小区", "level": "district"}, headers=headers)
    assert refused.status_code == 422 and "idempotency_key" in refused.json["errors"]
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name == "同键小区")) == 0


def test_compile_names_a_field_it_does_not_know(rainstorm, database, coordinator_api: TokenClient):
    refused = coordinator_api.post(f"/api/v1/events/{rainstorm}/briefs/compile",
                                   json={"day": "2021-07-22", "revision": 3}, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {"revision": "is not a field of a compile request"}
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(CompileRequest)) == 0


def test_compile_is_queued_then_done_and_read_in_every_format(rainstorm, database, coordinator_api: TokenClient):
    response = coordinator_api.post(f"/api/v1/events/{rainstorm}/briefs/compile", json={"day": "2021-07-22"})
    assert response.status_code == 202 and response.headers["Location"] == response.json["url"]
    assert response.json["status"] == "queued"
    assert coordinator_api.post(f"/api/v1/events/{rainstorm}/briefs/compile",
                                json={"day": "2021-07-22"}).json["id"] == response.json["id"]  # the open one
    queue.run_queued(database)
    done = coordinator_api.get(response.json["url"]).json
    assert done["status"] == "done" and done["brief_url"] == f"/api/v1/briefs/{done['brief_id']}"
    brief = coordinator_api.get(done["brief_url"]).json
    assert brief["day"] == "2021-07-22"
    assert set(brief["formats"]) == {"txt", "md", "csv", "json", "docx", "pdf"}
    for fmt, mimetype in (("json", "application/json"), ("md", "text/markdown"), ("txt", "text/plain"),
                          ("csv", "text/csv"), ("docx", "application/vnd.openxmlformats-officedocument."
                                                        "wordprocessingml.document"),
                          ("pdf", "application/pdf")):
        got = coordinator_api.get(brief["formats"][fmt])
        assert got.status_code == 200 and got.mimetype == mimetype and got.data
    assert coordinator_api.get(brief["formats"]["json"]).json["id"] == brief["id"]
    bad_table = coordinator_api.get(brief["formats"]["csv"] + "?table=nope", headers={"Accept-Language": "en"})
    assert bad_table.status_code == 400
    assert bad_table.json["errors"] == {"table": "must be one of figures, subdistricts, outages, activity"}
    listed = coordinator_api.get(f"/api/v1/events/{rainstorm}/briefs").json["days"]
    assert any(b["id"] == brief["id"] for d in listed for b in d["briefs"])
    signed = coordinator_api.post(f"/api/v1/briefs/{brief['id']}/publish")
    assert signed.status_code == 200 and signed.json["status"] == "published"
    bad_day = coordinator_api.post(f"/api/v1/events/{rainstorm}/briefs/compile", json={"day": "2021-07-01"},
                                   headers={"Accept-Language": "en"})
    assert bad_day.status_code == 422 and bad_day.json["errors"] == {"day": "before the event began"}
    assert coordinator_api.post(f"/api/v1/events/{rainstorm}/briefs/compile",
                                json={"day": "24/07"}).status_code == 422


def test_a_provisional_brief_cannot_be_signed(rainstorm, database, coordinator_api: TokenClient):
    briefs.compile_due(database, now=datetime(2021, 7, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai")), catchup_days=1,
                       event_ids=[rainstorm])
    with database.transaction() as s:
        brief = s.scalars(sa.select(Brief)).first()
        brief.status = briefs.BriefStatus.PROVISIONAL
        brief_id = brief.id
    response = coordinator_api.post(f"/api/v1/briefs/{brief_id}/publish")
    assert response.status_code == 422 and "status" in response.json["errors"]


def test_only_the_newest_revision_of_a_day_is_signed(rainstorm, database, coordinator_api: TokenClient):
    briefs.compile_due(database, now=datetime(2021, 7, 23, 9, tzinfo=ZoneInfo("Asia/Shanghai")), catchup_days=1,
                       event_ids=[rainstorm])
    with database.read_session() as s:
        first = s.scalars(sa.select(Brief)).one().id
    assert coordinator_api.post(f"/api/v1/briefs/{first}/recompile").status_code == 202
    queue.run_queued(database)
    refused = coordinator_api.post(f"/api/v1/briefs/{first}/publish", headers={"Accept-Language": "en"})
    # Signing queues the brief to every recipient: revision 1's figures were corrected by revision 2.
    assert refused.status_code == 422
    assert refused.json["errors"] == {"revision": "revision 2 of this day replaces this one: sign that one off"}
    with database.read_session() as s:
        second = s.scalar(sa.select(Brief.id).where(Brief.revision == 2))
        assert s.get(Brief, first).status.value == "compiled"
    assert coordinator_api.post(f"/api/v1/briefs/{second}/publish").json["status"] == "published"


def test_a_cookie_without_csrf_is_refused_on_every_api_write(app, seeded, session, database, client, auth,
                                                             make_user):
    make_user("web-coordinator", "coordinator")
    auth.login("web-coordinator")
    ids = sweep.seed_ids(session)
    before = sweep.fingerprint(database.engine)
    writes = 0
    for rule in sweep.rules(app):
        if not rule.rule.startswith("/api/"):
            continue
        for method in set(sweep.methods(rule)) & sweep.WRITE_METHODS:
            response = client.open(sweep.url_for_rule(rule, ids), method=method, json={"name": "csrf?"})
            writes += 1
            assert response.status_code == 400, (method, rule.rule, response.status_code)
            assert "csrf_token" in response.json["errors"]
    assert writes >= 9 and sweep.fingerprint(database.engine) == before
    token = csrf_from(client.get("/account").get_data(as_text=True))
    assert client.post("/api/v1/events", json=EVENT, headers={"X-CSRFToken": token}).status_code == 201
