"""Report pages: log a report of any kind, read one with its history,
edit it (optimistic lock), verify / send back / retract / restore. What the pages show beside the forms
(places as paths, a report's history) is display.py; the list, its downloads and bulk actions list_views.py;
the questions a form asks before saving doubts.py.

Around 500 lines: each page spells out its own form handling (CSRF, a stale edit, a near-duplicate,
a resubmitted one-time token), and a report's write path reads best in one file.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.decorators import requires
from incidents.auth.permissions import COORDINATE, READ, REPORT, allows
from incidents.auth.policy import (
    can_attach_to,
    can_edit_report,
    can_set_status,
    parents_in_scope,
    visible_area_ids,
)
from incidents.auth.views import safe_next
from incidents.db import locks_at_first_write, now_utc, request_session
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.events.services import for_reporting, get_event
from incidents.formatting import fmt_quantity, fmt_time, shows_year
from incidents.limits import is_id
from incidents.reports import answers, doubts, services
from incidents.reports.display import (
    area_paths,
    categories,
    field_types,
    history_rows,
    kind_labels,
    lang,
    translate,
)
from incidents.reports.forms import (
    ACTIONS,
    LABELS,
    MAIN_TIME,
    PRECISION_CHOICES,
    UNITS,
    ReportForm,
    StatusForm,
    VagueTime,
    form_class,
)
from incidents.reports.messages import FORM_CHANGED, FORM_EXPIRED
from incidents.reports.models import (
    CategoryKind,
    PowerOutage,
    PumpingOperation,
    Report,
    ReportKind,
    ReportStatus,
)
from incidents.reports.validation import required_fields, validate_report

bp = Blueprint("reports", __name__)

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@bp.app_context_processor
def _report_helpers() -> dict[str, Any]:
    def user_can(permission: str) -> bool:
        return bool(current_user and current_user.is_authenticated and allows(current_user.role, permission))

    link = None
    if user_can(REPORT) and request.endpoint not in ("reports.start", "reports.choose_kind", "reports.create"):
        link = {"url": url_for("reports.start"), "label": "＋ " + _("New report")}
    return {"user_can": user_can, "report_link": link}


@bp.app_context_processor
def _returned() -> dict[str, Any]:
    def returned_reports(event: Event) -> dict[str, Any] | None:
        """The user's reports of this event sent back to them: how many, and the list of them."""
        if not (current_user and current_user.is_authenticated and allows(current_user.role, REPORT)):
            return None
        if "returned_counts" not in g:
            g.returned_counts = services.returned_counts(request_session(), current_user.id)
        count = g.returned_counts.get(event.id)
        if not count:
            return None
        # To the list itself: on a phone the open filters above it fill the first screen.
        return {"count": count, "url": url_for("report_list.event_list", event_id=event.id, status="returned",
                                               reporter=current_user.id, _anchor="reports")}

    return {"returned_reports": returned_reports}


@bp.app_context_processor
def _units() -> dict[str, Any]:
    return {"report_units": UNITS}


@bp.app_template_filter("message")
def _message_filter(message: Any) -> str:
    return translate(message)


# ---- helpers ---------------------------------------------------------------------------------

def event_or_404(db: sa.orm.Session, event_id: int) -> Event:
    """The event, or a 404; its zone becomes the page's display zone."""
    event = (get_event(db, event_id) if is_id(event_id) else None) or abort(404)
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


