"""Import pages: upload a CSV or XLSX, preview what it would do, confirm; template downloads; progress."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from incidents.auth.decorators import requires, uploads
from incidents.auth.permissions import MANAGE, READ, REPORT, allows
from incidents.db import Database
from incidents.downloads import disposition, known_format, takes_lang
from incidents.events.models import Event
from incidents.formatting import reader_lang
from incidents.imports import progress, services
from incidents.imports.cells import MAX_BYTES
from incidents.imports.forms import ConfirmForm, UploadForm
from incidents.imports.templates import AREAS, template_csv, template_xlsx
from incidents.inputs import BadField, NoSuch, lang_param
from incidents.labels import field_problem
from incidents.limits import is_id
from incidents.reports import messages
from incidents.request_db import request_session
from incidents.tables import FORMATS

bp = Blueprint("imports", __name__)


@bp.url_value_preprocessor
def _larger_bodies(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Let an upload be larger than a form post. It must happen here: URL preprocessors run before
    the app's before_request hooks, and CSRF protection there reads the body first."""
    if endpoint in ("imports.reports", "imports.areas"):
        request.max_content_length = MAX_BYTES


def _event(event_id: int | None, session: Session | None = None) -> Event | None:
    if event_id is None:
        return None
    found = (session or request_session()).get(Event, event_id) if is_id(event_id) else None
    return found or abort(404)


def _kinds(event: Event | None) -> list[str]:
    return [AREAS] if event is None else [k for k in services.KINDS if k != AREAS]


def _headers(outcome: services.Outcome, session: Session | None = None) -> dict[str, str]:
    """Column names as the file heads them (an older template's 获悉时间 stays 获悉时间); a column the file
    lacks as the reader's language shows it (the template's header in that language)."""
    cats = services.categories(session or request_session())
    english = reader_lang() == "en"
    shown = {c.name: c.name if english else c.zh for c in services.accepted_columns(outcome.kind, cats)}
    return shown | outcome.spelling


def _page(event: Event | None, form: UploadForm, outcome: services.Outcome | None = None,
          token: str = "", status: int = 200, session: Session | None = None) -> ResponseReturnValue:
    headers = _headers(outcome, session) if outcome is not None and outcome.kind else {}
    # The hint's example times are on an unreadable cell's day (messages.example_day: today while the event runs).
    example_day = messages.example_day(event.tz, event.starts_at, ends_at=event.ends_at).isoformat() if event else ""
    return render_template("imports/page.html", event=event, form=form, outcome=outcome, kinds=_kinds(event),
                           headers=headers, token=token, example_day=example_day,
                           # Not from the posted form: after a preview that holds the upload form's token.
                           confirm=ConfirmForm(formdata=None, token=token)), status


@bp.route("/events/<int:event_id>/import", methods=["GET", "POST"])
@uploads("file")
@requires(REPORT)
def reports(event_id: int) -> ResponseReturnValue:
    """Upload a file of reports for an event and see its preview."""
    return _upload(event_id)


@bp.route("/areas/import", methods=["GET", "POST"])
@uploads("file")
@requires(MANAGE)
def areas() -> ResponseReturnValue:
    """Upload a file of areas (the tree by path) and see its preview."""
    return _upload(None)


def _upload(event_id: int | None) -> ResponseReturnValue:
    # No process of its own for this: the previews left unconfirmed go at the next visit of an import page.
    progress.remove_expired(current_app.instance_path, current_user.id)
    if request.method == "GET":
        event = _event(event_id)
        form = _upload_form(event)
        form.token.data = progress.new_token()
        return _page(event, form, token=form.token.data)
    database: Database = current_app.extensions["incidents.db"]
    # The page's own reads (the event, the categories) in a read session: on SQLite the request's
    # write session takes the write lock (BEGIN IMMEDIATE) at its first query and keeps it to the end
    # of the request, through the check of the file.
    with database.read_session() as reading:
        return _preview(database, reading, _event(event_id, reading))


