"""Sending what is due: claim a delivery by an UPDATE (one sender wins), send outside any transaction, record.

A claim is `UPDATE deliveries SET status='sending', claim=<ours> WHERE id=? AND <still due>`: the
row count says whether this process won, however many schedulers run (as briefs/once.py lets
only one compile make a brief). A sender that dies mid-send leaves a claim older than LEASE,
which a later sweep takes over. Failures wait backoff * 2^(attempts-1) before the next try;
after the last attempt the delivery is failed with its error.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from incidents.db import Database, now_utc
from incidents.distribution import bots
from incidents.distribution import email as mail
from incidents.distribution.messages import Outgoing, outgoing
from incidents.distribution.models import Channel, Delivery, DeliveryStatus, Recipient
from incidents.distribution.services import webhook_url
from incidents.distribution.settings import Settings

log = logging.getLogger(__name__)
# A claim older than this is taken to belong to a sender that died (a send times out long before).
LEASE = timedelta(minutes=10)
BATCH = 50


@dataclass
class Sent:
    """What one sweep did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _due(now: datetime) -> sa.ColumnElement[bool]:
    """A delivery waiting for its next try, or claimed by a sender that seems to have died."""
    return sa.or_(sa.and_(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now),
                  sa.and_(Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at < now - LEASE))


def claim(database: Database, delivery_id: int, now: datetime) -> str | None:
    """Take one delivery for this process (its claim), or None when another has it or it is not due."""
    token = secrets.token_hex(8)
    with database.transaction() as session:
        done: sa.CursorResult = session.execute(  # type: ignore[assignment]
            sa.update(Delivery).where(Delivery.id == delivery_id, _due(now))
            .values(status=DeliveryStatus.SENDING, claim=token, claimed_at=now, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False))
    return token if done.rowcount == 1 else None


# Messages made in one sweep, by (notice, language, with files): a brief to twenty addresses is rendered once.
Made = dict[tuple[int, str, bool], Outgoing]


def _send(database: Database, delivery_id: int, settings: Settings, made: Made) -> None:
    """Make the message (or reuse it) and send it; the read ends before the network is touched."""
    with database.read_session() as session:
        delivery = session.get_one(Delivery, delivery_id)
        recipient: Recipient = delivery.recipient
        channel, address, secret = recipient.channel, recipient.address, recipient.secret
        key = (delivery.notice_id, recipient.lang, channel is Channel.EMAIL)
        if key not in made:
            made[key] = outgoing(session, delivery.notice, recipient.lang, settings.base_url, files=key[2])
        message = made[key]
        url = webhook_url(recipient) if channel is not Channel.EMAIL else ""
        if not recipient.active:
            raise mail.SendError("the recipient was removed")
        if channel is not Channel.EMAIL and not recipient.token:
            raise mail.SendError("the webhook has no key (restored from a backup? enter it again)")
    if channel is Channel.EMAIL:
        mail.send(message, address, settings)
    else:
        bots.post(channel, url, message, secret, timeout=settings.timeout)


def _finish(database: Database, delivery_id: int, token: str, error: str | None, settings: Settings,
            now: datetime) -> DeliveryStatus | None:
    """Record the outcome, only if our claim still stands."""
    with database.transaction() as session:
        delivery = session.get_one(Delivery, delivery_id)
        if delivery.claim != token:
            return None
        delivery.claim = None
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, None
        elif delivery.attempts >= settings.attempts:
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, error[:500]
        else:
            delivery.status, delivery.last_error = DeliveryStatus.PENDING, error[:500]
            delivery.next_attempt_at = now + settings.backoff * 2 ** (delivery.attempts - 1)
        return delivery.status


def send_one(database: Database, delivery_id: int, settings: Settings, now: datetime | None = None,
             made: Made | None = None) -> DeliveryStatus | None:
    """Claim, send and record one delivery; None when another sender had it."""
    now = now or now_utc()
    made = {} if made is None else made
    token = claim(database, delivery_id, now)
    if token is None:
        return None
    error = None
    try:
        _send(database, delivery_id, settings, made)
    except mail.SendError as exc:
        error = str(exc)
    except Exception as exc:  # a bug in making the message must not leave the delivery claimed
        log.exception("delivery %s", delivery_id)
        error = f"{type(exc).__name__}: {exc}"
    return _finish(database, delivery_id, token, error, settings, now)


def send_due(database: Database, settings: Settings, now: datetime | None = None, limit: int = BATCH) -> Sent:
    """The scheduler's job: every due delivery, oldest first, each claimed by one sender only."""
    now = now or now_utc()
    with database.read_session() as session:
        ids = list(session.scalars(sa.select(Delivery.id).where(_due(now))
                                   .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)))
    outcome, made = Sent(), Made()
    for delivery_id in ids:
        status = send_one(database, delivery_id, settings, now, made)
        if status is DeliveryStatus.SENT:
            outcome.sent += 1
        elif status is DeliveryStatus.PENDING:
            outcome.retrying += 1
        elif status is DeliveryStatus.FAILED:
            outcome.failed += 1
    return outcome
