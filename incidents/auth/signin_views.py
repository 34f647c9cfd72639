"""One's own sign-ins on the account page: every device logged in, ending one, or all of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from incidents.auth import services, signins, tokens
from incidents.auth.decorators import browser_only, requires
from incidents.auth.forms import EndAllForm
from incidents.auth.permissions import READ
from incidents.auth.views import SIGN_IN, logged_out
from incidents.request_db import request_session

bp = Blueprint("signins", __name__)

LOGGED_OUT_EVERYWHERE = _l("You are logged out on every device signed in to this account.")


@dataclass(frozen=True)
class Device:
    """One sign-in as the account page lists it."""

    id: int
    name: list[str]     # browser, system: the page joins them (a "·" kept with the system on a phone)
    address: str
    since: datetime
    here: bool


@bp.route("/account/sign-ins/<int:sign_in_id>/end", methods=["POST"])
@requires(READ)
@browser_only
def end(sign_in_id: int) -> ResponseReturnValue:
    """End one of one's own sign-ins (a phone left behind); ending this device's is logging out."""
    db = request_session()
    key = signins.end_one(db, current_user.id, sign_in_id)
    if key is None:
        abort(404)
    db.commit()
    if key == session.get(SIGN_IN):
        return logged_out(_l("You are logged out on this device."))
    flash(_("That device is logged out."), "success")
    return redirect(url_for("auth.account") + "#sign-ins")


@bp.route("/account/sign-ins/end-all", methods=["POST"])
@requires(READ)
@browser_only
def end_all() -> ResponseReturnValue:
    """Log out on every device, this one included (a lost phone, a shared computer)."""
    db = request_session()
    user_id = current_user.id
    if revoked := services.end_sessions(db, user_id, revoke_tokens=bool(EndAllForm().revoke_tokens.data)):
        message = ngettext("You are logged out on every device signed in to this account, and your %(num)s API "
                           "token is revoked.", "You are logged out on every device signed in to this account, "
                           "and your %(num)s API tokens are revoked.", revoked)
    elif live := tokens.live_count(db, user_id):
        # Said, not silent: a token made from the lost phone's session outlives this logout.
        message = ngettext("You are logged out on every device signed in to this account. Your %(num)s API token "
                           "still works: log in and revoke it on My account if you did not make it.",
                           "You are logged out on every device signed in to this account. Your %(num)s API tokens "
                           "still work: log in and revoke any on My account that you did not make.", live)
    else:
        message = str(LOGGED_OUT_EVERYWHERE)
    db.commit()
    return logged_out(message)


@bp.app_context_processor
def _sign_in_helpers() -> dict[str, Any]:
    def my_sign_ins() -> list[Device]:
        """The devices the current user is signed in on, this one marked."""
        here = session.get(SIGN_IN)
        rows = signins.active(request_session(), current_user.id, current_app.config["SESSION_LIFETIME_HOURS"])
        return [Device(r.id, signins.device_parts(r.device) or [_("Unknown device")], r.address, r.created_at,
                       r.key == here) for r in rows]

    return {"my_sign_ins": my_sign_ins}
