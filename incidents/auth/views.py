"""Login (throttled), logout, language, one's own password, and the administrator's accounts pages."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import SplitResult, urlencode, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session
from wtforms.validators import Length

from incidents.auth import held, services, signins, tokens
from incidents.auth.decorators import browser_only, public, requires
from incidents.auth.forms import LoginForm, PasswordForm, UserForm
from incidents.auth.models import Role, User
from incidents.auth.permissions import ADMIN, MANAGE, READ, allows
from incidents.auth.policy import can_manage_account
from incidents.errors import StaleEdit
from incidents.formatting import reader_lang
from incidents.inputs import query_without
from incidents.labels import field_problem, label
from incidents.limits import GARBLED_VERSION, form_version
from incidents.request_db import request_session

bp = Blueprint("auth", __name__)

# Logout ends this device's sign-in only (a phone's outbox keeps sending); the account page ends others.
LOGGED_OUT = _l("You are logged out on this device. Other devices signed in to this account stay signed in; "
                "your account page lists them and can end them.")
SESSION_ENDED = _l("Your session has ended: it was ended from another device, or this account changed its "
                   "password. Please log in again.")
SESSION_EXPIRED = _l("You signed in over %(hours)s hours ago: please log in again.")
# When this browser session logged in (seconds since the epoch): a session lives SESSION_LIFETIME_HOURS.
SIGNED_IN_AT = "signed_in_at"
# The key of this device's sign-in row (auth/signins.py): logging out here ends that row alone.
SIGN_IN = "sign_in"


def _split(target: str) -> SplitResult | None:
    """The target's parts, or None for one urlsplit refuses (a host half in brackets: //[, http://[x)."""
    try:
        return urlsplit(target)
    except ValueError:  # Invalid IPv6 URL: no path of this site, and a 500 on the login page for anyone
        return None


def safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home."""
    if not target:
        return url_for("events.home")
    target = target.strip()
    parts = _split(target)
    if (parts is None or parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target)):
        return url_for("events.home")
    # A hand-typed /login?next=/exports/...?token=il_... is carried back as the automatic way back is
    # (web._coming_back): no credential rides into the Location header and the history after it.
    kept = tokens.drop_credentials(parts.query)
    if kept == parts.query:
        return target
    return parts._replace(query=kept).geturl()


def _without_lang(target: str) -> str:
    """The same-site path without its ?lang=, the rest of its query as it was."""
    parts = urlsplit(target)  # safe_next's answer: one urlsplit takes
    kept = query_without(parts.query, lambda name, _value: name == "lang")
    return target if kept == parts.query else parts._replace(query=kept).geturl()


def _limits() -> services.LoginLimits:
    config = current_app.config
    return services.LoginLimits(per_account=config["LOGIN_MAX_FAILURES"],
                                per_address=config.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
                                window_seconds=config["LOGIN_WINDOW_SECONDS"])


# What a header may hold that a stored text may not (PostgreSQL refuses NUL): the development server passes them.
_HEADER_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _from_header(text: str) -> str:
    """A request header's text fit to store: each control character a space."""
    return _HEADER_CONTROLS.sub(" ", text)


def _address() -> str:
    # Behind a reverse proxy, INCIDENTS_PROXIES=n (ProxyFix) makes this the client, not the proxy.
    return _from_header(request.remote_addr or "unknown")


def _text(message: Any) -> str:
    """A service message in the reader's language (Message objects carry their parameters)."""
    localize = getattr(message, "localize", None)
    return localize(_) if localize else _(str(message))


def _field_error(form: FlaskForm, error: services.AccountError) -> None:
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, _text(message)]
        else:
            flash(field_problem(name, _text(message)), "error")


