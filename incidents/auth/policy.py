"""Who may do what to which record: scope by area, ownership by reporter."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import ancestry, subtree_ids
from incidents.auth.models import User
from incidents.auth.permissions import ADMIN, COORDINATE, REPORT, WHO_MAY, allows
from incidents.errors import Message
from incidents.reports.messages import OUTSIDE_SCOPE
from incidents.reports.models import Report, ReportKind, ReportStatus
from incidents.reports.parents import parent_field

# What every write path says when can_manage_place refuses: forms, the API and imports alike.
_l = Message
OUTSIDE_YOUR_AREAS = _l("is outside the areas you manage")
# Why a report may not be changed (edit_refusal): its place (reports.messages.OUTSIDE_SCOPE, a create's words), or:
NOT_YOURS = _l("is another reporter's: a reporter changes only their own reports")
# A page says these alone, as a sentence: after their field's label ("填报人：是其他信息员的报告：…") they did not read.
# The API keeps the field and the reason (errors: {"reporter": …}).
# Why an area may not be changed (area_change_refusal), named on each field sent: the area one is scoped to, or
# another outside it.
SCOPE_ROOT = _l("cannot be changed on the area you are scoped to: whoever manages the area above it changes it; "
                "you set up the areas under it")
AREA_OUTSIDE = _l("cannot be changed: the area is outside the areas you manage")
PAGE_SENTENCES = {
    NOT_YOURS.msgid: _l("This is another reporter's report: a reporter changes only their own reports."),
    SCOPE_ROOT.msgid: _l("This is the area you are scoped to: whoever manages the area above it changes it; "
                         "you set up the areas under it."),
    AREA_OUTSIDE.msgid: _l("This area is outside the areas you manage."),
}
ONLY_COORDINATORS = _l("only a coordinator verifies, sends back or restores a report")
# Why an outage or operation may not be moved: the updates or volumes it carries along are others' (move_refusal).
OTHERS_CHILDREN = {
    ReportKind.OUTAGE: _l("the outage has updates by other reporters: a coordinator can move it"),
    ReportKind.PUMPING: _l("the operation has volumes by other reporters: a coordinator can move it"),
}


def in_scope(session: Session, user: User, area_id: int) -> bool:
    """Whether an area exists and lies within the user's scope (any area when unscoped)."""
    if user.scope_area_id is None:
        return True
    # One walk up from the area, remembered for the transaction (areas.tree.ancestry): a created
    # report asks here twice and validation asks the same walk whether it lies within its event.
    return user.scope_area_id in ancestry(session, area_id)


def can_report_for(session: Session, user: User, area_id: int) -> bool:
    """A reporter logs reports for areas in scope; coordinators for any."""
    return allows(user.role, REPORT) and in_scope(session, user, area_id)


def can_manage_place(session: Session, user: User, area_id: int | None) -> bool:
    """Whether a manager may set up what belongs to a place: areas under it, an event or a brief of it.

    An unscoped coordinator or administrator anywhere; one scoped to a subdistrict only within it —
    and never what belongs to no place (a top-level area, an event of the whole district).
    """
    if area_id is None:
        return user.scope_area_id is None
    return in_scope(session, user, area_id)


def can_change_area(session: Session, user: User, area: Area) -> bool:
    """Whether a manager may change an area itself: whoever manages its parent place.

    A manager scoped to a subdistrict sets up the places under it, not the subdistrict: its name and
    level shape the district's brief (its groups are subdistricts), so they are the district office's.
    """
    return can_manage_place(session, user, area.parent_id)


def area_change_refusal(session: Session, user: User, area: Area) -> Message | None:
    """Why a manager may not change an area itself (can_change_area's rule, its reason said), or None when they may.

    The area one is scoped to is told as such: its 403 named parent_id, a field the coordinator never sent.
    """
    if can_change_area(session, user, area):
        return None
    return SCOPE_ROOT if area.id == user.scope_area_id else AREA_OUTSIDE


def can_manage_account(session: Session, user: User, scope_area_id: int | None) -> bool:
    """Whether an administrator may create or change an account scoped to `scope_area_id` (None: unscoped).

    As for places: a scoped administrator only accounts within its scope, never an unscoped one.
    """
    return allows(user.role, ADMIN) and can_manage_place(session, user, scope_area_id)


