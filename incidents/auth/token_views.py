"""One's own API tokens on the account page: create (the secret shown once), list, revoke."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from incidents.audit import idempotency as keys
from incidents.auth import tokens
from incidents.auth.decorators import browser_only, requires
from incidents.auth.forms import PasswordForm, TokenForm
from incidents.auth.models import User
from incidents.auth.permissions import READ
from incidents.auth.tokens import end_of_day
from incidents.auth.views import logged_out
from incidents.errors import ValidationError
from incidents.formatting import fmt_calendar_day, fmt_time, keep_units, reader_lang, shows_year
from incidents.request_db import request_session

bp = Blueprint("tokens", __name__)

__all__ = ["bp", "end_of_day"]  # end_of_day lives in tokens; kept importable from here


def _account_page(token_form: TokenForm, status: int = 200, new_token: str | None = None) -> ResponseReturnValue:
    return render_template("auth/account.html", form=PasswordForm(formdata=None), token_form=token_form,
                           new_token=new_token), status


def _refused(form: TokenForm, exc: ValidationError) -> ResponseReturnValue:
    """The account page again (400), each problem on its field."""
    for name, message in exc.errors.items():
        field = form.expires_on if name == "expires_at" else form.name
        if isinstance(exc, keys.KeyReused):
            # The page sent again with other values: the key's own sentence named the table (api_tokens #1) and
            # kept the key, so the form could never be sent again; said on the name, with a fresh key.
            form.once.data = ""
            message = _("This form already made a token: nothing was saved. Send it again to make another")
        field.errors = [*field.errors, message.localize(_) if hasattr(message, "localize") else str(message)]
    return _account_page(form, 400)


@bp.route("/account/tokens", methods=["POST"])
@requires(READ)
@browser_only  # a token must not make the next one: revoking a leaked token would not end its access
def create() -> ResponseReturnValue:
    """A new token for oneself; its secret is on this page once and never again."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(form, 400)
    db = request_session()
    user = db.get(User, current_user.id) or abort(404)
    try:
        # 9999-12-31 is a date the form reads, but no instant after it exists: refused on the field.
        expires_at = (end_of_day(form.expires_on.data, current_app.config["BABEL_DEFAULT_TIMEZONE"])
                      if form.expires_on.data else None)
    except ValidationError as exc:
        return _refused(form, exc)
    made: dict[str, str] = {}

    def create_token() -> tokens.ApiToken:
        row, made["plaintext"] = tokens.create_token(db, user, form.name.data or "", expires_at, actor_id=user.id,
                                                     session_version=current_user.session_version)
        return row

    try:
        once = (form.once.data or "").strip()
        if once:
            _id, created = keys.once(db, keys.stored_key(user.id, once[:keys.MAX_KEY_LENGTH]), user.id,
                                     "api_tokens", keys.digest({"name": form.name.data, "expires": expires_at}),
                                     create_token)
        else:
            create_token()
            created = True
    except ValidationError as exc:
        db.rollback()
        if "user" in exc.errors:  # this session ended (or its account was disabled) while it asked
            message = exc.errors["user"]
            return logged_out(message.localize(_) if hasattr(message, "localize") else message)
        return _refused(form, exc)
    db.commit()
    if not created:
        flash(_("This token was already created; its secret was shown only once."), "error")
        return redirect(url_for("auth.account") + "#tokens")
    # Rendered, not redirected: a redirect would have to carry the secret in the session cookie.
    return _account_page(TokenForm(formdata=None), 200, new_token=made["plaintext"])


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@requires(READ)
@browser_only  # a leaked token must not stop its owner's other scripts, again and again
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of one's own tokens; the next request with it is refused."""
    db = request_session()
    token = db.get(tokens.ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    tokens.revoke_token(db, token, current_user.id)
    db.commit()
    flash(_("Token %(name)s revoked.", name=token.name), "success")
    return redirect(url_for("auth.account") + "#tokens")


@bp.app_context_processor
def _token_helpers() -> dict[str, Any]:
    def my_api_tokens() -> list[tokens.ApiToken]:
        """The current user's tokens, for the account page."""
        return tokens.list_tokens(request_session(), current_user.id)

    def token_form(form: TokenForm | None = None) -> TokenForm:
        """The new-token form with a fresh one-time key (a form shown again with errors keeps its own)."""
        form = form or TokenForm(formdata=None)
        if not form.once.data:
            form.once.data = secrets.token_urlsafe(16)
        return form

    def token_expiry(at: datetime) -> Markup:
        """When a token stops: "through 31 Dec 2026" for one made valid through a day, else the instant."""
        # Said as the page's other dates are (Created 5 Dec 22:46), each in one piece: Babel's long date said
        # December 31, 2026 in English.
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        day = tokens.last_day(at, zone.key)
        if day is None:
            return keep_units(fmt_time(at, None, zone, reader_lang(), year=shows_year(at, zone)))
        return keep_units(_("through %(day)s", day=fmt_calendar_day(day, zone, reader_lang())))

    def live_tokens(user_id: int) -> int:
        """How many of an account's tokens still work: the password forms say what a new password does to them."""
        return tokens.live_count(request_session(), user_id)

    return {"my_api_tokens": my_api_tokens, "live_tokens": live_tokens, "token_form_for": token_form,
            "token_expiry": token_expiry}