def _parent_choices(db: sa.orm.Session, event: Event, kind: ReportKind) -> list[tuple[str, str]]:
    parents = parents_in_scope(db, current_user, services.open_parents(db, event.id, kind))
    choices = [("", _("Choose…"))]
    for p in parents:
        place = p.area.name_en if lang() == "en" and p.area.name_en else p.area.name
        if kind is ReportKind.OUTAGE:
            assert isinstance(p, PowerOutage)  # open_parents lists reports of the kind asked for
            since = fmt_time(p.started_at, p.started_precision, event.tz, lang())
            # Its size and number too: two outages at one place in one minute read the same by time alone.
            size = None
            if p.households_affected is not None:
                size = fmt_quantity(p.households_affected, p.households_affected_lb, _("households"), lang())
            elif p.buildings_affected is not None:
                size = fmt_quantity(p.buildings_affected, p.buildings_affected_lb, _("buildings"), lang())
            text = " · ".join(filter(None, (_("%(place)s, since %(t)s", place=place, t=since), size, f"#{p.id}")))
            choices.append((str(p.id), text))
        else:
            # The only other parent kind (kind_rules.PARENTS) is the pumping operation.
            assert isinstance(p, PumpingOperation)
            # Since when, as for outages: one team at one place on two days would read the same.
            team = p.team_en if lang() == "en" and p.team_en else p.team
            since = fmt_time(p.observed_at, p.observed_precision, event.tz, lang())
            who = f"{place} · {team}"
            choices.append((str(p.id), _("%(place)s, since %(t)s", place=who, t=since)))
    return choices


def _prepare(form: ReportForm, db: sa.orm.Session, event: Event) -> None:
    """Fill the choices of the form's selects."""
    form.area_id.choices = [("", _("Choose a place…"))] + [
        (str(i), label) for i, label in area_paths(db, visible_area_ids(db, current_user))]
    if "outage_id" in form._fields:
        form.outage_id.choices = _parent_choices(db, event, ReportKind.OUTAGE)
    if "operation_id" in form._fields:
        form.operation_id.choices = _parent_choices(db, event, ReportKind.PUMPING)
    if form.kind is ReportKind.ZERO_REPORT:
        # A zero report answers for a whole subdistrict or town, for one brief's day.
        from incidents.formatting import fmt_calendar_day
        from incidents.reports import zero

        form.area_id.choices = [("", _("Choose a place…"))] + [
            (str(a.id), a.name_en if lang() == "en" and a.name_en else a.name)
            for a in zero.own_subdistricts(db, current_user)]
        form.period_day.choices = [(d.isoformat(), fmt_calendar_day(d, event.tz, lang()))
                                   for d in zero.period_days(event, now_utc())]


def _render_form(form: ReportForm, event: Event, kind: ReportKind, report: Report | None = None,
                 status: int = 200) -> tuple[str, int]:
    categories = getattr(form, "categories", [])
    # An update or a volume with nothing to attach to: say why, and where to start instead.
    parents = (("outage_id", ReportKind.OUTAGE), ("operation_id", ReportKind.PUMPING))
    no_parent = next((parent for name, parent in parents
                      if name in form._fields and not any(value for value, _label in form[name].choices)), None)
    return render_template(
        "reports/form.html", form=form, event=event, kind=kind, report=report, no_parent=no_parent,
        scoped=current_user.scope_area_id is not None,
        sites=[c for c in categories if c.kind is CategoryKind.SITE],
        equipment=[c for c in categories if c.kind is CategoryKind.EQUIPMENT],
        labels=LABELS, precisions=PRECISION_CHOICES, required=required_fields(kind), main_time=MAIN_TIME.get(kind, ""),
        checks={name: translate(message) for name, message in answers.CHECKS.items()},
    ), status


def scope_problems(db: sa.orm.Session, kind: ReportKind, data: dict[str, Any]) -> dict[str, Any]:
    """{field: message} for a place or parent outside the current user's scope."""
    return services.scope_errors(db, kind, data, current_user)