def _upload_form(event: Event | None) -> UploadForm:
    form = UploadForm()
    form.kind.choices = [("", "")] + [(k, k) for k in _kinds(event)]
    return form


def _preview(database: Database, reading: Session, event: Event | None) -> ResponseReturnValue:
    """Check a posted file and show what it would do; store nothing."""
    form = _upload_form(event)
    token = form.token.data or ""
    upload = request.files.get("file")
    if not form.validate() or not progress.valid(token):
        # A token of no upload's shape (tampered with, cut off): said, or the same form came back without a word.
        unreadable = _("The form's upload key cannot be read: the file was not read. Choose it again and upload")
        flash(field_problem("token", unreadable), "error")
        form.token.data = progress.new_token()
        return _page(event, form, token=form.token.data, status=400, session=reading)
    data = upload.read() if upload is not None else b""
    if not data:
        form.file.errors = [_("choose a CSV or XLSX file")]
        return _page(event, form, token=token, status=400, session=reading)
    kind = form.kind.data or (AREAS if event is None else None)
    if kind is not None and kind not in _kinds(event):
        form.kind.errors = [_("unknown kind")]
        return _page(event, form, token=token, status=400, session=reading)
    filename = upload.filename or "upload" if upload is not None else "upload"
    reporter = progress.Reporter(current_app.instance_path, token, current_user.id)
    # A preview stores nothing (run_import rolls its savepoint back, and so do we). Most kinds are
    # checked without writing: a read session of its own, so that checking a large file does not hold
    # SQLite's write lock while field reporters save. Areas, outage updates and zero reports are
    # checked by storing each row in file order: their preview writes, so it runs in the request's
    # write session (on SQLite BEGIN IMMEDIATE, waiting its turn). In a read transaction its first
    # INSERT would have to take the write lock halfway, which SQLite refuses at once ("database is
    # locked", no busy wait) while any other connection holds it.
    writes = services.checks_by_storing(reading, filename, data, kind)
    with nullcontext(request_session()) if writes else database.read_session() as db:
        outcome = services.run_import(db, filename=filename, data=data, user_id=current_user.id,
                                      event_id=event.id if event else None, kind=kind, store=False,
                                      progress=reporter)
        db.rollback()
    reporter.finish("checked")
    # Each preview its own token, the confirm's and no other form's: the page's "upload another file" form
    # and an upload page reached by going back carry other tokens, so a later upload can never replace
    # the file this page previewed (pressing its 导入 once stored the last file uploaded instead).
    stored = ""
    # Kept only when the page offers to confirm it: a file of a header and blank lines (or of rows all
    # imported before) was 64 MB more on disk for a day, each time.
    if not outcome.problems and outcome.created + outcome.updated > 0:
        stored = progress.new_token()
        progress.save_upload(current_app.instance_path, stored, data, {
            "user_id": current_user.id, "event_id": event.id if event else None, "kind": outcome.kind,
            "filename": filename})
        progress.Reporter(current_app.instance_path, stored, current_user.id).finish("checked")
    form.token.data = progress.new_token()
    return _page(event, form, outcome, token=stored, status=422 if outcome.problems else 200, session=reading)


