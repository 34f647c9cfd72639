"""Accounts, roles, login attempts, sign-ins and the forms held for a login."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.db import Base, UTCDateTime, intpk, now_utc, str_enum


class Role(enum.StrEnum):
    """What a user may do."""

    REPORTER = "reporter"
    COORDINATOR = "coordinator"
    VIEWER = "viewer"
    ADMIN = "admin"


class User(Base):
    """A known person; optionally scoped to an area (a subdistrict) and what lies under it."""

    __tablename__ = "users"
    __table_args__ = (sa.Index("uq_users_twin_key", "twin_key", unique=True),)

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # The lookalike rule (services._check_username) kept by the database too: two requests at once (PostgreSQL
    # reads before either writes) cannot both store wangwei and WangWei. NULL: one of a pair stored before it.
    twin_key: Mapped[str | None] = mapped_column(
        sa.String(64), comment="SHA-256 of the username's skeleton (lookalikes.twin_key): one each")
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(256), comment="werkzeug scrypt; NULL: cannot log in")
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    scope_area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("areas.id", ondelete="RESTRICT"))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    last_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="SET NULL"))
    last_area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("areas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Bound into every session cookie: raising it ends every session issued before (logout,
    # password change or reset, deactivation). Not the edit version: editing a name keeps sessions.
    session_version: Mapped[int] = mapped_column(
        default=1, server_default="1", comment="raised to end every earlier session of the user")

    scope_area = relationship("Area", foreign_keys=[scope_area_id])

    __mapper_args__ = {"version_id_col": version}

    # Flask-Login's protocol, written out so the model does not import Flask.
    @property
    def is_authenticated(self) -> bool:
        """Always true for a loaded user."""
        return True

    @property
    def is_active(self) -> bool:
        """Inactive users cannot log in."""
        return self.active

    @property
    def is_anonymous(self) -> bool:
        """A loaded user is never anonymous."""
        return False

    def get_id(self) -> str:
        """Session identifier: the id and the session version ("12:3"); a raised version ends it."""
        return f"{self.id}:{self.session_version}"

    def authority(self) -> tuple[str, int | None, bool, int]:
        """What a login judges a request by, as AUTHORITY_SQL selects it (read again before a write: hold_login)."""
        return Role(self.role).value, self.scope_area_id, self.active, self.session_version


# The columns of User.authority, as a login reads them again (auth/signins.held, auth/tokens.held).
AUTHORITY_SQL = "SELECT role, scope_area_id, active, session_version FROM users WHERE id = ?"


class LoginAttempt(Base):
    """One login attempt, kept in the database so throttling holds across workers."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_username_at", "username", "at"),
        sa.Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    username: Mapped[str] = mapped_column(sa.String(80))
    address: Mapped[str] = mapped_column(sa.String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)


class SignIn(Base):
    """One login on one device: its session cookie names it, so logging out there ends it alone."""

    __tablename__ = "sign_ins"
    __table_args__ = (sa.Index("ix_sign_ins_user_id", "user_id", "ended_at"),)

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(sa.String(64), unique=True,
                                     comment="random; the signed session cookie carries it")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="logged out, or ended from another device")
    device: Mapped[str] = mapped_column(sa.String(300), default="", comment="the browser's User-Agent, cut")
    address: Mapped[str] = mapped_column(sa.String(64), default="")


class HeldForm(Base):
    """A form sent after its sign-in ended, kept for its author's next login on that browser (auth/held.py).

    Here, not in the session cookie: a cookie is signed but readable, and holds about 4 KB.
    """

    __tablename__ = "held_forms"
    __table_args__ = (sa.Index("ix_held_forms_user_id", "user_id", "created_at"),
                      sa.Index("ix_held_forms_created_at", "created_at"))

    handle: Mapped[str] = mapped_column(sa.String(64), primary_key=True,
                                        comment="random; the signed session cookie carries it, nothing else")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), comment="its author")
    path: Mapped[str] = mapped_column(sa.Text, comment="the page it is given back on")
    fields: Mapped[list[Any]] = mapped_column(sa.JSON, comment="[[name, value], ...] as sent, the CSRF token left out")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
