"""Coordinates text is read only up to a point's length (fifth outside audit).

Found: the point reader's expressions take time growing with the square of the text's length. One
area saved over the API with 12,000 digits as its coordinates held a web worker for about 13 s
(a 2 MB body: far past gunicorn's 60 s timeout, the worker killed); the form and imports read the
same text. A text longer than any point (100 characters) is now refused at once as unreadable.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.geo import parse_point
from tests.api.conftest import TokenClient


def test_a_huge_coordinates_text_is_refused_at_once_naming_the_field(seeded, database, coordinator_api: TokenClient):
    with database.read_session() as s:
        parent = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    started = time.perf_counter()
    answer = coordinator_api.post("/api/v1/areas", json={"name": "长坐标", "level": "site", "parent_id": parent,
                                                          "coordinates": "1" * 12_000})
    seconds = time.perf_counter() - started
    assert answer.status_code == 422 and "coordinates" in answer.get_json()["errors"]
    assert seconds < 3, f"{seconds:.1f} s to refuse it"
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Area).where(Area.name == "长坐标")) == 0


def test_points_as_people_paste_them_are_still_read():
    assert parse_point("北纬36°05′52.31″，东经114°23′33.12″") == parse_point("36°05′52.31″N 114°23′33.12″E")
    assert parse_point("纬度: 36.097753   经度: 114.392456") == (36.097753, 114.392456)
    assert parse_point("  36.0906,\t\t  114.3572  " + " " * 200) == (36.0906, 114.3572)


def test_a_number_past_any_float_is_named_out_of_range_not_a_third_number(seeded, database, coordinator_api):
    """`1e309, 114` was refused as "give only a latitude and a longitude": its exponent read as a third number."""
    with database.read_session() as s:
        parent = s.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    for text in ("1e309, 114", "36, -1E999", "1e200, 114"):
        answer = coordinator_api.post("/api/v1/areas", json={"name": "远坐标", "level": "site", "parent_id": parent,
                                                              "coordinates": text}, headers={"Accept-Language": "en"})
        said = answer.get_json()["errors"]["coordinates"]
        assert answer.status_code == 422 and "out of range" in said and text.split(", ")[text.startswith("36")] in said
    assert parse_point("3.6e1, 1.14E2") == (36.0, 114.0)  # an exponent in range is a number like any other
