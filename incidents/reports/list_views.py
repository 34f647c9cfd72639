"""The report list: its page (filtered, paged), its downloads (CSV, XLSX, JSON, HXL CSV, with the page's filters)
and its bulk actions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import in_reference_order
from incidents.auth.decorators import repeatable, requires
from incidents.auth.permissions import COORDINATE, READ, REPORT, allows
from incidents.auth.policy import ONLY_COORDINATORS, editable_ids
from incidents.auth.views import safe_next
from incidents.days import event_days
from incidents.db import now_utc
from incidents.downloads import LIST_FORMATS, known_format, send_table, token_reads, words_for
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.inputs import BadField, Refused, page_param
from incidents.labels import field_problem
from incidents.reports import bulk, listing, services
from incidents.reports.display import day_select, place_choices, refusal_said, translate
from incidents.reports.exports import hxl_table, report_table
from incidents.reports.forms import StatusForm
from incidents.reports.messages import UNKNOWN_ACTION
from incidents.reports.models import Report, ReportKind
from incidents.reports.views import event_or_404
from incidents.request_db import request_session
from incidents.tables import Table

bp = Blueprint("report_list", __name__)


def list_filters(event: Event) -> tuple[dict[str, Any], str]:
    """The report list's filters and its order (`sort`) from the query string (the page, its exports): the API's
    rules, a bad one a 400."""
    try:
        return listing.parse_filters(request_session(), event, request.args)
    except ValidationError as exc:
        (field, message), *others = exc.errors.items()
        more = "".join(f"{_('; ')}{field_problem(name, translate(problem))}" for name, problem in others)
        raise BadField(field, translate(message) + more) from None


@bp.route("/events/<int:event_id>/reports")
@requires(READ)
def event_list(event_id: int) -> ResponseReturnValue:
    """An event's reports, filtered by kind, subdistrict, place, day, status and reporter; sorted; paged."""
    db = request_session()
    event = event_or_404(db, event_id)
    filters, sort = list_filters(event)
    kind, status, day = filters["kind"], filters["status"], filters["day"]
    subdistrict_id, area_id, reporter_id = filters["subdistrict_id"], filters["area_id"], filters["reporter_id"]
    page = page_param(request.args)
    size = current_app.config.get("PAGE_SIZE", 50)
    reports, total = listing.list_reports(db, event, page=page, page_size=size, sort=sort, **filters)
    if page > 1 and not reports and total:  # past the last page (a link kept while reports were retracted): the last
        page = (total + size - 1) // size
        reports, total = listing.list_reports(db, event, page=page, page_size=size, sort=sort, **filters)
    # Sent-back reports are listed (to be corrected) but counted nowhere: the page says how many, so the total
    # is not read against the brief's or the event page's figures.
    # Zero reports are listed too, yet add to no figure: said beside the total, as the sent-back ones are.
    sent_back, zero_reports = listing.set_apart(db, event, **filters) if total else (0, 0)
    sent_back = sent_back if status in ("live", "all") else 0
    zero_reports = zero_reports if kind != ReportKind.ZERO_REPORT else 0
    subdistricts = in_reference_order(db.scalars(sa.select(Area).where(Area.level == "subdistrict")))
    pages = max((total + size - 1) // size, 1)
    # The filters and the order alone go on into the links: any other parameter (?fmt=, ?event_id=) clashed with a
    # link's own.
    args = {k: v for k in listing.PAGE_PARAMS if (v := request.args.get(k))}
    can_coordinate = allows(current_user.role, COORDINATE)
    places, limited = place_choices(db, subdistrict_id, area_id)
    days = event_days(event, now_utc())
    return render_template(
        "reports/list.html", event=event, reports=reports, total=total, sent_back=sent_back, page=page, pages=pages,
        args=args, order=listing.ORDERS[sort], zero_reports=zero_reports,
        sorts=[(key, translate(o.label)) for key, o in listing.ORDERS.items()],
        kinds=list(ReportKind), statuses=listing.STATUSES, subdistricts=subdistricts,
        areas=places, places_limited=limited, days=days,
        day_select=day_select(days),
        reporters=services.event_reporters(db, event.id),
        selected={"q": filters["q"] or "", "kind": kind or "", "status": status, "day": day.isoformat() if day else "",
                  "subdistrict": subdistrict_id, "area": area_id, "reporter": reporter_id, "sort": sort},
        can_coordinate=can_coordinate, status_form=StatusForm(),
        can_report=allows(current_user.role, REPORT), selectable=editable_ids(db, current_user, reports),
    )


def export_links(event_id: int, args: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, url) of each download of the list as filtered now."""
    links = [(fmt.upper(), url_for("report_list.export", event_id=event_id, fmt=fmt, **args)) for fmt in LIST_FORMATS]
    return [*links, ("HXL CSV", url_for("report_list.export_hxl", event_id=event_id, **args))]


@bp.route("/events/<int:event_id>/reports/export.<fmt>")
@requires(READ)
@token_reads(*listing.PAGE_PARAMS)
def export(event_id: int, fmt: str) -> ResponseReturnValue:
    """Every report the list shows with these filters (all pages, its order), every field, as CSV, XLSX or JSON."""
    known_format(fmt)  # before the event's filters are read: the format is the address's own
    db = request_session()
    event = event_or_404(db, event_id)
    filters, sort = list_filters(event)
    lang, words, event_id = reader_lang(), words_for(fmt), event.id
    meta = {"event": event.code, "timezone": event.timezone,
            "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()},
            "sort": sort}

    def build(session: Session) -> Table:
        """The table, read in the download's own session."""
        return report_table(session, session.get_one(Event, event_id), filters, lang, words, coded=fmt == "json",
                            sort=sort)

    return send_table(build, fmt, f"reports-{event.code}", lang, meta)


@bp.route("/events/<int:event_id>/reports/export.hxl.csv")
@requires(READ)
@token_reads(*listing.PAGE_PARAMS)
def export_hxl(event_id: int) -> ResponseReturnValue:
    """The filtered list for humanitarian exchange: headers, then HXL hashtags (docs/exports.md)."""
    db = request_session()
    event = event_or_404(db, event_id)
    (filters, sort), lang, event_id = list_filters(event), reader_lang(), event.id

    def build(session: Session) -> Table:
        """The table, read in the download's own session."""
        # HXL readers match on codes, not on the reader's language: kinds and statuses stay codes.
        return hxl_table(session, session.get_one(Event, event_id), filters, lang, words_for("json"), sort=sort)

    return send_table(build, "csv", f"reports-{event.code}.hxl", lang)


def _said(outcome: bulk.Outcome) -> str:
    """Why one report was left as it was, in the reader's language: a refusal as its report's own page says it."""
    if outcome.problem is None:
        return ""
    return refusal_said(outcome.field, outcome.problem)


@bp.route("/events/<int:event_id>/reports/bulk", methods=["POST"])
@repeatable("report")  # one per report ticked
@requires(REPORT)
def bulk_status(event_id: int) -> ResponseReturnValue:
    """Verify, send back (one reason for all) or retract the checked reports; each one's result listed."""
    # CSRFProtect has checked the form's token before this runs (a missing or wrong one is a 400).
    db = request_session()
    event = event_or_404(db, event_id)
    status = bulk.ACTIONS.get(request.form.get("action", ""))
    if status is None:
        raise BadField("action", translate(Message(UNKNOWN_ACTION.msgid, actions=", ".join(bulk.ACTIONS))))
    if status is not bulk.ACTIONS["retract"] and not allows(current_user.role, COORDINATE):
        raise Refused("status", ONLY_COORDINATORS)  # a page open since the account was a coordinator's: said why
    given = request.form.get("next")
    back = safe_next(given) if given else url_for("report_list.event_list", event_id=event.id)
    try:
        items = bulk.parse_items(request.form.getlist("report"))
        outcomes = bulk.set_statuses(db, current_user, event.id, items, status, request.form.get("reason"))
    except ValidationError as exc:
        db.rollback()
        return render_template("reports/bulk_done.html", event=event, action=request.form["action"], back=back,
                               rows=[], errors={k: translate(v) for k, v in exc.errors.items()}), 422
    db.commit()
    reports = {r.id: r for r in db.scalars(sa.select(Report).where(Report.id.in_([o.report_id for o in outcomes])))}
    rows = [{"id": o.report_id, "changed": o.changed, "problem": _said(o), "report": reports.get(o.report_id)}
            for o in outcomes]
    changed = sum(1 for o in outcomes if o.changed)
    code = 200 if changed else 403 if all(o.forbidden for o in outcomes) else 409
    return render_template("reports/bulk_done.html", event=event, action=request.form["action"], back=back,
                           rows=rows, changed=changed, errors={},
                           summary=_("%(done)s of %(total)s reports changed.", done=changed, total=len(outcomes))), code
