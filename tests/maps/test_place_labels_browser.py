"""The area form's click map writes each place's name where it can be read, two places at one spot too.

Found editing 三官庙 in the demo: 北大街街道 and 天宁寺 stand at the same coordinates, and the map wrote their names
one over the other ("Tiarining Templeict"), on a phone as on a desktop.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area
from tests.conftest import browser_login, screenshot

pytestmark = pytest.mark.browser

OVERLAPS = """svg => { const boxes = [...svg.querySelectorAll('g.known text')].map(t => t.getBBox());
    const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const out = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => { if (hit(a, b)) out.push([a.x, a.y, b.x, b.y]); }));
    return [boxes.length, out]; }"""


@pytest.mark.parametrize("width_fixture", ["phone", "desktop"])
def test_names_at_one_spot_do_not_overwrite_each_other(request, width_fixture, live_server, seeded, make_user,
                                                       database):
    page = request.getfixturevalue(width_fixture)
    with database.read_session() as s:
        temple = s.scalar(sa.select(Area).where(Area.name == "天宁寺"))
        office = s.scalar(sa.select(Area).where(Area.name == "北大街街道"))
        assert (temple.latitude, temple.longitude) == (office.latitude, office.longitude)  # the case found
        area_id = s.scalar(sa.select(Area.id).where(Area.name == "三官庙"))
    make_user("root", "admin")
    browser_login(page, live_server, "root")
    page.goto(f"{live_server}/areas/{area_id}/edit")
    svg = page.locator("svg#place-map")
    screenshot(page, f"place-map-labels-{width_fixture}")
    count, overlaps = svg.evaluate(OVERLAPS)
    assert count >= 3 and overlaps == [], overlaps
