"""An event's description follows the rule every other free text does (a report's note, a reason).

It took a right-to-left override (shown reversed on the event page and in every brief's heading
notes) and a description of zero-width spaces alone (blank wherever it shows), which a report's note
refuses by name; both are now refused on `description`, on the form and the API, nothing saved.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.events.models import Event
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401
from tests.conftest import csrf_from

BAD = {"北大街\u202e街道": "方向控制符", "\u200b\u200b": "没有可见的字符"}
FORM = {"code": "desc-1", "name": "说明", "kind": "rainstorm", "timezone": "Asia/Shanghai",
        "starts_at": "2021-07-01T00:00", "brief_time": "08:00"}


def _events(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Event))


@pytest.mark.parametrize("text", list(BAD))
def test_the_event_form_refuses_a_hidden_description(seeded, database, client, auth, make_user, text):
    make_user("co", "coordinator")
    auth.login("co")
    before = _events(database)
    page = client.get("/events/new").get_data(as_text=True)
    refused = client.post("/events/new", data={**FORM, "description": text, "csrf_token": csrf_from(page)})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    error = html[html.index('id="description-error"'):][:200]
    assert BAD[text] in error, error
    assert _events(database) == before


@pytest.mark.parametrize("text", list(BAD))
def test_the_api_refuses_a_hidden_description(seeded, database, coordinator_api, text):  # noqa: F811
    before = _events(database)
    body = {"code": "desc-2", "name": "说明", "kind": "rainstorm", "starts_at": "2021-07-01 00:00", "description": text}
    refused = coordinator_api.post("/api/v1/events", json=body)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"description"}
    assert _events(database) == before


def test_a_description_keeps_its_lines(seeded, database, coordinator_api):  # noqa: F811
    body = {"code": "desc-3", "name": "说明", "kind": "rainstorm", "starts_at": "2021-07-01 00:00",
            "description": "第一行\n第二行"}
    assert coordinator_api.post("/api/v1/events", json=body).status_code == 201
