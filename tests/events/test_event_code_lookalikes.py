"""An event code that reads the same as another event's — another case, or a lookalike letter — is refused naming it.

Found (probed 6 December, evening): beside wenfeng-2021-07-infa the API and the form took WENFENG-2021-07-INFA and
wenfeng-2021-07-іnfa (a Cyrillic і): a second 台风“烟花” whose code no one tells from the first's, and whose downloads
(named by the code) pass for the first event's — saved on Windows or macOS, briefs-FX2021.xlsx and briefs-fx2021.xlsx
are one file. The full-width spelling (ＦＸ２０２１) was folded already (test_event_code_full_width.py); the code is now
compared as usernames and places are (auth/lookalikes.skeleton), when it is new or changed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.events.models import Event, EventKind
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from


def _codes(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(Event.code).order_by(Event.id)))


def _body(code: str, name: str = "台风“烟花”") -> dict[str, str]:
    return {"code": code, "name": name, "kind": "typhoon", "starts_at": "2021-07-25 00:00"}


@pytest.mark.parametrize("twin", ["FX2021", "fx2021", "Fx2021", "F\u04252021", "ｆX2021"])
def test_the_api_refuses_a_code_that_reads_as_another_events(database, coordinator_api, twin):  # noqa: F811
    made = coordinator_api.post("/api/v1/events", json=_body("fx2021"))
    assert made.status_code == 201, made.get_json()
    refused = coordinator_api.post("/api/v1/events", json=_body(twin, "另一事件"))
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"code"}, refused.get_json()
    if twin not in ("fx2021", "ｆX2021"):  # the same code as stored (folded): "already used", as before
        assert "fx2021" in refused.get_json()["errors"]["code"] and "台风“烟花”" in refused.get_json()["errors"]["code"]
    assert _codes(database) == ["fx2021"]


def test_a_code_changed_to_another_events_in_capitals_is_refused(database, coordinator_api):  # noqa: F811
    coordinator_api.post("/api/v1/events", json=_body("infa-2021"))
    other = coordinator_api.post("/api/v1/events", json=_body("rain-2021", "暴雨")).get_json()
    moved = coordinator_api.patch(f"/api/v1/events/{other['id']}", json={"code": "INFA-2021"},
                                  headers={"If-Match": f'"{other["version"]}"'})
    assert moved.status_code == 422 and set(moved.get_json()["errors"]) == {"code"}, moved.get_json()
    assert _codes(database) == ["infa-2021", "rain-2021"]


def test_the_form_says_it_in_chinese(database, client, auth, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    form = {"name": "台风“烟花”", "kind": "typhoon", "timezone": "Asia/Shanghai", "starts_at": "2021-07-25T00:00",
            "brief_time": "08:00", "csrf_token": token}
    assert client.post("/events/new", data={**form, "code": "wenfeng-infa"}).status_code == 302
    refused = client.post("/events/new", data={**form, "code": "WENFENG-\u0456nfa"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    said = html[html.index('id="code-error"'):][:300]
    assert "与事件“台风“烟花””的代码 wenfeng-infa 形近" in said, said
    assert _codes(database) == ["wenfeng-infa"]


def test_a_pair_stored_before_the_rule_stays_editable(database, client, auth, make_user):
    with database.transaction() as s:
        for code in ("old1", "OLD1"):
            s.add(Event(code=code, name="旧事件", kind=EventKind.RAINSTORM, timezone="Asia/Shanghai",
                        starts_at=datetime(2021, 7, 1, tzinfo=UTC)))
        s.flush()
        old = s.scalar(sa.select(Event.id).where(Event.code == "OLD1"))
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get(f"/events/{old}/edit").get_data(as_text=True)
    fields = {"code": "OLD1", "name": "旧事件（更名）", "kind": "rainstorm", "timezone": "Asia/Shanghai",
              "starts_at": "2021-07-01T08:00", "brief_time": "08:00", "csrf_token": csrf_from(page)}
    fields["version"] = page.split('name="version"')[1].split('value="')[1].split('"')[0]
    assert client.post(f"/events/{old}/edit", data=fields).status_code == 302
    with database.read_session() as s:
        assert (s.get(Event, old).code, s.get(Event, old).name) == ("OLD1", "旧事件（更名）")
