"""Helpers for distribution tests: recipients on the local servers, a signed brief, delivery rows."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date

import sqlalchemy as sa

from incidents.briefs import services as briefs
from incidents.distribution import services
from incidents.distribution.models import Delivery, Notice
from incidents.events.models import Event

from .conftest import Robots

SECRET = "SEC0123456789abcdef0123456789abcdef"


def add(database, event_id: int, name: str, channel: str, address: str, **kw) -> int:  # noqa: ANN003
    """A recipient saved through the service (hosts: the local servers)."""
    with database.transaction() as s:
        event = s.get(Event, event_id)
        fields = services.RecipientFields(name=name, channel=channel, address=address, **kw)
        return services.save_recipient(s, None, event, fields, hosts=("127.0.0.1",)).id


def three_recipients(database, event_id: int, robots: Robots) -> dict[str, int]:
    """An e-mail (zh), a WeCom robot (zh) and a signed DingTalk robot (en), all for briefs."""
    return {
        "email": add(database, event_id, "区防指", "email", "fzb@wenfeng.example"),
        "wecom": add(database, event_id, "值班群", "wecom", robots.url("/wecom", "key", "wk-123456789")),
        "dingtalk": add(database, event_id, "Liaison group", "dingtalk",
                        robots.url("/dingtalk", "access_token", "dt-987654321"), lang="en", secret=SECRET),
    }


def compile_day(database, event_id: int, day: str, now, new_revision: bool = False) -> int:  # noqa: ANN001
    """Compile a day's brief (a new revision when asked); its id."""
    result = briefs.compile_once(database, event_id, date.fromisoformat(day), now=now, new_revision=new_revision)
    assert result.brief is not None
    return result.brief.id


def deliveries(database, brief_id: int | None = None) -> list[tuple[int, str, str, int, str | None]]:
    """(recipient, channel, status, attempts, last error) of every delivery (of one brief)."""
    with database.read_session() as s:
        query = sa.select(Delivery.recipient_id, Delivery.channel, Delivery.status, Delivery.attempts,
                          Delivery.last_error).join(Notice, Notice.id == Delivery.notice_id)
        if brief_id is not None:
            query = query.where(Notice.brief_id == brief_id)
        return [(r, c.value, st.value, a, e) for r, c, st, a, e in s.execute(query.order_by(Delivery.id))]


def dingtalk_signature_ok(timestamp: str, sign: str, secret: str = SECRET) -> bool:
    """DingTalk's check, written from its documentation: HMAC-SHA256(secret, ts + "\\n" + secret), base64."""
    expected = base64.b64encode(hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    # `sign` as the server read it from the query string (decoded once, as DingTalk's server does).
    return hmac.compare_digest(expected, sign)
