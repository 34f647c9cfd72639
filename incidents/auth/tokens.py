"""Personal API tokens: a secret shown once, stored as a hash, revocable, optionally expiring."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from incidents.audit import services as audit
from incidents.auth import login_row
from incidents.auth.models import AUTHORITY_SQL, User
from incidents.db import Base, Held, UTCDateTime, intpk, now_utc
from incidents.errors import Message, ValidationError
from incidents.inputs import query_without
from incidents.limits import LATEST, is_instant, one_line_problem

# "il_" marks our tokens in logs and secret scanners; 32 random bytes follow (256 bits).
TOKEN_MARK = "il_"
# Parameter names a credential is put in by habit (OAuth's access_token, a key's api_key): a query string's
# credential opens nothing here (the Authorization header does), and none is carried on (web.py's next=).
CREDENTIAL_PARAMS = frozenset({"access_token", "token", "api_key"})
PREFIX_LENGTH = 11  # "il_" and 8 characters: enough to tell tokens apart on the account page
MAX_NAME = 80
# last_used_at is written at most this often: a busy client must not turn every GET into a write.
LAST_USED_EVERY = timedelta(minutes=1)

# The keyword babel extracts: these land in the auth catalog, translated when shown.
_l = Message
NAME_REQUIRED = _l("required")
NAME_TOO_LONG = _l("at most %(n)s characters", n=MAX_NAME)
EXPIRY_PAST = _l("must be in the future")
# The log's last instant (limits.LATEST): 9999-12-31 would overflow, and no token needs a millennium.
EXPIRY_TOO_LATE = _l("must be before the year %(year)s", year=str(LATEST.year))
# A token made now would come alive on reactivation, when deactivating had revoked all the others.
ACCOUNT_INACTIVE = _l("the account is deactivated: reactivate it first")
# The session asking was ended while it asked (a password reset, "log out everywhere").
SESSION_ENDED = _l("your session has ended: log in again")


class ApiToken(Base):
    """One user's token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(MAX_NAME), comment="what the owner calls it")
    prefix: Mapped[str] = mapped_column(sa.String(16), comment="the first characters, shown to tell tokens apart")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, comment="sha256 hex of the secret")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="NULL: never expires")
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship(User)


def hash_token(plaintext: str) -> str:
    """The stored form of a token.

    A plain SHA-256, not scrypt like passwords: the secret is 256 random bits, so there is
    nothing to guess or look up in a table, and a fast hash keeps every API request cheap
    (a slow hash per request would be a denial-of-service lever).
    """
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def end_of_day(day: date, zone: str) -> datetime:
    """The instant a token 'valid through' day stops working: the next local midnight.

    ValidationError naming `expires_at` for a day at the end of the calendar (9999-12-31 has no
    next day) or past the last instant the log holds (limits.LATEST).
    """
    try:
        at = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
    except OverflowError:
        raise ValidationError({"expires_at": EXPIRY_TOO_LATE}) from None
    if at >= LATEST:
        raise ValidationError({"expires_at": EXPIRY_TOO_LATE})
    return at


def last_day(expires_at: datetime, zone: str) -> date | None:
    """The day a token works through, when it stops at a local midnight (end_of_day's); else None."""
    local = expires_at.astimezone(ZoneInfo(zone))
    return (local - timedelta(days=1)).date() if local.time() == time(0) else None


def create_token(session: Session, user: User, name: str, expires_at: datetime | None = None,
                 actor_id: int | None = None, now: datetime | None = None,
                 session_version: int | None = None) -> tuple[ApiToken, str]:
    """A new token for user: the row and the plaintext, which is never stored and shown only now.

    `session_version`: the version the asking browser's session was issued with; a session ended
    meanwhile (a reset, a deactivation, "log out everywhere") makes no token.
    """
    now = now or now_utc()
    # The owner as committed, its row held: a deactivation or a reset still in its transaction revokes the
    # tokens it sees, so a token made meanwhile must wait for it and be refused (PostgreSQL; SQLite's
    # writers run one at a time). As the request read it, it slipped past and outlived them.
    owner = session.execute(sa.select(User.active, User.session_version).where(User.id == user.id)
                            .with_for_update()).one()
    if not owner.active:
        raise ValidationError({"user": ACCOUNT_INACTIVE})
    if session_version is not None and owner.session_version != session_version:
        raise ValidationError({"user": SESSION_ENDED})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": NAME_TOO_LONG})
    if problem := one_line_problem(name):  # a tab split `incidents tokens list`'s columns; a line break its row
        raise ValidationError({"name": problem})
    if expires_at is not None and expires_at <= now:
        raise ValidationError({"expires_at": EXPIRY_PAST})
    if expires_at is not None and not is_instant(expires_at):
        raise ValidationError({"expires_at": EXPIRY_TOO_LATE})
    plaintext = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=plaintext[:PREFIX_LENGTH],
                     token_hash=hash_token(plaintext), created_at=now, expires_at=expires_at)
    session.add(token)
    audit.record(session, actor_id if actor_id is not None else user.id, "token.create", token, before=None)
    return token, plaintext


