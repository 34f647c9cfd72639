"""The nearby lists say what a district office reads without a surveyor: 直线距离, not 按 WGS-84 椭球面距离."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, PowerOutage
from tests.conftest import switch_language


@pytest.mark.parametrize("language", ["zh", "en"])
def test_nearby_lists_say_straight_line_distance(seeded, session, client, auth, make_user, language):
    make_user("v", "viewer")
    auth.login("v")
    if language == "en":
        switch_language(client, "en")
    area = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    outage = session.scalar(sa.select(PowerOutage).where(PowerOutage.area_id == area.id))
    for url in (f"/reports/{outage.id}", f"/areas/{area.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "WGS-84" not in page and "ellipsoid" not in page and "椭球" not in page, url
        assert ("直线距离" if language == "zh" else "straight-line") in page, url