@bp.route("/imports/<token>/confirm", methods=["POST"])
@requires(READ)
def confirm(token: str) -> ResponseReturnValue:
    """Store a previewed file, all or nothing; back to its preview with the errors if it no longer passes."""
    if not (allows(current_user.role, REPORT) or allows(current_user.role, MANAGE)):
        abort(403)  # before anything else: a role that can import nothing learns nothing of uploads
    form = ConfirmForm()
    if not form.validate() or form.token.data != token or not progress.valid(token):
        # The button's hidden token is its preview's address: another one (tampered with) confirms nothing.
        raise BadField("token", _("does not match the preview: nothing was imported. Go back to the preview and "
                                  "press its button again"))
    stored = progress.load_upload(current_app.instance_path, current_user.id, token)
    if stored is None:
        return _used_or_expired(token)
    data, meta = stored
    if not allows(current_user.role, MANAGE if meta.get("kind") == AREAS else REPORT):
        abort(403)
    event = _event(meta.get("event_id"))
    db = request_session()
    reporter = progress.Reporter(current_app.instance_path, token, current_user.id)
    def run() -> services.Outcome:
        return services.run_import(db, filename=str(meta.get("filename")), data=data, user_id=current_user.id,
                                   event_id=event.id if event else None, kind=meta.get("kind"), store=True,
                                   progress=reporter)

    try:
        outcome = run()
    except sa.exc.IntegrityError:
        # Another confirm of these rows (a double tap, a second tab) committed first: PostgreSQL refuses this
        # one's idempotency keys at their INSERT (SQLite's write lock had it wait). Read again, its rows are there.
        db.rollback()
        outcome = run()
    if outcome.problems or not outcome.stored:
        db.rollback()
        reporter.finish("refused")
        upload = UploadForm(token=progress.new_token())
        upload.kind.choices = [("", "")] + [(k, k) for k in _kinds(event)]
        return _page(event, upload, outcome, token=upload.token.data, status=422)
    db.commit()
    reporter.finish("done", event_id=event.id if event else None, message=_done_message(outcome))
    progress.discard(current_app.instance_path, current_user.id, token)
    flash(_done_message(outcome), "success")
    if event is None:  # to what was imported, as a reports file opens its event's report list
        return redirect(url_for("areas.index"))
    return redirect(url_for("report_list.event_list", event_id=event.id))


def _used_or_expired(token: str) -> ResponseReturnValue:
    """A confirm of an upload that is gone: 409 when this user's import of it was stored (a second tap), 410 when
    it was previewed, 404 when this user's uploads know nothing of it (another account's)."""
    found = progress.read_progress(current_app.instance_path, token, current_user.id)
    if found is None:
        abort(404)
    if found.get("phase") == "done":
        event_id = found.get("event_id")
        where = url_for("report_list.event_list", event_id=event_id) if event_id else url_for("areas.index")
        return render_template("imports/gone.html", stored=True, message=found.get("message"), where=where), 409
    return render_template("imports/gone.html", stored=False, where=url_for("events.home")), 410


def _done_message(outcome: services.Outcome) -> str:
    return _("Imported: %(created)s new, %(updated)s corrected, %(skipped)s already there.",
             created=outcome.created, updated=outcome.updated, skipped=outcome.skipped)


@bp.route("/imports/<token>/progress")
@requires(READ)
def status(token: str) -> ResponseReturnValue:
    """How far the check or the storing of the user's own upload got (the page polls it); 404 for another's."""
    found = progress.read_progress(current_app.instance_path, token, current_user.id) if progress.valid(token) else None
    return found if found is not None else abort(404)


# The formats of a blank template: a file to fill in, so no JSON.
TEMPLATE_FORMATS = ("csv", "xlsx")


@bp.route("/imports/templates/<kind>.<fmt>")
@requires(READ)
@takes_lang
def template(kind: str, fmt: str) -> ResponseReturnValue:
    """A blank template of a kind, CSV or XLSX, headers in Chinese (?lang=zh, default) or English."""
    if kind not in services.KINDS:  # a bare 404 left a person guessing which there are
        raise NoSuch("kind", _("is not a kind of import template: there are %(names)s",
                               names=", ".join(services.KINDS)))
    known_format(fmt, TEMPLATE_FORMATS)
    language = lang_param(request.args, "zh")
    cats = services.categories(request_session())
    body: Any = template_csv(kind, language, cats) if fmt == "csv" else template_xlsx(kind, language, cats)
    # content_type, not mimetype: Flask would add a second "; charset=utf-8" to a text type.
    return current_app.response_class(body, content_type=FORMATS[fmt], headers={
        "Content-Disposition": disposition(f"import-{kind}-{language}.{fmt}")})
