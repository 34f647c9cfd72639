"""The area list pages with a cursor, as the report list does; without a filter it lists every area.

Found by replaying a flood through the API: `?level=community` (or `?parent_id=`) stopped at 500
areas with no cursor and no sign that more existed, so a district with more than 500 communities
could not be listed in full; and `GET /api/v1/areas` with no parameter answered `[]`.
"""

from __future__ import annotations

import sqlalchemy as sa

from incidents.areas.models import Area, AreaLevel
from incidents.areas.services import create_area
from tests.api.conftest import TokenClient

PROBLEM = "application/problem+json"


def _walk(api: TokenClient, query: dict) -> tuple[list[int], int]:
    """Every page of a list: the ids in the order given, and how many pages it took."""
    ids: list[int] = []
    pages, cursor = 0, None
    while True:
        response = api.get("/api/v1/areas", query_string={**query, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert body["limit"] == int(query.get("limit", 20))
        ids += [a["id"] for a in body["areas"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages
        assert len(body["areas"]) == body["limit"]


def test_a_parent_with_more_areas_than_a_page_is_walked_to_the_end_each_once(seeded, database,
                                                                              viewer_api: TokenClient):
    with database.transaction() as s:
        parent_area = s.scalar(sa.select(Area).where(Area.name == "北大街街道"))
        parent = parent_area.id
        before = set(s.scalars(sa.select(Area.id).where(Area.parent_id == parent)))
        made = {create_area(s, name=f"测试社区{n:03d}", level="community", parent=parent_area).id
                for n in range(505)}
    ids, pages = _walk(viewer_api, {"parent_id": parent, "limit": 500})
    assert len(ids) == len(set(ids)) and set(ids) == before | made and pages == 2
    assert ids == sorted(ids)
    # Smaller pages, by level: the same areas, each once.
    ids, pages = _walk(viewer_api, {"level": "community", "limit": 100})
    with database.read_session() as s:
        communities = set(s.scalars(sa.select(Area.id).where(Area.level == AreaLevel.COMMUNITY)))
    assert len(ids) == len(set(ids)) and set(ids) == communities and pages == len(communities) // 100 + 1


def test_without_a_filter_every_area_is_listed_page_by_page(seeded, database, viewer_api: TokenClient):
    with database.read_session() as s:
        every = set(s.scalars(sa.select(Area.id)))
    assert len(every) > 7
    first = viewer_api.get("/api/v1/areas").get_json()  # the seed's 18 areas: one page of 20
    assert [a["id"] for a in first["areas"]] == sorted(every)[:20]
    ids, _pages = _walk(viewer_api, {"limit": 7})
    assert len(ids) == len(set(ids)) and set(ids) == every


def test_a_search_answers_its_best_matches_on_one_page(seeded, viewer_api: TokenClient):
    body = viewer_api.get("/api/v1/areas?q=zdl").get_json()
    assert body["areas"][0]["name"] == "彰德路64号院" and body["next_cursor"] is None


def test_a_bad_or_mismatched_cursor_is_a_400_naming_it(seeded, viewer_api: TokenClient):
    cursor = viewer_api.get("/api/v1/areas?level=site&limit=1").get_json()["next_cursor"]
    assert cursor
    for query in ({"level": "community", "cursor": cursor}, {"cursor": cursor}, {"q": "zdl", "cursor": cursor},
                  {"level": "site", "cursor": "not-a-cursor"}, {"cursor": "eyJhIjogMX0"}):
        response = viewer_api.get("/api/v1/areas", query_string={"limit": 1, **query},
                                  headers={"Accept-Language": "en"})
        assert response.status_code == 400 and response.mimetype == PROBLEM, (query, response.status_code)
        assert set(response.get_json()["errors"]) == {"cursor"}, query
    refused = viewer_api.get("/api/v1/areas?level=community&cursor=" + cursor, headers={"Accept-Language": "en"})
    assert refused.get_json()["errors"]["cursor"] == "belongs to a list with other filters: start again without it"
    # On its own list it goes on; the same parameter twice is refused by name.
    again = viewer_api.get("/api/v1/areas", query_string={"level": "site", "limit": 1, "cursor": cursor})
    assert again.status_code == 200
    twice = viewer_api.get("/api/v1/areas?level=site&level=community")
    assert twice.status_code == 400 and set(twice.get_json()["errors"]) == {"level"}
