"""The new-event form offers only the places an event may belong to, and only those its user may manage.

Found by a newcomer: 所属区县 listed every community and compound, each refused on saving ("must be a
district or a subdistrict / town"); a subdistrict's coordinator was offered the whole district too.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.areas.models import Area, AreaLevel
from tests.conftest import Auth


def _offered(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="area_id".*?</select>', html, re.S)
    assert select is not None, html
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_only_districts_and_subdistricts_the_user_manages_are_offered(app, seeded, session, client, auth,
                                                                        make_user):
    levels = dict(session.execute(sa.select(Area.id, Area.level)).all())
    beidajie = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    make_user("co", "coordinator")
    auth.login("co")
    offered = _offered(client.get("/events/new").get_data(as_text=True))
    assert offered[0] == ""  # the whole district
    assert {levels[int(i)] for i in offered[1:]} == {AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT}
    assert str(beidajie) in offered
    make_user("co-bdj", "coordinator", scope="文峰区/北大街街道")
    scoped = Auth(app.test_client())
    scoped.login("co-bdj")
    assert _offered(scoped.client.get("/events/new").get_data(as_text=True)) == [str(beidajie)]


def test_a_new_event_starts_on_the_district(seeded, session, client, auth, make_user):
    # The first top-level area (areas/tree.first_root), the one the area pages start on too.
    district = session.scalar(sa.select(Area.id).where(Area.parent_id.is_(None)).order_by(Area.id).limit(1))
    make_user("co", "coordinator")
    auth.login("co")
    html = client.get("/events/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="area_id".*?</select>', html, re.S)
    assert select is not None, html
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(0)) == [str(district)]
