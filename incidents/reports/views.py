"""Report pages: log a report of any kind, list an event's reports, read one with its history,
edit it (optimistic lock), verify / send back / retract / restore. The JSON endpoint is in api.py.

Over 500 lines: each page spells out its own form handling (CSRF, a stale edit, a near-duplicate,
a resubmitted one-time token), and a report's write path reads best in one file.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.areas.models import Area
from incidents.audit import services as audit
from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ, REPORT, allows
from incidents.auth.policy import can_edit_report, parents_in_scope, visible_area_ids
from incidents.auth.views import safe_next
from incidents.days import event_days
from incidents.db import now_utc, request_session
from incidents.events.models import Event
from incidents.formatting import fmt_number
from incidents.reports import services
from incidents.reports.forms import (
    ACTIONS,
    LABELS,
    MAIN_TIME,
    OBSERVED_LABELS,
    PRECISION_CHOICES,
    UNITS,
    ReportForm,
    StatusForm,
    VagueTime,
    form_class,
)
from incidents.reports.models import (
    Category,
    CategoryKind,
    PowerOutage,
    PumpingOperation,
    Report,
    ReportKind,
    ReportStatus,
)
from incidents.reports.validation import (
    FORM_CHANGED,
    FORM_EXPIRED,
    NEAR_DUPLICATE,
    Message,
    ValidationError,
    is_id,
    required_fields,
    validate_report,
)
from incidents.vague import precision_field

bp = Blueprint("reports", __name__)

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
STATUS_FILTERS = ("live", "submitted", "verified", "returned", "retracted", "all")


def _lang() -> str:
    from flask_babel import get_locale

    return "en" if str(get_locale() or "zh").startswith("en") else "zh"


def translate(message: Any) -> str:
    """A rule's message in the reader's language (numbers in the reader's locale)."""
    if isinstance(message, Message):
        return message.localize(_, lambda n: fmt_number(n, _lang()))
    return str(message)


@bp.app_context_processor
def _report_helpers() -> dict[str, Any]:
    def user_can(permission: str) -> bool:
        return bool(current_user and current_user.is_authenticated and allows(current_user.role, permission))

    link = None
    if user_can(REPORT) and request.endpoint not in ("reports.start", "reports.choose_kind", "reports.create"):
        link = {"url": url_for("reports.start"), "label": "＋ " + _("New report")}
    return {"user_can": user_can, "report_link": link}


@bp.app_context_processor
def _units() -> dict[str, Any]:
    return {"report_units": UNITS}


@bp.app_template_filter("message")
def _message_filter(message: Any) -> str:
    return translate(message)


# ---- helpers ---------------------------------------------------------------------------------

def event_or_404(db: sa.orm.Session, event_id: int) -> Event:
    """The event, or a 404; its zone becomes the page's display zone."""
    event = (db.get(Event, event_id) if is_id(event_id) else None) or abort(404)
    g.display_tz = event.timezone
    return event


def _report(db: sa.orm.Session, report_id: int) -> Report:
    report = (db.get(Report, report_id) if is_id(report_id) else None) or abort(404)
    g.display_tz = report.event.timezone
    return report


def _kind(kind: str) -> ReportKind:
    try:
        return ReportKind(kind)
    except ValueError:
        abort(404)


def _categories(db: sa.orm.Session) -> list[Category]:
    return list(db.scalars(sa.select(Category).order_by(Category.kind, Category.sort, Category.code)))


def area_paths(db: sa.orm.Session, within: sa.Select | None = None) -> list[tuple[int, str]]:
    """(id, "北大街街道 › 彰德路64号院") for every area (in scope), in tree order."""
    rows = db.execute(sa.select(Area.id, Area.parent_id, Area.name, Area.name_en)).all()
    by_id = {r.id: r for r in rows}
    allowed = set(db.scalars(within)) if within is not None else None
    en = _lang() == "en"

    def chain(area_id: int) -> list[Any]:
        out, node = [], by_id.get(area_id)
        while node is not None:
            out.append(node)
            node = by_id.get(node.parent_id)
        return list(reversed(out))

    paths = []
    for r in rows:
        if allowed is not None and r.id not in allowed:
            continue
        names = [(a.name_en if en and a.name_en else a.name) for a in chain(r.id)]
        # The district is the root of everything: leave it out unless it is the place itself.
        shown = names[1:] if len(names) > 1 else names
        paths.append((r.id, " › ".join(shown), [a.name for a in chain(r.id)]))
    paths.sort(key=lambda p: p[2])
    return [(i, label) for i, label, _ in paths]


def _parent_choices(db: sa.orm.Session, event: Event, kind: ReportKind) -> list[tuple[str, str]]:
    from incidents.formatting import fmt_time

    parents = parents_in_scope(db, current_user, services.open_parents(db, event.id, kind))
    choices = [("", _("Choose…"))]
    for p in parents:
        place = p.area.name_en if _lang() == "en" and p.area.name_en else p.area.name
        if kind is ReportKind.OUTAGE:
            assert isinstance(p, PowerOutage)  # open_parents lists reports of the kind asked for
            since = fmt_time(p.started_at, p.started_precision, event.tz, _lang())
            choices.append((str(p.id), _("%(place)s, since %(t)s", place=place, t=since)))
        else:
            # The only other parent kind (validation.PARENTS) is the pumping operation.
            assert isinstance(p, PumpingOperation)
            choices.append((str(p.id), f"{place} · {p.team}"))
    return choices


def _prepare(form: ReportForm, db: sa.orm.Session, event: Event) -> None:
    """Fill the choices of the form's selects."""
    form.area_id.choices = [("", _("Choose a place…"))] + [
        (str(i), label) for i, label in area_paths(db, visible_area_ids(db, current_user))]
    if "outage_id" in form._fields:
        form.outage_id.choices = _parent_choices(db, event, ReportKind.OUTAGE)
    if "operation_id" in form._fields:
        form.operation_id.choices = _parent_choices(db, event, ReportKind.PUMPING)


def _render_form(form: ReportForm, event: Event, kind: ReportKind, report: Report | None = None,
                 status: int = 200) -> tuple[str, int]:
    categories = getattr(form, "categories", [])
    return render_template(
        "reports/form.html", form=form, event=event, kind=kind, report=report,
        sites=[c for c in categories if c.kind is CategoryKind.SITE],
        equipment=[c for c in categories if c.kind is CategoryKind.EQUIPMENT],
        labels=LABELS, precisions=PRECISION_CHOICES, required=required_fields(kind),
    ), status


def scope_problems(db: sa.orm.Session, kind: ReportKind, data: dict[str, Any]) -> dict[str, Any]:
    """{field: message} for a place or parent outside the current user's scope."""
    return services.scope_errors(db, kind, data, current_user)


def all_errors(db: sa.orm.Session, kind: ReportKind, data: dict[str, Any],
                found: dict[str, Any]) -> dict[str, Any]:
    """Typing and scope errors together with every rule's message, so one round trip shows all."""
    try:
        validate_report(db, kind, data)
    except ValidationError as exc:
        return {**exc.errors, **found}
    return found


def _csrf_failed(form: Any) -> bool:
    return bool(getattr(form, "csrf_token", None) is not None and form.csrf_token.errors)


# ---- logging a report ------------------------------------------------------------------------

@bp.route("/reports/new")
@requires(REPORT)
def start() -> ResponseReturnValue:
    """Log a report: straight to the user's last event, else pick one."""
    db = request_session()
    events = list(db.scalars(sa.select(Event).order_by(Event.starts_at.desc())))
    last = current_user.last_event_id
    if last and any(e.id == last for e in events) and not request.args.get("choose"):
        return redirect(url_for(".choose_kind", event_id=last))
    if len(events) == 1:
        return redirect(url_for(".choose_kind", event_id=events[0].id))
    return render_template("reports/start.html", events=events)


@bp.route("/events/<int:event_id>/reports/new")
@requires(REPORT)
def choose_kind(event_id: int) -> ResponseReturnValue:
    """What to log: one big button per kind."""
    db = request_session()
    event = event_or_404(db, event_id)
    kinds = [ReportKind.OUTAGE, ReportKind.OUTAGE_UPDATE, ReportKind.PUMPING, ReportKind.PUMPING_VOLUME,
             ReportKind.DISINFECTION, ReportKind.DEBRIS, ReportKind.ACTIVITY]
    return render_template("reports/new.html", event=event, kinds=kinds)


@bp.route("/events/<int:event_id>/reports/new/<kind>", methods=["GET", "POST"])
@requires(REPORT)
def create(event_id: int, kind: str) -> ResponseReturnValue:
    """The form of one kind; one report per one-time token, however often it is sent."""
    db = request_session()
    event = event_or_404(db, event_id)
    kind_ = _kind(kind)
    form = form_class(kind_, _categories(db))()
    _prepare(form, db, event)
    if request.method == "GET":
        _defaults(form, db, event, kind_)
        return _render_form(form, event, kind_)
    if not form.validate() and _csrf_failed(form):
        form.general_errors.append(("csrf", FORM_EXPIRED))
        return _render_form(form, event, kind_, status=400)
    token = (form.token.data or "").strip()
    if not token or len(token) > services.MAX_KEY_LENGTH:
        token = form.token.data = secrets.token_urlsafe(16)
    data, found = form.to_data(event.tz)
    data["event_id"] = event.id
    scope = scope_problems(db, kind_, data)
    found = {**found, **scope}
    if found:
        form.show_errors(all_errors(db, kind_, data, found))
        return _render_form(form, event, kind_, status=403 if scope else 422)
    twin = None if request.form.get("confirm_duplicate") else services.recent_twin(
        db, current_user.id, services.fingerprint(kind_, data), token)
    if twin is not None:
        # The same figures for the same place a few minutes ago: a resubmission, or really a second report?
        form.general_errors.append(("", Message(NEAR_DUPLICATE.msgid, id=twin.id)))
        form.reused, form.ask_duplicate = twin, True
        return _render_form(form, event, kind_, status=409)
    try:
        report, created = services.create_report_once(db, kind_, data, current_user.id, token)
    except services.OutOfScope as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _render_form(form, event, kind_, status=403)
    except services.KeyReused as exc:
        # Sent again after a change (Back, edit, Save): say so, and where the first one is.
        db.rollback()
        form.general_errors.append(("", FORM_CHANGED))
        form.reused = exc.report
        return _render_form(form, event, kind_, status=422)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _render_form(form, event, kind_, status=422)
    db.commit()
    flash(_("Report saved.") if created else _("This report was already saved; here it is."), "ok")
    return redirect(url_for(".show", report_id=report.id))


def _defaults(form: ReportForm, db: sa.orm.Session, event: Event, kind: ReportKind) -> None:
    """Now, the user's last area (or the parent's area), the page's one-time token."""
    # The token rides in the page's address (reports.js puts it there): Back to this page and Save
    # again sends the same token, a replay, not a second report.
    given = request.args.get("form", "")
    form.token.data = given if TOKEN_RE.fullmatch(given) else secrets.token_urlsafe(16)
    local_now = now_utc().astimezone(event.tz)
    getattr(form, MAIN_TIME[kind]).data = VagueTime(local_now.date().isoformat(), local_now.strftime("%H:%M"),
                                                    "exact")
    area_id = request.args.get("area", type=int) or current_user.last_area_id
    for ref in ("outage", "operation"):
        parent_id = request.args.get(ref, type=int)
        if is_id(parent_id) and f"{ref}_id" in form._fields:
            parent = db.get(Report, parent_id)
            if parent is not None and any(v == str(parent.id) for v, _label in form[f"{ref}_id"].choices):
                form[f"{ref}_id"].data = str(parent.id)
                area_id = parent.area_id
    if area_id and any(value == str(area_id) for value, _label in form.area_id.choices):
        form.area_id.data = str(area_id)


# ---- reading --------------------------------------------------------------------------------

def _int_arg(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if is_id(value) else None


def _day_arg(event: Event) -> date | None:
    """The ?day= filter: a day of the event, or none; anything else is a 400 naming it."""
    from incidents.inputs import BadField

    text = request.args.get("day", "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadField("day", _("give a date as YYYY-MM-DD")) from None
    days = event_days(event, now_utc())
    if not days or not days[0] <= day <= days[-1]:
        raise BadField("day", _("not a day of this event"))
    return day


@bp.route("/events/<int:event_id>/reports")
@requires(READ)
def event_list(event_id: int) -> ResponseReturnValue:
    """An event's reports, filtered by kind, subdistrict, place, day, status and reporter; paged."""
    db = request_session()
    event = event_or_404(db, event_id)
    kind = request.args.get("kind") if request.args.get("kind") in {k.value for k in ReportKind} else None
    status = request.args.get("status") if request.args.get("status") in STATUS_FILTERS else "live"
    day = _day_arg(event)
    page = max(_int_arg("page") or 1, 1)
    size = current_app.config.get("PAGE_SIZE", 50)
    subdistrict_id, area_id, reporter_id = _int_arg("subdistrict"), _int_arg("area"), _int_arg("reporter")
    reports, total = services.list_reports(db, event, page=page, page_size=size, kind=kind,
                                           subdistrict_id=subdistrict_id, area_id=area_id, day=day,
                                           status=status, reporter_id=reporter_id)
    subdistricts = list(db.scalars(sa.select(Area).where(Area.level == "subdistrict").order_by(Area.name)))
    pages = max((total + size - 1) // size, 1)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    can_coordinate = allows(current_user.role, COORDINATE)
    return render_template(
        "reports/list.html", event=event, reports=reports, total=total, page=page, pages=pages, args=args,
        kinds=list(ReportKind), statuses=STATUS_FILTERS, subdistricts=subdistricts,
        areas=area_paths(db), days=event_days(event, now_utc()), reporters=services.event_reporters(db, event.id),
        selected={"kind": kind or "", "status": status, "day": day.isoformat() if day else "",
                  "subdistrict": subdistrict_id, "area": area_id, "reporter": reporter_id},
        can_coordinate=can_coordinate, status_form=StatusForm(),
        can_report=allows(current_user.role, REPORT),
    )


def history_rows(db: sa.orm.Session, report: Report) -> list[dict[str, Any]]:
    """The audit trail of a report: who, when, what, and which fields changed from what to what."""
    from incidents.auth.models import User

    skip = {"updated_at", "version", "created_at", "verified_at", "verified_by_id", "status", "status_reason"}
    entries = audit.history(db, "reports", report.id)
    users = {u.id: u for u in db.scalars(sa.select(User).where(User.id.in_({e.user_id for e in entries})))}
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        # A time and its precision, a quantity and its "more than" switch, change as one field.
        owner = {precision_field(k): k for k in after if precision_field(k) in after and k != precision_field(k)}
        changed: list[str] = []
        if entry.before is not None:
            for key in after:
                if key in skip or before.get(key) == after.get(key):
                    continue
                base = owner.get(key) or (key.removesuffix("_lb") if key.endswith("_lb") else key)
                if base not in changed:
                    changed.append(base)
        changes = [_change(db, report, k, before, after) for k in changed]
        user = users.get(entry.user_id) if entry.user_id is not None else None  # None: the system did it
        rows.append({"entry": entry, "user": user, "changes": changes,
                     "reason": after.get("status_reason") if entry.action in ("return", "retract") else None})
    return rows


def field_types(kind: ReportKind) -> dict[str, str]:
    """The fields a detail page shows for a kind, in order, with their types."""
    from incidents.reports.validation import COMMON, FIELDS, TIME

    derived = kind in (ReportKind.OUTAGE, ReportKind.PUMPING_VOLUME, ReportKind.DEBRIS)
    types = {} if derived else {"observed_at": TIME}
    if kind is ReportKind.PUMPING:
        types = {"team": "text", "observed_at": TIME}
    types.update({k: v for k, v in FIELDS[kind].items() if k not in types})
    if kind is ReportKind.OUTAGE:
        types["restored_at"] = TIME
    types.update({k: v for k, v in COMMON.items() if k not in types and k != "observed_at"})
    return types


def kind_labels(kind: ReportKind) -> dict[str, Any]:
    """Field labels as a kind's form words them (a pumping's observed time is its start)."""
    return {**LABELS, "observed_at": OBSERVED_LABELS.get(kind, LABELS["observed_at"])}


def _change(db: sa.orm.Session, report: Report, key: str, before: dict[str, Any],
            after: dict[str, Any]) -> dict[str, Any]:
    """One changed field of an audit entry, with what its display needs (times parsed, names looked up)."""
    from datetime import datetime

    ftype = {**field_types(report.kind), "counts": "counts", "area_id": "area"}.get(key, "text")
    change: dict[str, Any] = {"field": key, "type": ftype}
    for side, values in (("before", before), ("after", after)):
        value = values.get(key)
        if ftype == "time" and isinstance(value, str):
            value = datetime.fromisoformat(value)
        change[side] = value
        change[f"{side}_p"] = values.get(precision_field(key))
        change[f"{side}_lb"] = values.get(f"{key}_lb")
        if ftype == "area" and isinstance(value, int):
            area = db.get(Area, value)
            change[f"{side}_area"] = area.name if area else None
    if ftype == "counts":
        change["names"] = {c.code: (c.name_en if _lang() == "en" else c.name_zh) for c in _categories(db)}
    return change


def _history_link(report: Report) -> str | None:
    """The generic history page of the audit domain, when it exists."""
    for endpoint in ("audit.history", "audit.entity_history", "audit.show"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, entity="reports", entity_id=report.id)
            except Exception:  # noqa: BLE001 - a differently shaped route: show the rows here instead
                return None
    return None


@bp.route("/reports/<int:report_id>")
@requires(READ)
def show(report_id: int) -> ResponseReturnValue:
    """One report, every field as honestly as it was reported, with its history."""
    db = request_session()
    report = _report(db, report_id)
    children: list[Report] = list(getattr(report, "updates", []) or getattr(report, "volumes", []) or [])
    return render_template(
        "reports/show.html", report=report, event=report.event, labels=kind_labels(report.kind), children=children,
        actions=ACTIONS,
        types=field_types(report.kind),
        history=history_rows(db, report), history_link=_history_link(report),
        can_edit=can_edit_report(db, current_user, report) and report.status is not ReportStatus.RETRACTED,
        can_retract=can_edit_report(db, current_user, report),
        can_coordinate=allows(current_user.role, COORDINATE) and can_edit_report(db, current_user, report),
        can_report=allows(current_user.role, REPORT), status_form=StatusForm(),
        categories={c.code: c for c in _categories(db)},
    )


# ---- changing -------------------------------------------------------------------------------

@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@requires(REPORT)
def edit(report_id: int) -> ResponseReturnValue:
    """Correct a report: a new version; a stale version gets a 409 page, never a silent overwrite."""
    db = request_session()
    report = _report(db, report_id)
    if not can_edit_report(db, current_user, report) or report.status is ReportStatus.RETRACTED:
        abort(403)
    event = report.event
    form = form_class(report.kind, _categories(db))()
    _prepare(form, db, event)
    if request.method == "GET":
        form.fill(report, event.tz)
        return _render_form(form, event, report.kind, report=report)
    if not form.validate() and _csrf_failed(form):
        form.general_errors.append(("csrf", FORM_EXPIRED))
        return _render_form(form, event, report.kind, report=report, status=400)
    try:
        expected = int(form.version.data)
    except (TypeError, ValueError):
        expected = -1
    if expected != report.version:
        return _stale(report, form)
    data, found = form.to_data(event.tz)
    data["event_id"] = event.id
    if report.kind is ReportKind.DISINFECTION:
        data.setdefault("counts", {})
    scope = scope_problems(db, report.kind, data)
    found = {**found, **scope}
    if found:
        form.show_errors(all_errors(db, report.kind, {**data}, found))
        return _render_form(form, event, report.kind, report=report, status=403 if scope else 422)
    was_returned = report.status is ReportStatus.RETURNED
    try:
        services.edit_report(db, report, data, current_user.id, expected_version=expected)
        if was_returned:
            # A report sent back and corrected goes back for review.
            services.set_status(db, report, ReportStatus.SUBMITTED, current_user.id)
    except services.StaleEdit as exc:
        db.rollback()
        current: Report = exc.current
        return _stale(current, form)
    except services.OutOfScope as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _render_form(form, event, report.kind, report=report, status=403)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _render_form(form, event, report.kind, report=report, status=422)
    db.commit()
    flash(_("Changes saved (version %(v)s).", v=report.version), "ok")
    return redirect(url_for(".show", report_id=report.id))


def _stale(current: Report, form: ReportForm) -> tuple[str, int]:
    db = request_session()
    db.refresh(current)
    return render_template("reports/stale.html", report=current, event=current.event, form=form,
                           history=history_rows(db, current), labels=kind_labels(current.kind),
                           types=field_types(current.kind),
                           actions=ACTIONS,
                           categories={c.code: c for c in _categories(db)}), 409


@bp.route("/reports/<int:report_id>/status", methods=["POST"])
@requires(REPORT)
def change_status(report_id: int) -> ResponseReturnValue:
    """Verify or send back (coordinators), retract (the reporter or a coordinator), restore (coordinators)."""
    db = request_session()
    report = _report(db, report_id)
    form = StatusForm()
    if not form.validate():
        abort(400)
    actions = {"verify": ReportStatus.VERIFIED, "return": ReportStatus.RETURNED,
               "retract": ReportStatus.RETRACTED, "restore": ReportStatus.SUBMITTED}
    status = actions.get(form.action.data or "") or abort(400)
    if not can_edit_report(db, current_user, report):
        abort(403)
    if status is not ReportStatus.RETRACTED and not allows(current_user.role, COORDINATE):
        abort(403)
    back = safe_next(form.next.data) if form.next.data else url_for(".show", report_id=report.id)
    try:
        services.set_status(db, report, status, current_user.id, reason=form.reason.data)
    except ValidationError as exc:
        db.rollback()
        for field, message in exc.errors.items():
            flash(f"{LABELS.get(field, field)}: {translate(message)}", "error")
        return redirect(back)
    db.commit()
    done = {ReportStatus.VERIFIED: _("Report verified."), ReportStatus.RETURNED: _("Report sent back."),
            ReportStatus.RETRACTED: _("Report retracted; it is kept but no longer counts."),
            ReportStatus.SUBMITTED: _("Report restored.")}
    flash(done[status], "ok")
    return redirect(back)
