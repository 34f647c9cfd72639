"""Distribution, the domain's public face: recipients (checked, secrets masked), notices and their deliveries.

The parts, one idea each: the settings (`settings`), e-mail (`email`), group robots (`bots`), the
words of each message (`messages`), sending with retries (`sending`), reminders to silent
subdistricts (`reminders`), overdue alerts (`alerts`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import email_validator
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.audit import services as audit
from incidents.auth.models import User
from incidents.auth.permissions import COORDINATE, allows
from incidents.auth.policy import OUTSIDE_YOUR_AREAS, can_manage_place
from incidents.briefs.models import Brief, BriefStatus
from incidents.briefs.queries import subdistrict_areas
from incidents.db import Database, column_length, now_utc
from incidents.distribution.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeKind,
    Recipient,
)
from incidents.distribution.settings import BOT_HOSTS
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.limits import one_line_problem

# Rules stay free of Flask: messages are Message ids, translated where they are shown.
_l = Message
# The query parameter that carries each robot's credential in its webhook URL.
TOKEN_PARAM = {Channel.WECOM: "key", Channel.DINGTALK: "access_token"}


def _is_email(address: str) -> bool:
    """One mailbox a mail server takes (email-validator's syntax rules, no DNS lookup): no bracketed IP after the @,
    no full-width or other non-ASCII letters before it (they need SMTPUTF8), at most 254 characters."""
    try:
        email_validator.validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except email_validator.EmailNotValidError:
        return False
    return True


RECEIVES = ("briefs", "reminders", "alerts")
# What a role without COORDINATE is told on every distribution page (the field that refuses is its role).
ONLY_COORDINATORS = _l("only a coordinator sets up and sees where briefs, reminders and alerts are sent")
# What a twin (_twin) receives too at the address, as the recipients' list says it (Receives).
PURPOSES = {"briefs": _l("briefs"), "alerts": _l("alerts"), "reminders": _l("reminders")}
DISTRICT_NEWS = _l("briefs and alerts go where the district's coordinators decide: "
                   "a subdistrict's coordinator adds reminder recipients")


# Taken from the columns, so the rules and the schema cannot drift apart: a longer value was a 500 on
# PostgreSQL and, stored on SQLite, made its backups fail to restore into PostgreSQL.
ADDRESS_LENGTH = column_length(Recipient, "address")
TOKEN_LENGTH = column_length(Recipient, "token")
SECRET_LENGTH = column_length(Recipient, "secret")


def mask(value: str | None) -> str:
    """A secret as shown after it is saved: its last four characters only."""
    if not value:
        return ""
    return "…" + value[-4:] if len(value) > 8 else "…"


def shown_address(recipient: Recipient) -> str:
    """Where a recipient is reached, as a page may show it: a webhook's key masked."""
    if recipient.channel is Channel.EMAIL:
        return recipient.address
    return f"{recipient.address} ({TOKEN_PARAM[recipient.channel]}={mask(recipient.token)})"


def webhook_url(recipient: Recipient) -> str:
    """The full webhook URL with its credential, for sending only."""
    parts = urlsplit(recipient.address)
    query = parse_qsl(parts.query) + [(TOKEN_PARAM[recipient.channel], recipient.token or "")]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class RecipientFields:
    """What a form or the CLI gives for a recipient; blank token/secret on an edit keep the stored ones."""

    name: str
    channel: str
    address: str
    lang: str = "zh"
    briefs: bool = True
    reminders: bool = False
    alerts: bool = False
    area_id: int | None = None
    secret: str | None = None
    active: bool = True


NOT_A_WEBHOOK = _l("give the robot's webhook URL, starting with https://")


def _split_webhook(channel: Channel, text: str, hosts: tuple[str, ...],
                   errors: dict[str, str]) -> tuple[str, str | None]:
    """A webhook URL into its address without the credential, and the credential (None when absent)."""
    try:
        parts = urlsplit(text)
        # Read once here: a port out of range or not a number (…:99999/, …:abc/), or a host half in brackets
        # ([::1/…), raises ValueError when asked for (a 500 on the page, a traceback from the command).
        hostname, port = parts.hostname, parts.port
    except ValueError:
        errors["address"] = NOT_A_WEBHOOK
        return text, None
    # A user name or a backslash in the address lets a parser and a sender disagree on the host
    # (https://127.0.0.1\@qyapi.weixin.qq.com/): no robot address has either.
    if parts.scheme not in ("http", "https") or not hostname or "@" in parts.netloc or "\\" in text:
        errors["address"] = NOT_A_WEBHOOK
        return text, None
    if hostname.lower() not in hosts:
        errors["address"] = _l("webhooks may only point at %(hosts)s", hosts=", ".join(hosts))
        return text, None
    # The robots' own hosts answer on https at 443 only: anything else would send the robot's key and the
    # brief in the clear, or to another service on that host. (A relay added by a setting may differ.)
    if hostname.lower() in BOT_HOSTS and (parts.scheme != "https" or port not in (None, 443)):
        errors["address"] = NOT_A_WEBHOOK
        return text, None
    param = TOKEN_PARAM[channel]
    query = parse_qsl(parts.query)
    token = next((v for k, v in query if k == param), None)
    rest = [(k, v) for k, v in query if k != param]
    return urlunsplit(parts._replace(query=urlencode(rest), fragment="")), (token or None)


def check_recipient(session: Session, user: User | None, event: Event, fields: RecipientFields,
                    current: Recipient | None = None, hosts: tuple[str, ...] = BOT_HOSTS) -> dict[str, Any]:
    """The columns of a valid recipient, or a ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    name = fields.name.strip()
    if not name or len(name) > 120:
        errors["name"] = _l("give a name of 1 to 120 characters")
    elif problem := one_line_problem(name):
        errors["name"] = problem
    try:
        channel = Channel(fields.channel)
    except ValueError:
        errors["channel"] = _l("choose e-mail, WeCom or DingTalk")
        raise ValidationError(errors) from None
    if fields.lang not in ("zh", "en"):
        errors["lang"] = _l("choose zh or en")
    address, token = fields.address.strip(), None
    if problem := one_line_problem(address):
        # As the name: a direction override or a zero-width space showed the address otherwise than stored.
        errors["address"] = problem
    elif channel is Channel.EMAIL:
        if not _is_email(address):
            errors["address"] = _l("give one e-mail address, like name@example.gov.cn")
    else:
        address, token = _split_webhook(channel, address, hosts, errors)
        if token is None and "address" not in errors:
            if current is not None and current.channel is channel and current.token:
                token = current.token
            else:
                errors["address"] = _l("the webhook URL has no %(param)s=", param=TOKEN_PARAM[channel])
        elif token is not None and len(token) > TOKEN_LENGTH:
            errors["address"] = _l("its %(param)s= is longer than %(n)s characters", param=TOKEN_PARAM[channel],
                                   n=TOKEN_LENGTH)
    if "address" not in errors and len(address) > ADDRESS_LENGTH:
        # Checked without the key (stored apart): the rest of the URL, as it is stored.
        errors["address"] = _l("is longer than %(n)s characters", n=ADDRESS_LENGTH)
    if "address" not in errors and (twin := _twin(session, event, channel, address, token, current, fields)):
        # The group or mailbox would get every brief (or alert, or its subdistrict's reminder) twice. Named to whoever
        # may change it (its receives are ticked there); a subdistrict's coordinator is not told the district's name.
        what = PURPOSES[next((name for name in ("briefs", "alerts") if getattr(fields, name) and getattr(twin, name)),
                             "reminders")]
        errors["address"] = (
            _l("is already the address of recipient %(name)s, which receives %(what)s too: each would arrive twice",
               name=twin.name, what=what) if user is None or may_manage(session, user, twin) else
            _l("is already the address of a recipient the district's coordinators set up, which receives %(what)s "
               "too: each would arrive twice", what=what))
    secret = (fields.secret or "").strip() or None
    if channel is Channel.DINGTALK and secret is None and current is not None and current.channel is channel:
        secret = current.secret
    if secret is not None and channel is not Channel.DINGTALK:
        errors["secret"] = _l("only a DingTalk robot has a signing secret")
    elif secret is not None and len(secret) > SECRET_LENGTH:
        errors["secret"] = _l("is longer than %(n)s characters", n=SECRET_LENGTH)
    if fields.area_id is not None:
        area = session.get(Area, fields.area_id)
        if area is None or area.level is not AreaLevel.SUBDISTRICT:
            errors["area_id"] = _l("choose a subdistrict or town")
        elif area.id not in {a.id for a in event_subdistricts(session, event)}:
            # Its reminders would name a subdistrict the event's briefs never list (and a scoped coordinator
            # could add one for their own subdistrict to any other subdistrict's event).
            errors["area_id"] = _l("is outside the place this event concerns")
    if not (fields.briefs or fields.reminders or fields.alerts):
        errors["briefs"] = _l("choose at least one thing to receive")
    if user is not None and "area_id" not in errors:
        if not can_manage(session, user, fields.area_id):
            errors["area_id"] = _l("you may only add recipients for your own area")
        elif not can_manage(session, user, managed_place(fields.area_id, fields.briefs, fields.alerts)):
            # Briefs and alerts are the whole district's news, sent to every recipient that takes them.
            for name in ("briefs", "alerts"):
                if getattr(fields, name):
                    errors[name] = DISTRICT_NEWS
    if errors:
        raise ValidationError(errors)
    return {"name": name, "channel": channel, "address": address, "token": token, "secret": secret,
            "lang": fields.lang, "briefs": fields.briefs, "reminders": fields.reminders, "alerts": fields.alerts,
            "area_id": fields.area_id, "active": fields.active, "event_id": event.id}


def _twin(session: Session, event: Event, channel: Channel, address: str, token: str | None,
          current: Recipient | None, fields: RecipientFields) -> Recipient | None:
    """Another active recipient of the event that delivery would reach at the same address for the same purpose.

    As delivery sees it: an e-mail address whatever its case; a robot by its webhook URL exactly (webhook_url
    is the stored address with its key: the same pair is the same URL, another key another robot). The same
    purpose: both take signed briefs, or both alerts, or both reminders of one subdistrict (one with none hears
    every subdistrict's). The district's briefs mailbox taking a subdistrict's reminders too gets nothing twice.
    """
    shared: list[sa.ColumnElement[bool]] = [column.expression for column, taken in (
        (Recipient.briefs, fields.briefs), (Recipient.alerts, fields.alerts)) if taken]
    if fields.reminders:
        same_place = (sa.true() if fields.area_id is None
                      else sa.or_(Recipient.area_id.is_(None), Recipient.area_id == fields.area_id))
        shared.append(sa.and_(Recipient.reminders, same_place))
    if not shared:
        return None
    query = sa.select(Recipient).where(Recipient.event_id == event.id, Recipient.active, Recipient.channel == channel,
                                       sa.or_(*shared))
    if current is not None and current.id is not None:
        query = query.where(Recipient.id != current.id)
    if channel is Channel.EMAIL:  # ASCII only (_is_email), so SQLite's lower() is PostgreSQL's
        query = query.where(sa.func.lower(Recipient.address) == address.lower())
    else:
        query = query.where(Recipient.address == address, Recipient.token == token)
    return session.scalars(query.order_by(Recipient.id).limit(1)).first()


def event_subdistricts(session: Session, event: Event) -> list[Area]:
    """The subdistricts and towns a reminder recipient of an event may speak for: those within the event's place."""
    return subdistrict_areas(session, event.area_id)


def can_manage(session: Session, user: User, area_id: int | None) -> bool:
    """A coordinator manages recipients in scope; one for the whole district needs an unscoped coordinator."""
    return allows(user.role, COORDINATE) and can_manage_place(session, user, area_id)


def managed_place(area_id: int | None, briefs: bool, alerts: bool) -> int | None:
    """The place whose managers set up a recipient: its subdistrict for a reminder recipient, else the district (None).

    Signed briefs and overdue alerts are the whole district's news (every recipient that takes them
    gets all of it), so only an unscoped coordinator decides where they go (docs/distribution.md).
    """
    return None if briefs or alerts else area_id


def _recipient(record: Recipient | Delivery) -> Recipient:
    """The recipient itself, or the one a delivery went to."""
    return record.recipient if isinstance(record, Delivery) else record


def place_of(record: Recipient | Delivery) -> int | None:
    """The place whose managers see and change a recipient, or a delivery to it: the recipient's managed_place."""
    recipient = _recipient(record)
    return managed_place(recipient.area_id, recipient.briefs, recipient.alerts)


def of_own_event(session: Session, user: User, recipient: Recipient, notice: Notice) -> bool:
    """Whether a delivery to the district's recipient tells of an event the user manages, about a place within it."""
    # A subdistrict's coordinator compiles and signs its own event's brief, which goes to the district's brief
    # recipients: whether it arrived (and a failed one tried again) is theirs to see, not who else gets the district's.
    event = session.get(Event, notice.event_id)  # the identity map's after the first: a page asks it of every row
    return (place_of(recipient) is None and event is not None and can_manage_place(session, user, event.area_id)
            and (notice.area_id is None or can_manage_place(session, user, notice.area_id)))


def may_manage(session: Session, user: User, record: Recipient | Delivery) -> bool:
    """Whether a user may see, change or remove a recipient, or see and retry a delivery (no refusal)."""
    return refusal(session, user, record) is None


def refusal(session: Session, user: User, record: Recipient | Delivery) -> tuple[str, Message] | None:
    """Why a user may not manage a recipient or a delivery to it, as (the field, the reason); None when they may."""
    if not allows(user.role, COORDINATE):
        return "role", ONLY_COORDINATORS
    return place_refusal(session, user, record)


def place_refusal(session: Session, user: User, record: Recipient | Delivery) -> tuple[str, Message] | None:
    """Why a record's place is not the user's to manage (place_of outside can_manage_place), or None.

    A delivery is also the user's when it tells of their own event (of_own_event), whoever its recipient is.
    """
    if can_manage_place(session, user, place_of(record)):
        return None
    if isinstance(record, Delivery) and of_own_event(session, user, record.recipient, record.notice):
        return None
    recipient = _recipient(record)
    # Its subdistrict may be the user's own, but briefs or alerts are the district's news: not the place refuses.
    if recipient.briefs or recipient.alerts:
        return ("briefs" if recipient.briefs else "alerts"), DISTRICT_NEWS
    return "area_id", OUTSIDE_YOUR_AREAS


def _summary(recipient: Recipient) -> dict[str, Any]:
    """A recipient for the audit trail, without its credentials."""
    return {"name": recipient.name, "channel": recipient.channel.value, "address": recipient.address,
            "lang": recipient.lang, "briefs": recipient.briefs, "reminders": recipient.reminders,
            "alerts": recipient.alerts, "area_id": recipient.area_id, "active": recipient.active}


def save_recipient(session: Session, user: User | None, event: Event, fields: RecipientFields,
                   current: Recipient | None = None, hosts: tuple[str, ...] = BOT_HOSTS) -> Recipient:
    """Add a recipient (or change `current`), checked and audited; nothing stored when refused."""
    values = check_recipient(session, user, event, fields, current, hosts)
    # Saved as it stands (a second tab, a double tap): no "update" whose before and after are the same, as for
    # events, areas and accounts. Compared on the columns, so that a new secret alone is still recorded.
    if current is not None and all(getattr(current, column) == value for column, value in values.items()):
        return current
    before = _summary(current) if current is not None else None
    recipient = current or Recipient()
    for column, value in values.items():
        setattr(recipient, column, value)
    session.add(recipient)
    session.flush()
    audit.record(session, user.id if user else None, "update" if before else "create", recipient,
                 before=before, after=_summary(recipient))
    return recipient


def remove_recipient(session: Session, user: User | None, recipient: Recipient) -> None:
    """Stop sending to a recipient: deactivated (its deliveries stay listed), audited once."""
    if not recipient.active:
        return  # removed already (a list opened before): nothing changes, nothing to record
    before = _summary(recipient)
    recipient.active = False
    session.flush()
    audit.record(session, user.id if user else None, "deactivate", recipient, before=before,
                 after=_summary(recipient))


def recipients(session: Session, event_id: int, user: User | None = None) -> list[Recipient]:
    """An event's recipients, active first; for a scoped user only those of areas in scope."""
    rows = list(session.scalars(sa.select(Recipient).where(Recipient.event_id == event_id)
                                .order_by(Recipient.active.desc(), Recipient.name, Recipient.id)))
    if user is None or user.scope_area_id is None:
        return rows
    return [r for r in rows if may_manage(session, user, r)]


def tell(session: Session, event_id: int, kind: NoticeKind, key: str, facts: dict[str, Any],
         to: list[Recipient], *, brief_id: int | None = None, area_id: int | None = None,
         now: datetime | None = None) -> Notice | None:
    """Record a notice and one delivery per recipient, once per key: None when already told (or no one to tell).

    Enqueues only; the scheduler sends. A concurrent sweep telling the same key meets the unique
    constraint inside a savepoint and leaves it to the first.
    """
    if not to or session.scalar(sa.select(Notice.id).where(Notice.event_id == event_id, Notice.key == key)):
        return None
    now = now or now_utc()
    try:
        with session.begin_nested():
            notice = Notice(event_id=event_id, kind=kind, key=key, facts=facts, brief_id=brief_id,
                            area_id=area_id, created_at=now)
            session.add(notice)
            session.flush()
            session.add_all([Delivery(notice_id=notice.id, recipient_id=r.id, channel=r.channel,
                                      next_attempt_at=now, created_at=now) for r in to])
            session.flush()
    except sa.exc.IntegrityError:
        return None
    return notice


def brief_signed(session: Session, brief: Brief, now: datetime | None = None) -> Notice | None:
    """Enqueue a signed brief to the event's brief recipients (the revision number tells a 修订版)."""
    if brief.status is not BriefStatus.PUBLISHED:
        return None
    to = list(session.scalars(sa.select(Recipient).where(
        Recipient.event_id == brief.event_id, Recipient.active, Recipient.briefs).order_by(Recipient.id)))
    facts = {"day": brief.day.isoformat(), "number": brief.number, "revision": brief.revision}
    return tell(session, brief.event_id, NoticeKind.BRIEF, f"brief:{brief.id}", facts, to, brief_id=brief.id,
                now=now)


@dataclass
class DeliveryRow:
    """One line of a delivery page."""

    delivery: Delivery
    notice: Notice
    recipient: Recipient
    address: str


def deliveries(session: Session, event_id: int, brief_id: int | None = None, user: User | None = None,
               limit: int = 500) -> list[DeliveryRow]:
    """Who got what and when, what failed and why: newest first (one brief's, or the event's); the `limit` newest
    that `user` may see (may_manage), when one is given."""
    query = (sa.select(Delivery, Notice, Recipient).join(Notice, Notice.id == Delivery.notice_id)
             .join(Recipient, Recipient.id == Delivery.recipient_id).where(Notice.event_id == event_id))
    if brief_id is not None:
        query = query.where(Notice.brief_id == brief_id)
    query = query.order_by(Notice.created_at.desc(), Notice.id.desc(), Recipient.name)
    if user is None or user.scope_area_id is None:  # the whole district's (the views ask for a coordinator)
        return [DeliveryRow(d, n, r, shown_address(r)) for d, n, r in session.execute(query.limit(limit))]
    # Judged before the limit: a subdistrict's coordinator's own rows lay past the district's 500 newest, unlisted.
    seen = (DeliveryRow(d, n, r, shown_address(r)) for d, n, r in session.execute(query)
            if may_manage(session, user, d))
    return list(itertools.islice(seen, limit))


def counts(session: Session, event_id: int, user: User | None = None) -> dict[str, int]:
    """An event's deliveries by status; for a scoped user those it may see only (may_manage, as its pages)."""
    totals: dict[str, int] = {}
    if user is None or user.scope_area_id is None:
        query = (sa.select(Delivery.status, sa.func.count()).join(Notice, Notice.id == Delivery.notice_id)
                 .where(Notice.event_id == event_id).group_by(Delivery.status))
        for status, n in session.execute(query):
            totals[getattr(status, "value", status)] = int(n)
        return totals
    # Each delivery judged with its notice and recipient, loaded in the one query (a SELECT per row was thousands).
    rows = session.scalars(sa.select(Delivery).join(Notice, Notice.id == Delivery.notice_id)
                           .where(Notice.event_id == event_id)
                           .options(orm.contains_eager(Delivery.notice), orm.joinedload(Delivery.recipient)))
    for delivery in rows:
        if may_manage(session, user, delivery):
            key = delivery.status.value
            totals[key] = totals.get(key, 0) + 1
    return totals


def retry(session: Session, delivery: Delivery, now: datetime | None = None) -> None:
    """Send a failed delivery again at the next sweep, its attempts counted afresh."""
    if delivery.status is DeliveryStatus.FAILED:
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = now or now_utc()
        session.flush()


def for_running_events(database: Database, now: datetime, ended_within: timedelta,
                       job: Callable[[Session, Event], int]) -> int:
    """A sweep's job run for each event under way (or ended within `ended_within`); the sum it counted."""
    # Each event in a transaction of its own: its notices commit with it, not held for the other events.
    with database.read_session() as session:
        ids = list(session.scalars(sa.select(Event.id).where(
            Event.starts_at <= now, sa.or_(Event.ends_at.is_(None), Event.ends_at > now - ended_within))))
    done = 0
    for event_id in ids:
        with database.transaction() as session:
            done += job(session, session.get_one(Event, event_id))
    return done