def can_edit_report(session: Session, user: User, report: Report) -> bool:
    """Coordinators edit any report; reporters their own, within scope (its parent's place too)."""
    return edit_refusal(session, user, report) is None


def edit_refusal(session: Session, user: User, report: Report) -> tuple[str, Message] | None:
    """Why a user may not edit a report, as (the field that refuses it, the reason); None when they may.

    can_edit_report's one rule, its reason said: a refused edit or status change names it, as a refused create
    names its area_id (tests/api/test_refusals_name_the_reason.py).
    """
    if not allows(user.role, REPORT):
        return "role", WHO_MAY[REPORT]  # what requires(REPORT) says too
    if not allows(user.role, COORDINATE) and report.reporter_id != user.id:
        return "reporter", NOT_YOURS
    if not in_scope(session, user, report.area_id):
        return "area_id", OUTSIDE_SCOPE
    field = parent_field(report.kind)
    if field is not None and not _parent_in_scope(session, user, report, field):
        return field, OUTSIDE_SCOPE
    return None


def move_refusal(session: Session, user: User, parent: Report,
                 children: list[Report]) -> tuple[str, Message] | None:
    """Why a user may not move a report to another place with the children the move carries, or None.

    A move writes each child (reports.services._carry_children): edit_refusal judges every one, as it would an edit
    of it; a reporter's outage holding another reporter's update stays where it is, for a coordinator to move.
    """
    for child in children:
        found = edit_refusal(session, user, child)
        if found is not None:
            return "area_id", OTHERS_CHILDREN[parent.kind] if found[0] == "reporter" else found[1]
    return None


def _parent_in_scope(session: Session, user: User, report: Report, field: str) -> bool:
    """An update or a volume changes its outage or operation: that record's place must be in scope too."""
    if user.scope_area_id is None:
        return True
    parent = session.get(Report, getattr(report, field))
    return parent is None or in_scope(session, user, parent.area_id)


def page_refusal(field: str, message: object) -> tuple[str, object]:
    """How a page says a refusal: its sentence alone (PAGE_SENTENCES: field ""), else its field and reason."""
    sentence = PAGE_SENTENCES.get(getattr(message, "msgid", None) or "")
    return ("", sentence) if sentence is not None else (field, message)


def can_set_status(session: Session, user: User, report: Report, status: ReportStatus) -> bool:
    """Retract: whoever may edit the report; verify, send back, restore: a coordinator who may edit it."""
    return status_refusal(session, user, report, status) is None


def status_refusal(session: Session, user: User, report: Report,
                   status: ReportStatus) -> tuple[str, Message] | None:
    """Why a user may not set this status (the field, the reason), or None: can_set_status's rule, said."""
    found = edit_refusal(session, user, report)
    if found is None and status is not ReportStatus.RETRACTED and not allows(user.role, COORDINATE):
        return "status", ONLY_COORDINATORS
    return found


def editable_ids(session: Session, user: User, reports: list[Report]) -> set[int]:
    """Which of these reports the user may edit (can_edit_report for a page of them, one query)."""
    if not allows(user.role, REPORT):
        return set()
    scope = visible_area_ids(session, user)
    allowed = None if scope is None else set(session.scalars(scope))
    coordinator = allows(user.role, COORDINATE)
    return {r.id for r in reports if (allowed is None or r.area_id in allowed)
            and (coordinator or r.reporter_id == user.id)}


def visible_area_ids(session: Session, user: User) -> sa.Select | None:
    """A select of the area ids a user may write for, or None for all."""
    return None if user.scope_area_id is None else subtree_ids(session, user.scope_area_id)


def parents_in_scope(session: Session, user: User, parents: list[Report]) -> list[Report]:
    """The reports a user may attach a report to (an update to its outage, a volume to its operation).

    The one rule for parents: a report that refers to another belongs to the parent's area, so the
    parent must lie within the writer's scope. The form's choices and every write path use it.
    """
    scope = visible_area_ids(session, user)
    if scope is None:
        return list(parents)
    allowed = set(session.scalars(scope))
    return [p for p in parents if p.area_id in allowed]


def can_attach_to(session: Session, user: User, parent: Report) -> bool:
    """Whether a user may write a report referring to `parent` (parents_in_scope's rule, for one parent)."""
    return in_scope(session, user, parent.area_id)