def all_errors(db: sa.orm.Session, kind: ReportKind, data: dict[str, Any],
               found: dict[str, Any], editing: Report | None = None) -> dict[str, Any]:
    """Typing and scope errors together with every rule's message, so one round trip shows all (a rule needing
    a field refused here is not judged: validate_report's `unparsed`). `editing`: the report an edit changes,
    judged as its save judges it (what it leaves as stored is allowed as there)."""
    unparsed = {"mass_kg" if name == "mass_t" else name for name in found}
    try:
        if editing is None:
            validate_report(db, kind, data, unparsed=unparsed)
        else:
            stored = services.stored_values(editing)
            validate_report(db, kind, {**stored, **data}, reported_at=editing.reported_at, editing=True,
                            stored=stored, unparsed=unparsed)
    except ValidationError as exc:
        return {**exc.errors, **found}
    return found


def _csrf_failed(form: Any) -> bool:
    return bool(getattr(form, "csrf_token", None) is not None and form.csrf_token.errors)


# ---- logging a report ------------------------------------------------------------------------

@bp.route("/reports/new")
@requires(REPORT)
def start() -> ResponseReturnValue:
    """Log a report: straight to the user's last event (unless it ended while another runs), else pick one."""
    db = request_session()
    events = for_reporting(db, current_user.scope_area_id)
    running = [e for e in events if e.ends_at is None]
    last = next((e for e in events if e.id == current_user.last_event_id), None)
    # An ended event is never chosen silently while another is running: a late report is a choice.
    if last is not None and not request.args.get("choose") and (last.ends_at is None or not running):
        return redirect(url_for(".choose_kind", event_id=last.id))
    if len(events) == 1:
        return redirect(url_for(".choose_kind", event_id=events[0].id))
    return render_template("reports/start.html", running=running, ended=[e for e in events if e.ends_at is not None],
                           last=last)


@bp.route("/events/<int:event_id>/reports/new")
@requires(REPORT)
def choose_kind(event_id: int) -> ResponseReturnValue:
    """What to log: one big button per kind."""
    db = request_session()
    event = event_or_404(db, event_id)
    running = [e for e in for_reporting(db, current_user.scope_area_id) if e.ends_at is None] \
        if event.ends_at is not None else []
    kinds = [ReportKind.OUTAGE, ReportKind.OUTAGE_UPDATE, ReportKind.PUMPING, ReportKind.PUMPING_VOLUME,
             ReportKind.DISINFECTION, ReportKind.DEBRIS, ReportKind.ACTIVITY, ReportKind.ZERO_REPORT]
    return render_template("reports/new.html", event=event, kinds=kinds, running=running)


@bp.route("/events/<int:event_id>/reports/new/<kind>", methods=["GET", "POST"])
@locks_at_first_write
@requires(REPORT)
def create(event_id: int, kind: str) -> ResponseReturnValue:
    """The form of one kind; one report per one-time token, however often it is sent."""
    db = request_session()
    event = event_or_404(db, event_id)
    kind_ = _kind(kind)
    form = form_class(kind_, categories(db))()
    _prepare(form, db, event)
    if request.method == "GET":
        _defaults(form, db, event, kind_)
        return _render_form(form, event, kind_)
    if not form.validate() and _csrf_failed(form):
        form.general_errors.append(("csrf", FORM_EXPIRED))
        return _refuse(form, event, kind_, 400)
    token = (form.token.data or "").strip()
    if not token or len(token) > services.MAX_KEY_LENGTH:
        token = form.token.data = secrets.token_urlsafe(16)
    data, found = form.to_data(event.tz)
    data["event_id"] = event.id
    scope = scope_problems(db, kind_, data)
    found = {**found, **scope}
    if found:
        form.show_errors(all_errors(db, kind_, data, found))
        return _refuse(form, event, kind_, 403 if scope else 422)
    if not request.form.get("confirm_duplicate"):
        try:  # a report the rules refuse is told so, not asked about
            doubt = doubts.doubt(db, kind_, data, current_user.id, token, event.tz, lang())
        except ValidationError as exc:
            form.show_errors(exc.errors)
            return _refuse(form, event, kind_, 422)
        if doubt is not None:
            form.general_errors.append((doubt.field, doubt.message))
            form.reused, form.ask_duplicate = doubt.report, True
            return _refuse(form, event, kind_, 409)
    try:
        report, created = services.create_report_once(db, kind_, data, current_user.id, token)
    except services.OutOfScope as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _refuse(form, event, kind_, 403)
    except services.KeyReused as exc:
        # Sent again after a change (Back, edit, Save): say so, and where the first one is.
        db.rollback()
        form.general_errors.append(("", FORM_CHANGED))
        form.reused, form.key_reused = exc.report, True
        return _refuse(form, event, kind_, 422)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return _refuse(form, event, kind_, 422)
    db.commit()
    if not answers.quiet():
        flash(_("Report saved.") if created else _("This report was already saved; here it is."), "ok")
        ended = event.ends_at
        if ended is not None and report.observed_at is not None and report.observed_at > ended:
            flash(_("It was observed after the event ended (%(t)s): it does not count in the event's "
                    "timeline or briefs unless the event is reopened.",
                    t=fmt_time(ended, None, event.tz, lang(), year=shows_year(ended, event.tz))), "warn")
    if answers.wanted():
        return answers.saved(report, created)
    return redirect(url_for(".show", report_id=report.id))


