"""Changing a report: correct it (a new version; a stale one gets a 409 page, never a silent overwrite), and
verify / send back / retract / restore it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth import held
from incidents.auth.decorators import requires, reshows_when_expired
from incidents.auth.permissions import REPORT
from incidents.auth.policy import edit_refusal, status_refusal
from incidents.auth.views import safe_next
from incidents.errors import Message, ValidationError
from incidents.inputs import BadField, Refused
from incidents.labels import field_problem
from incidents.limits import GARBLED_VERSION, form_version
from incidents.reports import services
from incidents.reports.blueprint import bp
from incidents.reports.display import (
    categories,
    field_types,
    history_rows,
    kind_labels,
    translate,
)
from incidents.reports.form_pages import (
    all_errors,
    csrf_failed,
    held_page,
    render_form,
    report_or_404,
    say_held,
    scope_problems,
)
from incidents.reports.forms import (
    ACTIONS,
    LABELS,
    ReportForm,
    StatusForm,
    form_class,
)
from incidents.reports.messages import FORM_EXPIRED, STATUS_STALE, UNKNOWN_ACTION
from incidents.reports.models import (
    Report,
    ReportKind,
    ReportStatus,
)
from incidents.reports.show_views import show_page
from incidents.request_db import request_session


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@reshows_when_expired  # a stale CSRF token shows the form again, every value kept
@requires(REPORT)
def edit(report_id: int) -> ResponseReturnValue:
    """Correct a report: a new version; a stale version gets a 409 page, never a silent overwrite."""
    db = request_session()
    report = report_or_404(db, report_id)
    if refused := edit_refusal(db, current_user, report):
        raise Refused(*refused)  # the error page translates it
    if report.status is ReportStatus.RETRACTED:
        abort(403)
    event = report.event
    back = held.take(current_user.id) if request.method == "GET" else None
    form = form_class(report.kind, lambda: categories(db))(**({"formdata": back.fields} if back else {}))
    if back is not None:  # sent as the sign-in ended: as typed, with the version it was typed on (a 409 if stale)
        say_held()
        return held_page(render_form(form, event, report.kind, report=report))
    if request.method == "GET":
        form.fill(report, event.tz)
        return render_form(form, event, report.kind, report=report)
    if not form.validate() and csrf_failed(form):
        form.general_errors.append(("csrf", FORM_EXPIRED))
        return render_form(form, event, report.kind, report=report, status=400)
    expected = form_version(form.version.data)
    if expected is None:
        form.general_errors.append(("version", GARBLED_VERSION))
        return render_form(form, event, report.kind, report=report, status=400)
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
        return render_form(form, event, report.kind, report=report, status=403 if scope else 422)
    was_returned = report.status is ReportStatus.RETURNED
    was_verified = report.status is ReportStatus.VERIFIED
    try:
        # A report sent back and corrected goes back for review (the service does it).
        services.correct_report(db, report, data, current_user.id, expected_version=expected)
        held.settle(db, "version", request.form.get("version", ""))  # a correction held for this login: stored
    except services.StaleEdit as exc:
        db.rollback()
        current: Report = exc.current
        return _stale(current, form)
    except services.OutOfScope as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return render_form(form, event, report.kind, report=report, status=403)
    except ValidationError as exc:
        db.rollback()
        form.show_errors(exc.errors)
        return render_form(form, event, report.kind, report=report, status=422)
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
    report = report_or_404(db, report_id)
    form = StatusForm()
    if not form.validate():
        abort(400)
    actions = {"verify": ReportStatus.VERIFIED, "return": ReportStatus.RETURNED,
               "retract": ReportStatus.RETRACTED, "restore": ReportStatus.SUBMITTED}
    status = actions.get(form.action.data or "")
    if status is None:
        raise BadField("action", translate(Message(UNKNOWN_ACTION.msgid, actions=", ".join(actions))))
    if refused := status_refusal(db, current_user, report, status):
        raise Refused(*refused)  # the error page translates it
    seen = form_version(form.version.data)
    if seen is None:
        raise BadField("version", translate(GARBLED_VERSION))
    if seen != report.version:
        # Verified or sent back unseen, a correction saved meanwhile would pass as reviewed: the page again.
        flash(translate(Message(STATUS_STALE.msgid, version=report.version)), "error")
        return show_page(db, report, 409)
    back = safe_next(form.next.data) if form.next.data else url_for(".show", report_id=report.id)
    try:
        services.set_status(db, report, status, current_user.id, reason=form.reason.data)
    except ValidationError as exc:
        db.rollback()
        for field, message in exc.errors.items():
            flash(field_problem(field, translate(message), LABELS), "error")
        # A refusal is a 4xx, not a redirect that reads as done: the report's page, its reason on top.
        return show_page(db, report_or_404(db, report.id), 422)
    db.commit()
    done = {ReportStatus.VERIFIED: _("Report verified."), ReportStatus.RETURNED: _("Report sent back."),
            ReportStatus.RETRACTED: _("Report retracted; it is kept but no longer counts."),
            ReportStatus.SUBMITTED: _("Report restored.")}
    flash(done[status], "ok")
    return redirect(back)
