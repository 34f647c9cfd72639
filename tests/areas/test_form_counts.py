"""The area form's households and buildings: a negative or huge count is refused saying so, not "must be a whole
number" (which -1 and 20,000,000 are), and nothing is saved."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area


@pytest.mark.parametrize("households, buildings, expected", [
    ("-1", "", "不能为负数"),
    ("", "20,000,000", "数值过大，不合常理（超过10,000,000）"),
    ("", "99999999999", "数值过大，不合常理（超过10,000,000）"),
    ("三十", "", "须为整数"),
])
def test_a_bad_count_is_named_for_what_is_wrong(client, auth, make_user, seeded, session, households, buildings,
                                                expected):
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    response = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "计数测试小区",
                                        "households": households, "buildings": buildings}, form_url="/areas/new")
    assert response.status_code == 422
    assert expected in response.get_data(as_text=True)
    session.rollback()
    assert session.scalar(sa.select(Area).where(Area.name == "计数测试小区")) is None


def test_a_saved_area_says_where_it_now_sits(client, auth, make_user, seeded, session):
    # Found by a newcomer administrator: moving an area said only "Area saved.", not where it went.
    make_user("wang", "coordinator")
    auth.login("wang")
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    made = auth.post("/areas/new", {"parent_id": str(bdj.id), "level": "site", "name": "新建测试小区"},
                     form_url="/areas/new")
    assert made.status_code == 302
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "地点已保存：文峰区 › 北大街街道 › 新建测试小区。" in page
