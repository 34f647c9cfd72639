"""An area the gazetteer could not place tells whoever may edit it to enter its coordinates there (a link), and
anyone else who can (found by a newcomer's pass, 7 December: a community worker was sent to an edit page their role
has no way to open)."""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area, LocationState


def _unplaced(database) -> int:  # noqa: ANN001
    with database.transaction() as s:
        area = s.scalar(sa.select(Area).where(Area.name == "安彩嘉园社区"))
        area.location_state, area.latitude, area.longitude = LocationState.NOT_FOUND, None, None
        return area.id


def test_a_reporter_is_not_sent_to_an_edit_page_it_cannot_open(seeded, database, client, auth, make_user):
    area_id = _unplaced(database)
    make_user("w", "reporter")
    auth.login("w")
    page = client.get(f"/areas/{area_id}").get_data(as_text=True)
    assert "地名库中没有此地" in page and "编辑页" not in page and f"/areas/{area_id}/edit" not in page
    assert "协调员可填写坐标" in page


def test_a_coordinator_is_given_the_link(seeded, database, client, auth, make_user):
    area_id = _unplaced(database)
    make_user("c", "coordinator")
    auth.login("c")
    page = client.get(f"/areas/{area_id}").get_data(as_text=True)
    location = page.split('id="location"', 1)[1].split("</div>", 1)[0]
    assert "地名库中没有此地" in location and f'href="/areas/{area_id}/edit"' in location
