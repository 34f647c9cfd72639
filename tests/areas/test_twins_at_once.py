"""Two requests at once cannot store twins: the siblings' rule is kept by unique indexes too (areas.twin_key).

The rule was a SELECT before the INSERT: on PostgreSQL two requests both read before either wrote, both passed
and both stored (西关社区 and 西关 社区 under one parent). Now the second one's INSERT (or rename) meets the index and
is answered as the check answers it: 422 naming the field and the place already there, nothing of it saved.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import sqlalchemy as sa

from incidents.areas import services
from incidents.areas.models import Area
from incidents.errors import ValidationError
from tests.api.conftest import coordinator_api, new_token, token_client  # noqa: F401


def _parent(database) -> int:  # noqa: ANN001
    with database.read_session() as s:
        return s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))


def _named(database, *names: str) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(Area.name).where(Area.name.in_(names)).order_by(Area.id)))


def test_two_creates_at_once_store_one(seeded, database):
    """Session A has written 西关社区 and not committed; B checks (seeing nothing on PostgreSQL), writes 西关 社区,
    waits for A at the index, and is refused once A commits. SQLite's writers take turns: B's check sees A."""
    parent_id = _parent(database)
    outcome: dict[str, object] = {}
    with database.transaction() as a:
        parent = a.get(Area, parent_id)
        first = services.create_area(a, name="西关社区", level="community", parent=parent)

        def second() -> None:
            try:
                with database.transaction() as b:
                    services.create_area(b, name="西关 社区", level="community", parent=b.get(Area, parent_id))
                outcome["stored"] = True
            except ValidationError as exc:
                outcome["errors"] = exc.errors

        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)  # B has read (PostgreSQL) or waits for the write lock (SQLite)
        first_id = first.id
    other.join(10)
    assert not other.is_alive()
    assert _named(database, "西关社区", "西关 社区") == ["西关社区"], outcome
    errors = outcome.get("errors")
    assert isinstance(errors, dict) and set(errors) == {"name"}, outcome
    assert f"“西关社区” (#{first_id})" in errors["name"], errors  # the check's own words, naming the place there


@pytest.fixture
def blind_once(monkeypatch):  # noqa: ANN001, ANN201
    """The siblings' check reads nothing the first time, as a request reading before the other one committed."""
    real = services._sibling_problems
    calls = {"n": 0}

    def read_before_the_other_committed(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(*args, **kw)

    monkeypatch.setattr(services, "_sibling_problems", read_before_the_other_committed)
    return calls


def test_the_api_answers_the_index_as_the_check(coordinator_api, seeded, database, blind_once):  # noqa: F811
    parent = _parent(database)
    body = {"level": "community", "parent_id": parent}
    made = coordinator_api.post("/api/v1/areas", json={"name": "西关社区", "name_en": "Xiguan", **body})
    assert made.status_code == 201, made.json
    blind_once["n"] = 0
    refused = coordinator_api.post("/api/v1/areas", json={"name": "西关 社区", **body})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"name"}, refused.json
    assert f"“西关社区”（#{made.json['id']}）" in refused.json["errors"]["name"]
    blind_once["n"] = 0
    english = coordinator_api.post("/api/v1/areas", json={"name": "西关新村", "name_en": "XIGUAN", **body})
    assert english.status_code == 422 and set(english.json["errors"]) == {"name_en"}, english.json
    assert _named(database, "西关社区", "西关 社区", "西关新村") == ["西关社区"]
    # A rename into a twin, the same way.
    other = coordinator_api.post("/api/v1/areas", json={"name": "东关社区", **body})
    assert other.status_code == 201, other.json
    blind_once["n"] = 0
    renamed = coordinator_api.patch(other.json["url"], json={"name": "西关\u3000社区",
                                                             "version": other.json["version"]})
    assert renamed.status_code == 422 and set(renamed.json["errors"]) == {"name"}, renamed.json
    assert _named(database, "东关社区", "西关\u3000社区") == ["东关社区"]
    assert coordinator_api.get(other.json["url"]).json["version"] == other.json["version"]  # nothing half-saved


def test_the_form_answers_the_index_as_the_check(client, auth, make_user, seeded, database, blind_once):
    make_user("wang", "coordinator")
    auth.login("wang")
    parent = str(_parent(database))
    made = auth.post("/areas/new", {"parent_id": parent, "level": "site", "name": "一号院"}, form_url="/areas/new")
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    blind_once["n"] = 0
    refused = auth.post("/areas/new", {"parent_id": parent, "level": "site", "name": "一号 院"}, form_url="/areas/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422, html[:1000]
    error = re.search(r'<p class="error" id="name-error">([^<]*)</p>', html)
    assert error and "“一号院”" in error.group(1), html[:3000]
    assert _named(database, "一号院", "一号 院") == ["一号院"]
