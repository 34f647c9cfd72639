"""History of a record (versions side by side) and the coordinator's retracted reports, with restore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from incidents.areas.models import Area
from incidents.audit import services
from incidents.auth.decorators import requires
from incidents.auth.models import User
from incidents.auth.permissions import ADMIN, COORDINATE, MANAGE, READ, allows
from incidents.auth.policy import (
    OUTSIDE_YOUR_AREAS,
    can_edit_report,
    can_manage_account,
    can_manage_place,
    edit_refusal,
    visible_area_ids,
)
from incidents.csvfile import standalone
from incidents.db import Base
from incidents.distribution.models import Delivery, Recipient
from incidents.distribution.services import ONLY_COORDINATORS, place_refusal
from incidents.downloads import takes_lang, token_reads
from incidents.errors import ValidationError
from incidents.events.models import Event
from incidents.formatting import fmt_number, fmt_time, keep_units, reader_lang, zone_mark
from incidents.inputs import Refused
from incidents.labels import FIELD_LABELS, field_label, field_problem, label, person_name
from incidents.limits import GARBLED_VERSION, form_version
from incidents.reports.display import translate
from incidents.reports.models import Category, Report, ReportStatus
from incidents.reports.parsing import tonnes
from incidents.reports.services import set_status
from incidents.request_db import request_session
from incidents.vague import Precision

bp = Blueprint("audit", __name__)

# Tables whose rows are not records a person looks up (or that hold secrets of their own): a sign-in is
# someone's device (its key, address, browser), a heartbeat the scheduler's. A notice is what a delivery sends:
# it has no trail of its own, and its page was open to every reader where its deliveries are coordinators' only.
NOT_RECORDS = frozenset({"audit_entries", "login_attempts", "idempotency_keys", "disinfection_counts", "sign_ins",
                         "heartbeats", "notices"})
# Records only the administrators who manage them may trace (policy.can_manage_account).
ADMIN_ONLY = frozenset({"users"})
# Records only coordinators (and administrators) may trace, as only they manage them (where notices go).
COORDINATOR_ONLY = frozenset({"recipients", "deliveries"})
# Records only their owner (the user in this column) and the administrators who manage the owner's account may
# trace; to anyone else they do not exist (404): a token's name, prefix and times are its owner's business.
OWNED = {"api_tokens": "user_id"}
# What a referring column points at, so a history shows names rather than numbers.
Referenced = type[Area] | type[Event] | type[User] | type[Report]
REFERENCES: dict[str, Referenced] = {
    "area_id": Area, "parent_id": Area, "scope_area_id": Area, "last_area_id": Area,
    "event_id": Event, "last_event_id": Event,
    "reporter_id": User, "verified_by_id": User, "compiled_by_id": User, "user_id": User, "published_by_id": User,
    "outage_id": Report, "operation_id": Report,
}
ACTION_LABELS = {
    "create": _l("created"), "update": _l("edited"), "verify": _l("verified"), "return": _l("sent back"),
    "retract": _l("retracted"), "restore": _l("restored"), "password": _l("password changed"),
    "delete": _l("deleted"), "restoration": _l("restoration recorded by an update"),
    "close": _l("closed"), "reopen": _l("reopened"), "place": _l("placed by the geocoder"),
    "compile": _l("compiled"), "publish": _l("signed off"), "deactivate": _l("deactivated"),
}


def _action_words() -> dict[str, str]:
    """Each action as it stands alone, under a version's number or in a spreadsheet's cell: Created, Edited."""
    return {code: standalone(str(text)) for code, text in ACTION_LABELS.items()}


# Enumerated codes shown through labels.py.
CODED = frozenset({"kind", "status", "level", "role", "location_state"})


def model_for(entity: str) -> type[Base] | None:
    """The mapped class whose base table is `entity` (reports → Report), or None."""
    for mapper in Base.registry.mappers:
        # Every model maps a Table (never a select), so the base table has a name.
        table = mapper.local_table
        if mapper.base_mapper is mapper and isinstance(table, sa.Table) and table.name == entity:
            return mapper.class_
    return None


class Cells:
    """Formats stored JSON values for a reader: names for references, local times, honest quantities."""

    def __init__(self, tz: ZoneInfo, names: dict[tuple[type, int], str], categories: dict[str, str]) -> None:
        self.tz, self.names, self.categories, self.lang = tz, names, categories, reader_lang()

    def __call__(self, name: str, values: dict[str, Any]) -> str:
        """The cell of one field in one version."""
        value = values.get(name)
        if name == "counts" and isinstance(value, dict):
            return "; ".join(f"{self.categories.get(code, code)} {self._number(n, lb)}"
                             for code, (n, lb) in sorted(value.items())) or "—"
        if value is None:
            return "—"
        if name in REFERENCES and isinstance(value, int):
            return self.names.get((REFERENCES[name], value), f"#{value}")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if name in CODED:
            return label(value)
        if isinstance(value, str) and (name.endswith("_at") or name.startswith("period_")):
            try:
                at = datetime.fromisoformat(value)
            except ValueError:
                return value
            precision = next((values.get(c) for c in services.companions(name, values)
                              if not c.endswith("_lb")), None)
            if precision in (None, Precision.EXACT.value):
                local = at.astimezone(self.tz)
                return f"{local:%Y-%m-%d %H:%M}" + (f":{local:%S}" if local.second else "") + zone_mark(local)
            # A vague time stays vague in its history too: 7月24日下午, not 15:00.
            return fmt_time(at, precision, self.tz, self.lang)
        if isinstance(value, int):
            # Stored in kg, shown in tonnes as the form and the report page give it.
            if name == "mass_kg":
                return self._number(tonnes(value), bool(values.get(f"{name}_lb")), digits=3)
            return self._number(value, bool(values.get(f"{name}_lb")))
        if name == "title":
            return keep_units(value)  # 转移群众120人: the figure stays with its unit, as on the report's page
        return str(value)

    def _number(self, value: int | Decimal | None, lower_bound: bool, digits: int = 0) -> str:
        if value is None:
            return "—"
        text = fmt_number(value, self.lang, digits)
        return text + (("余" if self.lang == "zh" else "+") if lower_bound else "")


def _names(db: Any, table: services.VersionTable) -> dict[tuple[type, int], str]:
    """Names of everything the versions refer to, one query per kind of record."""
    wanted: dict[Referenced, set[int]] = {}
    for version in table.versions:
        for name, model in REFERENCES.items():
            value = version.values.get(name)
            if isinstance(value, int):
                wanted.setdefault(model, set()).add(value)
        if version.entry is not None and version.entry.user_id is not None:
            wanted.setdefault(User, set()).add(version.entry.user_id)
    english = reader_lang() == "en"
    names: dict[tuple[type, int], str] = {}
    for model, ids in wanted.items():
        for row in db.scalars(sa.select(model).where(model.id.in_(ids))):
            if model is User:
                shown = person_name(row)
                text = shown if shown == row.username else shown + _(" (%(what)s)", what=row.username)
            elif model is Report:
                text = f"{label(row.kind)} #{row.id}"
            else:
                text = (row.name_en if english and row.name_en else row.name)
            names[(model, row.id)] = text
    return names


def _title(entity: str, obj: Any, latest: dict[str, Any]) -> str:
    if entity == "reports":
        return f"{label(latest.get('kind'))} #{latest.get('id')}"
    if entity == "users":
        return str(latest.get("username") or f"#{latest.get('id')}")
    if entity == "briefs" and latest.get("number") is not None:
        # What the office calls it (the brief's page says 第N期), not its row number.
        return _("Brief No. %(n)s (revision %(v)s)", n=latest["number"], v=latest.get("revision") or 1)
    name = latest.get("name_en") if reader_lang() == "en" and latest.get("name_en") else latest.get("name")
    return str(name or f"#{latest.get('id')}")


def _zone(db: Any, entity: str, obj: Any, latest: dict[str, Any]) -> str:
    if entity == "events" and latest.get("timezone"):
        return latest["timezone"]
    event_id = latest.get("event_id")
    if isinstance(event_id, int):
        event = db.get(Event, event_id)
        if event is not None:
            return event.timezone
    return "Asia/Shanghai"


# Where a record's own page lives, when its domain has one.
RECORD_PAGES = {"reports": ("reports.show", "report_id"), "events": ("events.show", "event_id"),
                "areas": ("areas.show", "area_id"), "users": ("auth.user_edit", "user_id"),
                "briefs": ("briefs.show", "brief_id")}


def _record_url(entity: str, entity_id: int) -> str | None:
    page = RECORD_PAGES.get(entity)
    if page is None or page[0] not in current_app.view_functions:
        return None
    endpoint, arg = page
    try:
        values: dict[str, Any] = {arg: entity_id}  # typed as url_for's **values, not its named options
        return url_for(endpoint, **values)
    except BuildError:
        return None


def _traced(entity: str, entity_id: int) -> tuple[Any, Any, list[Any]]:
    """(session, record or None, its audit rows) for a record the user may trace; else 404/403."""
    if entity in NOT_RECORDS:
        abort(404)
    if entity in ADMIN_ONLY and not allows(current_user.role, ADMIN):
        abort(403)
    if entity in COORDINATOR_ONLY and not (allows(current_user.role, COORDINATE) or allows(current_user.role, ADMIN)):
        raise Refused("role", ONLY_COORDINATORS)  # what the recipients and deliveries pages say
    model = model_for(entity) or abort(404)
    db = request_session()
    obj = db.get(model, entity_id)
    entries = services.history(db, entity, entity_id)
    if obj is None and not entries:
        abort(404)
    # As the account's own page (policy.can_manage_account): a scoped administrator traces the accounts within its
    # scope and their tokens, not an unscoped administrator's.
    if entity in ADMIN_ONLY and not can_manage_account(db, current_user, _recorded(obj, entries, "scope_area_id")):
        abort(403)
    if entity in OWNED and (owner_id := _recorded(obj, entries, OWNED[entity])) != current_user.id:
        owner = db.get(User, owner_id) if isinstance(owner_id, int) else None
        # An owner no longer found: the district's (unscoped) administrators only.
        if not can_manage_account(db, current_user, owner.scope_area_id if owner is not None else None):
            abort(404)
    # As the recipients and deliveries pages (distribution.place_of): a subdistrict's coordinator traces its own
    # reminder recipients and their deliveries only; a record since deleted, only who manages the whole district.
    if entity in COORDINATOR_ONLY:
        refused = (place_refusal(db, current_user, obj) if isinstance(obj, Recipient | Delivery)
                   else None if can_manage_place(db, current_user, None) else ("area_id", OUTSIDE_YOUR_AREAS))
        if refused:
            raise Refused(*refused)
    return db, obj, entries


def _recorded(obj: Any, entries: list[Any], column: str) -> Any:
    """A column of a traced record (an OWNED record's owner, an account's scope): the row's, else its trail's."""
    if obj is not None:
        return getattr(obj, column)
    for entry in reversed(entries):
        for values in (entry.after, entry.before):
            if isinstance(values, dict) and column in values:
                return values[column]
    return None


@bp.route("/history/<entity>/<int:entity_id>/export.<fmt>")
@requires(READ)
@token_reads()
def export(entity: str, entity_id: int, fmt: str) -> ResponseReturnValue:
    """One record's trail as CSV, XLSX or JSON: a row per changed field of each change."""
    from incidents.audit.exports import trail_table
    from incidents.downloads import send_table, words_for

    db, obj, entries = _traced(entity, entity_id)
    latest = services.snapshot(obj) if obj is not None else (entries[-1].after or {})
    tz = ZoneInfo(_zone(db, entity, obj, latest))
    words = words_for(fmt, _action_words())
    fields = {k: str(v) for k, v in FIELD_LABELS.items()}
    label: Callable[[str], str] = str if fmt == "json" else (lambda n: fields.get(n, n))
    return send_table(lambda session: trail_table(session, entity, entity_id, tz, words, label), fmt,
                      f"history-{entity}-{entity_id}", reader_lang())


