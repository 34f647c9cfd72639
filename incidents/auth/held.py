"""A form sent after its sign-in ended, held for its author's next login on this browser: the request-facing part.

The form is a row (auth/held_forms.py); the session cookie carries its random handle alone (a list: a browser may
hold a few). A cookie is signed but readable, so a report's text in it sat readable in a shared browser until the
next login; and it holds about 4 KB.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

from incidents.auth import held_forms
from incidents.db import Database
from incidents.fetched import in_background

# The session key of the held forms' handles (secrets.token_urlsafe), a list: nothing of the forms themselves.
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
    handle: str


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


def _handles() -> list[str]:
    """The handles this browser's cookie carries, one a form held here; anything else there is dropped (a form a
    cookie held before the held_forms table: its text left no longer in the browser)."""
    found = session.get(HELD)
    if isinstance(found, str):
        found = [found]  # one handle, as a cookie carried it until 7 December
    handles = [h for h in found if isinstance(h, str) and h] if isinstance(found, list) else []
    if HELD in session and not handles:
        session.pop(HELD)
    return handles


def _keep(handles: list[str]) -> None:
    """Put `handles` in the cookie (none: the key removed), writing it only when they change."""
    if not handles:
        session.pop(HELD, None)
    elif session.get(HELD) not in (handles, handles[0] if len(handles) == 1 else None):
        session[HELD] = handles


def hold() -> bool:
    """Keep the form this logged-out request sent, for its author's next login here; its handle in the cookie.
    False: a form sent by its author that could not be kept (the login page says it is not saved)."""
    if request.mimetype not in FORMS or in_background():
        return True  # a page's own form, sent by the person: a script is told 401, and a fetch sets no cookie
    author = _author()
    if author is None:  # no one to give it back to: nothing kept
        return True
    # Whole, however long: the body is at most MAX_CONTENT_LENGTH, and an account holds a few (held_forms.store).
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
    with _database().transaction() as db:
        kept = held_forms.fresh(db, _handles(), _lifetime())
        handle = held_forms.store(db, author, request.path, fields, _lifetime())
    _keep(kept + ([handle] if handle is not None else []))  # a form held here before stays beside it
    return handle is not None


def note() -> bool:
    """Whether the login page says a form waits for this login; a stale or unknown one is deleted, not promised."""
    handles = _handles()
    if not handles:
        return False
    with _database().read_session() as db:  # the login page takes no write lock for a form still waiting
        if held_forms.fresh(db, handles, _lifetime()) == handles:
            return True
    _prune()  # kept no longer than a login lasts: no login could take it back
    return bool(_handles())


def _prune() -> None:
    """Delete this browser's stale or unknown held forms, and drop their handles from the cookie."""
    handles = _handles()
    with _database().transaction() as db:
        kept = held_forms.fresh(db, handles, _lifetime())
        for handle in set(handles) - set(kept):
            held_forms.drop(db, handle)
    _keep(kept)


def carry(user_id: int) -> list[str] | None:
    """The held forms' handles, read before a login clears the session: those the account sent, still fresh."""
    handles = _handles()
    if not handles:
        return None
    kept = []
    with _database().transaction() as db:
        for handle in handles:
            found = held_forms.waiting(db, handle, _lifetime())
            if found is not None and found.user_id == user_id:
                kept.append(handle)
            else:
                held_forms.drop(db, handle)  # another account logging in on this browser never sees it, nor keeps it
    return kept or None


def forget() -> None:
    """Delete the forms this browser holds (a logout here, or a stale one: no one is left to give it back to)."""
    handles = _handles()
    if handles:
        with _database().transaction() as db:
            for handle in handles:
                held_forms.drop(db, handle)
        session.pop(HELD, None)


def take(user_id: int) -> Held | None:
    """The form held for this page and this user, given back; kept until it is stored (settle) or discarded."""
    if in_background():
        return None  # the service worker keeping its copy of the form: the person's own page takes it, not a cache
    handles = _handles()
    if not handles:
        return None
    with _database().read_session() as db:
        row = held_forms.shown(db, handles, user_id, request.path, _lifetime())
        found = Held(MultiDict([(str(n), str(v)) for n, v in row.fields]), row.handle) if row is not None else None
    if found is None:
        _prune()  # none for this page: a stale one goes, one for another page waits for it
        return None
    g.held_handle = found.handle  # the page's 放弃 button names it
    return found


def settle(db: Session, name: str, value: str) -> None:
    """In the transaction storing this page's form: the form held here for it, whose `name` was `value`, goes."""
    handles = _handles()
    if handles:
        held_forms.settle(db, handles, current_user.id, request.path, name, value)


@dataclass(frozen=True)
class Waiting:
    """A form held for this login on this browser, not on this page: named on every page until saved or discarded."""

    path: str
    handle: str


def waiting_elsewhere() -> Waiting | None:
    """The oldest form this browser holds for the user logged in for another page than this one: where it waits."""
    # Every page says so (base.html), not only the one the login led to: a second form sent before the login, or the
    # page giving one back left for another, would otherwise wait unseen until its lifetime ran out.
    if in_background() or not current_user.is_authenticated:
        return None  # a fetched page (a copy kept for offline use) says nothing of it
    handles = _handles()
    if not handles:
        return None
    with _database().read_session() as db:  # not this page's: it gives them back itself, one after the other
        row = held_forms.first(db, handles, current_user.id, _lifetime(), request.path)
    if row is None:
        return None
    g.held_named = True  # the page is marked as the give-back page is: static/sw.js keeps no copy of it
    return Waiting(*row)


def _mark(response: Response) -> Response:
    """Mark a page naming a held form as the page giving one back is (HELD_HEADER)."""
    if g.get("held_named"):
        response.headers[HELD_HEADER] = "1"
    return response


def init_app(app: Flask) -> None:
    """Every page names a form held for its login elsewhere (templates/base.html)."""
    app.jinja_env.globals["held_waiting"] = waiting_elsewhere
    app.after_request(_mark)


def discard(handle: str, user_id: int) -> str | None:
    """Delete the held form `handle` of this browser and user, as its worker asked; the page it was for."""
    handles = _handles()
    if handle not in handles:
        return None
    with _database().transaction() as db:
        row = held_forms.waiting(db, handle, _lifetime())
        path = row.path if row is not None and row.user_id == user_id else None
        if path is not None:
            held_forms.drop(db, handle)
    if path is not None:
        _keep([h for h in handles if h != handle])
    return path
