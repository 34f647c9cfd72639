"""Daily briefs: a stored, numbered snapshot per event, local day and revision."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum


class BriefStatus(enum.StrEnum):
    """Provisional (period not over), compiled, or published."""

    PROVISIONAL = "provisional"
    COMPILED = "compiled"
    PUBLISHED = "published"


class Brief(Base):
    """One revision of one day's brief; never changed after it is written, except publishing."""

    __tablename__ = "briefs"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "day", "revision"),
        sa.CheckConstraint("revision >= 1", "revision_positive"),
        sa.CheckConstraint("period_end > period_start", "period_ordered"),
    )

    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(sa.Date, comment="the local calendar day covered")
    revision: Mapped[int] = mapped_column(default=1)
    number: Mapped[int] = mapped_column(comment="issue number, 第N期")
    period_start: Mapped[datetime] = mapped_column(UTCDateTime())
    period_end: Mapped[datetime] = mapped_column(UTCDateTime())
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime(), comment="reports known by then are used")
    compiled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    compiled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), comment="NULL: the scheduler"
    )
    status: Mapped[BriefStatus] = mapped_column(str_enum(BriefStatus, "brief_status"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), comment="who signed it off (签发人)")
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON, comment="the compiled brief")
    carry: Mapped[dict[str, Any] | None] = mapped_column(
        sa.JSON, comment="ledger: to-date figures and the reports counted, for the next day's brief")

    event = relationship("Event")
    compiled_by = relationship("User", foreign_keys=[compiled_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])


class CompileState(enum.StrEnum):
    """Where a compile asked for from the web stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CompileRequest(Base):
    """A compile asked for from the web, done by the scheduler process off the request."""

    __tablename__ = "compile_requests"
    __table_args__ = (
        # One open request per (event, day, kind): a second click reuses it instead of a second brief.
        sa.Index("ix_compile_requests_open", "event_id", "day", "new_revision", unique=True,
                 sqlite_where=sa.text("status IN ('queued', 'running')"),
                 postgresql_where=sa.text("status IN ('queued', 'running')")),
        sa.Index("ix_compile_requests_status", "status", "id"),
    )

    id: Mapped[intpk]
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date, comment="the local calendar day to compile")
    new_revision: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false(), comment="recompile: a new revision even if final")
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    status: Mapped[CompileState] = mapped_column(str_enum(CompileState, "compile_state"),
                                                 default=CompileState.QUEUED)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    brief_id: Mapped[int | None] = mapped_column(sa.ForeignKey("briefs.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(sa.String(20), comment="created | exists")
    error: Mapped[str | None] = mapped_column(sa.String(500))
    runner: Mapped[str | None] = mapped_column(
        sa.String(40), comment="the run that took it: its heartbeats row while it is at it")

    event = relationship("Event")
    brief = relationship("Brief")
