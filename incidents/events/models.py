"""Events: a typhoon, rainstorm or flood, with its time zone and brief time."""

from __future__ import annotations

import enum
from datetime import datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.areas.models import AreaLevel
from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum

# The places an event may belong to: a brief reports by subdistrict under its district, so an event of
# one compound would have no such rows.
EVENT_LEVELS = (AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT)


class EventKind(enum.StrEnum):
    """What kind of emergency an event is."""

    TYPHOON = "typhoon"
    RAINSTORM = "rainstorm"
    FLOOD = "flood"
    OTHER = "other"


class Event(Base):
    """An emergency the office responds to; briefs are compiled per local day of it."""

    __tablename__ = "events"
    __table_args__ = (sa.CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", "ends_after_start"),
                      sa.Index("uq_events_twin_key", "twin_key", unique=True))

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(sa.String(64), unique=True, comment="stable short name")
    # The lookalike rule (services._code_twin) kept by the database too: two requests at once cannot both store
    # FX2026 and fx2026. NULL: one of a pair stored before it.
    twin_key: Mapped[str | None] = mapped_column(
        sa.String(64), comment="SHA-256 of the code's skeleton (lookalikes.twin_key): one each")
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "event_kind"))
    timezone: Mapped[str] = mapped_column(
        sa.String(64), default="Asia/Shanghai", server_default="Asia/Shanghai",
        comment="IANA zone: days, briefs and displayed times are in it",
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    brief_time: Mapped[time] = mapped_column(
        sa.Time, default=time(8, 0), server_default="08:00:00",
        comment="local time the brief for the previous local day is compiled",
    )
    area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("areas.id", ondelete="RESTRICT"), comment="the district the event concerns"
    )
    issuer: Mapped[str | None] = mapped_column(sa.String(200), comment="office that issues briefs")
    issuer_en: Mapped[str | None] = mapped_column(sa.String(200), comment="the issuing office's English name")
    description: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    area = relationship("Area", lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def tz(self) -> ZoneInfo:
        """The event's time zone."""
        return ZoneInfo(self.timezone)
