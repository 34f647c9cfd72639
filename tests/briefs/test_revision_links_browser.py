"""On a phone a brief's other revisions (版本：2、1) are a thumb's target: each was a 24 px digit beside the
44 px 修改记录, the next one of them a finger's width away."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.briefs import services
from incidents.models import Brief
from tests.conftest import browser_login

from .conftest import day_of, local

pytestmark = pytest.mark.browser


def test_revision_links_are_thumb_sized(phone, live_server, make_user, database, rainstorm):
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-28 08:00"),
                          new_revision=True)
    with database.read_session() as s:
        newest = s.scalar(sa.select(Brief.id).where(Brief.event_id == rainstorm.id, Brief.revision == 2))
    make_user("viewer1", "viewer")
    browser_login(phone, live_server, "viewer1")
    phone.goto(f"{live_server}/briefs/{newest}")
    box = phone.locator(".brief-bar a.revision").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