@bp.route("/history/<entity>/<int:entity_id>")
@requires(READ)
@takes_lang
def history(entity: str, entity_id: int) -> ResponseReturnValue:
    """Every version of one record side by side: who changed what, when, from what to what."""
    db, obj, entries = _traced(entity, entity_id)
    table = services.version_table(entries)
    latest = services.snapshot(obj) if obj is not None else (table.versions[-1].values if table.versions else {})
    g.display_tz = _zone(db, entity, obj, latest)
    en = reader_lang() == "en"
    categories = {c.code: (c.name_en if en else c.name_zh) for c in db.scalars(sa.select(Category))} \
        if entity == "reports" else {}
    cell = Cells(ZoneInfo(g.display_tz), _names(db, table), categories)
    actions = _action_words()
    # entity "reports" maps to Report; isinstance says so to the type checker.
    restorable = (entity == "reports" and isinstance(obj, Report) and obj.status is ReportStatus.RETRACTED
                  and allows(current_user.role, COORDINATE) and can_edit_report(db, current_user, obj))
    return render_template(
        "audit/history.html", entity=entity, entity_id=entity_id, obj=obj, title=_title(entity, obj, latest),
        table=table, cell=cell, field_label=field_label,
        action_label=lambda a: actions.get(a, a),
        who=lambda e: cell.names.get((User, e.user_id), f"#{e.user_id}") if e.user_id else _("System"),
        restorable=restorable, record_url=_record_url(entity, entity_id) if obj is not None else None,
        retracted=entity == "reports" and isinstance(obj, Report)
        and obj.status is ReportStatus.RETRACTED)


