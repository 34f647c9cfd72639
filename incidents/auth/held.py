"""A form sent after its sign-in ended, held in the session cookie for its author's next login on this browser."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, request, session
from werkzeug.datastructures import MultiDict

from incidents.api.auth import in_background

# The session key of the held form: {"path", "user", "at", "fields": [[name, value], ...], "dropped": [name, ...]}.
HELD = "held_form"
# The session cookie's value at most, in bytes: a browser keeps 4,096 a cookie, its name and attributes included
# (about 150 here), and drops a bigger one whole, the login with it. Flask compresses the value first.
COOKIE_BUDGET = 3600
# On the page that gives a held form back: static/sw.js keeps no copy of it (a copy is shown offline, to anyone).
HELD_HEADER = "X-Held-Form"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Held:
    """A held form as its page takes it back: the fields as sent, and the names of those too long to keep."""

    fields: MultiDict[str, str]
    dropped: tuple[str, ...]


def _author() -> int | None:
    """The account whose ended sign-in this browser's cookie still names (Flask-Login's "id:version")."""
    user_id = str(session.get("_user_id") or "").partition(":")[0]
    return int(user_id) if user_id.isdigit() else None


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


def note() -> tuple[str, ...] | None:
    """What the login page says of a held form: None when there is none, else the names blanked as too long."""
    held = session.get(HELD)
    return tuple(held["dropped"]) if isinstance(held, dict) else None


def carry(user_id: int) -> dict | None:
    """The held form, read before a login clears the session: for the account that sent it, still fresh; else None."""
    held = session.get(HELD)
    if not isinstance(held, dict) or held.get("user") != user_id:
        return None  # another account logging in on this browser never sees it
    if time.time() - held.get("at", 0) > current_app.config["SESSION_LIFETIME_HOURS"] * 3600:
        return None  # kept no longer than a login lasts
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