def _refuse(form: ReportForm, event: Event, kind: ReportKind, status: int) -> ResponseReturnValue:
    """The form again with its messages (the values sent kept as sent); for the outbox, the messages in JSON."""
    if answers.wanted():
        return answers.refused(form, status, translate)
    if kind is ReportKind.PUMPING_VOLUME:  # for reports.js, as on the first showing; the start sent stays
        _volume_starts(form, request_session(), event)
    return _render_form(form, event, kind, status=status)


def _defaults(form: ReportForm, db: sa.orm.Session, event: Event, kind: ReportKind) -> None:
    """Now, the user's last area (or the parent's area), the page's one-time token."""
    # The token rides in the page's address (reports.js puts it there): Back to this page and Save
    # again sends the same token, a replay, not a second report.
    given = request.args.get("form", "")
    form.token.data = given if TOKEN_RE.fullmatch(given) else secrets.token_urlsafe(16)
    local_now = now_utc().astimezone(event.tz)
    if kind in MAIN_TIME:
        getattr(form, MAIN_TIME[kind]).data = VagueTime(local_now.date().isoformat(), local_now.strftime("%H:%M"),
                                                        "exact")
    else:  # a zero report: the period open now, the user's own subdistrict
        form.period_day.data = form.period_day.choices[0][0] if form.period_day.choices else ""
    own = current_user.scope_area_id if kind is ReportKind.ZERO_REPORT else None
    area_id = request.args.get("area", type=int) or own or current_user.last_area_id
    for ref in ("outage", "operation"):
        parent_id = request.args.get(ref, type=int)
        if is_id(parent_id) and f"{ref}_id" in form._fields:
            parent = db.get(Report, parent_id)
            if parent is not None and any(v == str(parent.id) for v, _label in form[f"{ref}_id"].choices):
                form[f"{ref}_id"].data = str(parent.id)
                area_id = parent.area_id
            elif parent is not None and parent.event_id == event.id and not can_attach_to(db, current_user, parent):
                form.outside_parent = parent  # said on the form, not silently dropped
    if area_id and any(value == str(area_id) for value, _label in form.area_id.choices):
        form.area_id.data = str(area_id)
    if kind is ReportKind.PUMPING_VOLUME:
        starts = _volume_starts(form, db, event)
        if form.operation_id.data in starts:
            form.period_start.data = starts[form.operation_id.data]


def _volume_starts(form: ReportForm, db: sa.orm.Session, event: Event) -> dict[str, VagueTime]:
    """Where a volume of each operation starts: where its last one ended (else at its start), by operation id;
    also put on the form for reports.js, which fills the start as an operation is chosen."""
    import json

    from incidents.reports.forms import PumpingVolumeForm
    from incidents.reports.prefill import volume_starts

    assert isinstance(form, PumpingVolumeForm)
    starts = {str(op): VagueTime.of(at, precision, event.tz) for op, (at, precision) in volume_starts(
        db, [int(value) for value, _label in form.operation_id.choices if value]).items()}
    # Plain text, escaped into the select's attribute by the template.
    form.period_starts = json.dumps({op: [t.day, t.clock, t.precision] for op, t in starts.items()},
                                    ensure_ascii=False)
    return starts


