"""Accounts: create and change users, passwords, login throttling. Plain functions over a Session."""

from __future__ import annotations

import functools
import ipaddress
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NewType

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from incidents.areas.models import Area
from incidents.audit import services as audit
from incidents.auth import lookalikes, passwords, signins, tokens
from incidents.auth.models import LoginAttempt, Role, User
from incidents.db import add_or_recheck, now_utc
from incidents.errors import Message, StaleEdit
from incidents.limits import one_line_problem

# The keyword babel extracts: these messages land in the auth catalog.
_l = Message

MIN_PASSWORD_LENGTH = 10
# scrypt of a megabyte of "password" is work an attacker would love us to do.
MAX_PASSWORD_LENGTH = 200
# An administrator's own password is changed where the current one is asked (My account).
OWN_PASSWORD_ON_MY_ACCOUNT = _l("change your own password under My account (it asks for the current one)")
# The fields an administrator may change on an account (passwords have their own functions).
USER_FIELDS = ("display_name", "role", "scope_area_id", "active")
# Attempts older than this are deleted as new ones come in: the table stays small.
ATTEMPT_RETENTION = timedelta(days=7)
# Namespace of PostgreSQL advisory locks for login throttling (two-key form: never collides
# with single-key locks such as the brief scheduler's).
LOGIN_LOCK_CLASS = 0x4C4F47


