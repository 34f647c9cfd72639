"""Marshmallow schemas that describe the API's bodies in the OpenAPI document (they validate nothing)."""

from __future__ import annotations

from typing import Any

import yaml
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from incidents.api.dataclass_schemas import dataclass_schema
from incidents.areas.models import AreaLevel
from incidents.briefs.content import BriefContent
from incidents.briefs.formats import CSV_TABLES
from incidents.briefs.models import BriefStatus, CompileState
from incidents.config import CATEGORIES_FILE
from incidents.events.models import EventKind
from incidents.reports.models import ReportKind
from incidents.reports.validation import (
    COMMON,
    COUNT,
    DAY,
    FIELDS,
    FLAG,
    LB_FIELDS,
    PRECISION_FIELDS,
    REF,
    TEXT_LIMITS,
    TIME,
    required_fields,
)
from incidents.vague import Precision


class ProblemSchema(Schema):
    """RFC 9457 problem details, with `errors`: {field: message}."""

    type = fields.String(required=True, metadata={"description": _l("a link to this problem's explanation")})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": _l("each field sent that was refused, and why")})
    # Members some problems add (docs/api.md): without them the document refused what the API answers.
    current = fields.Dict(metadata={"description": _l("on a version conflict: the record as it now stands")})
    current_version = fields.Integer(metadata={"description": _l("on a report's version conflict: its version now")})
    candidates = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": _l("each time that happened twice, with both readings (ISO 8601 with their offsets)")})


# ---- areas ----------------------------------------------------------------------------------

class AreaSearchQuery(Schema):
    """The area search's query string."""

    q = fields.String(metadata={"description": _l("any part of a name, or pinyin initials (zdl)"), "maxLength": 100})
    limit = fields.Integer(metadata={"minimum": 1, "maximum": 50, "description": _l("at most this many (default 20)")})


class AreaItemSchema(Schema):
    """One area found: its id, name in the reader's language, level and the path above it."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True)
    parent_id = fields.Integer(required=True, allow_none=True)
    path = fields.String(required=True, metadata={"description": _l("the areas above, joined by ›")})


class AreaSearchSchema(Schema):
    """The areas found, in the user's scope."""

    areas = fields.List(fields.Nested(AreaItemSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={"description": _l(
        "pass as `cursor` for the next page; null on the last (always null for a search with q)")})
    limit = fields.Integer(required=True)


# ---- reports --------------------------------------------------------------------------------

# Fields whose meaning a client cannot guess from their type: running totals, sent as such.
FIELD_NOTES = {
    "households_restored": _l("households back so far since the outage began, a total (not this update's own "
                              "increment): a whole number, or \"30+\" for more than 30"),
    "buildings_restored": _l("buildings back so far since the outage began, a total (not this update's own "
                             "increment): a whole number, or \"30+\" for more than 30"),
    "cumulative": _l("true: the counts are totals to date, since the event began, for this place; for each "
                     "category it replaces the place's earlier counts, and later rounds add to it"),
}
# A brief's number (第N期 in Chinese), said in the reader's language.
ISSUE_NUMBER = _l("issue number: one a day since the event began")


def _report_field(name: str, ftype: str) -> fields.Field:
    """How a report field is sent in JSON (the rules are reports/validation.py's)."""
    if name in FIELD_NOTES:
        if ftype == FLAG:
            return fields.Boolean(allow_none=True, metadata={"description": FIELD_NOTES[name]})
        return fields.Raw(allow_none=True, metadata={"type": ["integer", "string"], "description": FIELD_NOTES[name]})
    if ftype == TIME:
        return fields.String(allow_none=True, metadata={
            "description": _l("ISO 8601 with offset (2021-07-22T14:30+08:00) or event-local (2021-07-22 14:30)")})
    if ftype == COUNT:
        return fields.Raw(allow_none=True, metadata={
            "type": ["integer", "string"], "description": _l('a whole number, or "30+" for more than 30')})
    if ftype == FLAG:
        return fields.Boolean(allow_none=True)
    if ftype == REF:
        return fields.Integer(allow_none=True, metadata={"description": _l("the id of the parent report")})
    if ftype == DAY:
        return fields.String(allow_none=True, metadata={
            "description": _l("the brief's local day it answers (2021-07-25, or as a time's day is written: "
                              "2021/7/25, 2021年7月25日); default: the period open now (before the brief time, "
                              "the day before)")})
    limit = TEXT_LIMITS.get(name)
    return fields.String(allow_none=True, metadata={"maxLength": limit} if limit else {})


PRECISIONS = [p.value for p in Precision]
# The disinfection categories shipped (data/categories.yaml, loaded by `incidents upgrade`).
CATEGORY_CODES = [row["code"] for row in yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))]


