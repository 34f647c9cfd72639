"""Far-off points: where a place is known to be, and a point too far from it to be in it (a sign dropped, the two
numbers swapped).

One rule for the area form, the API and the areas import (areas/services._validate_area refuses such a point) and for
the maps (a point stored before is listed as 位置可疑, not drawn: maps/services.site_map).
"""

from __future__ import annotations

import functools

import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.errors import Message
from incidents.geo import OfflineGazetteer, distance_km

_l = Message
# How far a point may lie from its place's known point (an ancestor's, the district's): wider than any Chinese
# district or county is from its own centre, far narrower than a slip's error (Anyang's 114.35 E typed 114.35 W is
# 10,000 km off; a latitude's sign, 8,000 km; in-range numbers swapped, thousands).
FAR_KM = 300.0
# 0, 0 is what a phone without a location fix gives: refused on input (areas/services), but a point stored so before
# would draw the map around the globe. The maps read it as no point.
NULL_ISLAND = (0, 0)
SIGN_LATITUDE, SIGN_LONGITUDE, SWAPPED = "latitude_sign", "longitude_sign", "swapped"


def stored_point(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """An area's stored point as the maps read it: None without both coordinates or at 0, 0."""
    if latitude is None or longitude is None or (latitude, longitude) == NULL_ISLAND:
        return None
    return latitude, longitude


def unplaced_area() -> sa.ColumnElement[bool]:
    """stored_point's None in SQL: an area the maps have no point for."""
    return sa.or_(Area.latitude.is_(None), Area.longitude.is_(None),
                  sa.and_(Area.latitude == NULL_ISLAND[0], Area.longitude == NULL_ISLAND[1]))


@functools.cache
def _gazetteer() -> OfflineGazetteer:
    return OfflineGazetteer()


def known_place(area: Area | None) -> tuple[str, tuple[float, float]] | None:
    """Where an area is known to be, and whose point that is: its own stored point, else its nearest ancestor's,
    else the offline gazetteer's for it or its nearest ancestor it knows (never the network); None when nothing is."""
    chain = []
    node = area
    while node is not None:
        if (point := stored_point(node.latitude, node.longitude)) is not None:
            return node.name, point
        chain.append(node)
        node = node.parent
    for i, node in enumerate(chain):
        place = _gazetteer().geocode(node.name, [above.name for above in reversed(chain[i + 1:])])
        if place is not None:
            return node.name, (place.latitude, place.longitude)
    return None


def is_far(point: tuple[float, float], reference: tuple[float, float]) -> bool:
    """Whether a point lies farther than FAR_KM from its place's known point."""
    return distance_km(point, reference) > FAR_KM


def slip(point: tuple[float, float], reference: tuple[float, float]) -> str | None:
    """The likely slip that put a far point there: the one whose correction lands near the place, if one does."""
    lat, lon = point
    for name, fixed in ((SIGN_LONGITUDE, (lat, -lon)), (SIGN_LATITUDE, (-lat, lon)), (SWAPPED, (lon, lat))):
        if abs(fixed[0]) <= 90 and not is_far(fixed, reference):
            return name
    return None


def far_problem(point: tuple[float, float], area: Area | None,
                name: str | None = None) -> tuple[str, Message] | None:
    """The field and the message for a point too far from where `area` (the new point's parent) is known to be,
    or from the gazetteer's place named `name` (a district at the top); None when near or nothing is known."""
    known = known_place(area)
    if known is None and name:
        place = _gazetteer().geocode(name)
        known = (name, (place.latitude, place.longitude)) if place is not None else None
    if known is None or not is_far(point, known[1]):
        return None
    where, reference = known
    km = round(distance_km(point, reference))
    found = slip(point, reference)
    if found == SIGN_LONGITUDE:
        return "longitude", _l("%(km)s km from %(place)s: is the longitude's sign missing or wrong (%(lon)s, not "
                               "%(typed)s)?", km=km, place=where, lon=-point[1], typed=point[1])
    if found == SIGN_LATITUDE:
        return "latitude", _l("%(km)s km from %(place)s: is the latitude's sign missing or wrong (%(lat)s, not "
                              "%(typed)s)?", km=km, place=where, lat=-point[0], typed=point[0])
    if found == SWAPPED:
        return "latitude", _l("%(km)s km from %(place)s: are the latitude and longitude swapped? The latitude "
                              "comes first (%(lat)s, %(lon)s)", km=km, place=where, lat=point[1], lon=point[0])
    return "latitude", _l("%(km)s km from %(place)s, farther than %(limit)s km: check the coordinates",
                          km=km, place=where, limit=int(FAR_KM))
