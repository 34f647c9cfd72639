"""Reading reports over the API: an event's reports page by page (filters, cursor), one report, its history."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from incidents import arrival
from incidents.api.docs import documented
from incidents.api.problems import problem
from incidents.api.report_schemas import REPORT, HistorySchema, ReportListQuery, ReportPageSchema
from incidents.audit import services as audit
from incidents.auth.decorators import requires
from incidents.auth.models import User
from incidents.auth.permissions import READ
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.formatting import iso_utc
from incidents.limits import is_id
from incidents.reports import listing
from incidents.reports.models import Report
from incidents.reports.payloads import report_payload
from incidents.request_db import request_session

bp = Blueprint("api_report_reads", __name__)

TAG = "reports"


def etag(report: Report) -> str:
    """A report's entity tag: its version number, quoted (a strong tag)."""
    return f'"{report.version}"'


def load_report(db: sa.orm.Session, report_id: int) -> Report:
    """The report, or a 404 problem."""
    return (db.get(Report, report_id) if is_id(report_id) else None) or abort(404)


@bp.route("/api/v1/events/<int:event_id>/reports", methods=["GET"])
@documented(_l("List an event's reports"), tag=TAG, query=ReportListQuery, responses={200: ReportPageSchema},
            description=_l("In the order they were stored (by id), `limit` at a time: pass `next_cursor` back "
                           "as `cursor` for the next page. Reports that arrive meanwhile come on later pages, so "
                           "each report is listed once. A bad parameter is a 400 naming it."))
@requires(READ)
def list_reports(event_id: int) -> ResponseReturnValue:
    """One page of an event's reports after the cursor, filtered."""
    db = request_session()
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    try:
        query = listing.parse_query(db, event, request.args)
    except ValidationError as exc:
        return problem(400, exc.errors)
    # On PostgreSQL an id is given as a row is written, not as it commits: wait for the event's reports being
    # written, so none commits later behind this page's cursor (arrival.py).
    arrival.settled(current_app.extensions["incidents.db"], event.id)
    page = listing.page_reports(db, event, query)
    return {"reports": [report_payload(r) for r in page.reports], "next_cursor": page.next_cursor,
            "limit": query.limit}


@bp.route("/api/v1/reports/<int:report_id>", methods=["GET"])
@documented(_l("Read a report"), tag=TAG, responses={200: REPORT}, etag=(200,),
            description=_l("Every field of its kind, each quantity with its `_lb` (more than) flag and each time "
                           "(UTC) with its precision; the version is also the ETag."))
@requires(READ)
def show(report_id: int) -> ResponseReturnValue:
    """One report as JSON, its version as the ETag."""
    report = load_report(request_session(), report_id)
    return report_payload(report), 200, {"ETag": etag(report)}


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "username": user.username, "display_name": user.display_name}


@bp.route("/api/v1/reports/<int:report_id>/history", methods=["GET"])
@documented(_l("A report's history"), tag=TAG, responses={200: HistorySchema},
            description=_l("Every change, oldest first: who, when, which fields, and the record before and after."))
@requires(READ)
def history(report_id: int) -> ResponseReturnValue:
    """The report's audit trail."""
    db = request_session()
    report = load_report(db, report_id)
    entries = audit.history(db, "reports", report.id)
    users = {u.id: u for u in db.scalars(sa.select(User).where(User.id.in_({e.user_id for e in entries})))}
    skip = audit.BOOKKEEPING | {"created_at"}
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        changed = sorted(k for k in set(before) | set(after)
                         if k not in skip and entry.before is not None and before.get(k) != after.get(k))
        rows.append({"id": entry.id, "at": iso_utc(entry.at), "action": entry.action,
                     "user": _person(users.get(entry.user_id) if entry.user_id is not None else None),
                     "changed": changed, "before": audit.as_given(entry.before), "after": audit.as_given(entry.after)})
    return {"report_id": report.id, "entries": rows}