def revoke_token(session: Session, token: ApiToken, actor_id: int | None, now: datetime | None = None) -> bool:
    """Revoke a token (at once: the next request with it is refused); False if it already was."""
    if token.revoked_at is not None:
        return False
    before = audit.snapshot(token)
    token.revoked_at = now or now_utc()
    audit.record(session, actor_id, "token.revoke", token, before=before)
    return True


def revoke_all(session: Session, user_id: int, actor_id: int | None, now: datetime | None = None) -> int:
    """Revoke every live token of a user (an account locked or taken back), each audited; how many were."""
    live = session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                           .order_by(ApiToken.id))
    return sum(revoke_token(session, token, actor_id, now) for token in live.all())


def live_count(session: Session, user_id: int, now: datetime | None = None) -> int:
    """How many of a user's tokens still work (neither revoked nor expired)."""
    now = now or now_utc()
    return session.scalar(sa.select(sa.func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None),
        sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))) or 0


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first (revoked ones too: the owner sees what was revoked when)."""
    return list(session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user_id)
                                .order_by(ApiToken.id.desc())))


class TokenLogin(NamedTuple):
    """A valid token's id and last use, and its owner (an object of the session that read it)."""

    token_id: int
    last_used_at: datetime | None
    user: User


# TOKEN_ROW: the owner's columns and the token's four (id, last use, expiry, revocation) as one Core row
# (auth/login_row.py, LOGIN_ROW). Still one read a request: a revoked or expired token, a deactivated owner, a new
# role or scope count at the next request.
_TOKENS = ApiToken.__table__
_BY_HASH = login_row.select(_TOKENS.c.id, _TOKENS.c.last_used_at, _TOKENS.c.expires_at, _TOKENS.c.revoked_at) \
    .join_from(_TOKENS, User.__table__, _TOKENS.c.user_id == User.__table__.c.id) \
    .where(_TOKENS.c.token_hash == sa.bindparam("token_hash"))


def authenticate_token(session: Session, plaintext: str, now: datetime | None = None) -> TokenLogin | None:
    """The valid token with this secret and its owner, or None (unknown, revoked, expired, or its owner inactive)."""
    if not plaintext.startswith(TOKEN_MARK) or len(plaintext) > 200:
        return None
    found = login_row.read(session, _BY_HASH, {"token_hash": hash_token(plaintext)})
    if found is None:
        return None
    owner, (token_id, last_used_at, expires_at, revoked_at) = found
    # Valid: not revoked, not expired, and its owner still active.
    if revoked_at is not None or (expires_at is not None and expires_at <= (now or now_utc())) or not owner["active"]:
        return None
    return TokenLogin(token_id, last_used_at, login_row.user(session, owner))


# A token's login read again before its request writes: its owner's authority while the token is not revoked.
# (Not its expiry: a time no one commits, and the token was valid when the request came.)
_STILL_VALID = AUTHORITY_SQL + (" AND EXISTS (SELECT 1 FROM api_tokens WHERE api_tokens.id = ? "
                                "AND api_tokens.user_id = users.id AND api_tokens.revoked_at IS NULL)")


def held(user: User, token_id: int) -> Held:
    """What a token's login holds, for request_db.hold_login: its owner's role, scope, flag, version, token live."""
    return Held(_STILL_VALID, (user.id, token_id), user.authority())


def touch(session: Session, token_id: int, now: datetime | None = None) -> None:
    """Record a use of the token, at most once per LAST_USED_EVERY (a conditional UPDATE, no read)."""
    now = now or now_utc()
    session.execute(sa.update(ApiToken).where(
        ApiToken.id == token_id,
        sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_EVERY),
    ).values(last_used_at=now))


def looks_like_credential(name: str, value: str) -> bool:
    """Whether a query parameter may hold a credential: by its name (any case), or a value bearing our tokens' mark."""
    return name.lower() in CREDENTIAL_PARAMS or value.strip().startswith(TOKEN_MARK)


def drop_credentials(query: str) -> str:
    """A query string less each parameter that looks_like_credential; exactly as sent when none does."""
    return query_without(query, looks_like_credential)