def _kind_schema(kind: ReportKind) -> type[Schema]:
    """The body of one kind of report."""
    shape: dict[str, Any] = {
        "kind": fields.String(required=True, metadata={"enum": [kind.value]}),
        "area_id": fields.Integer(allow_none=True),
        "reported_at": fields.String(allow_none=True, metadata={
            "description": _l("when the office learned of it; only a role that may backdate may state it")}),
        **{name: _report_field(name, ftype) for name, ftype in {**COMMON, **FIELDS[kind]}.items()},
    }
    # The names the server reads (started_at → started_precision): validation's, never spelled again here.
    for name, ftype in {**COMMON, **FIELDS[kind]}.items():
        if ftype == TIME:
            shape[PRECISION_FIELDS[name]] = fields.String(allow_none=True, metadata={
                "enum": [*PRECISIONS, None], "description": _l(
                    "how precisely %(name)s is known: exact (default), approximate (about, ±30 minutes), "
                    "a part of the day or the whole day (then a clock in %(name)s is kept where it lies in that "
                    "part and refused where it does not; a day alone is stored at the middle of that window; never "
                    "after reported_at)", name=name)})
        if ftype == COUNT:
            shape[LB_FIELDS[name]] = fields.Boolean(allow_none=True, metadata={"description": _l("more than")})
    if kind is ReportKind.DEBRIS:
        shape["mass_t"] = fields.Raw(allow_none=True, metadata={
            "type": ["number", "string"], "description": _l("tonnes, instead of mass_kg")})
    if kind is ReportKind.DISINFECTION:
        shape["counts"] = fields.Dict(keys=fields.String(), values=fields.Raw(), allow_none=True, metadata={
            "description": _l("counts by category code: %(codes)s (the reference list as shipped, data/"
                              "categories.yaml; an office may add codes). Each a whole number, \"30+\", or "
                              "[30, true] for more than 30", codes=", ".join(CATEGORY_CODES))})
    if kind is ReportKind.ZERO_REPORT:
        shape["area_id"] = fields.Integer(allow_none=True, metadata={
            "description": _l("a subdistrict or town; default: the one the user is scoped to")})
        shape["observed_at"] = fields.String(allow_none=True, metadata={
            "description": _l("ignored: a zero report's time is its whole period_day")})
    # What the rules require, so a client learns it from the document, not from its first 422.
    for name in required_fields(kind):
        if name in shape and not (kind is ReportKind.ZERO_REPORT and name == "area_id"):  # it has a default
            shape[name].required, shape[name].allow_none = True, False
    name = "".join(part.title() for part in kind.value.split("_")) + "Report"
    return Schema.from_dict(shape, name=name)


REPORT_SCHEMAS = {kind: _kind_schema(kind) for kind in ReportKind}
REPORT_CREATE: dict[str, Any] = {"oneOf": list(REPORT_SCHEMAS.values()),
                                 "discriminator": {"propertyName": "kind"}}


