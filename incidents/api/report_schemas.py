"""Schemas describing the report-reading, report-changing and timeline answers (they validate nothing).

The rules stay in reports/validation.py, reports/listing.py and timelines/moments.py.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields

from incidents.api.schemas import REPORT_SCHEMAS
from incidents.reports.listing import DEFAULT_LIMIT, MAX_LIMIT, STATUSES
from incidents.reports.models import ReportKind

# Whole sentences, each marked for translation: a lazy message cannot be joined to another at import time.
UTC_TIME = _l("UTC, ISO 8601 (2021-07-24T13:00:00Z)")


class ReportListQuery(Schema):
    """The report list's query string: filters, page size and the cursor of the page before."""

    kind = fields.String(metadata={"enum": [k.value for k in ReportKind]})
    area = fields.Integer(metadata={"description": _l("an area id: its reports and those of every place under it")})
    status = fields.String(metadata={"enum": list(STATUSES), "description": _l(
        "live (default: all but retracted), one status, or all")})
    day = fields.String(metadata={"description": _l(
        "the event's local day the report's observation falls on: 2021-07-24, or as a time's day is written "
        "(2021/7/24, 2021年7月24日)")})
    reporter = fields.Integer(metadata={"description": _l("a user id")})
    updated_since = fields.String(metadata={"description": _l(
        "changed at or after this moment: ISO 8601 with an offset (2021-07-24T21:00+08:00) "
        "or the event's local time (2021-07-24 21:00)")})
    limit = fields.Integer(metadata={"minimum": 1, "maximum": MAX_LIMIT,
                                     "description": _l("reports per page (default %(n)s)", n=DEFAULT_LIMIT)})
    cursor = fields.String(metadata={"description": _l("`next_cursor` of the page before; opaque")})


class PersonSchema(Schema):
    """Who made a report or a change."""

    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)


class PlaceSchema(Schema):
    """The area a report belongs to."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    name_en = fields.String(allow_none=True)
    level = fields.String(required=True)


def _stored_schema(kind: ReportKind) -> type[Schema]:
    """A stored report of one kind: the fields a client sends, and what the office keeps beside them."""
    stored: dict[str, Any] = {
        "id": fields.Integer(required=True), "event_id": fields.Integer(required=True),
        "area": fields.Nested(PlaceSchema, required=True),
        "status": fields.String(required=True, metadata={"enum": ["submitted", "verified", "returned", "retracted"]}),
        "status_reason": fields.String(allow_none=True),
        "version": fields.Integer(required=True, metadata={"description": _l("send it back (If-Match) to change it")}),
        "reporter": fields.Nested(PersonSchema, required=True),
        "reported_at": fields.String(required=True,
                                     metadata={"description": _l(
                                         "when the office learned it, UTC, ISO 8601 (2021-07-24T13:00:00Z)")}),
        "verified_by_id": fields.Integer(allow_none=True), "verified_at": fields.String(allow_none=True),
        "created_at": fields.String(required=True), "updated_at": fields.String(required=True),
    }
    if kind is ReportKind.OUTAGE:
        stored["restored_at"] = fields.String(allow_none=True, metadata={
            "description": _l("full restoration, kept from the updates")})
        stored["restored_precision"] = fields.String(allow_none=True)
    if kind is ReportKind.DISINFECTION:
        stored["counts"] = fields.Dict(keys=fields.String(), values=fields.List(fields.Raw()), metadata={
            "description": _l("category code: [count, more-than]")})
    name = "".join(part.title() for part in kind.value.split("_")) + "Stored"
    declared = {k: v for k, v in REPORT_SCHEMAS[kind]._declared_fields.items() if k != "mass_t"}
    return Schema.from_dict({**declared, **stored}, name=name)


STORED_SCHEMAS = {kind: _stored_schema(kind) for kind in ReportKind}
REPORT: dict[str, Any] = {"oneOf": list(STORED_SCHEMAS.values()), "discriminator": {"propertyName": "kind"}}
REPORT_CHANGE: dict[str, Any] = {
    "oneOf": list(REPORT_SCHEMAS.values()),
    "description": _l("PUT: every field (one left out is cleared); PATCH: only the fields that change. "
                      "Fields read from GET (id, status, version, ...) may be sent back: they are ignored."),
}


class ReportPageSchema(Schema):
    """One page of an event's reports, in the order they were stored."""

    reports = fields.List(fields.Dict(), required=True, metadata={"description": _l("stored reports (see Report)")})
    next_cursor = fields.String(allow_none=True, required=True,
                                metadata={"description": _l("pass as `cursor` for the next page; null on the last")})
    limit = fields.Integer(required=True)


class ReasonSchema(Schema):
    """Why a report is sent back or retracted."""

    reason = fields.String(allow_none=True, metadata={"maxLength": 400,
                                                      "description": _l("required to send a report back")})
    version = fields.Integer(metadata={"description": _l("optional: the version you read; a report changed "
                                                         "since is refused (409) with its current version")})


class HistoryEntrySchema(Schema):
    """One change of a report: who, when, what, and the record before and after."""

    id = fields.Integer(required=True)
    at = fields.String(required=True)
    action = fields.String(required=True)
    user = fields.Nested(PersonSchema, allow_none=True)
    changed = fields.List(fields.String(), required=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class HistorySchema(Schema):
    """A report's audit trail, oldest first."""

    report_id = fields.Integer(required=True)
    entries = fields.List(fields.Nested(HistoryEntrySchema), required=True)


class MomentsQuery(Schema):
    """Which moment, and what the office knew by when."""

    as_of = fields.String(metadata={"description": _l(
        "the state at this moment (default: now, or the event's end): ISO 8601 with an offset "
        "(2021-07-24T21:00+08:00) or the event's local time (2021-07-24 21:00)")})
    known_at = fields.String(metadata={"description": _l(
        "counting only reports the office had by then (default: as_of, or now): ISO 8601 with an offset "
        "(2021-07-24T21:00+08:00) or the event's local time (2021-07-24 21:00)")})


class AtMomentsSchema(Schema):
    """What every answer at two moments says first: the event, its zone, the moments and the rule applied."""

    event_id = fields.Integer(required=True)
    timezone = fields.String(required=True)
    as_of = fields.String(required=True)
    known_at = fields.String(required=True)
    rule = fields.String(required=True)


class OutagesSchema(AtMomentsSchema):
    """Every outage started by `as_of`, its state then as known at `known_at`."""

    outages = fields.List(fields.Dict(), required=True)
    outstanding = fields.List(fields.Integer(), required=True,
                              metadata={"description": _l("open outages, longest first")})


class TimelineSchema(AtMomentsSchema):
    """The restoration curve (households and buildings still out over time) and the statistics."""

    stats = fields.Dict(required=True)
    groups = fields.List(fields.Dict(), required=True)
    curve = fields.Dict(required=True, metadata={"description": _l(
        "households and buildings: peak, current and each point's count still out, each with its "
        "_lb flag (true: a lower bound, \"more than\", as an open outage in the sum is); peak, current and the points "
        "also _ub (at most: read off a \"more than\" restored count) and _approx (about: both meet); "
        "current and a point's count are null (not reported, as in the brief) when every open outage is silent on it")})
    curves_by_subdistrict = fields.List(fields.Dict(), required=True)
