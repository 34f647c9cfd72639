"""Sign-ins: one row per login on one device, so logging out ends that device's session alone.

The session cookie carries the row's random key; a cookie whose row has ended no longer logs in.
Logging out ends one row; "log out everywhere", a password change, an administrator's reset and a
deactivation end them all (and raise `User.session_version`, which ends every cookie issued before).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import ua_parser
from sqlalchemy.orm import Session

from incidents.auth import login_row
from incidents.auth.models import AUTHORITY_SQL, SignIn, User
from incidents.db import Held, now_utc

DEVICE_LENGTH = 300  # SignIn.device
ADDRESS_LENGTH = 64  # SignIn.address


def open_sign_in(session: Session, user_id: int, device: str, address: str, lifetime_hours: int) -> str:
    """Record a login on one device and return the key its session cookie carries."""
    now = now_utc()
    # The user's ended and outlived rows go at each login: the table holds what can still log in.
    session.execute(sa.delete(SignIn).where(
        SignIn.user_id == user_id,
        sa.or_(SignIn.ended_at.is_not(None), SignIn.created_at < now - timedelta(hours=lifetime_hours))))
    key = secrets.token_urlsafe(32)
    session.add(SignIn(key=key, user_id=user_id, created_at=now, device=device[:DEVICE_LENGTH],
                       address=address[:ADDRESS_LENGTH]))
    session.flush()
    return key


def _signed_in_statement() -> sa.Select[Any]:
    """The user :user_id while their sign-in :key is on, as one row (auth/login_row.py, LOGIN_ROW); built once per
    process (COOKIE_LOGIN_ONCE), each login binding the two."""
    still_on = sa.exists().where(SignIn.key == sa.bindparam("key"), SignIn.user_id == User.id,
                                 SignIn.ended_at.is_(None))
    return login_row.select().where(User.id == sa.bindparam("user_id"), still_on)


# COOKIE_LOGIN_ONCE: every page and form a person opens logs in by its cookie first, and building this SELECT was
# ~45 µs of Python a time (7 December, benches/ingest_profile.py --via form).
_SIGNED_IN = _signed_in_statement()


def signed_in_user(session: Session, user_id: int, key: str) -> User | None:
    """The user whose session cookie names sign-in `key`, if that sign-in has not ended."""
    found = login_row.read(session, _SIGNED_IN, {"user_id": user_id, "key": key})
    return None if found is None else login_row.user(session, found[0])


# A cookie's login read again before its request writes: its user's authority while its sign-in has not ended.
_STILL_SIGNED_IN = AUTHORITY_SQL + (" AND EXISTS (SELECT 1 FROM sign_ins WHERE sign_ins.key = ? "
                                    "AND sign_ins.user_id = users.id AND sign_ins.ended_at IS NULL)")


def held(user: User, key: str) -> Held:
    """What a cookie's login holds, for request_db.hold_login: role, scope, flag and version, the sign-in on."""
    return Held(_STILL_SIGNED_IN, (user.id, key), user.authority())


def _end(session: Session, user_id: int, *where: sa.ColumnElement[bool]) -> None:
    session.execute(sa.update(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None), *where)
                    .values(ended_at=now_utc()).execution_options(synchronize_session=False))


def end_here(session: Session, user_id: int, key: str | None) -> None:
    """Log out on the device whose cookie names `key`."""
    if key:
        _end(session, user_id, SignIn.key == key)


def end_replaced(session: Session, key: object) -> None:
    """End the sign-in a browser's cookie named before it logged in again, whoever's it was (the cookie is signed)."""
    if isinstance(key, str) and key:
        session.execute(sa.update(SignIn).where(SignIn.key == key, SignIn.ended_at.is_(None))
                        .values(ended_at=now_utc()).execution_options(synchronize_session=False))


def end_one(session: Session, user_id: int, sign_in_id: int) -> str | None:
    """End one of a user's sign-ins; its key, or None if it is not theirs or has already ended."""
    return session.execute(sa.update(SignIn).where(SignIn.id == sign_in_id, SignIn.user_id == user_id,
                                                   SignIn.ended_at.is_(None))
                           .values(ended_at=now_utc()).returning(SignIn.key)
                           .execution_options(synchronize_session=False)).scalar_one_or_none()


def end_all(session: Session, user_id: int, keep: str | None = None) -> None:
    """End every sign-in of a user, but the one whose key is `keep` (a password change keeps its own)."""
    _end(session, user_id, *([SignIn.key != keep] if keep else []))


def renew(session: Session, user_id: int, key: str) -> None:
    """Start a sign-in's lifetime again from now (a password just typed on that device; its cookie is renewed too)."""
    session.execute(sa.update(SignIn).where(SignIn.user_id == user_id, SignIn.key == key, SignIn.ended_at.is_(None))
                    .values(created_at=now_utc()).execution_options(synchronize_session=False))


def active(session: Session, user_id: int, lifetime_hours: int) -> list[SignIn]:
    """A user's sign-ins that can still log in, newest first."""
    since = now_utc() - timedelta(hours=lifetime_hours)
    return list(session.scalars(sa.select(SignIn).where(
        SignIn.user_id == user_id, SignIn.ended_at.is_(None), SignIn.created_at >= since)
        .order_by(SignIn.created_at.desc(), SignIn.id.desc())))


def device_parts(user_agent: str) -> list[str]:
    """A device's short name, the browser and system a User-Agent describes: ["Chrome 120", "Android 12"]."""
    parsed = ua_parser.parse(user_agent or "")
    parts = []
    for found in (parsed.user_agent, parsed.os):
        if found is not None and found.family != "Other":
            parts.append(f"{found.family} {found.major}" if found.major else found.family)
    return parts
