"""The 零报告 button: on the event page and the home page, for a subdistrict office that has sent nothing in
the open period; a CSRF-protected POST through the same service and scope policy as the form. It asks first:
static/zero.js with the browser's confirm, else a page of its own (a POST not yet confirmed)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.areas.tree import is_within
from incidents.auth.decorators import requires
from incidents.auth.permissions import REPORT
from incidents.auth.policy import can_report_for
from incidents.auth.views import safe_next
from incidents.briefs.periods import due_at
from incidents.days import local_day
from incidents.db import now_utc
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.formatting import fmt_calendar_day, fmt_time
from incidents.formatting import reader_lang as _lang
from incidents.labels import field_problem
from incidents.limits import is_id
from incidents.reports import services, zero
from incidents.reports.display import translate
from incidents.reports.forms import LABELS, ZeroTapForm
from incidents.reports.parsing import parse_day
from incidents.reports.views import event_or_404
from incidents.request_db import request_session

bp = Blueprint("zero_reports", __name__)


def day_label(event: Event, day: Any) -> str:
    """A period as the button says it: 7月25日 / 25 Jul (the year when not this one)."""
    return fmt_calendar_day(day, event.tz, _lang())


@bp.app_context_processor
def _zero_taps() -> dict[str, Any]:
    def zero_taps(event: Event) -> dict[str, Any] | None:
        """The buttons for this event: the open period and each of the user's silent subdistricts."""
        if not (current_user and current_user.is_authenticated):
            return None
        day, areas = zero.unanswered(request_session(), event, current_user, now_utc())
        if day is None or not areas:
            return None
        # The brief that counts the period, named: at 02:00 the open period is still yesterday's (its brief is
        # due at 08:00), and a worker who had just reported tonight's water read "not sent yet" as a fault.
        due = fmt_time(due_at(event, day), None, event.tz, _lang())
        now = now_utc()
        # Before the brief time the open period is yesterday's: what is seen today counts in the next brief, and a
        # worker who reported at dawn read "nothing sent" beside the morning's reports as a fault (said, then).
        yesterday = day < local_day(event, now)
        return {"day": day.isoformat(), "label": day_label(event, day), "due": due, "yesterday": yesterday,
                "form": ZeroTapForm(formdata=None),
                "areas": [(a, secrets.token_urlsafe(16)) for a in areas]}

    return {"zero_taps": zero_taps}


@bp.route("/events/<int:event_id>/zero-report", methods=["POST"])
@requires(REPORT)
def tap(event_id: int) -> ResponseReturnValue:
    """Send a zero report for one subdistrict and period; back to the page it was sent from."""
    db = request_session()
    event = event_or_404(db, event_id)
    form = ZeroTapForm()
    if not form.validate():
        abort(400)  # the CSRF token is missing or stale
    back = safe_next(form.next.data) if form.next.data else url_for("events.show", event_id=event.id)
    area_text = (form.area_id.data or "").strip()
    area_id = int(area_text) if area_text.isascii() and area_text.isdigit() and len(area_text) <= 10 else None
    # No place is the sender's own subdistrict; a garbled place or day goes to the rules as typed, which name
    # it (a garbled place read as none answered "nothing to report" for the sender's subdistrict instead).
    place: int | str | None = area_id if is_id(area_id) else area_text or None
    token = (form.token.data or "").strip() or secrets.token_urlsafe(16)
    day_garbled = not isinstance(parse_day(form.period_day.data or None) or date.min, date)
    if form.confirmed.data != "1" and not isinstance(place, str) and not day_garbled:
        asked = _ask(db, event, form, place, token, back)
        if asked is not None:
            return asked
    # Sent, or asked about a place the service refuses: either way its refusal names the field.
    try:
        report, created = zero.send(db, event, place, form.period_day.data or None, current_user.id, token)
    except ValidationError as exc:
        db.rollback()
        for field, message in exc.errors.items():
            flash(field_problem(field, translate(message), LABELS), "error")
        # A refusal is a 4xx naming the field, not a redirect that reads as sent; a place outside one's areas a 403.
        status = 403 if isinstance(exc, services.OutOfScope) else 422
        return render_template("reports/zero_refused.html", event=event, back=back), status
    db.commit()
    place = report.area.name_en if _lang() == "en" and report.area.name_en else report.area.name
    day = getattr(report, "period_day", None)
    if created:
        flash(_("Zero report sent for %(place)s, %(day)s: nothing to report.", place=place,
                day=day_label(event, day)), "ok")
    else:
        flash(_("This zero report was already sent."), "ok")
    return redirect(back, 303)


def _ask(db: Session, event: Event, form: ZeroTapForm, area_id: int | None, token: str,
         back: str) -> ResponseReturnValue | None:
    """Without JavaScript's confirm, a page asks before a whole subdistrict answers "nothing to report".

    None when there is nothing to ask about (no such place, one outside the user's areas or the event's, no open
    period): the send's own refusal then names the field, rather than a confirmation of what would be refused.
    """
    area_id = area_id or current_user.scope_area_id  # as zero.send: without a place, the sender's own
    area = db.get(Area, area_id) if area_id is not None else None
    if area is None or not can_report_for(db, current_user, area.id) or area.level is not AreaLevel.SUBDISTRICT:
        return None  # a community worker's own place too: the rules say a zero report is a whole subdistrict's
    if event.area_id is not None and not is_within(db, area.id, event.area_id):
        return None  # another subdistrict's own event: validation refuses the place (OUTSIDE_EVENT)
    day = parse_day(form.period_day.data or None) or zero.open_period(event, now_utc())
    if not isinstance(day, date):
        return None
    return render_template("reports/zero_confirm.html", event=event, area=area, day=day.isoformat(),
                           label=day_label(event, day), token=token, back=back)
