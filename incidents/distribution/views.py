"""Distribution pages: an event's recipients (add, change, remove) and the delivery pages of an event and a brief."""

from __future__ import annotations

import os

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from incidents.auth.decorators import requires
from incidents.auth.models import User
from incidents.auth.permissions import COORDINATE
from incidents.briefs.models import Brief
from incidents.distribution import services
from incidents.distribution.forms import RecipientForm
from incidents.distribution.messages import pdf_available
from incidents.distribution.models import Delivery, Recipient
from incidents.distribution.settings import from_env
from incidents.downloads import takes_lang
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.inputs import Refused
from incidents.request_db import request_session

bp = Blueprint("distribution", __name__)
# A viewer's or a reporter's 403 says what is missing (the role), not only "You are not allowed to do this".
COORDINATORS_ONLY = ("role", services.ONLY_COORDINATORS)


def _event(event_id: int) -> Event:
    event = request_session().get(Event, event_id) or abort(404)
    g.display_tz = event.timezone
    return event


def _user() -> User:
    return request_session().get(User, current_user.id) or abort(403)


def _choices(form: RecipientForm, event: Event, user: User) -> None:
    """The subdistricts a user may pick: the event's, within the user's scope."""
    db = request_session()
    areas = [a for a in services.event_subdistricts(db, event) if services.can_manage(db, user, a.id)]
    en = reader_lang() == "en"
    # "None" is a recipient for the whole district: offered only to who may add one.
    whole = [("", _("None (every subdistrict's reminders)"))] if services.can_manage(db, user, None) else []
    form.area_id.choices = whole + [(str(a.id), a.name_en if en and a.name_en else a.name) for a in areas]


def _fields(form: RecipientForm) -> services.RecipientFields:
    area = form.area_id.data or ""
    return services.RecipientFields(
        name=form.name.data or "", channel=form.channel.data or "", address=form.address.data or "",
        lang=form.lang.data or "zh", briefs=bool(form.briefs.data), reminders=bool(form.reminders.data),
        alerts=bool(form.alerts.data), area_id=int(area) if area.isdigit() else None, secret=form.secret.data)


def _errors(form: RecipientForm, exc: ValidationError) -> None:
    for name, message in exc.errors.items():
        field = getattr(form, name, form.name)
        text = message.localize(_) if hasattr(message, "localize") else str(message)
        field.errors = [*field.errors, text]


def _page(event: Event, form: RecipientForm, status: int = 200) -> ResponseReturnValue:
    db = request_session()
    user = _user()
    rows = services.recipients(db, event.id, user)
    return render_template("distribution/recipients.html", event=event, form=form, rows=rows,
                           mask=services.mask, shown=services.shown_address,
                           counts=services.counts(db, event.id, user)), status


@bp.route("/events/<int:event_id>/recipients", methods=["GET", "POST"])
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
@takes_lang
def recipients(event_id: int) -> ResponseReturnValue:
    """The event's recipients and a form to add one; secrets are shown masked once saved."""
    event = _event(event_id)
    user = _user()
    form = RecipientForm()
    _choices(form, event, user)
    if not form.is_submitted():
        if not services.can_manage(request_session(), user, None):
            form.briefs.data, form.reminders.data = False, True  # all a subdistrict's coordinator may add
        return _page(event, form)
    if not form.validate():
        return _page(event, form, 400)
    db = request_session()
    try:
        added = services.save_recipient(db, user, event, _fields(form), hosts=from_env(os.environ).bot_hosts)
    except ValidationError as exc:
        db.rollback()
        _errors(form, exc)
        return _page(event, form, 400)
    db.commit()
    flash(_("Recipient added: %(name)s.", name=added.name))
    return redirect(url_for("distribution.recipients", event_id=event.id)), 303


def _recipient(recipient_id: int) -> Recipient:
    db = request_session()
    recipient = db.get(Recipient, recipient_id) or abort(404)
    if refused := services.refusal(db, _user(), recipient):
        raise Refused(*refused)
    _event(recipient.event_id)
    return recipient


@bp.route("/recipients/<int:recipient_id>/edit", methods=["GET", "POST"])
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
def edit(recipient_id: int) -> ResponseReturnValue:
    """Change a recipient; a blank key or secret keeps the stored one."""
    recipient = _recipient(recipient_id)
    event, user, db = recipient.event, _user(), request_session()
    form = RecipientForm()
    if not form.is_submitted():
        form = RecipientForm(formdata=None, obj=recipient)
        _choices(form, event, user)
        form.channel.data, form.area_id.data = recipient.channel.value, str(recipient.area_id or "")
        return render_template("distribution/edit.html", form=form, recipient=recipient, event=event,
                               mask=services.mask, shown=services.shown_address(recipient))
    _choices(form, event, user)
    status = 400
    if form.validate():
        try:
            services.save_recipient(db, user, event, _fields(form), recipient, hosts=from_env(os.environ).bot_hosts)
        except ValidationError as exc:
            db.rollback()
            recipient = db.get(Recipient, recipient_id) or abort(404)
            _errors(form, exc)
        else:
            db.commit()
            flash(_("Recipient saved."))
            return redirect(url_for("distribution.recipients", event_id=event.id)), 303
    return render_template("distribution/edit.html", form=form, recipient=recipient, event=recipient.event,
                           mask=services.mask, shown=services.shown_address(recipient)), status


@bp.route("/recipients/<int:recipient_id>/remove", methods=["POST"])
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
def remove(recipient_id: int) -> ResponseReturnValue:
    """Stop sending to a recipient; what it was sent stays on the delivery pages."""
    recipient = _recipient(recipient_id)
    db = request_session()
    services.remove_recipient(db, _user(), recipient)
    db.commit()
    flash(_("Recipient removed: %(name)s (nothing more is sent to it).", name=recipient.name))
    return redirect(url_for("distribution.recipients", event_id=recipient.event_id)), 303


@bp.route("/events/<int:event_id>/deliveries")
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
@takes_lang
def event_deliveries(event_id: int) -> ResponseReturnValue:
    """Everything the event sent: who got what and when, what failed and why."""
    event = _event(event_id)
    rows = services.deliveries(request_session(), event.id, user=_user())
    return render_template("distribution/deliveries.html", event=event, brief=None, rows=rows,
                           pdf=pdf_available())


@bp.route("/briefs/<int:brief_id>/deliveries")
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
@takes_lang
def brief_deliveries(brief_id: int) -> ResponseReturnValue:
    """Who a brief revision went to, when, and what failed."""
    brief = request_session().get(Brief, brief_id) or abort(404)
    event = _event(brief.event_id)
    rows = services.deliveries(request_session(), event.id, brief.id, _user())
    return render_template("distribution/deliveries.html", event=event, brief=brief, rows=rows,
                           pdf=pdf_available())


@bp.route("/deliveries/<int:delivery_id>/retry", methods=["POST"])
@requires(COORDINATE, refusal=COORDINATORS_ONLY)
def retry(delivery_id: int) -> ResponseReturnValue:
    """Send a failed delivery again at the scheduler's next sweep."""
    db = request_session()
    delivery = db.get(Delivery, delivery_id) or abort(404)
    if refused := services.refusal(db, _user(), delivery):
        raise Refused(*refused)
    services.retry(db, delivery)
    db.commit()
    flash(_("The delivery will be tried again within a minute."))
    return redirect(url_for("distribution.event_deliveries", event_id=delivery.notice.event_id)), 303

