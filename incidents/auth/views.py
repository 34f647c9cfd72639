"""Login, logout and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from incidents.auth import services
from incidents.auth.decorators import public
from incidents.auth.forms import LoginForm
from incidents.db import request_session

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home."""
    if not target:
        return url_for("events.home")
    target = target.strip()
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return url_for("events.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        db = request_session()
        user = services.authenticate(db, form.username.data, form.password.data)
        if user is not None:
            lang = session.get("lang")
            session.clear()  # no session fixation: a fresh session at login
            if lang:
                session["lang"] = lang
            login_user(user)
            db.commit()
            return redirect(safe_next(request.args.get("next")))
        flash(_("Login failed."), "error")
    return render_template("auth/login.html", form=form), (401 if form.is_submitted() else 200)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["GET"])
@public
def set_language(code: str):
    """Switch the interface language (zh or en)."""
    if code in ("zh", "en"):
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))
