"""A timeline moment too far before the event names the earliest accepted, not "is before the event began".

Found by an outside tester: `as_of` two days before the start was told it "is before the event began",
though a moment up to a day before is accepted.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.models import Event


def test_too_early_a_moment_names_the_earliest(seeded, database, viewer_api):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))  # starts 07-22 00:00
    for route in ("timeline", "outages"):
        early = viewer_api.get(f"/api/v1/events/{event}/{route}", query_string={"as_of": "2021-07-20 00:00"},
                               headers={"Accept-Language": "en"})
        assert early.status_code == 400
        assert early.get_json()["errors"] == {
            "as_of": "is more than a day before the event began: the earliest is 2021-07-21 00:00"}
        chinese = viewer_api.get(f"/api/v1/events/{event}/{route}", query_string={"known_at": "2021-07-20 00:00",
                                                                                  "as_of": "2021-07-21 00:00"})
        assert chinese.get_json()["errors"] == {"known_at": "早于事件开始超过一天：最早可查询2021-07-21 00:00"}
        # The earliest itself is taken.
        assert viewer_api.get(f"/api/v1/events/{event}/{route}",
                              query_string={"as_of": "2021-07-21 00:00"}).status_code == 200