class AccountError(ValueError):
    """A user-facing problem with account data, naming the field."""

    def __init__(self, field: str, message: str, others: dict[str, Any] | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        # Every field's problem (this one first), where a check found several at once.
        self.errors: dict[str, Any] = {field: message} | (others or {})


# werkzeug's scrypt at its own cost (N=2**15, r=8, p=1; the cost is stored in each hash, so a hash
# made at another cost still checks): about 0.1 s a hash, the price a guesser pays per try. The test
# suite lowers it for its own accounts (tests/conftest.py): it hashes thousands of passwords.
PASSWORD_METHOD = "scrypt"


def hash_password(password: str) -> str:
    """Hash a password with werkzeug's scrypt at PASSWORD_METHOD's cost."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def check_new_password(password: str | None, min_length: int = MIN_PASSWORD_LENGTH,
                       field: str = "password", username: str | None = None) -> str:
    """A new password long enough, not absurdly long, not the username nor a common one; AccountError names it."""
    if not password or len(password) < min_length:
        raise AccountError(field, _l("must be at least %(n)s characters", n=min_length))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(field, _l("must be at most %(n)s characters", n=MAX_PASSWORD_LENGTH))
    if problem := passwords.weakness(password, username):
        raise AccountError(field, problem)
    return password


def typed_name(text: str | None) -> str:
    """A username as typed, in one spelling: NFKC, so a phone's full-width ａｄｍｉｎ is admin (never a second
    account that passes for it), without surrounding spaces."""
    return unicodedata.normalize("NFKC", text or "").strip()


def same_name(username: str) -> sa.ColumnElement[bool]:
    """The account named so, case aside, with both sides folded by the database.

    SQLite's lower() folds ASCII only: against Python's lower() an account named with a capital
    beyond ASCII (Ölaf, Дима, full-width Ａ) matched nothing and could never log in.
    """
    return sa.func.lower(User.username) == sa.func.lower(username)


def _check_username(session: Session, username: str) -> str:
    username = typed_name(username)
    if not username:
        raise AccountError("username", _l("required"))
    if len(username) > 80 or any(c.isspace() or ord(c) < 32 for c in username):
        raise AccountError("username", _l("at most 80 characters, no spaces"))
    if problem := one_line_problem(username):  # "admin" + a zero-width space would pass for admin
        raise AccountError("username", problem)
    # Unique regardless of case: "Beidajie" typed on a phone is the same person as "beidajie".
    taken = session.scalar(sa.select(User.username).where(same_name(username)).order_by(User.id).limit(1))
    if taken is not None:
        raise AccountError("username", _l("already taken (%(name)s)", name=taken))
    # Nor one that passes for another on a screen (аdmin with a Cyrillic а beside admin). Accounts are
    # few and made rarely: each existing name's skeleton is worked out here rather than stored.
    shape = lookalikes.skeleton(username)
    for existing in session.scalars(sa.select(User.username).order_by(User.id)):
        if lookalikes.skeleton(existing) == shape:
            raise AccountError("username", _l("looks like the existing account %(name)s: choose a name that "
                                              "cannot be mistaken for it", name=existing))
    if lookalikes.mixes_scripts(username):
        raise AccountError("username", _l("mixes alphabets (such as Latin and Cyrillic letters): it could pass "
                                          "for another name"))
    return username


def _check_scope(session: Session, scope_area_id: int | None) -> int | None:
    if scope_area_id is not None and session.get(Area, scope_area_id) is None:
        raise AccountError("scope_area_id", _l("unknown area"))
    return scope_area_id


def _check_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountError("role", _l("unknown role")) from None


def create_user(session: Session, username: str, password: str | None, role: Role | str,
                display_name: str | None = None, scope_area_id: int | None = None,
                actor_id: int | None = None, min_length: int = MIN_PASSWORD_LENGTH) -> User:
    """Create a user with its audit row; a None password makes an account that cannot log in (the loader).

    actor_id is the administrator who created it; None means the system (CLI, demo loader).
    """
    problems: dict[str, Any] = {}

    def checked(check: Callable[..., Any], *args: Any) -> Any:
        # Every field checked, so that one answer names every problem.
        try:
            return check(*args)
        except AccountError as exc:
            problems.setdefault(exc.field, exc.message)
            return None

    username = checked(_check_username, session, username)
    if password is not None:
        checked(check_new_password, password, min_length, "password", username)
    display_name = (display_name or "").strip() or username or ""
    if len(display_name) > 120:
        problems["display_name"] = _l("at most 120 characters")
    elif problem := one_line_problem(display_name):
        problems["display_name"] = problem
    checked_role, scope_area_id = checked(_check_role, role), checked(_check_scope, session, scope_area_id)
    if problems:
        first = next(iter(problems))
        raise AccountError(first, problems[first], problems)
    user = User(
        username=username,
        twin_key=lookalikes.twin_key(username),
        display_name=display_name,
        password_hash=hash_password(password) if password else None,
        role=checked_role,
        scope_area_id=scope_area_id,
    )
    # A lookalike (or the same) username committed by another request since we read: said as the check does.
    add_or_recheck(session, user, lambda: _check_username(session, username))
    audit.record(session, actor_id, "create", user, before=None)
    return user


def active_admins(session: Session, lock: bool = False, district: bool = False) -> int:
    """How many active administrators there are (`district`: of the whole district, unscoped only); with
    `lock`, their rows held until the transaction ends.

    Locked before one stops being an administrator: two administrators taking each other's role at
    the same moment each counted two on PostgreSQL and both went through, leaving none. Locked, the
    second waits for the first and counts again (SQLite writers run one at a time anyway).
    """
    admins = sa.select(User.id).where(User.role == Role.ADMIN, User.active, User.password_hash.is_not(None),
                                      *([User.scope_area_id.is_(None)] if district else []))
    if lock:
        return len(session.scalars(admins.with_for_update()).all())
    return session.scalar(sa.select(sa.func.count()).select_from(admins.subquery())) or 0


def update_user(session: Session, user: User, data: dict[str, Any], actor_id: int | None,
                expected_version: int | None = None) -> User:
    """Change name, role, scope or active flag with an audit row; never leaves no administrator."""
    if expected_version is not None and expected_version != user.version:
        raise StaleEdit(user)
    unknown = set(data) - set(USER_FIELDS)
    if unknown:
        raise AccountError(sorted(unknown)[0], _l("cannot be changed"))
    clean: dict[str, Any] = {}
    if "display_name" in data:
        name = (data["display_name"] or "").strip()
        if not name or len(name) > 120:
            raise AccountError("display_name", _l("required, at most 120 characters"))
        if problem := one_line_problem(name):
            raise AccountError("display_name", problem)
        clean["display_name"] = name
    if "role" in data:
        clean["role"] = _check_role(data["role"])
    if "scope_area_id" in data:
        clean["scope_area_id"] = _check_scope(session, data["scope_area_id"])
    if "active" in data:
        clean["active"] = bool(data["active"])
    changed = audit.changes(user, clean)
    if not changed:
        return user  # no new version (record_update's rule), and no sign-in or token ended for it
    _keep_an_administrator(session, user, changed)
    before = audit.snapshot(user)
    if changed.get("active") is False:
        changed["session_version"] = user.session_version + 1  # its sessions end now, and stay ended
        signins.end_all(session, user.id)
        # Its tokens too: refused only while inactive, they came back to life with a reactivation.
        tokens.revoke_all(session, user.id, actor_id)
    return audit.record_update(session, actor_id, user, changed, before)


def _keep_an_administrator(session: Session, user: User, changed: dict[str, Any]) -> None:
    """Refuse a change that leaves no active administrator, or none for the whole district.

    A subdistrict's administrator manages its subdistrict's accounts only: with the district's last
    one gone, nobody on the web could manage (or make) an account of the whole district again.
    """
    def admin(role: Role, active: bool) -> bool:
        return role is Role.ADMIN and active

    if not admin(user.role, user.active):
        return
    stays = admin(changed.get("role", user.role), changed.get("active", user.active))
    field = next((f for f in ("role", "active", "scope_area_id") if f in changed), "role")
    if not stays and active_admins(session, lock=True) <= 1:
        raise AccountError(field, _l("the last active administrator must stay one"))
    leaves_district = user.scope_area_id is None and (not stays or changed.get("scope_area_id") is not None)
    if leaves_district and active_admins(session, lock=True, district=True) <= 1:
        raise AccountError(field, _l("the last active administrator of the whole district must stay one "
                                     "(active, not limited to a place): make another first"))


def set_password(session: Session, user: User, password: str, actor_id: int | None,
                 min_length: int = MIN_PASSWORD_LENGTH, keep_tokens: bool = False) -> User:
    """An administrator's (or the CLI's, actor None) new password for someone's account, with an audit row.

    A reset is how an office takes back a lost or shared account: every sign-in ends, and the user's
    API tokens are revoked too — a token made from a stolen session would outlive every session the
    reset ends — unless `keep_tokens` (a forgotten password: the field team's scripts go on).
    One's own password is change_own_password's: set here without the current one, a session left
    open could lock its owner out (AccountError on `password`).
    """
    if actor_id is not None and actor_id == user.id:
        raise AccountError("password", OWN_PASSWORD_ON_MY_ACCOUNT)
    _new_password(session, user, check_new_password(password, min_length, username=user.username), actor_id)
    if not keep_tokens:
        tokens.revoke_all(session, user.id, actor_id)
    return user


def _new_password(session: Session, user: User, password: str, actor_id: int | None,
                  keep_sign_in: str | None = None) -> None:
    """Store a checked password: every session ends but `keep_sign_in`'s, with the audit row."""
    before = audit.snapshot(user)
    user.password_hash = hash_password(password)
    user.session_version += 1  # every session opened with the old password ends
    session.flush()
    signins.end_all(session, user.id, keep=keep_sign_in)
    if keep_sign_in:
        # The device keeps a fresh login (auth.views.account renews its cookie's stamp): its row must agree, or the
        # account page stops listing it, and the next login elsewhere deletes it as outlived, while it still works.
        signins.renew(session, user.id, keep_sign_in)
    audit.record(session, actor_id, "password", user, before=before)


def end_sessions(session: Session, user_id: int, revoke_tokens: bool = False) -> int:
    """End every session of a user issued so far, on every device ("log out everywhere"), and with `revoke_tokens`
    their API tokens; how many tokens were revoked."""
    # One UPDATE, not a versioned ORM edit: logging out must not make an administrator's open
    # form of this account stale.
    session.execute(sa.update(User).where(User.id == user_id)
                    .values(session_version=User.session_version + 1)
                    .execution_options(synchronize_session=False))
    signins.end_all(session, user_id)
    # A token outlives every sign-in: one made from a lost phone's session goes on unless revoked too.
    revoked = tokens.revoke_all(session, user_id, user_id) if revoke_tokens else 0
    session.expire_all()
    return revoked


def own_password_problems(user: User, current: str | None, new: str | None,
                          min_length: int = MIN_PASSWORD_LENGTH) -> dict[str, Any]:
    """What is wrong with a change of one's own password, by field (empty: it may go ahead); None skips a field."""
    problems: dict[str, Any] = {}
    # Past MAX_PASSWORD_LENGTH no password is anyone's: refused without hashing a megabyte.
    if current is not None and (not user.password_hash or len(current) > MAX_PASSWORD_LENGTH
                                or not check_password_hash(user.password_hash, current)):
        problems["current_password"] = _l("is not your current password")
    if new is not None:
        if current is not None and new == current and "current_password" not in problems:
            problems["new_password"] = _l("is the same as the current one")
        else:
            try:
                check_new_password(new, min_length, "new_password", user.username)
            except AccountError as exc:
                problems.update(exc.errors)
    return problems


def change_own_password(session: Session, user: User, current: str, new: str,
                        min_length: int = MIN_PASSWORD_LENGTH, sign_in: str | None = None,
                        revoke_tokens: bool = False) -> User:
    """A user changes their password on the device signed in as `sign_in`; they must know the current one.

    Every problem is named at once (AccountError.errors). Their other sign-ins end. Their API tokens
    stay (a script keeps running) unless `revoke_tokens` (the password had leaked: a token made meanwhile
    must end too).
    """
    if problems := own_password_problems(user, current or "", new, min_length):
        first = next(iter(problems))
        raise AccountError(first, problems[first], problems)
    _new_password(session, user, new, user.id, keep_sign_in=sign_in)
    if revoke_tokens:
        tokens.revoke_all(session, user.id, user.id)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None."""
    username = typed_name(username)
    user = session.scalar(sa.select(User).where(same_name(username))
                          .order_by(User.id).limit(1)) if username else None
    if user is None or not user.active or not user.password_hash or len(password or "") > MAX_PASSWORD_LENGTH:
        # Hash anyway so a missing account takes as long as a wrong password.
        check_password_hash(_dummy_hash(), password[:MAX_PASSWORD_LENGTH] if password else "")
        return None
    return user if check_password_hash(user.password_hash, password) else None


@functools.cache
def _dummy_hash() -> str:
    return hash_password("timing-equaliser")


# ---- login throttling --------------------------------------------------------------------

@dataclass(frozen=True)
class LoginLimits:
    """Failed logins allowed in a sliding window, per account and per address."""

    per_account: int = 5
    per_address: int = 20
    window_seconds: int = 60

    @property
    def window(self) -> timedelta:
        """The window as a timedelta."""
        return timedelta(seconds=self.window_seconds)


# A login name as the throttle counts it (account_key): asked of the database once a login, then handed on.
AccountKey = NewType("AccountKey", str)


def account_key(session: Session, username: str) -> AccountKey:
    """The name a login try counts against, folded by the database as the login's lookup folds it (same_name).

    Folded by Python, a spelling the database matches but Python keeps apart counted on its own: PostgreSQL's
    lower() makes the dotted İ an i, so "alİce" logged in as alice with five guesses of its own. Folded alike
    whether or not an account has the name, so that a refusal tells nothing of which names exist.
    """
    folded = session.scalar(sa.select(sa.func.lower(typed_name(username))))
    return AccountKey(str(folded or "")[:80])


def throttled_address(address: str) -> str:
    """The address a login try counts against: an IPv6 client's /64 network, an IPv4 address as itself.

    One home or phone line holds a whole /64: counted per address, a guesser took a new one for every
    try and never met the per-address limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def login_wait(session: Session, key: AccountKey, address: str, limits: LoginLimits,
               now: datetime | None = None) -> int:
    """Seconds until this account key and address may try again (0: go ahead); counts stored failures.

    The account's failures are counted apart for each address it logged in from this past week
    (ATTEMPT_RETENTION), and together for every other address: a guesser elsewhere, sending five wrong
    passwords a minute, kept its owner from logging in anywhere, even at the office computer.
    """
    now = now_utc() if now is None else now
    since = now - limits.window
    address = throttled_address(address)
    known = (sa.select(LoginAttempt.address)
             .where(LoginAttempt.username == key, LoginAttempt.succeeded.is_(True),
                    LoginAttempt.at > now - ATTEMPT_RETENTION))
    from_here = session.scalar(sa.select(sa.exists(known.where(LoginAttempt.address == address))))
    same_place = LoginAttempt.address == address if from_here else LoginAttempt.address.not_in(known.scalar_subquery())
    waits = [0]
    for where, limit in (((LoginAttempt.username == key, same_place), limits.per_account),
                         ((LoginAttempt.address == address,), limits.per_address)):
        # The limit-th newest failure in the window: when it ages out, one more try is allowed.
        oldest_counted = session.scalar(
            sa.select(LoginAttempt.at)
            .where(*where, LoginAttempt.at > since, LoginAttempt.succeeded.is_(False))
            .order_by(LoginAttempt.at.desc()).offset(limit - 1).limit(1))
        if oldest_counted is not None:
            waits.append(max(1, int((oldest_counted + limits.window - now).total_seconds()) + 1))
    return max(waits)


def _lock_login(session: Session, account: str, address: str) -> None:
    """Serialise check-and-record per account key and per address across processes."""
    if session.get_bind().dialect.name == "postgresql":
        # Always account first, then address: two logins never wait on each other in a cycle.
        for key in (account, "addr:" + throttled_address(address)):
            session.execute(sa.select(sa.func.pg_advisory_xact_lock(
                LOGIN_LOCK_CLASS, zlib.crc32(key.encode()) - 2**31)))
    # SQLite: the write session began with BEGIN IMMEDIATE, which already serialises writers.


def record_login_attempt(session: Session, key: AccountKey, address: str, succeeded: bool,
                         limits: LoginLimits, now: datetime | None = None) -> int:
    """Record one attempt unless throttled; returns the seconds to wait (0: recorded, go ahead).

    The check and the insert happen under a lock in the caller's transaction, so several
    workers (or servers) sharing the database never let a 6th try through together.
    """
    now = now or now_utc()
    _lock_login(session, key, address)
    wait = login_wait(session, key, address, limits, now)
    if wait:
        return wait
    session.add(LoginAttempt(username=key, address=throttled_address(address), succeeded=succeeded, at=now))
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.username == key,
                                                  LoginAttempt.at < now - ATTEMPT_RETENTION))
    session.flush()
    return 0