class ReportCreatedSchema(Schema):
    """What a client learns of a stored report."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": [k.value for k in ReportKind]})
    status = fields.String(required=True)
    version = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    area_id = fields.Integer(allow_none=True)
    reported_at = fields.String(required=True, metadata={"description": _l("when the office learned of it (UTC)")})
    url = fields.String(required=True, metadata={"description": _l("the report's page")})
    replayed = fields.Boolean(required=True, metadata={"description": _l("true: an Idempotency-Key replay")})


# ---- events ---------------------------------------------------------------------------------

TIME_TEXT = _l("ISO 8601 with offset, or event-local YYYY-MM-DD HH:MM")


class EventFieldsSchema(Schema):
    """The fields of an event a client sends (create: code, name, kind, starts_at required)."""

    code = fields.String(metadata={"maxLength": 64, "description": _l("stable short name, unique")})
    name = fields.String(metadata={"maxLength": 200})
    name_en = fields.String(allow_none=True, metadata={"maxLength": 200})
    kind = fields.String(metadata={"enum": [k.value for k in EventKind]})
    timezone = fields.String(metadata={"description": _l("IANA zone, default Asia/Shanghai")})
    starts_at = fields.String(metadata={"description": TIME_TEXT})
    ends_at = fields.String(allow_none=True, metadata={"description": TIME_TEXT})
    brief_time = fields.String(metadata={"description": _l("HH:MM, local: when the day's brief is compiled")})
    area_id = fields.Integer(allow_none=True)
    issuer = fields.String(allow_none=True, metadata={"maxLength": 200})
    issuer_en = fields.String(allow_none=True, metadata={"maxLength": 200})
    description = fields.String(allow_none=True, metadata={"maxLength": 10000})


class EventCreateSchema(EventFieldsSchema):
    """A new event: code, name, kind and start required."""

    code = fields.String(required=True, metadata={"maxLength": 64, "description": _l("stable short name, unique")})
    name = fields.String(required=True, metadata={"maxLength": 200})
    kind = fields.String(required=True, metadata={"enum": [k.value for k in EventKind]})
    starts_at = fields.String(required=True, metadata={"description": TIME_TEXT})


class EventUpdateSchema(EventFieldsSchema):
    """A change to an event: the fields to change, and the version read (or If-Match)."""

    version = fields.Integer(metadata={"description": _l("the version you read; required unless If-Match is sent")})


class EventCloseSchema(Schema):
    """When the event ended."""

    ends_at = fields.String(required=True, metadata={"description": TIME_TEXT})


class EventSchema(EventFieldsSchema):
    """An event as stored."""

    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    url = fields.String(required=True)


class EventListSchema(Schema):
    """Every event, newest first."""

    events = fields.List(fields.Nested(EventSchema), required=True)


# ---- areas (records) ------------------------------------------------------------------------

class AreaFieldsSchema(Schema):
    """The fields of an area a client sends (create: name and level required)."""

    name = fields.String(metadata={"maxLength": 200})
    name_en = fields.String(allow_none=True, metadata={"maxLength": 200})
    level = fields.String(metadata={"enum": [level.value for level in AreaLevel]})
    parent_id = fields.Integer(allow_none=True)
    code = fields.String(allow_none=True, metadata={"maxLength": 32, "description": _l("administrative code")})
    latitude = fields.Float(allow_none=True, metadata={"minimum": -90, "maximum": 90})
    longitude = fields.Float(allow_none=True, metadata={"minimum": -180, "maximum": 180})
    coordinates = fields.String(load_only=True, allow_none=True, metadata={
        "description": _l("instead of latitude and longitude: as people paste them (36.0977, 114.3924; "
                          "36°05′52″N 114°23′33″E; 北纬36.0977 东经114.3924), latitude first, in WGS-84 (GPS), "
                          "not as Baidu or Gaode maps show a point (their own systems, longitude first)")})
    households = fields.Integer(allow_none=True, metadata={"minimum": 0})
    buildings = fields.Integer(allow_none=True, metadata={"minimum": 0})


class AreaCreateSchema(AreaFieldsSchema):
    """A new area: name and level required."""

    name = fields.String(required=True, metadata={"maxLength": 200})
    level = fields.String(required=True, metadata={"enum": [level.value for level in AreaLevel]})


class AreaUpdateSchema(AreaFieldsSchema):
    """A change to an area: the fields to change, and the version read (or If-Match)."""

    version = fields.Integer(metadata={"description": _l("the version you read; required unless If-Match is sent")})


class AreaSchema(AreaFieldsSchema):
    """An area as stored, with the path above it."""

    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    path = fields.List(fields.Integer(), required=True, metadata={"description": _l("ids from the top down")})
    url = fields.String(required=True)
    location_state = fields.String(allow_none=True, metadata={
        "enum": ["entered", "geocoded", "pending", "not_found"],
        "description": _l("pending: saved without coordinates, waiting for the geocoder")})
    location_approximate = fields.Boolean(metadata={
        "description": _l("the point stands for an area or is an estimate")})
    location_precision_m = fields.Integer(allow_none=True, metadata={"description": _l("how far off it may be")})
    location_source = fields.String(allow_none=True, metadata={"description": _l("where a geocoded point comes from")})


class AreaListQuery(Schema):
    """Filters of the area list."""

    q = fields.String(metadata={"description": _l("any part of a name, or pinyin initials (zdl)"), "maxLength": 100})
    level = fields.String(metadata={"enum": [level.value for level in AreaLevel]})
    parent_id = fields.Integer(metadata={"minimum": 1, "description": _l("only the areas directly under this one")})
    limit = fields.Integer(metadata={"minimum": 1, "maximum": 500, "description": _l(
        "areas per page (default 20); with q at most 50, on one page")})
    cursor = fields.String(metadata={"description": _l("`next_cursor` of the page before; opaque")})


# ---- briefs ---------------------------------------------------------------------------------

class BriefFormatQuery(Schema):
    """What a brief's format takes besides its name."""

    table = fields.String(metadata={"enum": list(CSV_TABLES), "description": _l(
        "csv only: which table (default figures); another is a 400 naming table")})
    lang = fields.String(metadata={"enum": ["zh", "en"], "description": _l(
        "the brief's language (default: Accept-Language, else zh)")})


