"""The area page's links to the map beside its nearby list are tap targets on a phone (a.tap: 44 px).

Found by a newcomer's pass on the demo at 360 px (6 December): 地图 and 见地图 were bare links in a line of small
print, 24 px tall, below the 32 px a thumb can hit without catching the line above.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Area


def test_the_nearby_lists_map_links_are_tap_targets(seeded, session, client, auth, make_user):
    make_user("v", "viewer")
    auth.login("v")
    area = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    page = client.get(f"/areas/{area.id}").get_data(as_text=True)
    links = re.findall(r'<a [^>]*href="/events/\d+/map(?:#unplaced-h)?"[^>]*>', page)
    assert links, "the nearby list links to the map"
    assert all('class="tap"' in a for a in links), links
