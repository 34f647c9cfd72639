"""Coordinates pasted in common styles, and the offline gazetteer."""

import pytest

from incidents.geo import OfflineGazetteer, distance_km, parse_point


@pytest.mark.parametrize("text", ["36.0906, 114.3572", "36.0906，114.3572", "36°5′26.16″N 114°21′25.92″E"])
def test_parse_point_styles(text):
    lat, lon = parse_point(text)
    assert lat == pytest.approx(36.0906, abs=1e-4) and lon == pytest.approx(114.3572, abs=1e-4)


def test_parse_point_rejects_garbage_naming_the_field():
    with pytest.raises(ValueError, match="coordinates"):
        parse_point("north of the river")


def test_gazetteer_offline_and_distance():
    place = OfflineGazetteer().geocode("文峰区")
    assert place is not None and place.name == "文峰区"
    assert OfflineGazetteer().geocode("不存在的地方") is None
    assert 2 < distance_km((36.0976, 114.3924), (place.latitude, place.longitude)) < 5
