"""Coordinates as people paste them, datum conversions against published pairs, the gazetteer, the geocoders."""

import socket

import pytest
from geopy.exc import GeocoderTimedOut
from geopy.location import Location
from geopy.point import Point

from incidents.config import ConfigError
from incidents.demo import DEMO_FILE, read_yaml
from incidents.geo import (
    BD09,
    GCJ02,
    WGS84,
    CoordinatesError,
    OfflineGazetteer,
    ServiceGeocoder,
    distance_km,
    geocoder_for,
    parse_point,
    to_wgs84,
)

ANYANG = (36.0977, 114.3924)
ANYANG_DMS = (36 + 5 / 60 + 52 / 3600, 114 + 23 / 60 + 33 / 3600)

# What field teams paste: from a phone's GPS app, a map app's "copy coordinates", a chat message
# typed on a Chinese keyboard, a spreadsheet, a handheld GPS.
GOOD = [
    ("36.0977, 114.3924", ANYANG),  # Google/OSM "copy coordinates"
    ("36.0977,114.3924", ANYANG),
    ("36.0977 114.3924", ANYANG),  # spreadsheet columns pasted side by side
    ("36.0977；114.3924", ANYANG),  # Chinese semicolon
    ("36.0977，114.3924", ANYANG),  # Chinese comma (IME)
    ("36.0977、114.3924", ANYANG),  # enumeration comma
    ("３６．０９７７，１１４．３９２４", ANYANG),  # full-width digits (IME in full-width mode)
    ("36°05′52″N 114°23′33″E", ANYANG_DMS),  # DMS with typographic primes
    ("36°05'52\"N, 114°23'33\"E", ANYANG_DMS),  # DMS with ASCII marks
    ("N 36°05′52″ E 114°23′33″", ANYANG_DMS),  # hemisphere first
    ("36 05 52 N 114 23 33 E", ANYANG_DMS),  # DMS with spaces (geopy alone reads 23, 33 here)
    ("36度05分52秒N 114度23分33秒E", ANYANG_DMS),  # DMS in Chinese units
    ("北纬36°05′52″ 东经114°23′33″", ANYANG_DMS),  # 北纬/东经
    ("北纬36.0977，东经114.3924", ANYANG),
    ("纬度：36.0977，经度：114.3924", ANYANG),  # labelled, full-width colon
    ("经度:114.3924 纬度:36.0977", ANYANG),  # labelled, longitude first: the labels decide
    ("lat=36.0977&lng=114.3924", ANYANG),  # from a map link's query
    ("N36.0977 E114.3924", ANYANG),  # handheld GPS display
    ("36.0977N114.3924E", ANYANG),
    ("36°05.8667′N 114°23.55′E", ANYANG_DMS),  # degrees and decimal minutes (marine/aviation GPS)
    ("33.8688° S, 151.2093° E", (-33.8688, 151.2093)),  # southern hemisphere: Sydney
    ("-33.8688, -70.6693", (-33.8688, -70.6693)),  # signs instead of letters
]

