"""What the report form pages share: the event or report of the address (a 404 else), the form's choices,
its page, and every error of a refused form at once."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, g, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.held import HELD_HEADER
from incidents.auth.policy import (
    parents_in_scope,
    visible_area_ids,
)
from incidents.db import now_utc
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.events.services import get_event
from incidents.formatting import fmt_quantity, fmt_time
from incidents.labels import form_labels
from incidents.limits import is_id
from incidents.reports import answers, services
from incidents.reports.display import (
    area_paths,
    lang,
    translate,
)
from incidents.reports.forms import (
    LABELS,
    MAIN_TIME,
    PRECISION_CHOICES,
    ReportForm,
)
from incidents.reports.models import (
    CategoryKind,
    PowerOutage,
    PumpingOperation,
    Report,
    ReportKind,
)
from incidents.reports.validation import required_fields, validate_report
from incidents.request_db import request_session


def event_or_404(db: sa.orm.Session, event_id: int) -> Event:
    """The event, or a 404; its zone becomes the page's display zone."""
    event = (get_event(db, event_id) if is_id(event_id) else None) or abort(404)
    g.display_tz = event.timezone
    return event


def report_or_404(db: sa.orm.Session, report_id: int) -> Report:
    """The report, or a 404; its event's zone becomes the page's display zone."""
    report = (db.get(Report, report_id) if is_id(report_id) else None) or abort(404)
    g.display_tz = report.event.timezone
    return report


def kind_or_404(kind: str) -> ReportKind:
    """The kind named in the address, or a 404."""
    try:
        return ReportKind(kind)
    except ValueError:
        abort(404)


def _parent_choices(form: ReportForm, db: sa.orm.Session, event: Event,
                    kind: ReportKind) -> list[tuple[str, str]]:
    """The open outages or pumping operations in the user's scope an update or a volume may be on (and, on the
    form, each one's place: the new form starts on the one at the user's last place)."""
    parents = parents_in_scope(db, current_user, services.open_parents(db, event.id, kind))
    form.parent_places = {str(p.id): p.area_id for p in parents}
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


def prepare_form(form: ReportForm, db: sa.orm.Session, event: Event) -> None:
    """Fill the choices of the form's selects (once), for a form about to be shown.

    Not for one only read: the rules check a place or a parent, not the choices (the select lists every place in
    scope, read from every area the database holds); a saved POST never built them (FORM_SAVED_UNSHOWN).
    """
    if form.prepared:
        return
    form.prepared = True
    form.area_id.choices = [("", _("Choose a place…"))] + [
        (str(i), label) for i, label in area_paths(db, visible_area_ids(db, current_user))]
    if "outage_id" in form._fields:
        form.outage_id.choices = _parent_choices(form, db, event, ReportKind.OUTAGE)
    if "operation_id" in form._fields:
        form.operation_id.choices = _parent_choices(form, db, event, ReportKind.PUMPING)
    if "team" in form._fields:
        from incidents.reports.prefill import recent_teams

        # Offered under the team field: a crew logging its third pump site taps its name, not types it again.
        form.suggestions["team"] = recent_teams(db, event.id, visible_area_ids(db, current_user))
    if form.kind is ReportKind.ZERO_REPORT:
        # A zero report answers for a whole subdistrict or town, for one brief's day.
        from incidents.formatting import fmt_calendar_day
        from incidents.reports import zero

        form.area_id.choices = [("", _("Choose a place…"))] + [
            (str(a.id), a.name_en if lang() == "en" and a.name_en else a.name)
            for a in zero.own_subdistricts(db, current_user)]
        form.period_day.choices = [(d.isoformat(), fmt_calendar_day(d, event.tz, lang()))
                                   for d in zero.period_days(event, now_utc())]


def render_form(form: ReportForm, event: Event, kind: ReportKind, report: Report | None = None,
                 status: int = 200) -> tuple[str, int]:
    prepare_form(form, request_session(), event)
    categories = getattr(form, "categories", [])
    # An update or a volume with nothing to attach to: say why, and where to start instead.
    parents = (("outage_id", ReportKind.OUTAGE), ("operation_id", ReportKind.PUMPING))
    no_parent = next((parent for name, parent in parents
                      if name in form._fields and not any(value for value, _label in form[name].choices)), None)
    # A zero report with no subdistrict to answer for (the user is scoped below one): said, not an empty list.
    no_subdistrict = kind is ReportKind.ZERO_REPORT and not any(value for value, _label in form.area_id.choices)
    return render_template(
        "reports/form.html", form=form, event=event, kind=kind, report=report, no_parent=no_parent,
        no_subdistrict=no_subdistrict,
        scoped=current_user.scope_area_id is not None,
        sites=[c for c in categories if c.kind is CategoryKind.SITE],
        equipment=[c for c in categories if c.kind is CategoryKind.EQUIPMENT],
        labels={**LABELS, **form_labels(form)}, precisions=PRECISION_CHOICES,
        required=required_fields(kind), main_time=MAIN_TIME.get(kind, ""),
        checks={name: translate(message) for name, message in answers.CHECKS.items()},
    ), status


def say_held() -> None:
    """Say the form is back as typed before this login, unsaved."""
    flash(_("What you typed before logging in again is back: it is not saved yet. Check it and save."), "warn")


def held_page(page: ResponseReturnValue) -> ResponseReturnValue:
    """The page giving a held form back, marked for the service worker to keep no copy of what was typed."""
    response = make_response(page)
    response.headers[HELD_HEADER] = "1"
    return response


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


def csrf_failed(form: Any) -> bool:
    """Whether the form was refused for its CSRF token (an expired page), not for its fields."""
    return bool(getattr(form, "csrf_token", None) is not None and form.csrf_token.errors)
