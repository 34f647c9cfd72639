"""Who may do what to which record: scope by area, ownership by reporter."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.services import subtree_ids
from incidents.auth.models import User
from incidents.auth.permissions import COORDINATE, REPORT, allows
from incidents.reports.models import Report


def in_scope(session: Session, user: User, area_id: int) -> bool:
    """Whether an area lies within the user's scope (everything when unscoped)."""
    if user.scope_area_id is None:
        return True
    return session.scalar(
        sa.select(sa.literal(True)).where(sa.literal(area_id).in_(subtree_ids(session, user.scope_area_id)))
    ) is not None


def can_report_for(session: Session, user: User, area_id: int) -> bool:
    """A reporter logs reports for areas in scope; coordinators for any."""
    return allows(user.role, REPORT) and in_scope(session, user, area_id)


def can_edit_report(session: Session, user: User, report: Report) -> bool:
    """Coordinators edit any report; reporters their own, within scope."""
    if allows(user.role, COORDINATE):
        return in_scope(session, user, report.area_id)
    return (allows(user.role, REPORT) and report.reporter_id == user.id
            and in_scope(session, user, report.area_id))


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
    """Whether a user may write a report referring to `parent` (see parents_in_scope)."""
    return bool(parents_in_scope(session, user, [parent]))
