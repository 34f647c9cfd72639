"""An event's code names its downloads (reports-<code>.csv): "../x" or "a/b" read as a path there, so a code with
/ or \\ is refused on `code` (found by an auditor), on the API and the form, nothing saved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from


def _events(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Event))


@pytest.mark.parametrize("code", ["../x", "2021/07", "a\\b"])
def test_a_code_with_a_path_separator_is_refused(seeded, database, coordinator_api, code):  # noqa: F811
    before = _events(database)
    refused = coordinator_api.post("/api/v1/events", json={"code": code, "name": "分隔符", "kind": "rainstorm",
                                                           "starts_at": "2021-07-01 00:00"})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"code"}
    assert "/" in refused.get_json()["errors"]["code"]
    assert _events(database) == before


def test_the_form_says_so_on_the_code(seeded, database, client, auth, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get("/events/new").get_data(as_text=True)
    refused = client.post("/events/new", data={"code": "../x", "name": "分隔符", "kind": "rainstorm",
                                               "timezone": "Asia/Shanghai", "starts_at": "2021-07-01T00:00",
                                               "brief_time": "08:00", "csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "不能含有 / 或 \\" in html[html.index('id="code-error"'):][:200]
