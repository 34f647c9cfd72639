"""The audit trail and idempotency keys: records of who changed what, and what was sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from incidents.db import Base, UTCDateTime, intpk, now_utc


class AuditEntry(Base):
    """One change to one record: who, when (UTC), what, before and after."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_entity", "entity", "entity_id", "id"),)

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"),
                                                comment="NULL: the system (scheduler, loader)")
    action: Mapped[str] = mapped_column(sa.String(20), comment="create, update, verify, return, retract, restore, ...")
    entity: Mapped[str] = mapped_column(sa.String(40), comment="table name")
    entity_id: Mapped[int]
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class IdempotencyKey(Base):
    """A one-time token from a form or an Idempotency-Key header, and what it created."""

    __tablename__ = "idempotency_keys"
    # The report form's "sent a moment ago under another token?" (reports/doubts.recent_twin): by user and
    # submission, the latest first. Without it each form POST read every key ever stored (100,000 keys: 8–12 ms
    # a POST on SQLite, 7 December).
    __table_args__ = (sa.Index("ix_idempotency_keys_submission", "user_id", "fingerprint", "created_at"),)

    key: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    # A digest of what was sent under the key: the same key with another body is refused, not replayed.
    fingerprint: Mapped[str | None] = mapped_column(sa.String(64), comment="sha256 of the normalised submission")
