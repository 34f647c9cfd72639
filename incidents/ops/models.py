"""The scheduler's heartbeat: one row per scheduler process name, the last time it was alive."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from incidents.db import Base, utc


class Heartbeat(Base):
    """A process that must keep running (the brief scheduler) says it is alive, every minute or so."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    beat_at: Mapped[utc]
    host: Mapped[str] = mapped_column(sa.String(255), default="")
    pid: Mapped[int] = mapped_column(default=0)
