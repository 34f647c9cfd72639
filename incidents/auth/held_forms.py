"""Forms held for a login, as rows: stored under a random handle, taken back once, gone when stale (auth/held.py)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.auth.models import HeldForm, User
from incidents.db import now_utc

# The forms held at once for one account: each browser's (tabs sent before the login), and a cookie of an ended
# sign-in sent again without the handle its answer set (a script replaying it) adds no more than this many rows, each
# at most MAX_CONTENT_LENGTH. A form past them is not held (its sender is told so), never one held before in its
# place: that one's author was told it is kept, and a copy of the same ended cookie pushed it out (the oldest
# deleted, until 7 December).
PER_AUTHOR = 3


def _since(lifetime_hours: int) -> datetime:
    """The oldest moment a held form may have been stored and still be given back: a login lasts no longer."""
    return now_utc() - timedelta(hours=lifetime_hours)


def purge(session: Session, lifetime_hours: int) -> None:
    """Delete every held form older than a login lasts: no login can take it back any more."""
    session.execute(sa.delete(HeldForm).where(HeldForm.created_at < _since(lifetime_hours))
                    .execution_options(synchronize_session=False))


def drop(session: Session, handle: str) -> None:
    """Delete the held form of `handle`, if there is one."""
    session.execute(sa.delete(HeldForm).where(HeldForm.handle == handle).execution_options(synchronize_session=False))


def store(session: Session, user_id: int, path: str, fields: list[tuple[str, str]],
          lifetime_hours: int) -> str | None:
    """Hold a form for `user_id`'s next login on the browser; the handle its cookie carries (None: not held, no such
    account or PER_AUTHOR forms held already). A form held before on that browser stays beside it (until 7
    December the newer replaced it: two tabs sent before the login lost the first)."""
    # Stale rows go at each hold (an index scan, usually of nothing): no scheduler job, and a form's text stays no
    # longer than the next hold after its login's lifetime, or a visit of its own browser meeting it (held.py).
    purge(session, lifetime_hours)
    if session.get(User, user_id) is None:
        return None  # a cookie naming an account since removed: no one to give it back to
    held = session.scalar(sa.select(sa.func.count()).select_from(HeldForm).where(HeldForm.user_id == user_id))
    if (held or 0) >= PER_AUTHOR:
        return None
    handle = secrets.token_urlsafe(32)
    session.add(HeldForm(handle=handle, user_id=user_id, path=path, fields=[list(pair) for pair in fields],
                         created_at=now_utc()))
    session.flush()
    return handle


def waiting(session: Session, handle: str, lifetime_hours: int) -> HeldForm | None:
    """The held form of `handle` while a login can still take it back, else None."""
    return session.scalars(sa.select(HeldForm).where(
        HeldForm.handle == handle, HeldForm.created_at >= _since(lifetime_hours))).one_or_none()


def fresh(session: Session, handles: list[str], lifetime_hours: int) -> list[str]:
    """Those of `handles` still held and fresh, in the order given (one statement, not one a handle)."""
    found = set(session.scalars(sa.select(HeldForm.handle).where(
        HeldForm.handle.in_(handles), HeldForm.created_at >= _since(lifetime_hours))))
    return [h for h in handles if h in found]


def _oldest(handles: list[str], user_id: int, lifetime_hours: int) -> sa.Select[HeldForm]:
    """The fresh forms of `handles` held for this user, oldest first (what shown and first choose from)."""
    return (sa.select(HeldForm).where(HeldForm.handle.in_(handles), HeldForm.user_id == user_id,
                                      HeldForm.created_at >= _since(lifetime_hours))
            .order_by(HeldForm.created_at, HeldForm.handle).limit(1))


def shown(session: Session, handles: list[str], user_id: int, path: str,
          lifetime_hours: int) -> HeldForm | None:
    """The oldest form of `handles` held for this user and page, still fresh; kept until it is stored or discarded
    (deleted as it was read until 7 December: a give-back page lost on the way lost the form)."""
    return session.scalars(_oldest(handles, user_id, lifetime_hours).where(HeldForm.path == path)).first()


def first(session: Session, handles: list[str], user_id: int, lifetime_hours: int,
          besides: str) -> tuple[str, str] | None:
    """The page and handle of the oldest fresh form of `handles` held for this user on a page besides `besides`."""
    row = session.scalars(_oldest(handles, user_id, lifetime_hours).where(HeldForm.path != besides)).first()
    return (row.path, row.handle) if row is not None else None


def settle(session: Session, handles: list[str], user_id: int, path: str, name: str, value: str) -> None:
    """Delete the forms of `handles` held for this user and page whose field `name` was `value`: stored now."""
    rows = session.scalars(sa.select(HeldForm).where(HeldForm.handle.in_(handles), HeldForm.user_id == user_id,
                                                     HeldForm.path == path))
    for row in list(rows):
        if [name, value] in [list(pair) for pair in row.fields]:
            drop(session, row.handle)
