"""Accounts: create users, check passwords. Plain functions over a Session."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from incidents.auth.models import Role, User

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A user-facing problem with account data, naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def hash_password(password: str) -> str:
    """Hash a password with werkzeug's scrypt."""
    return generate_password_hash(password, method="scrypt")


def create_user(session: Session, username: str, password: str | None, role: Role | str,
                display_name: str | None = None, scope_area_id: int | None = None) -> User:
    """Create a user; a None password makes an account that cannot log in (e.g. the loader)."""
    username = username.strip()
    if not username:
        raise AccountError("username", "required")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", f"at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise AccountError("username", "already taken")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password) if password else None,
        role=Role(role),
        scope_area_id=scope_area_id,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None."""
    user = session.scalar(sa.select(User).where(User.username == username.strip()))
    if user is None or not user.active or not user.password_hash:
        # Hash anyway so a missing account takes as long as a wrong password.
        check_password_hash(hash_password("timing-equaliser"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
