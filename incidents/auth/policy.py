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
