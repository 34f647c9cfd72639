"""The event map over the API: a GeoJSON FeatureCollection (RFC 7946) of sites by status, as of a moment.

Moments as the timeline API reads them (`as_of`, `known_at`: timelines/moments.py); statuses as the
map page shows them (maps/services.py). Sites without coordinates are not features (GeoJSON has
no place for them) but are listed in `unplaced`, a foreign member, so no site is dropped silently.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields
from sqlalchemy.orm import Session

from incidents.api.docs import documented
from incidents.api.report_schemas import UTC_TIME, MomentsQuery
from incidents.api.timelines import at_moments
from incidents.auth.decorators import requires
from incidents.auth.permissions import READ
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.maps import services
from incidents.maps.markers import ordered

bp = Blueprint("api_maps", __name__)

MEDIA_TYPE = "application/geo+json"


class SitePropertiesSchema(Schema):
    """What a site's feature says about it."""

    area_id = fields.Integer(required=True)
    name = fields.String(required=True)
    name_en = fields.String(allow_none=True)
    level = fields.String(required=True, metadata={"enum": ["district", "subdistrict", "community", "site"]})
    status = fields.String(allow_none=True, metadata={"enum": [*services.STATUSES, None], "description":
                           _l("the most urgent status (the marker's colour); null: reports of other kinds only")})
    statuses = fields.List(fields.String(metadata={"enum": list(services.STATUSES)}), required=True)
    outages = fields.Integer(required=True)
    open_outages = fields.Integer(required=True)
    households_affected = fields.Integer(allow_none=True, metadata={"description": _l("null: not reported")})
    households_affected_lb = fields.Boolean(metadata={"description": _l("more than: a lower bound")})
    households_out = fields.Integer(allow_none=True)
    households_out_lb = fields.Boolean()
    households_out_ub = fields.Boolean(metadata={"description": _l(
        "at most: read off a \"more than\" restored count")})
    households_out_approx = fields.Boolean(metadata={"description": _l(
        "about: \"more than\" and \"at most\" counts meet in it")})
    pumping = fields.Integer(required=True, metadata={"description": _l("pumping operations under way")})
    disinfections = fields.Integer(required=True, metadata={"description": _l("disinfection rounds in the period")})
    reports = fields.Integer(required=True)
    reports_url = fields.String(required=True, metadata={"description": _l("the site's reports in the API")})


class MapSchema(Schema):
    """A GeoJSON FeatureCollection: one Point feature per site with coordinates ([longitude, latitude], WGS-84)."""

    type = fields.String(required=True, metadata={"enum": ["FeatureCollection"]})
    features = fields.List(fields.Dict(), required=True, metadata={
        "description": _l("{type: Feature, id: area id, geometry: {type: Point, coordinates: [lon, lat]}, "
                          "properties: SiteProperties}")})
    event_id = fields.Integer(required=True)
    as_of = fields.String(required=True, metadata={"description": UTC_TIME})
    known_at = fields.String(required=True, metadata={"description": UTC_TIME})
    period_start = fields.String(required=True, metadata={"description": _l(
        "disinfection counts from here: the local day of as_of; UTC, ISO 8601 (2021-07-24T13:00:00Z)")})
    unplaced = fields.List(fields.Nested(SitePropertiesSchema), required=True,
                           metadata={"description": _l("sites with reports but no coordinates")})
    doubtful = fields.List(fields.Dict(), required=True, metadata={"description": _l(
        "sites whose stored point lies farther than 300 km from the event's place (a sign missing, latitude and "
        "longitude swapped?), not features: SiteProperties with coordinates [lon, lat]")})


def _properties(event_id: int, site: services.Site) -> dict[str, Any]:
    return {"area_id": site.area_id, "name": site.name, "name_en": site.name_en, "level": site.level,
            "status": site.status, "statuses": site.statuses, "outages": site.outages,
            "open_outages": site.open_outages, "households_affected": site.households_affected,
            "households_affected_lb": site.households_affected_lb, "households_out": site.households_out,
            "households_out_lb": site.households_out_lb, "households_out_ub": site.households_out_ub,
            "households_out_approx": site.households_out_approx, "pumping": site.pumping,
            "disinfections": site.disinfections, "reports": site.reports,
            "reports_url": url_for("api_report_reads.list_reports", event_id=event_id, area=site.area_id)}


def feature_collection(site_map: services.SiteMap) -> dict[str, Any]:
    """The map as GeoJSON: placed sites as features, most urgent first; the others in `unplaced`."""
    features = [{"type": "Feature", "id": s.area_id,
                 "geometry": {"type": "Point", "coordinates": [s.longitude, s.latitude]},
                 "properties": _properties(site_map.event_id, s)} for s in ordered(site_map.placed)]
    return {"type": "FeatureCollection", "features": features, "event_id": site_map.event_id,
            "as_of": iso_utc(site_map.at), "known_at": iso_utc(site_map.known_at),
            "period_start": iso_utc(site_map.period_start),
            "unplaced": [_properties(site_map.event_id, s) for s in ordered(site_map.unplaced)],
            "doubtful": [_properties(site_map.event_id, s) | {"coordinates": [s.longitude, s.latitude]}
                         for s in ordered(site_map.doubtful)]}


@bp.route("/api/v1/events/<int:event_id>/map")
@documented(_l("Map of sites by status (GeoJSON)"), tag="maps", query=MomentsQuery, responses={200: MapSchema},
            media={200: (MEDIA_TYPE,)},
            description=_l("Every place with reports of the event as a GeoJSON Point (WGS-84, [longitude, "
                           "latitude]) with its status at `as_of` as known at `known_at`: without power, "
                           "pumping, restored, disinfected in the period. Places without coordinates are "
                           "listed in `unplaced`. A bad moment is a 400 naming it."))
@requires(READ)
def event_map(event_id: int) -> ResponseReturnValue:
    """The event's sites as GeoJSON at a moment, as known at another."""
    def answer(db: Session, event: Event, at: datetime, known: datetime) -> ResponseReturnValue:
        body = json.dumps(feature_collection(services.site_map(db, event, at, known)), ensure_ascii=False,
                          separators=(",", ":"))
        return Response(body, mimetype=MEDIA_TYPE)

    return at_moments(event_id, answer)
