"""Reports as JSON and back: what the API shows of a stored report, and a body as the fields the rules check.

Out: every typed field of the kind, each quantity with its `_lb` ("more than") flag, each time as
UTC ISO 8601 with its precision beside it. In: a body becomes the field dict `validate_report`
takes (times local or ISO, quantities 30 or "30+"); the rules themselves stay in validation.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import object_session

from incidents.errors import Message
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.reports.disinfection_rules import COUNT_PREFIX, category_units
from incidents.reports.messages import NOT_A_FLAG, time_hint
from incidents.reports.models import Disinfection, PowerOutage, Report, ReportKind
from incidents.reports.parsing import parse_day, parse_json_time, parse_quantity_input, parse_tonnes_input
from incidents.reports.validation import COMMON, COUNT, COUNT_UNITS, DAY, FIELDS, TIME
from incidents.vague import Precision, precision_field

_l = Message

# Fields a JSON client sends as times (everything else passes as it is).
JSON_TIMES = ("observed_at", "started_at", "etr_at", "ended_at", "period_start", "period_end")
# What a client reads but never writes: sent back unchanged (GET, edit, PUT) they are ignored.
READ_ONLY = frozenset({
    "id", "event_id", "area", "status", "status_reason", "version", "reporter", "reporter_id",
    "reported_at", "created_at", "updated_at", "verified_by_id", "verified_at", "restored_at",
    "restored_precision", "url",
})
# What a create takes beside a kind's writable fields: the kind, and when the office learned of it.
CREATE_ONLY = frozenset({"kind", "reported_at"})
UNKNOWN_FIELD = _l("is not a field of this kind of report")
REPORTED_AT_FIXED = _l("cannot change: it records when the office learned of the report")
KIND_FIXED = _l("cannot change: log a new report of the other kind")
COUNT_FLAG = _l("[count, more than]: the second member must be true or false")
# Read-only members a client may mean to set: sent back as GET gave them they pass, changed they are refused
# by name (never dropped: PATCH {"status": "verified"} answered 200 with nothing verified). The ones that move
# with every version (updated_at, the area's name) are not compared: the version claim covers them.
MEANT_TO_SET = ("id", "event_id", "status", "status_reason", "reporter", "reporter_id", "verified_by_id")
READ_ONLY_ON_CREATE = _l("is read from a stored report, not written: leave it out of a new one")
READ_ONLY_FIXED = _l("cannot change: it is read from the report, not written (send it as read, or leave it out)")
STATUS_FIXED = _l("cannot change here: verify, send back, retract or restore the report "
                  "(POST /api/v1/reports/<id>/verify, /return, /retract, /restore)")



def _precision(value: Precision | None) -> str | None:
    return value.value if value is not None else None


def _time(report: Report, name: str) -> dict[str, Any]:
    """A time and its precision, as two keys (`started_at`, `started_precision`)."""
    precision = precision_field(name)
    return {name: iso_utc(getattr(report, name)), precision: _precision(getattr(report, precision))}


def report_payload(report: Report) -> dict[str, Any]:
    """A stored report of any kind as JSON-able data: two clocks, status, version, reporter, place, every field."""
    area, reporter = report.area, report.reporter
    data: dict[str, Any] = {
        "id": report.id, "kind": report.kind.value, "event_id": report.event_id,
        "area_id": report.area_id,
        "area": {"id": area.id, "name": area.name, "name_en": area.name_en, "level": area.level.value},
        "status": report.status.value, "status_reason": report.status_reason, "version": report.version,
        "reporter": {"id": reporter.id, "username": reporter.username, "display_name": reporter.display_name},
        "reported_at": iso_utc(report.reported_at), **_time(report, "observed_at"),
        "verified_by_id": report.verified_by_id, "verified_at": iso_utc(report.verified_at),
        "created_at": iso_utc(report.created_at), "updated_at": iso_utc(report.updated_at),
    }
    for name, ftype in {**COMMON, **FIELDS[report.kind]}.items():
        if ftype == TIME:
            data.update(_time(report, name))
        elif ftype == COUNT:
            data[name], data[f"{name}_lb"] = getattr(report, name), bool(getattr(report, f"{name}_lb"))
        elif ftype == DAY:
            data[name] = getattr(report, name).isoformat()
        else:
            data[name] = getattr(report, name)
    if isinstance(report, PowerOutage):
        # Kept by the service from the updates: read-only here.
        data.update(_time(report, "restored_at"))
    if isinstance(report, Disinfection):
        # [count, more-than]: the shape a body sends them in.
        data["counts"] = {c.category_code: [c.count, bool(c.count_lb)] for c in report.counts}
    return data


def json_data(payload: dict[str, Any], event: Event, kind: ReportKind) -> tuple[dict[str, Any], dict[str, Any]]:
    """A JSON body as the field dict validate_report takes (local or ISO times, 30 or "30+" quantities,
    tonnes as `mass_t`), and the typing errors found on the way."""
    data: dict[str, Any] = {k: v for k, v in payload.items() if k not in ("kind", "event_id")}
    data["event_id"] = event.id
    for name in JSON_TIMES:
        if name in data:
            data[name], data[precision_field(name)] = parse_json_time(
                data[name], data.get(precision_field(name)), event.tz)
            if isinstance(data[name], str) and not isinstance(data[name], Message) and data[name].strip():
                # text no spelling reads: say which spellings do, on a day of the event
                data[name] = time_hint(event.tz, event.starts_at, ends_at=event.ends_at)
    for name, ftype in FIELDS[kind].items():
        if ftype == DAY and name in data:
            data[name] = parse_day(data[name])
        if ftype == COUNT and name in data and not isinstance(data[name], int):
            data[name], lb = parse_quantity_input(data[name], data.get(f"{name}_lb"), COUNT_UNITS.get(name, ()))
            data[f"{name}_lb"] = lb
    if isinstance(data.get("counts"), dict):
        # [count, more-than] or a bare count; a category's own unit may follow the number ("12条").
        units = category_units(object_session(event)) if data["counts"] else {}
        pairs = {code: v if isinstance(v, list | tuple) and len(v) == 2 else (v, False)
                 for code, v in data["counts"].items()}
        data["counts"] = {code: parse_quantity_input(count, lb, units.get(code, ()))
                          for code, (count, lb) in pairs.items()}
    found: dict[str, Any] = {}
    if kind is ReportKind.DEBRIS and data.get("mass_t") is not None and data.get("mass_kg") is not None:
        # Which one the sender meant cannot be told: refused rather than one quietly winning.
        found["mass_t"] = _l("send either mass_t or mass_kg, not both")
    elif kind is ReportKind.DEBRIS and "mass_t" in data:
        # Tonnes as people say them (12.5), stored in kilograms like the form's tonnes box.
        try:
            data["mass_kg"], data["mass_kg_lb"] = parse_tonnes_input(data.pop("mass_t"), data.get("mass_kg_lb"))
        except ValueError as exc:
            found["mass_t"] = exc.args[0]
    return data, found


def json_errors(errors: dict[str, Any], sent: Iterable[str] = ()) -> dict[str, Any]:
    """The rules' errors named as a JSON body names its fields: a category's count (count_street, the
    form's and an import's name) as `counts.street`, the key it sits under, as a repeated key is named;
    the mass as `mass_t` when the body `sent` it in tonnes (the rules check the stored `mass_kg`)."""
    named: dict[str, Any] = {}
    for key, message in errors.items():
        if key == "mass_kg" and "mass_t" in sent:
            named["mass_t"] = message
            continue
        if not key.startswith(COUNT_PREFIX):
            named[key] = message
            continue
        code = key.removeprefix(COUNT_PREFIX)
        if isinstance(message, Message) and message.msgid == NOT_A_FLAG.msgid and code.endswith("_lb"):
            # The form's flag field is the pair's second member in JSON: [count, more-than].
            named[f"counts.{code.removesuffix('_lb')}"] = COUNT_FLAG
        else:
            named[f"counts.{code}"] = message
    return named


def writable_fields(kind: ReportKind) -> set[str]:
    """Every key a body may send for a kind: its fields, their precisions and flags, the place."""
    names = {"area_id"}
    for name, ftype in {**COMMON, **FIELDS[kind]}.items():
        names.add(name)
        if ftype == TIME:
            names.add(precision_field(name))
        elif ftype == COUNT:
            names.add(f"{name}_lb")
    if kind is ReportKind.DEBRIS:
        names.add("mass_t")
    if kind is ReportKind.DISINFECTION:
        names.add("counts")
    return names


def creatable_fields(kind: ReportKind) -> set[str]:
    """Every key a create body of a kind may send: what an edit may write, the kind and `reported_at`."""
    return writable_fields(kind) | CREATE_ONLY


def unknown_fields(payload: dict[str, Any], allowed: set[str] | frozenset[str]) -> dict[str, Any]:
    """Each key of a body outside `allowed`, refused by name: never silently dropped."""
    return {name: UNKNOWN_FIELD for name in payload if name not in allowed}


def not_creatable(payload: dict[str, Any], allowed: set[str] | frozenset[str]) -> dict[str, Any]:
    """Each key of a create body outside `allowed`, refused by name: a member GET gives (READ_ONLY) as one the
    server writes itself, so a client posting a report as read can tell it from a field the kind lacks."""
    return {name: READ_ONLY_ON_CREATE if name in READ_ONLY else UNKNOWN_FIELD
            for name in payload if name not in allowed}


def _same_instant(value: Any, report: Report) -> bool:
    """Whether a sent reported_at is the one stored (as GET gave it, in any spelling of that instant)."""
    at, _precision = parse_json_time(value, None, report.event.tz)
    return isinstance(at, datetime) and at == report.reported_at


def edit_data(report: Report, payload: dict[str, Any], replace: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """A PUT (`replace`: what is not sent is cleared) or PATCH body as the change edit_report takes,
    and the problems found before the rules run (an unknown field, another kind)."""
    kind = report.kind
    found: dict[str, Any] = {}
    if "kind" in payload and payload["kind"] != kind.value:
        found["kind"] = KIND_FIXED
    allowed = writable_fields(kind)
    found.update(unknown_fields(payload, allowed | READ_ONLY | {"kind"}))
    if payload.get("reported_at") is not None and not _same_instant(payload["reported_at"], report):
        # Read-only members are ignored so that what GET gave can be sent back; a changed one is refused.
        found["reported_at"] = REPORTED_AT_FIXED
    sent = [name for name in MEANT_TO_SET if name in payload]
    if sent:  # most edits send none: the report's whole payload (for its reporter) is built only when one is
        stored = {"id": report.id, "event_id": report.event_id, "status": report.status.value,
                  "status_reason": report.status_reason, "reporter_id": report.reporter_id,
                  "verified_by_id": report.verified_by_id}
        if "reporter" in sent:
            stored["reporter"] = report_payload(report)["reporter"]
        for name in sent:
            # Of the same JSON type too: true == 1 and 5.0 == 5 in Python, not as GET gave them.
            if payload[name] != stored[name] or type(payload[name]) is not type(stored[name]):
                found[name] = STATUS_FIXED if name.startswith("status") else READ_ONLY_FIXED
    body = {k: v for k, v in payload.items() if k in allowed}
    if replace:
        cleared: dict[str, Any] = dict.fromkeys(allowed - {"mass_t"})
        if kind is ReportKind.DISINFECTION:
            cleared["counts"] = {}
        if "mass_t" in body:
            cleared.pop("mass_kg", None)
        body = {**cleared, **body}
    else:
        # A quantity or a time sent alone is what it says: not "more than" and exact unless the body says so.
        for name, ftype in FIELDS[kind].items():
            if ftype == COUNT and name in body and f"{name}_lb" not in body:
                body[f"{name}_lb"] = False
    data, typing = json_data(body, report.event, kind)
    return data, {**typing, **found}
