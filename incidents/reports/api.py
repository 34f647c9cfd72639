"""The reports' JSON endpoint: create a report of any kind through the same rules as the forms."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from incidents.auth.decorators import requires
from incidents.auth.permissions import REPORT
from incidents.db import request_session
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.reports import services
from incidents.reports.models import Report, ReportKind
from incidents.reports.validation import (
    KEY_LENGTH,
    REQUIRED_MSG,
    parse_json_time,
    parse_quantity_input,
    parse_tonnes_input,
    time_candidates,
)
from incidents.reports.views import all_errors, event_or_404, scope_problems, translate
from incidents.vague import precision_field

bp = Blueprint("reports_api", __name__)

# Fields a JSON client sends as times (everything else passes as it is).
JSON_TIMES = ("observed_at", "started_at", "etr_at", "ended_at", "period_start", "period_end")


def json_data(payload: dict[str, Any], event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    """A JSON body as the field dict validate_report takes (local or ISO times, 30 or "30+" quantities,
    tonnes as `mass_t`), and the typing errors found on the way."""
    from incidents.reports.validation import COUNT, FIELDS

    data: dict[str, Any] = {k: v for k, v in payload.items() if k not in ("kind", "event_id")}
    data["event_id"] = event.id
    kind = ReportKind(payload["kind"])
    for name in JSON_TIMES:
        if name in data:
            data[name], data[precision_field(name)] = parse_json_time(
                data[name], data.get(precision_field(name)), event.tz)
    for name, ftype in FIELDS[kind].items():
        if ftype == COUNT and name in data and not isinstance(data[name], int):
            data[name], lb = parse_quantity_input(data[name], data.get(f"{name}_lb"))
            data[f"{name}_lb"] = lb
    if isinstance(data.get("counts"), dict):
        data["counts"] = {code: (parse_quantity_input(*v) if isinstance(v, list | tuple) and len(v) == 2
                                 else parse_quantity_input(v)) for code, v in data["counts"].items()}
    found: dict[str, Any] = {}
    if kind is ReportKind.DEBRIS and "mass_t" in data:
        # Tonnes as people say them (12.5), stored in kilograms like the form's tonnes box.
        try:
            data["mass_kg"], data["mass_kg_lb"] = parse_tonnes_input(data.pop("mass_t"), data.get("mass_kg_lb"))
        except ValueError as exc:
            found["mass_t"] = exc.args[0]
    return data, found


def _report_json(report: Report) -> dict[str, Any]:
    """What a client learns of a stored report: id, kind, status, version and its page."""
    return {"id": report.id, "kind": report.kind.value, "status": report.status.value, "version": report.version,
            "event_id": report.event_id, "area_id": report.area_id,
            "url": url_for("reports.show", report_id=report.id, _external=False)}


@bp.route("/api/v1/events/<int:event_id>/reports", methods=["POST"])
@requires(REPORT)
def api_create(event_id: int) -> ResponseReturnValue:
    """Create a report from JSON; an Idempotency-Key header makes a retry return the first report."""
    db = request_session()
    event = event_or_404(db, event_id)
    payload = request.get_json(silent=True)
    kind = payload.get("kind") if isinstance(payload, dict) else None
    # (A payload that is not an object has no kind: the same answer, and payload is a dict below.)
    if not isinstance(payload, dict) or not isinstance(kind, str) or kind not in {k.value for k in ReportKind}:
        return {"errors": {"kind": translate(REQUIRED_MSG)}}, 422
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > services.MAX_KEY_LENGTH:
        return {"errors": {"idempotency_key": translate(
            Message(KEY_LENGTH.msgid, n=services.MAX_KEY_LENGTH))}}, 422
    data, typing = json_data(payload, event)
    found = scope_problems(db, ReportKind(payload["kind"]), data)
    if found:
        return {"errors": {k: translate(v) for k, v in found.items()}}, 403
    if typing:
        return {"errors": {k: translate(v) for k, v in all_errors(db, ReportKind(kind), data, typing).items()}}, 422
    try:
        if key:
            report, created = services.create_report_once(db, payload["kind"], data, current_user.id, key)
        else:
            report, created = services.create_report(db, payload["kind"], data, current_user.id), True
            services.remember_choice(db, current_user.id, report.event_id, report.area_id)
    except ValidationError as exc:
        db.rollback()
        status = 403 if isinstance(exc, services.OutOfScope) else 422
        candidates = time_candidates(exc.errors)
        return {"errors": {k: translate(v) for k, v in exc.errors.items()},
                **({"candidates": candidates} if candidates else {})}, status
    db.commit()
    body = {**_report_json(report), "replayed": not created}
    headers = {"Location": body["url"]}
    if not created:
        headers["Idempotent-Replayed"] = "true"
    return body, (201 if created else 200), headers