def list_users(session: Session) -> list[User]:
    """Every account, administrators first, then by username."""
    from sqlalchemy.orm import selectinload

    order = sa.case({Role.ADMIN.value: 0, Role.COORDINATOR.value: 1, Role.REPORTER.value: 2}, value=User.role,
                    else_=3)
    return list(session.scalars(sa.select(User).options(selectinload(User.scope_area))
                                .order_by(User.active.desc(), order, User.username)))


def scope_choices(session: Session, english: bool = False) -> list[tuple[int, str]]:
    """Areas an account can be scoped to (district, subdistricts/towns, communities), as full paths in tree order.

    Each place under the one above it, siblings in the reference order (areas/tree.reference_key).
    """
    from incidents.areas.models import AreaLevel
    from incidents.areas.tree import tree_key

    rows = session.execute(sa.select(Area.id, Area.parent_id, Area.name, Area.name_en, Area.level, Area.code).where(
        Area.level.in_([AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.COMMUNITY]))).all()
    by_id = {r.id: r for r in rows}

    def name(row: Any) -> str:
        return str(row.name_en if english and row.name_en else row.name)

    def label(row: Any) -> str:
        names = [name(row)]
        while row.parent_id in by_id:
            row = by_id[row.parent_id]
            names.append(name(row))
        return " › ".join(reversed(names))  # as every other place path is shown (reports, areas, exports)

    return [(r.id, label(r)) for r in sorted(rows, key=lambda r: tree_key(r, by_id))]
