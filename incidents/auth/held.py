"""A form sent after its sign-in ended, held for its author's next login on this browser: the request-facing part.

The form is a row (auth/held_forms.py); the session cookie carries its random handle alone. A cookie is signed but
readable, so a report's text in it sat readable in a shared browser until the next login; and it holds about 4 KB.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request, session
from flask_wtf.csrf import validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

from incidents.auth import held_forms
from incidents.db import Database
from incidents.fetched import in_background

# The session key of the held form's handle (secrets.token_urlsafe): nothing of the form itself.
HELD = "held_form"
# On the page that gives a held form back: static/sw.js keeps no copy of it (a copy is shown offline, to anyone).
HELD_HEADER = "X-Held-Form"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Left in the cookie a logout here clears, until the next login: the account that logged out and its login's CSRF
# secret, by which a report form from that login's pages, sent from a tab still open, is known as this browser's own.
LEFT_BY = "left_by"
LEFT_CSRF = "left_csrf"


@dataclass(frozen=True)
class Held:
    """A held form as its page takes it back: the fields as sent."""

    fields: MultiDict[str, str]


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


def _database() -> Database:
    """The app's database."""
    return current_app.extensions["incidents.db"]


def _lifetime() -> int:
    """How many hours a login lasts: a held form is kept no longer."""
    return current_app.config["SESSION_LIFETIME_HOURS"]


def _handle() -> str | None:
    """The handle this browser's cookie carries; anything else there is dropped (a form a cookie held before the
    held_forms table: its text left no longer in the browser)."""
    handle = session.get(HELD)
    if isinstance(handle, str) and handle:
        return handle
    if HELD in session:
        session.pop(HELD)
    return None


def hold() -> bool:
    """Keep the form this logged-out request sent, for its author's next login here; its handle in the cookie.
    False: a form sent by its author that could not be kept (the login page says it is not saved)."""
    if request.mimetype not in FORMS or in_background():
        return True  # a page's own form, sent by the person: a script is told 401, and a fetch sets no cookie
    author = _author()
    if author is None:  # no one to give it back to: nothing kept
        return True
    # Whole, however long: the body is at most MAX_CONTENT_LENGTH, and a browser holds one (held_forms.store).
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
    with _database().transaction() as db:
        handle = held_forms.store(db, author, request.path, fields, _handle(), _lifetime())
    if handle is None:
        session.pop(HELD, None)
        return False
    session[HELD] = handle
    return True


def note() -> bool:
    """Whether the login page says a form waits for this login; a stale or unknown one is deleted, not promised."""
    handle = _handle()
    if handle is None:
        return False
    with _database().read_session() as db:  # the login page takes no write lock for a form still waiting
        if held_forms.waiting(db, handle, _lifetime()) is not None:
            return True
    forget()  # kept no longer than a login lasts: no login could take it back
    return False


def carry(user_id: int) -> str | None:
    """The held form's handle, read before a login clears the session: for the account that sent it, still fresh."""
    handle = _handle()
    if handle is None:
        return None
    with _database().transaction() as db:
        found = held_forms.waiting(db, handle, _lifetime())
        if found is not None and found.user_id == user_id:
            return handle
        held_forms.drop(db, handle)  # another account logging in on this browser never sees it, nor keeps it
    return None


def forget() -> None:
    """Delete the form this browser holds (a logout here, or a stale one: no one is left to give it back to)."""
    handle = _handle()
    if handle is not None:
        with _database().transaction() as db:
            held_forms.drop(db, handle)
        session.pop(HELD, None)


def take(user_id: int) -> Held | None:
    """The form held for this page and this user, deleted: shown once, then the form as ever."""
    if in_background():
        return None  # the service worker keeping its copy of the form: the person's own page takes it, not a cache
    handle = _handle()
    if handle is None:
        return None
    with _database().transaction() as db:
        fields = held_forms.take(db, handle, user_id, request.path, _lifetime())
        waits = fields is None and held_forms.waiting(db, handle, _lifetime()) is not None
    if not waits:  # taken, stale or unknown: the cookie names it no more
        session.pop(HELD, None)
    return Held(MultiDict(fields)) if fields is not None else None