# ---- reading --------------------------------------------------------------------------------

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
    return _show_page(db, _report(db, report_id))


def _show_page(db: sa.orm.Session, report: Report, status: int = 200) -> ResponseReturnValue:
    """The report's page (a status change refused comes back to it, with its reason, as a 422)."""
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
        # An update or a volume for this outage or operation: only where the user may write one.
        can_attach=allows(current_user.role, REPORT) and can_attach_to(db, current_user, report),
        categories={c.code: c for c in categories(db)},
        **_nearest_teams(db, report),
    ), status


def _nearest_teams(db: sa.orm.Session, report: Report) -> dict[str, Any]:
    """An outage's nearest pumping teams under way (now, or at its event's end), by geodesic distance."""
    if not isinstance(report, PowerOutage):
        return {}
    from incidents.maps.services import nearest_teams
    from incidents.timelines.moments import resolved

    at, known = resolved(report.event, None, None)
    return {"teams": nearest_teams(db, report, at, known), "teams_at": at}


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
    form = form_class(report.kind, categories(db))()
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
        form.show_errors(all_errors(db, report.kind, data, found, editing=report))
        return _render_form(form, event, report.kind, report=report, status=403 if scope else 422)
    was_returned = report.status is ReportStatus.RETURNED
    was_verified = report.status is ReportStatus.VERIFIED
    try:
        # A report sent back and corrected goes back for review (the service does it).
        services.correct_report(db, report, data, current_user.id, expected_version=expected)
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
    if report.version == expected and was_returned:
        flash(_("Nothing was changed: the report is still sent back. Correct what the reason asks, then save."), "warn")
    elif report.version == expected:
        flash(_("Nothing was changed: the report stays as it was (version %(v)s).", v=report.version), "warn")
    elif (was_returned or was_verified) and report.status is ReportStatus.SUBMITTED:
        # A verified report changed by someone who may not verify it goes back for review: said, not hidden.
        flash(_("Correction saved (version %(v)s): the report is submitted again and awaits review.",
                v=report.version), "ok")
    else:
        flash(_("Changes saved (version %(v)s).", v=report.version), "ok")
    return redirect(url_for(".show", report_id=report.id))


def _stale(current: Report, form: ReportForm) -> tuple[str, int]:
    db = request_session()
    db.refresh(current)
    return render_template("reports/stale.html", report=current, event=current.event, form=form,
                           history=history_rows(db, current), labels=kind_labels(current.kind),
                           types=field_types(current.kind),
                           actions=ACTIONS,
                           categories={c.code: c for c in categories(db)}), 409


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
    if not can_set_status(db, current_user, report, status):
        abort(403)
    back = safe_next(form.next.data) if form.next.data else url_for(".show", report_id=report.id)
    try:
        services.set_status(db, report, status, current_user.id, reason=form.reason.data)
    except ValidationError as exc:
        db.rollback()
        for field, message in exc.errors.items():
            flash(f"{LABELS.get(field, field)}{_(': ')}{translate(message)}", "error")
        # A refusal is a 4xx, not a redirect that reads as done: the report's page, its reason on top.
        return _show_page(db, _report(db, report.id), 422)
    db.commit()
    done = {ReportStatus.VERIFIED: _("Report verified."), ReportStatus.RETURNED: _("Report sent back."),
            ReportStatus.RETRACTED: _("Report retracted; it is kept but no longer counts."),
            ReportStatus.SUBMITTED: _("Report restored.")}
    flash(done[status], "ok")
    return redirect(back)