class BriefSchema(Schema):
    """One revision of a day's brief."""

    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    day = fields.String(required=True, metadata={"description": _l("YYYY-MM-DD, the local day covered")})
    revision = fields.Integer(required=True)
    number = fields.Integer(required=True, metadata={"description": ISSUE_NUMBER})
    status = fields.String(required=True, metadata={"enum": [status.value for status in BriefStatus]})
    compiled_at = fields.String(required=True)
    published_at = fields.String(allow_none=True)
    formats = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                          metadata={"description": _l("format → URL")})


class BriefDaySchema(Schema):
    """One day of an event: its revisions, newest first (none yet: due or missing)."""

    day = fields.String(required=True)
    number = fields.Integer(required=True)
    due_at = fields.String(required=True)
    briefs = fields.List(fields.Nested(BriefSchema), required=True)


class BriefListSchema(Schema):
    """An event's days and briefs, newest day first."""

    days = fields.List(fields.Nested(BriefDaySchema), required=True)


class BriefJsonSchema(Schema):
    """A brief in the `json` format: which brief it is, and its facts."""

    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    day = fields.Date(required=True)
    revision = fields.Integer(required=True)
    number = fields.Integer(required=True, metadata={"description": ISSUE_NUMBER})
    status = fields.String(required=True, metadata={"enum": [status.value for status in BriefStatus]})
    signed_by = fields.String(required=True, allow_none=True)
    published_at = fields.String(required=True, allow_none=True)
    # Generated from the dataclasses the brief is compiled into: a field added there is described here.
    content = fields.Nested(dataclass_schema(BriefContent), required=True, metadata={"description": _l(
        "the brief's facts (BriefContent); every quantity is a Qty: value, lb, approx, cum, ub")})


class CompileBodySchema(Schema):
    """Which local day to compile."""

    day = fields.String(required=True, metadata={"description": _l(
        "the local day: 2021-07-25, or as a time's day is written (2021/7/25, 2021年7月25日)")})


class CompileRequestSchema(Schema):
    """A queued compile and how far it got."""

    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    day = fields.String(required=True)
    new_revision = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"enum": [state.value for state in CompileState]})
    ahead = fields.Integer(required=True, metadata={"description": _l("requests queued before this one")})
    scheduler_running = fields.Boolean(required=True, metadata={"description": _l(
        "whether a scheduler process is alive to run it (its heartbeat, as /readyz checks); false: it stays queued "
        "until `incidents scheduler` (or `incidents serve`) runs")})
    abandoned = fields.Boolean(required=True, metadata={"description": _l(
        "running, but the process compiling it is gone (its heartbeat stopped): it is compiled again at a live "
        "scheduler's next queue tick, within seconds of its start")})
    outcome = fields.String(allow_none=True, metadata={"description": _l("created | exists")})
    brief_id = fields.Integer(allow_none=True)
    brief_url = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    url = fields.String(required=True, metadata={"description": _l("this status")})