def _throttled(form: LoginForm, wait: int) -> ResponseReturnValue:
    flash(_("Too many failed logins for this account or from this address. "
            "Try again in %(seconds)s seconds.", seconds=wait), "error")
    response = current_app.make_response((_login_page(form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _why_logged_out() -> str | None:
    """Why the login page was sent to (web._require_login's ?why=): a session ended or outlived."""
    why = request.args.get("why")
    if why == "ended":
        return str(SESSION_ENDED)
    if why == "expired":
        return str(SESSION_EXPIRED % {"hours": current_app.config["SESSION_LIFETIME_HOURS"]})
    return None


def _log_in(user: User) -> None:
    """Flask-Login's login of `user` into this session, marked not fresh from the start (nothing asks if it is)."""
    # Session protection marks a fresh login stale at its first request from another address or browser string (a
    # phone moving from Wi-Fi to mobile data), writing the cookie there: a background fetch doing so, answered after
    # a password change or a language switch on that phone, put the older session back (logged out, or Chinese).
    login_user(user, fresh=False)


def _login_page(form: LoginForm, why: str | None = None) -> str:
    """The login page; it says so when a form sent as the sign-in ended waits for this login (auth/held.py), or
    could not be kept (?kept=no: the account's held forms are at their limit)."""
    return render_template("auth/login.html", form=form, why=why, held=held.note(),
                           not_kept=request.args.get("kept") == "no")


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Log in with username and password; the 6th failure in a minute is refused, right or wrong."""
    given = request.args.get("next") or ""
    query = parts.query if (parts := _split(given)) is not None else ""
    if request.method == "GET" and tokens.drop_credentials(query) != query:
        # The page's own address, then its form's, would carry a credential in next= on to the POST's log line.
        return redirect(f"{url_for('auth.login')}?{urlencode({**request.args, 'next': safe_next(given)})}")
    form = LoginForm()
    if not form.validate_on_submit():
        if form.is_submitted():
            # Both typed, one longer than any account's: named with its limit, not "enter your username and password".
            too_long = [(f, v.max) for f in (form.username, form.password) if f.data
                        for v in f.validators if isinstance(v, Length) and v.max is not None and len(f.data) > v.max]
            for field, limit in too_long:
                flash(field_problem(field.name, _("is longer than %(n)s characters", n=limit),
                                    {field.name: field.label.text}), "error")
            if not too_long:
                flash(_("Enter your username and password."), "error")
            return _login_page(form), 400
        return _login_page(form, why=_why_logged_out())
    username, address, limits = form.username.data, _address(), _limits()
    database = current_app.extensions["incidents.db"]
    # Check and hash in a read session: no write lock is held while scrypt runs.
    with database.read_session() as read:
        key = services.account_key(read, username)  # once a login: the recount below counts the same key
        wait = services.login_wait(read, key, address, limits)
        user = None if wait else services.authenticate(read, username, form.password.data)
        user_id = user.id if user is not None else None
    if not wait:
        # Recount under a lock and record, so workers sharing the database agree.
        db = request_session()
        wait = services.record_login_attempt(db, key, address, user_id is not None, limits)
        if user_id is not None and not wait:
            # The login this browser held ends with the new one: a copy of its cookie must not outlive it.
            signins.end_replaced(db, session.get(SIGN_IN))
            sign_in = signins.open_sign_in(db, user_id, _from_header(request.user_agent.string), address,
                                           current_app.config["SESSION_LIFETIME_HOURS"])
        db.commit()
    if wait:
        current_app.logger.warning("login throttled for %r from %s", username[:80], address)
        return _throttled(form, wait)
    if user_id is None:
        # The same words for an unknown account, a wrong password and a disabled account.
        flash(_("Login failed: the username or password is wrong, or the account is disabled."), "error")
        return _login_page(form), 401
    lang, kept = session.get("lang"), held.carry(user_id)
    session.clear()  # no session fixation: a fresh session at login
    if lang:
        session["lang"] = lang
    if kept is not None:  # the form its sign-in's end interrupted, back on its page (auth/held.py)
        session[held.HELD] = kept
    _log_in(request_session().get(User, user_id) or abort(404))  # removed since the check above: no login
    session.permanent = True  # a cookie that outlives a browser restart, for SESSION_LIFETIME_HOURS
    session[SIGNED_IN_AT] = int(time.time())
    session[SIGN_IN] = sign_in
    # The login's CSRF secret goes with its cookie: made later, by whichever request asked first, a background
    # fetch (the outbox's /offline/me in another tab) answered after the first page made that page's forms stale.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # the cleared anonymous one's, cached
    generate_csrf()
    return redirect(safe_next(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
@requires(READ)
@browser_only
def logout() -> ResponseReturnValue:
    """Log out on this device; the account's other sign-ins go on (the account page can end them)."""
    db = request_session()
    signins.end_here(db, current_user.id, session.get(SIGN_IN))
    db.commit()
    return logged_out(LOGGED_OUT)


def logged_out(message: Any) -> ResponseReturnValue:
    """Clear this browser's session, keeping its language, and go to the login page with `message`."""
    language = session.get("lang") or current_user.locale
    user_id = current_user.id if current_user.is_authenticated else None
    csrf_secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    logout_user()
    held.forget()  # a form carried to this login and not yet taken back: no one left here to give it to
    session.clear()
    if language in ("zh", "en"):
        session["lang"] = language  # the login page that follows stays in the language the user reads
    # A report form still open in another tab, sent without JavaScript, is held for this account's next login here.
    held.left(user_id, csrf_secret)
    flash(str(message), "info")
    return redirect(url_for("auth.login"))


@bp.route("/held/discard", methods=["POST"])
@requires(READ)
@browser_only
def discard_held() -> ResponseReturnValue:
    """Drop a form held for this login, as its worker asked on the page giving it back; that page, blank."""
    path = held.discard(request.form.get("handle", ""), current_user.id)
    return redirect(path or url_for("reports.start"))  # gone already (a double tap): the forms


# The interface's languages, each named in itself (the switch's button).
LANGUAGES = {"zh": "中文", "en": "English"}


@bp.route("/lang/<code>", methods=["GET", "POST"])
@public
def set_language(code: str) -> ResponseReturnValue:
    """Switch the interface language: the header's form (POST, CSRF checked app-wide); a GET only shows its button."""
    if code not in LANGUAGES:
        abort(404)
    target = safe_next(request.form.get("next") or request.args.get("next"))
    if request.method == "GET":
        # A link (an old bookmark, another site's <img src>) changes nothing: the button is one press away.
        return render_template("auth/language.html", code=code, name=LANGUAGES[code], back=target)
    session["lang"] = code
    # A page whose ?lang= says its language (a brief's, downloads.takes_lang) came back in that language whatever
    # was chosen: the choice is the page's language now.
    return redirect(_without_lang(target))


@bp.route("/account", methods=["GET", "POST"])
@requires(READ)
def account() -> ResponseReturnValue:
    """One's own account: who I am, what I may do, and changing my password."""
    form = PasswordForm()
    if not form.is_submitted():
        return render_template("auth/account.html", form=form)
    valid = form.validate()
    db = request_session()
    # The login check loaded this account for the request; gone only if removed since.
    user = db.get(User, current_user.id) or abort(404)
    limits, address = _limits(), _address()
    key = services.account_key(db, user.username)
    wait = services.login_wait(db, key, address, limits)
    if wait:
        flash(_("Too many failed logins for this account or from this address. "
                "Try again in %(seconds)s seconds.", seconds=wait), "error")
        return render_template("auth/account.html", form=form), 429
    if not valid:
        # The form stopped at a missing field or a confirmation that differs: the fields it passed are
        # checked too, so that one answer names every problem (a megabyte's length with the mismatch).
        current, new = (None if f.errors or not f.data else f.data for f in (form.current_password, form.new_password))
        problems = services.own_password_problems(user, current, new, current_app.config["PASSWORD_MIN_LENGTH"])
        if problems:
            error = services.AccountError(*next(iter(problems.items())), problems)
            _refused_password(db, form, error, key, limits, address)
        return render_template("auth/account.html", form=form), 400
    live = tokens.live_count(db, user.id)
    try:
        services.change_own_password(db, user, form.current_password.data, form.new_password.data,
                                     current_app.config["PASSWORD_MIN_LENGTH"], sign_in=session.get(SIGN_IN),
                                     revoke_tokens=form.revoke_tokens.data)
    except services.AccountError as exc:
        _refused_password(db, form, exc, key, limits, address)
        return render_template("auth/account.html", form=form), 400
    db.commit()
    _log_in(user)  # this session goes on with the new session version; the others end
    session[SIGNED_IN_AT] = int(time.time())  # the password just typed proves it is still them
    if not live:
        flash(_("Your password has been changed."), "success")
    elif form.revoke_tokens.data:
        flash(ngettext("Your password has been changed, and your %(num)s API token revoked.",
                       "Your password has been changed, and your %(num)s API tokens revoked.", live),
              "success")
    else:  # said, not silent: whoever changes a leaked password must learn the tokens outlive it
        flash(ngettext("Your password has been changed. Your %(num)s API token still works: revoke it "
                       "below if you did not make it.",
                       "Your password has been changed. Your %(num)s API tokens still work: revoke "
                       "any below that you did not make.", live), "success")
    return redirect(url_for("auth.account"))


def _refused_password(db: Session, form: PasswordForm, error: services.AccountError, key: services.AccountKey,
                      limits: services.LoginLimits, address: str) -> None:
    """Name a refused change's problems on the form; a wrong current password counts as a failed login."""
    db.rollback()
    if "current_password" in error.errors:
        # A stolen session must not become a password-guessing machine.
        services.record_login_attempt(db, key, address, False, limits)
        db.commit()
    _field_error(form, error)


# ---- administrators: accounts ------------------------------------------------------------

def _with_password_problem(error: services.AccountError, password: str | None,
                           min_length: int, username: str) -> services.AccountError:
    """The account's problems and the new password's, if it has one: all named on one refusal."""
    if password:
        try:
            services.check_new_password(password, min_length, username=username)
        except services.AccountError as also:
            return services.AccountError(error.field, error.message, error.errors | also.errors)
    return error


def _password_problem(form: UserForm, username: str | None) -> None:
    """The new password's own problem beside the others, where the form stopped before the service checked it."""
    field = form.password
    if field.data and not field.errors:
        try:
            services.check_new_password(field.data, current_app.config["PASSWORD_MIN_LENGTH"], username=username)
        except services.AccountError as exc:
            field.errors = [*field.errors, _text(exc.message)]


def _choices(form: UserForm) -> None:
    form.role.choices = [(r.value, label(r.value)) for r in Role]
    db = request_session()
    # A scoped administrator gives only scopes within its own: none, it could lift its own or make an unscoped account.
    places = [(area_id, path) for area_id, path in services.scope_choices(db, english=reader_lang() == "en")
              if can_manage_account(db, current_user, area_id)]
    whole = [("", _("Everywhere (no limit)"))] if can_manage_account(db, current_user, None) else []
    form.scope_area_id.choices = whole + [(str(area_id), path) for area_id, path in places]


def _scope_value(form: UserForm) -> int | None:
    return int(form.scope_area_id.data) if form.scope_area_id.data else None


@bp.route("/admin/users")
@requires(ADMIN)
def users() -> ResponseReturnValue:
    """Every account with its role, scope and state; Edit on those this administrator may change."""
    db = request_session()
    accounts = services.list_users(db)
    manageable = {u.id for u in accounts if can_manage_account(db, current_user, u.scope_area_id)}
    return render_template("auth/users.html", users=accounts, manageable=manageable)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@requires(ADMIN)
def user_new() -> ResponseReturnValue:
    """Create an account with a first password the administrator passes on."""
    form = UserForm()
    _choices(form)
    if not form.validate_on_submit():
        if form.is_submitted():
            _password_problem(form, form.username.data)
        return render_template("auth/user_form.html", form=form, user=None), (400 if form.is_submitted() else 200)
    # Both missing fields marked at once, not the password now and the username on the next try.
    missing = [f for f, given in ((form.username, (form.username.data or "").strip()),
                                  (form.password, form.password.data)) if not given]
    if missing:
        for f in missing:
            f.errors = [_("required")]
        _password_problem(form, form.username.data)
        return render_template("auth/user_form.html", form=form, user=None), 400
    db = request_session()
    try:
        user = services.create_user(
            db, form.username.data or "", form.password.data, form.role.data,
            display_name=form.display_name.data, scope_area_id=_scope_value(form),
            actor_id=current_user.id, min_length=current_app.config["PASSWORD_MIN_LENGTH"])
    except services.AccountError as exc:
        db.rollback()
        _field_error(form, exc)
        return render_template("auth/user_form.html", form=form, user=None), 400
    db.commit()
    flash(_("Account %(name)s created.", name=user.username), "success")
    return redirect(url_for("auth.users"))


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@requires(ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    """Change an account's name, role, scope or active flag, or set a new password."""
    db = request_session()
    user = db.get(User, user_id) or abort(404)
    if not can_manage_account(db, current_user, user.scope_area_id):
        abort(403)  # an account outside a scoped administrator's subdistrict (or an unscoped one) is not its to change
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    _choices(form)
    status = 200
    if request.method == "GET":
        form.role.data = user.role.value
        form.scope_area_id.data = str(user.scope_area_id or "")
        form.version.data = str(user.version)
    elif form.validate_on_submit():
        expected = form_version(form.version.data)
        if expected is None:
            flash(field_problem("version", _text(GARBLED_VERSION)), "error")
            return render_template("auth/user_form.html", form=form, user=user), 400
        min_length = current_app.config["PASSWORD_MIN_LENGTH"]
        was_active, live = user.active, tokens.live_count(db, user.id)
        try:
            try:
                services.update_user(db, user, {
                    "display_name": form.display_name.data, "role": form.role.data,
                    "scope_area_id": _scope_value(form), "active": form.active.data,
                }, current_user.id, expected_version=expected)
            except services.AccountError as exc:
                raise _with_password_problem(exc, form.password.data, min_length, user.username) from exc
            if form.password.data:
                services.set_password(db, user, form.password.data, current_user.id, min_length,
                                      keep_tokens=form.keep_tokens.data)
        except StaleEdit as exc:
            # Show the newer version; the administrator makes the change again on top of it.
            current: User = exc.current
            flash(_("Someone else changed this account first. Here is the newer version; "
                    "make your change again."), "error")
            form = UserForm(obj=current, formdata=None)
            _choices(form)
            form.role.data, form.scope_area_id.data = current.role.value, str(current.scope_area_id or "")
            form.version.data = str(current.version)
            return render_template("auth/user_form.html", form=form, user=current), 409
        except services.AccountError as exc:
            db.rollback()
            user = db.get(User, user_id) or abort(404)  # found above; reloaded after the rollback
            _field_error(form, exc)
            status = 400
        else:
            db.commit()
            # Ticking "Active" on or off is the change that matters most: say it, not just "saved".
            if was_active and not user.active:
                flash(_("Account %(name)s disabled: it can no longer log in, and its open sign-ins are ended.",
                        name=user.username), "success")
            elif user.active and not was_active:
                flash(_("Account %(name)s enabled again: it can log in.", name=user.username), "success")
            else:
                flash(_("Account %(name)s saved.", name=user.username), "success")
            if live and (form.password.data or not user.active):
                # What the reset or the deactivation did to the account's scripts, either way.
                flash(ngettext("Its %(num)s API token still works.", "Its %(num)s API tokens still work.", live)
                      if form.keep_tokens.data and user.active else
                      ngettext("Its %(num)s API token was revoked.", "Its %(num)s API tokens were revoked.", live),
                      "info")
            return redirect(url_for("auth.users"))
    else:
        _password_problem(form, user.username)
        status = 400
    return render_template("auth/user_form.html", form=form, user=user), status


@bp.app_context_processor
def _account_links() -> dict:
    def account_links() -> list[dict[str, str]]:
        """Links the top bar offers this user: accounts for administrators, retracted reports for coordinators."""
        if not current_user.is_authenticated:
            return []
        links = []
        if allows(current_user.role, ADMIN):
            links.append({"url": url_for("auth.users"), "label": _("Users")})
        if allows(current_user.role, MANAGE):
            # The places (the tree, its editing and import): before any exists, it opens the areas import.
            links.append({"url": url_for("areas.index"), "label": _("Places")})
        if allows(current_user.role, MANAGE) and "audit.retracted" in current_app.view_functions:
            links.append({"url": url_for("audit.retracted"), "label": _("Retracted reports")})
        return links

    return {"account_links": account_links}
