"""A subdistrict's coordinator changing the subdistrict itself is told so, on the fields it sent.

Found (round 1): a PATCH of its own subdistrict's name or households answered 403 naming `parent_id`, a field the
coordinator never sent ("parent_id: is outside the areas you manage"). Now each field sent is named with why: the
area it is scoped to is changed by whoever manages the area above it. With no field sent, the area itself (`id`).
The edit page says it as a sentence. Nothing is saved.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area
from tests.api.conftest import TokenClient
from tests.api.test_reports_api import PROBLEM

BDJ = "文峰区/北大街街道"
SAID = ("cannot be changed on the area you are scoped to: whoever manages the area above it changes it; "
        "you set up the areas under it")


def _area(database, name: str) -> tuple[int, int, str, int | None]:  # noqa: ANN001
    with database.read_session() as s:
        area = s.scalar(sa.select(Area).where(Area.name == name))
        return area.id, area.version, area.name, area.households


def test_a_patch_of_its_own_subdistrict_names_the_fields_it_sent(seeded, database, token_client):
    api: TokenClient = token_client("c-own", "coordinator", scope=BDJ)
    before = _area(database, "北大街街道")
    own, version = before[0], before[1]
    answer = api.patch(f"/api/v1/areas/{own}", json={"name": "北大街", "households": 5, "version": version},
                       headers={"Accept-Language": "en"})
    assert answer.status_code == 403 and answer.mimetype == PROBLEM
    body = answer.get_json()
    assert body["errors"] == {"name": SAID, "households": SAID}, body
    assert "parent_id" not in body["detail"]
    bare = api.patch(f"/api/v1/areas/{own}", json={"version": version}).get_json()
    assert list(bare["errors"]) == ["id"] and "上级地点" in bare["errors"]["id"], bare
    assert _area(database, "北大街街道") == before


def test_another_subdistricts_area_is_named_outside_on_the_fields_sent(seeded, database, token_client):
    api: TokenClient = token_client("c-own2", "coordinator", scope=BDJ)
    outside, version, *_ = _area(database, "银杏大街街道")
    body = api.patch(f"/api/v1/areas/{outside}", json={"households": 5, "version": version},
                     headers={"Accept-Language": "en"}).get_json()
    assert body["errors"] == {"households": "cannot be changed: the area is outside the areas you manage"}, body


def test_the_edit_page_of_its_own_subdistrict_says_why_in_a_sentence(app, seeded, database, make_user):
    from tests.conftest import Auth

    make_user("c-own-web", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login("c-own-web")
    own, *_ = _area(database, "北大街街道")
    page = client.get(f"/areas/{own}/edit")
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "这是您负责的区域本身：由管理其上级地点的人修改它；您可设置其下的地点。" in text, text[-1500:]
    assert "上级地点：" not in text
