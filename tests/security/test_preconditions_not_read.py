"""A precondition a write does not read is the 400 naming it, not ignored (probed 6 December, late morning).

If-Match is read by the writes that declare it (a record's PATCH or PUT, a report's status changes). Sent to
`reopen`, `close`, `publish`, a compile or a create, `If-Match: "999"` (no version anyone had) was ignored and the
event reopened, the brief signed (200): a client that meant "only if nothing changed since I read it" was told it
had done it. If-None-Match is read by no write: `If-None-Match: *` ("only if there is none") on a PATCH changed the
report. Now each is the 400 naming the header, after the 401 and the role's 403, nothing written
(`api/declared.refuse_preconditions_not_read`, as a query parameter no route takes).
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event, IdempotencyKey
from tests.security import sweep


def test_a_precondition_a_write_does_not_read_is_refused_by_name(app, database, seeded, login_as):
    client = login_as("coordinator")
    headers = {"X-CSRFToken": sweep.csrf_token(client), "Accept-Language": "en"}
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        report = s.get(IdempotencyKey, "demo:acjy2-outage").entity_id
    version = client.get(f"/api/v1/reports/{report}").headers["ETag"]
    sent = [("post", f"/api/v1/events/{event}/reopen", None, {"If-Match": '"999"'}),
            ("post", f"/api/v1/events/{event}/briefs/compile", {"day": "2021-07-22"}, {"If-Match": '"1"'}),
            ("post", f"/api/v1/events/{event}/reports", {"kind": "activity", "area_id": 1, "title": "x",
                                                         "observed_at": "2021-07-24 10:00"}, {"If-Match": "*"}),
            ("patch", f"/api/v1/reports/{report}", {"note": "改"}, {"If-Match": version, "If-None-Match": "*"}),
            ("post", f"/api/v1/reports/{report}/verify", None, {"If-None-Match": version})]
    before = sweep.fingerprint(database.engine)
    for method, url, body, conditions in sent:
        answer = getattr(client, method)(url, json=body, headers={**headers, **conditions})
        assert answer.status_code == 400, (url, conditions, answer.status_code, answer.get_json())
        named = [name for name in conditions if name != "If-Match" or "If-None-Match" not in conditions]
        assert list(answer.get_json()["errors"]) == named, (url, answer.get_json())
        assert "not read" in next(iter(answer.get_json()["errors"].values()))
    assert sweep.fingerprint(database.engine) == before


def test_who_may_not_is_told_that_first(app, database, seeded, login_as):
    viewer = login_as("viewer")
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    answer = viewer.post(f"/api/v1/events/{event}/reopen", headers={"X-CSRFToken": sweep.csrf_token(viewer),
                                                                     "If-Match": '"1"'})
    assert answer.status_code == 403 and list(answer.get_json()["errors"]) == ["role"], answer.get_json()


def test_if_match_where_it_is_read_is_taken(app, database, seeded, login_as):
    client = login_as("coordinator")
    with database.read_session() as s:
        report = s.get(IdempotencyKey, "demo:acjy2-outage").entity_id
    tag = client.get(f"/api/v1/reports/{report}").headers["ETag"]
    answer = client.patch(f"/api/v1/reports/{report}", json={"note": "改"},
                          headers={"X-CSRFToken": sweep.csrf_token(client), "If-Match": tag})
    assert answer.status_code == 200, answer.get_json()