@bp.route("/history/reports/<int:report_id>/restore", methods=["POST"])
@requires(COORDINATE)
def restore(report_id: int) -> ResponseReturnValue:
    """Bring a retracted report back: it counts again in lists, totals and briefs."""
    db = request_session()
    report = db.get(Report, report_id) or abort(404)
    if refused := edit_refusal(db, current_user, report):
        raise Refused(*refused)
    back = url_for("audit.history", entity="reports", entity_id=report.id)
    # A refusal is the history page with a 4xx and the reason on top, not a redirect that reads as done.
    if report.status is not ReportStatus.RETRACTED:
        flash(_("This report is not retracted; nothing to restore."), "error")
        return history("reports", report.id), 409
    expected = form_version(request.form.get("version"))
    if expected is None:
        flash(field_problem("version", translate(GARBLED_VERSION)), "error")
        return history("reports", report.id), 400
    if expected != report.version:
        flash(_("Someone else changed this report first. Here is the newer version."), "error")
        return history("reports", report.id), 409
    try:
        set_status(db, report, ReportStatus.SUBMITTED, current_user.id)
    except ValidationError as exc:  # another live zero report for its day, or a retracted parent
        db.rollback()
        for field, message in exc.errors.items():
            flash(field_problem(field, translate(message)), "error")
        return history("reports", report.id), 422
    db.commit()
    flash(_("Report restored: it counts again in lists, totals and briefs."), "success")
    return redirect(back), 303


@bp.route("/audit/retracted")
@requires(MANAGE)
def retracted() -> ResponseReturnValue:
    """Retracted reports within the reader's scope, newest first; a coordinator may restore each."""
    db = request_session()
    query = (sa.select(Report).where(Report.status == ReportStatus.RETRACTED)
             .options(selectinload(Report.area), selectinload(Report.event))
             .order_by(Report.updated_at.desc(), Report.id.desc()).limit(200))
    scope = visible_area_ids(db, current_user)
    if scope is not None:
        query = query.where(Report.area_id.in_(scope))
    return render_template("audit/retracted.html", reports=list(db.scalars(query)))
