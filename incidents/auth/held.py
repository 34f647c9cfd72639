"""A form sent after its sign-in ended, held in the session cookie for its author's next login on this browser."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, g, request, session
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

from incidents.fetched import in_background

# The session key of the held form: {"path", "user", "at", "fields": [[name, value], ...], "dropped": [name, ...]}.
HELD = "held_form"
# The session cookie's value at most, in bytes: a browser keeps 4,096 a cookie, its name and attributes included
# (about 150 here), and drops a bigger one whole, the login with it. Flask compresses the value first.
COOKIE_BUDGET = 3600
# On the page that gives a held form back: static/sw.js keeps no copy of it (a copy is shown offline, to anyone).
HELD_HEADER = "X-Held-Form"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Left in the cookie a logout here clears, until the next login: the account that logged out and its login's CSRF
# secret, by which a report form from that login's pages, sent from a tab still open, is known as this browser's own.
LEFT_BY = "left_by"
LEFT_CSRF = "left_csrf"


@dataclass(frozen=True)
class Held:
    """A held form as its page takes it back: the fields as sent, and the names of those too long to keep."""

    fields: MultiDict[str, str]
    dropped: tuple[str, ...]


def _author() -> int | None:
    """The account whose ended sign-in this browser's cookie still names (Flask-Login's "id:version")."""
    if g.get("sent_before_logout"):
        return session.get(LEFT_BY)
    user_id = str(session.get("_user_id") or "").partition(":")[0]
    return int(user_id) if user_id.isdigit() else None


def left(user_id: int | None, csrf_secret: str | None) -> None:
    """Mark the session a logout here has just cleared with the account and the CSRF secret of the login it ended."""
    if user_id is not None and csrf_secret:
        session[LEFT_BY] = user_id
        session[LEFT_CSRF] = csrf_secret


def sent_before_logout() -> bool:
    """Whether this logged-out post is a person's form from a page of the login that logged out in this browser."""
    # The old page's token fails the anonymous secret; checked against the ended login's instead, it proves the
    # form came from this browser's own page (a post from elsewhere has no such token: the 400 as before).
    if LEFT_BY not in session or request.mimetype not in FORMS or in_background() or request.headers.get("X-Outbox"):
        return False
    try:
        validate_csrf(request.form.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")),
                      token_key=LEFT_CSRF)
    except ValidationError:
        return False
    g.sent_before_logout = True
    return True


def _cookie_size() -> int:
    """The length of the session cookie's value as it would be written now (signed, compressed)."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)  # type: ignore[attr-defined]
    return len(serializer.dumps(dict(session)))


def hold() -> None:
    """Keep the form this logged-out request sent, for its author's next login here; too-long values blanked."""
    if request.mimetype not in FORMS or in_background():
        return  # a page's own form, sent by the person: a script is told 401, and a fetch sets no cookie
    author = _author()
    if author is None:  # no one to give it back to: nothing kept
        return
    fields = [[name, value] for name, value in request.form.items(multi=True) if name != "csrf_token"]
    dropped: list[str] = []
    held = {"path": request.path, "user": author, "at": int(time.time()), "fields": fields, "dropped": dropped}
    session[HELD] = held
    # Too big for a cookie: the longest values are blanked, one at a time, and named on the form that comes back;
    # the place, the times and the counts (short) stay.
    for pair in sorted(fields, key=lambda pair: len(pair[1]), reverse=True):
        if _cookie_size() <= COOKIE_BUDGET:
            return
        if pair[1]:
            pair[1] = ""
            dropped.append(pair[0])
            session[HELD] = held
    if _cookie_size() > COOKIE_BUDGET:
        session.pop(HELD)


def _fresh() -> dict | None:
    """The held form, if one is no older than a login lasts; an older one is dropped from the cookie."""
    held = session.get(HELD)
    if not isinstance(held, dict):
        return None
    if time.time() - held.get("at", 0) > current_app.config["SESSION_LIFETIME_HOURS"] * 3600:
        # Kept no longer than a login lasts: its text would sit, readable, in a shared browser's cookie.
        session.pop(HELD)
        return None
    return held


def note() -> tuple[str, ...] | None:
    """What the login page says of a held form: None when there is none, else the names blanked as too long."""
    held = _fresh()
    return tuple(held["dropped"]) if held is not None else None


def carry(user_id: int) -> dict | None:
    """The held form, read before a login clears the session: for the account that sent it, still fresh; else None."""
    held = _fresh()
    if held is None or held.get("user") != user_id:
        return None  # another account logging in on this browser never sees it
    return held


def take(user_id: int) -> Held | None:
    """The form held for this page and this user, removed from the session: shown once, then the form as ever."""
    if in_background():
        return None  # the service worker keeping its copy of the form: the person's own page takes it, not a cache
    held = session.get(HELD)
    if not isinstance(held, dict) or held.get("path") != request.path or held.get("user") != user_id:
        return None
    session.pop(HELD)
    return Held(MultiDict([(name, value) for name, value in held["fields"]]), tuple(held["dropped"]))
