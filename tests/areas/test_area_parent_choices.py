"""The area form offers as parents only the places its user may set up areas under (can_manage_place).

A coordinator scoped to 北大街街道 was offered the whole tree under 上级: —（最上级）, 文峰区, 银杏大街街道 and its
compounds; each was refused on saving (不在您管理的地点范围内). The event form already offered only its
user's places; the area form now does the same, new and edit alike.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.areas.tree import subtree_ids
from tests.conftest import Auth


def _offered(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="parent_id".*?</select>', html, re.S)
    assert select is not None, html
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(0))


def test_a_scoped_coordinator_is_offered_only_its_places(app, seeded, session, make_user):
    beidajie = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    site = session.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
    mine = {str(i) for i in session.scalars(subtree_ids(session, beidajie))}
    make_user("co-bdj", "coordinator", scope="文峰区/北大街街道")
    scoped = Auth(app.test_client())
    scoped.login("co-bdj")
    offered = _offered(scoped.client.get("/areas/new").get_data(as_text=True))
    assert set(offered) == mine and "" not in offered
    edit = _offered(scoped.client.get(f"/areas/{site}/edit").get_data(as_text=True))
    assert set(edit) == mine - {str(site)}


def test_an_unscoped_coordinator_is_offered_the_whole_tree(app, seeded, session, make_user):
    everything = {str(i) for i in session.scalars(sa.select(Area.id))}
    make_user("co", "coordinator")
    auth = Auth(app.test_client())
    auth.login("co")
    assert set(_offered(auth.client.get("/areas/new").get_data(as_text=True))) == everything | {""}
