"""Logging a report: choose the event and the kind, then the kind's form; one report per one-time token,
however often it is sent (a stale page, a near-duplicate and a replay each said on the form)."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.areas.tree import ancestry
from incidents.auth import held
from incidents.auth.decorators import requires, reshows_when_expired
from incidents.auth.permissions import REPORT
from incidents.auth.policy import can_attach_to
from incidents.db import locks_at_first_write, now_utc
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.events.services import for_reporting
from incidents.formatting import fmt_time, shows_year
from incidents.inputs import ticked
from incidents.limits import is_id
from incidents.reports import answers, doubts, services, zero
from incidents.reports.blueprint import bp
from incidents.reports.display import (
    categories,
    lang,
    translate,
)
from incidents.reports.form_pages import (
    all_errors,
    csrf_failed,
    event_or_404,
    held_page,
    kind_or_404,
    prepare_form,
    render_form,
    say_held,
    scope_problems,
)
from incidents.reports.forms import (
    MAIN_TIME,
    ReportForm,
    VagueTime,
    form_class,
)
from incidents.reports.messages import FORM_CHANGED, FORM_EXPIRED
from incidents.reports.models import (
    Report,
    ReportKind,
)
from incidents.request_db import request_session

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@bp.route("/reports/new")
@requires(REPORT)
def start() -> ResponseReturnValue:
    """Log a report: straight to the user's last event (unless it ended while another runs), or to the one event
    running, else pick one."""
    db = request_session()
    events = for_reporting(db, current_user.scope_area_id)
    running = [e for e in events if e.ends_at is None]
    last = next((e for e in events if e.id == current_user.last_event_id), None)
    if not request.args.get("choose"):  # 其他事件 on the kind page asks for the choice
        # An ended event is never chosen silently while another is running: a late report is a choice.
        if last is not None and (last.ends_at is None or not running):
            return redirect(url_for(".choose_kind", event_id=last.id))
        # One running: nothing for a worker to decide (ended events stay a tap away, 其他事件).
        if len(running) == 1 or len(events) == 1:
            return redirect(url_for(".choose_kind", event_id=(running or events)[0].id))
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
             ReportKind.DISINFECTION, ReportKind.DEBRIS, ReportKind.ACTIVITY]
    # A zero report answers for a whole subdistrict: one scoped below it (a community worker) could never save one.
    if zero.own_subdistricts(db, current_user):
        kinds.append(ReportKind.ZERO_REPORT)
    return render_template("reports/new.html", event=event, kinds=kinds, running=running)


@bp.route("/events/<int:event_id>/reports/new/<kind>", methods=["GET", "POST"])
@reshows_when_expired  # a stale CSRF token shows the form again, every value kept
@locks_at_first_write
@requires(REPORT)
def create(event_id: int, kind: str) -> ResponseReturnValue:
    """The form of one kind; one report per one-time token, however often it is sent."""
    db = request_session()
    event = event_or_404(db, event_id)
    kind_ = kind_or_404(kind)
    back = held.take(current_user.id) if request.method == "GET" else None
    form = form_class(kind_, lambda: categories(db))(**({"formdata": back.fields} if back else {}))
    if back is not None:  # sent as the sign-in ended, before this login: as typed, its one-time key kept
        say_held()
        return held_page(_refuse(form, event, kind_, 200))
    if request.method == "GET":
        prepare_form(form, db, event)  # its defaults start on a choice (the last place, an open parent)
        _defaults(form, db, event, kind_)
        return render_form(form, event, kind_)
    if not form.validate() and csrf_failed(form):
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
    if not ticked(request.form.get("confirm_duplicate"), "confirm_duplicate"):
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
        # Its values answer the POST (the redirect, the flash): the report as an object of the session was ~5% of
        # the form's POST (reports/speedups.py, CORE_INSERTS).
        report, created = services.add_report_once(db, kind_, data, current_user.id, token)
        held.settle(db, "token", request.form.get("token", ""))  # a form held for this login goes once stored
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
        prepare_form(form, request_session(), event)  # the operations offered, whose starts it gives
        _volume_starts(form, request_session(), event)
    return render_form(form, event, kind, status=status)


def _defaults(form: ReportForm, db: sa.orm.Session, event: Event, kind: ReportKind) -> None:
    """Now (on a running event), the user's last area (or the parent's area), the page's one-time token."""
    # The token rides in the page's address (reports.js puts it there): Back to this page and Save
    # again sends the same token, a replay, not a second report.
    given = request.args.get("form", "")
    form.token.data = given if TOKEN_RE.fullmatch(given) else secrets.token_urlsafe(16)
    local_now = now_utc().astimezone(event.tz)
    if kind in MAIN_TIME:
        # A late report tells of what happened during an ended event: now, after its end, would count nowhere, and
        # saved untouched it did. Left blank there (the form says why).
        if event.ends_at is None:
            clock = local_now.strftime("%H:%M")
            # Marked as the page's own (prefilled): beside a part of the day, left so, it is no clock the worker gave.
            getattr(form, MAIN_TIME[kind]).data = VagueTime(local_now.date().isoformat(), clock, "exact",
                                                            prefilled=clock)
    else:  # a zero report: the period open now, the user's own subdistrict
        form.period_day.data = form.period_day.choices[0][0] if form.period_day.choices else ""
    area_id = request.args.get("area", type=int) or current_user.last_area_id
    for ref in ("outage", "operation"):
        parent_id = request.args.get(ref, type=int)
        if f"{ref}_id" in form._fields and not is_id(parent_id) and current_user.last_area_id:
            # From the home page, the open outage (operation) at the place of the user's last report, when it is
            # the only one there: the worker who logged it comes back to it, not to a list of the whole district.
            at_last = [value for value, place in form.parent_places.items() if place == current_user.last_area_id]
            if len(at_last) == 1:
                form[f"{ref}_id"].data = at_last[0]
        if is_id(parent_id) and f"{ref}_id" in form._fields:
            parent = db.get(Report, parent_id)
            if parent is not None and any(v == str(parent.id) for v, _label in form[f"{ref}_id"].choices):
                form[f"{ref}_id"].data = str(parent.id)
                area_id = parent.area_id
            elif parent is not None and parent.event_id == event.id and not can_attach_to(db, current_user, parent):
                form.outside_parent = parent  # said on the form, not silently dropped
    offered = {value for value, _label in form.area_id.choices}
    if kind is ReportKind.ZERO_REPORT:
        # A zero report's place is a subdistrict: the one asked for, the user's own, else the one holding the last
        # place (a compound or site), found by the walk up; a district scope or a district remembered holds none.
        wanted = (request.args.get("area", type=int), current_user.scope_area_id, current_user.last_area_id)
        area_id = next((a for one in wanted if is_id(one) for a in ancestry(db, one) if str(a) in offered), None)
    if area_id and str(area_id) in offered:
        form.area_id.data = str(area_id)
    if kind is ReportKind.PUMPING:
        from incidents.reports.prefill import own_last_team

        # A crew reports its own pumping after pumping: its team was typed afresh on a phone every time.
        team = own_last_team(db, event.id, current_user.id)
        if team is not None:
            form.team.data, form.team_en.data = team
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
