"""An event code typed full-width (a Chinese IME's ＦＸ２０２１) is the code FX2021: one code, one spelling.

Found (outside audit): the form and the API stored "ＦＸ２０２１" as typed, so it and "FX2021" could both exist
(two events a person cannot tell apart in a list, a download or a command's --event), and "ａ／ｂ" passed the rule
that keeps / out of a code (it names the downloads). The code is read through NFKC, for the form and the API alike,
before its rules and its uniqueness check.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from incidents.events.models import Event, EventKind
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from


def _codes(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(Event.code).order_by(Event.id)))


def _form(code: str, token: str) -> dict[str, str]:
    return {"code": code, "name": "全角代码", "kind": "rainstorm", "timezone": "Asia/Shanghai",
            "starts_at": "2021-07-01T00:00", "brief_time": "08:00", "csrf_token": token}


def test_the_api_stores_a_full_width_code_half_width_and_refuses_it_twice(database, coordinator_api):  # noqa: F811
    made = coordinator_api.post("/api/v1/events", json={"code": "ＦＸ２０２１", "name": "全角代码", "kind": "rainstorm",
                                                        "starts_at": "2021-07-01 00:00"})
    assert made.status_code == 201 and made.get_json()["code"] == "FX2021", made.get_json()
    again = coordinator_api.post("/api/v1/events", json={"code": "FX2021", "name": "半角代码", "kind": "rainstorm",
                                                         "starts_at": "2021-07-01 00:00"})
    assert again.status_code == 422 and set(again.get_json()["errors"]) == {"code"}, again.get_json()
    slash = coordinator_api.post("/api/v1/events", json={"code": "ａ／ｂ", "name": "全角斜线", "kind": "rainstorm",
                                                         "starts_at": "2021-07-01 00:00"})
    assert slash.status_code == 422 and "/" in slash.get_json()["errors"]["code"]
    assert _codes(database) == ["FX2021"]


def test_the_form_does_the_same(database, client, auth, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    token = csrf_from(client.get("/events/new").get_data(as_text=True))
    assert client.post("/events/new", data=_form("ＦＸ－２０２１", token)).status_code == 302
    refused = client.post("/events/new", data=_form("FX-2021", token))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "已被其他事件使用" in html[html.index('id="code-error"'):][:200]
    assert _codes(database) == ["FX-2021"]


def test_a_code_stored_full_width_before_stays_as_it_is_on_an_edit(database, client, auth, make_user):
    # Stored before this rule, beside its half-width twin: renaming the event must not move (or refuse) its code.
    with database.transaction() as s:
        for code in ("ＯＬＤ１", "OLD1"):
            s.add(Event(code=code, name="旧事件", kind=EventKind.RAINSTORM, timezone="Asia/Shanghai",
                        starts_at=datetime(2021, 7, 1, tzinfo=UTC)))
        s.flush()
        old = s.scalar(sa.select(Event.id).where(Event.code == "ＯＬＤ１"))
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get(f"/events/{old}/edit").get_data(as_text=True)
    fields = {**_form("ＯＬＤ１", csrf_from(page)), "name": "旧事件（更名）"}
    fields["version"] = page.split('name="version"')[1].split('value="')[1].split('"')[0]
    assert client.post(f"/events/{old}/edit", data=fields).status_code == 302
    with database.read_session() as s:
        assert (s.get(Event, old).code, s.get(Event, old).name) == ("ＯＬＤ１", "旧事件（更名）")
