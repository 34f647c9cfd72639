"""Distribution: who receives an event's briefs, reminders and alerts, what was sent to them, and how it went."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum


class Channel(enum.StrEnum):
    """How a recipient is reached: an e-mail address or a work-chat group robot's webhook."""

    EMAIL = "email"
    WECOM = "wecom"
    DINGTALK = "dingtalk"


class NoticeKind(enum.StrEnum):
    """What a notice is: a signed brief, a reminder to a silent subdistrict, an overdue alert."""

    BRIEF = "brief"
    REMINDER = "reminder"
    ALERT = "alert"


class DeliveryStatus(enum.StrEnum):
    """Waiting (first try or a retry), being sent by one process, sent, or given up."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Recipient(Base):
    """An address an event's notices go to, with its language and what it receives."""

    __tablename__ = "recipients"
    __table_args__ = (
        sa.CheckConstraint("lang IN ('zh', 'en')", "lang_known"),
        sa.Index("ix_recipients_event", "event_id", "active"),
    )

    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "recipient_channel"))
    address: Mapped[str] = mapped_column(
        sa.String(500), comment="an e-mail address, or the webhook URL without its key/access_token")
    # Credentials in columns of their own, so that a backup leaves them out by name (backup/tables.py).
    token: Mapped[str | None] = mapped_column(sa.String(200), comment="the webhook's key or access_token")
    secret: Mapped[str | None] = mapped_column(sa.String(200), comment="DingTalk signing secret (SEC...)")
    lang: Mapped[str] = mapped_column(sa.String(2), default="zh", server_default="zh")
    briefs: Mapped[bool] = mapped_column(default=True, server_default=sa.true(), comment="receives signed briefs")
    reminders: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), comment="receives reminders")
    alerts: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), comment="receives overdue alerts")
    area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("areas.id", ondelete="RESTRICT"), comment="reminders: the subdistrict it speaks for")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    event = relationship("Event")
    area = relationship("Area")


class Notice(Base):
    """One thing to tell: a brief revision, a reminder for a subdistrict and period, an overdue item.

    The key is unique per event: however many sweeps run, an item is told once.
    """

    __tablename__ = "notices"
    __table_args__ = (sa.UniqueConstraint("event_id", "key"),)

    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind, "notice_kind"))
    key: Mapped[str] = mapped_column(sa.String(120), comment="brief:<id>, reminder:<day>:<area>, alert:...")
    brief_id: Mapped[int | None] = mapped_column(sa.ForeignKey("briefs.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("areas.id", ondelete="RESTRICT"))
    facts: Mapped[dict[str, Any]] = mapped_column(sa.JSON, comment="what the message says, in both languages")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    brief = relationship("Brief")
    area = relationship("Area")


class Delivery(Base):
    """One notice to one recipient: exactly one row per pair, claimed by one sender at a time."""

    __tablename__ = "deliveries"
    __table_args__ = (
        sa.UniqueConstraint("notice_id", "recipient_id"),
        sa.CheckConstraint("attempts >= 0", "attempts_non_negative"),
        sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[intpk]
    notice_id: Mapped[int] = mapped_column(sa.ForeignKey("notices.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("recipients.id", ondelete="CASCADE"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "delivery_channel"))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "delivery_status"),
                                                   default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="when a sender took it")
    claim: Mapped[str | None] = mapped_column(sa.String(32), comment="the sender's claim: only it may finish")
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)

    notice = relationship("Notice")
    recipient = relationship("Recipient")
