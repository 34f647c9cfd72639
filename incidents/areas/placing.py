"""Placing areas: an area saved without coordinates is geocoded afterwards, never while it is saved.

Saving marks it `pending` (areas/services.py). Then, outside the saving transaction, the
configured geocoder (incidents.geo) is asked: the offline gazetteer at once after the save, a
network service only from the scheduler's job (`place_pending`), so no request waits on one. A
service's answer, found or not, is cached in `geocode_cache`; a timeout or outage leaves the area
pending with its error and the next run of the job tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from geopy.exc import GeocoderServiceError
from sqlalchemy.orm import Session

from incidents.areas.far import is_far, known_place
from incidents.areas.models import Area, GeocodeCache, LocationState
from incidents.audit import services as audit
from incidents.db import Database, now_utc
from incidents.geo import Geocoder, Place, distance_km

log = logging.getLogger(__name__)

# How many pending areas one run of the scheduler's job asks about (a service allows ~1 a second).
BATCH = 20


@dataclass(frozen=True)
class Outcome:
    """What one try did to an area: placed, not_found or pending (with the service's error)."""

    area_id: int
    state: str
    error: str | None = None


class _NotFound:
    """A cached "no such place" (distinct from None: not asked yet)."""


NOT_FOUND = _NotFound()


def within(area: Area) -> list[str]:
    """The names of the areas above this one, outermost first (the geocoder's context)."""
    names = []
    node = area.parent
    while node is not None:
        names.append(node.name)
        node = node.parent
    return list(reversed(names))


def _query(geocoder: Geocoder, name: str, above: Sequence[str]) -> str:
    """The cache key: the text the service is sent."""
    build = getattr(geocoder, "query", None)
    return build(name, above) if build is not None else " ".join([*above, name])


def cached(session: Session, geocoder: Geocoder, name: str, above: Sequence[str]) -> Place | _NotFound | None:
    """The service's stored answer for this query; None when it was never asked (or is local)."""
    if geocoder.local:
        return None
    row = session.scalar(sa.select(GeocodeCache).where(
        GeocodeCache.service == geocoder.name, GeocodeCache.query == _query(geocoder, name, above)[:600]))
    if row is None:
        return None
    if not row.found or row.latitude is None or row.longitude is None:
        return NOT_FOUND
    return Place(name, row.latitude, row.longitude, source=row.source or geocoder.name, crs=row.crs)


def remember(session: Session, geocoder: Geocoder, name: str, above: Sequence[str], place: Place | None) -> None:
    """Cache a service's answer (found or not); a concurrent identical answer is kept, not duplicated."""
    if geocoder.local:
        return
    query = _query(geocoder, name, above)[:600]
    if session.scalar(sa.select(GeocodeCache.id).where(GeocodeCache.service == geocoder.name,
                                                       GeocodeCache.query == query)) is not None:
        return
    session.add(GeocodeCache(service=geocoder.name, query=query, found=place is not None,
                             latitude=place.latitude if place else None,
                             longitude=place.longitude if place else None,
                             crs=place.crs if place else getattr(geocoder, "crs", "wgs84"),
                             source=place.source[:300] if place else None))
    session.flush()


def _elsewhere(area: Area, place: Place) -> str | None:
    """Why a geocoder's answer is another place of the same name: farther from where the area's parent is known to
    be than anything in it (areas/far.py). 北大街 is a street of many cities, and a service answering with Xi'an's
    for Anyang's drew the event's map across the country. None when it may be this one (or nothing is known)."""
    point = (place.latitude, place.longitude)
    known = known_place(area.parent) if area.parent is not None else None
    if known is None or not is_far(point, known[1]):
        return None
    return f"answered {round(distance_km(point, known[1]))} km from {known[0]}: another place of this name"


def apply(session: Session, area: Area, place: Place | None) -> str:
    """Store a geocoder's answer on a pending area, with its audit row (by the system); the new state."""
    before = audit.snapshot(area)
    elsewhere = _elsewhere(area, place) if place is not None else None
    if elsewhere is not None:
        log.info("placing area %s: %s; not kept", area.id, elsewhere)
        place = None
    if place is None:
        # Coordinates a geocoder gave for an earlier name are no longer this area's.
        area.latitude = area.longitude = None
        area.location_state = LocationState.NOT_FOUND
        area.location_source = area.location_precision_m = None
        area.location_approximate = False
    else:
        area.latitude, area.longitude = place.latitude, place.longitude
        area.location_state = LocationState.GEOCODED
        area.location_source = place.source[:300]
        area.location_approximate = place.approximate
        area.location_precision_m = place.precision_m
    area.location_error = elsewhere  # the answer not kept, for the area's history; else nothing failed
    area.location_tried_at = now_utc()
    session.flush()
    # "place", not "update": a point changes no figure, so briefs keep carrying their ledger (briefs/ledger.py).
    audit.record(session, None, "place", area, before=before)
    return area.location_state.value


def failed(session: Session, area_id: int, error: str) -> None:
    """Count a failed try; a Core UPDATE, so the area's version (and anyone's open form) stays as it is."""
    session.execute(sa.update(Area).where(Area.id == area_id).values(
        location_tries=Area.location_tries + 1, location_error=error[:300], location_tried_at=now_utc()))


def place_now(session: Session, area: Area, geocoder: Geocoder) -> Outcome:
    """Ask a geocoder about one pending area inside the caller's transaction (local geocoders only)."""
    if not geocoder.local:
        raise ValueError("a network geocoder is never asked inside a transaction: use place_pending")
    place = geocoder.geocode(area.name, within(area))
    return Outcome(area.id, apply(session, area, place))


def pending_ids(session: Session, area_ids: Iterable[int] | None = None, limit: int = BATCH) -> list[int]:
    """Pending areas, those never tried first, then the longest waiting."""
    query = sa.select(Area.id).where(Area.location_state == LocationState.PENDING)
    if area_ids is not None:
        query = query.where(Area.id.in_(list(area_ids)))
    tried_first = sa.case((Area.location_tried_at.is_(None), 0), else_=1)
    return list(session.scalars(query.order_by(tried_first, Area.location_tried_at, Area.id).limit(limit)))


def place_pending(database: Database, geocoder: Geocoder, area_ids: Iterable[int] | None = None,
                  limit: int = BATCH) -> list[Outcome]:
    """Geocode pending areas, each answer stored in its own short transaction; the scheduler's job.

    The service is asked with no transaction open (SQLite's one write lock is never held across
    the network); a GeocoderServiceError (timeout, outage, quota) leaves the area pending.
    """
    outcomes = []
    with database.read_session() as session:
        ids = pending_ids(session, area_ids, limit)
    for area_id in ids:
        with database.read_session() as session:
            area = session.get(Area, area_id)
            if area is None or area.location_state != LocationState.PENDING:
                continue  # placed by someone else meanwhile
            name, above, version = area.name, within(area), area.version
            answer = cached(session, geocoder, name, above)
        error = None
        if answer is None:
            try:
                answer = geocoder.geocode(name, above) or NOT_FOUND
            except GeocoderServiceError as exc:
                error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            except Exception as exc:  # noqa: BLE001 - a surprise from one area must not stall the others
                log.exception("placing area %s failed unexpectedly", area_id)
                error = f"{type(exc).__name__}: {exc}"
        with database.transaction() as session:
            if error is not None:
                failed(session, area_id, error)
                log.info("placing area %s: %s; left pending", area_id, error)
                outcomes.append(Outcome(area_id, LocationState.PENDING.value, error))
                continue
            place = answer if isinstance(answer, Place) else None
            remember(session, geocoder, name, above, place)
            area = session.get(Area, area_id)
            if area is None or area.location_state != LocationState.PENDING or area.version != version:
                continue  # edited while the service answered: that edit decides, the next run asks again
            outcomes.append(Outcome(area_id, apply(session, area, place)))
    return outcomes


def place_after_save(database: Database, geocoder: Geocoder, area_ids: Iterable[int]) -> list[Outcome]:
    """Right after a save's commit: the local gazetteer places at once; a network service waits for the scheduler.

    Never raises: the save is done and stays done; whatever failed here the scheduler's job retries.
    """
    if not geocoder.local:
        return []
    try:
        return place_pending(database, geocoder, area_ids=list(area_ids), limit=10_000)
    except Exception:  # noqa: BLE001 - the area is saved; placing it is retried by the scheduler
        log.exception("placing areas %s after their save failed; the scheduler will retry", area_ids)
        return []


def state_for(data: dict[str, Any], area: Area | None = None) -> dict[str, Any]:
    """The location fields a save sets: entered with coordinates, pending without, re-asked on a rename."""
    has_point = data.get("latitude") is not None and data.get("longitude") is not None
    if area is None:
        state = LocationState.ENTERED if has_point else LocationState.PENDING
        return {"location_state": state}
    moved = (data.get("latitude"), data.get("longitude")) != (area.latitude, area.longitude)
    if moved:
        if has_point:
            return {"location_state": LocationState.ENTERED, "location_source": None,
                    "location_approximate": False, "location_precision_m": None}
        return {"location_state": LocationState.PENDING}
    renamed = data.get("name") != area.name or data.get("parent_id") != area.parent_id
    if renamed and area.location_state in (LocationState.GEOCODED, LocationState.NOT_FOUND):
        return {"location_state": LocationState.PENDING}
    return {}