BAD = [
    ("", "required"),
    ("north of the river", "unreadable"),
    ("36.0977", "unreadable"),  # one number
    ("114.3924, 36.0977", "swapped"),  # longitude first, as Baidu and Gaode show them
    ("91, 10", "swapped"),
    ("91°N 10°E", "latitude_range"),  # geopy warns and refuses with its own words; we name the field
    ("-95.5, 10", "swapped"),
    ("36, 190", "longitude_range"),  # geopy would quietly wrap this to -170
    ("36°N 190°E", "longitude_range"),
    ("36.0977, 114.3924, 85", "altitude"),  # a third number: not a point we store
    ("彰德路64号院", "unreadable"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_parse_point_reads_what_people_paste(text, expected):
    lat, lon = parse_point(text)
    assert lat == pytest.approx(expected[0], abs=2e-6) and lon == pytest.approx(expected[1], abs=2e-6)


@pytest.mark.parametrize(("text", "reason"), BAD)
def test_parse_point_refuses_naming_the_field(text, reason):
    with pytest.raises(CoordinatesError, match="^coordinates: ") as caught:
        parse_point(text)
    assert caught.value.reason == reason


def test_the_table_has_at_least_fifteen_real_styles():
    assert len(GOOD) + len(BAD) >= 15 and len(GOOD) >= 15


# Published reference pairs. GCJ-02: the test table of googollee/eviltransform (python/test.py,
# "TESTS": Shanghai, Shenzhen, Beijing; wgsLat, wgsLng, gcjLat, gcjLng). BD-09: the example of
# Baidu Maps' coordinate conversion API (lbsyun.baidu.com, webapi/guide/changeposition: geoconv/v1
# with coords=114.21892734521,29.575429778924&from=1&to=5, answered x=114.23074871003,
# y=29.579084787993); and wandergis/coordtransform's README example (bd09togcj02(116.404, 39.915)
# = [116.39762729119315, 39.90865673957631]) for BD-09 → GCJ-02, then GCJ-02 → WGS-84 as above.
GCJ_PAIRS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]
BAIDU_GEOCONV = ((29.575429778924, 114.21892734521), (29.579084787993, 114.23074871003))


@pytest.mark.parametrize(("wgs", "gcj"), GCJ_PAIRS)
def test_gcj02_to_wgs84_against_published_pairs(wgs, gcj):
    got = to_wgs84(*gcj, GCJ02)
    assert distance_km(got, wgs) * 1000 < 0.5
    # Not a no-op: GCJ-02 is hundreds of metres off in these cities.
    assert distance_km(gcj, wgs) * 1000 > 200


def test_bd09_to_wgs84_against_baidus_own_example():
    wgs, bd = BAIDU_GEOCONV
    got = to_wgs84(*bd, BD09)
    # Baidu's server adds its own noise; within a few metres is what a conversion can promise.
    assert distance_km(got, wgs) * 1000 < 3
    assert distance_km(bd, wgs) * 1000 > 1000


# BD-09 straight to WGS-84, published: coordtransform-rs's tests (tests/tests.rs, bd09_to_wgs84(116.404,
# 39.915) = (116.3913836995125, 39.907253214522164)); the geoChina R package's bd2wgs documentation
# (Beijing railway station, WGS-84 (39.90105, 116.42079), BD-09 (39.90851, 116.43351): 5 decimals, ~1 m).
BD_PAIRS = [
    ((39.907253214522164, 116.3913836995125), (39.915, 116.404), 0.5),
    ((39.90105, 116.42079), (39.90851, 116.43351), 3),
]


@pytest.mark.parametrize(("wgs", "bd", "metres"), BD_PAIRS)
def test_bd09_to_wgs84_against_published_pairs(wgs, bd, metres):
    assert distance_km(to_wgs84(*bd, BD09), wgs) * 1000 < metres
    assert distance_km(bd, wgs) * 1000 > 1000  # BD-09 is over a kilometre off in Beijing


def test_bd09_to_gcj02_then_wgs84_matches_the_readme_example():
    import prcoords

    gcj = prcoords.bd_gcj((39.915, 116.404))
    assert distance_km(tuple(gcj), (39.90865673957631, 116.39762729119315)) * 1000 < 0.1
    wgs = to_wgs84(39.915, 116.404, BD09)
    assert distance_km(wgs, to_wgs84(gcj.lat, gcj.lon, GCJ02)) * 1000 < 0.5


def test_unknown_datum_is_refused():
    assert to_wgs84(36.1, 114.3, WGS84) == (36.1, 114.3)
    with pytest.raises(ValueError, match="cannot be converted to WGS-84"):
        to_wgs84(36.1, 114.3, "cgcs2000-mercator")


def test_gazetteer_entries_have_sources_and_honest_precision():
    gazetteer = OfflineGazetteer()
    assert gazetteer.places
    for place in gazetteer.places:
        assert place.source.strip()
        if place.approximate:
            assert place.precision_m and place.precision_m >= 500
            # No invented decimals: an approximate point to within a kilometre or more has two.
            assert round(place.latitude, 2) == place.latitude and round(place.longitude, 2) == place.longitude
    district = gazetteer.geocode("文峰区")
    assert district is not None and district.approximate
    assert 2 < distance_km((36.0976, 114.3924), (district.latitude, district.longitude)) < 5
    assert gazetteer.geocode("不存在的地方") is None


def test_gazetteer_keeps_a_common_name_to_its_parent():
    gazetteer = OfflineGazetteer()
    assert gazetteer.geocode("北大街街道", ["文峰区"]) is not None
    # Xingtai has a 北大街街道 too: never given Anyang's point.
    assert gazetteer.geocode("北大街街道", ["邢台市", "襄都区"]) is None


def _demo_names(nodes, above=()):
    for node in nodes or []:
        yield node["name"], list(above)
        yield from _demo_names(node.get("children"), [*above, node["name"]])


# Every named place of the demo, and whether the gazetteer knows where it is. Those it does not
# are left out on purpose (no invented points): their areas stay without coordinates.
KNOWN = {"文峰区", "北大街街道", "天宁寺"}


def test_gazetteer_lookup_for_every_named_place_in_the_demo():
    gazetteer = OfflineGazetteer()
    names = list(_demo_names(read_yaml(DEMO_FILE)["areas"]))
    assert len(names) >= 18  # district, 5 subdistricts and town, communities, sites, streets, temples
    for name, above in names:
        place = gazetteer.geocode(name, above)
        assert (place is not None) == (name in KNOWN), name
        if place is not None:
            assert place.source and place.approximate and place.precision_m


def test_geocoder_settings_are_checked_at_start():
    assert isinstance(geocoder_for({}), OfflineGazetteer)
    with pytest.raises(ConfigError, match="USER_AGENT"):
        geocoder_for({"GEOCODER": "nominatim"})
    with pytest.raises(ConfigError, match="KEY"):
        geocoder_for({"GEOCODER": "baidu"})
    with pytest.raises(ConfigError, match="use offline"):
        geocoder_for({"GEOCODER": "gaode"})
    nominatim = geocoder_for({"GEOCODER": "nominatim", "GEOCODER_USER_AGENT": "incident-log-test (ops@example.org)",
                              "GEOCODER_CONTEXT": "河南省安阳市"})
    assert isinstance(nominatim, ServiceGeocoder) and nominatim.crs == WGS84 and not nominatim.local
    assert nominatim.query("北大街街道", ["文峰区"]) == "河南省安阳市 文峰区 北大街街道"
    baidu = geocoder_for({"GEOCODER": "baidu", "GEOCODER_KEY": "k"})
    assert isinstance(baidu, ServiceGeocoder) and baidu.crs == BD09


def test_a_service_answer_is_converted_and_a_timeout_is_not_swallowed():
    wgs, bd = BAIDU_GEOCONV
    answers = [GeocoderTimedOut("slow"), Location("某地", Point(*bd), {})]

    def fake(query):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    geocoder = ServiceGeocoder("baidu", fake, BD09, min_delay_seconds=0)
    # geopy's RateLimiter would return None on an error by default: "no such place". Not here.
    with pytest.raises(GeocoderTimedOut):
        geocoder.geocode("某地")
    place = geocoder.geocode("某地")
    assert place is not None and place.crs == BD09
    assert distance_km((place.latitude, place.longitude), wgs) * 1000 < 3


def test_the_socket_guard_refuses_the_network():
    from pytest_socket import SocketConnectBlockedError

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(SocketConnectBlockedError):
        s.connect(("93.184.216.34", 443))  # blocked before anything is sent
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(ConnectionRefusedError):
        s.connect(("127.0.0.1", 9))  # this machine stays reachable (nothing listens on the discard port)
