"""零报告 (zero reports): the period open now, a user's subdistricts that have not answered it, one tap to answer.

Plain functions over a Session. The rules of a zero report are in validation.py, who may send one is
auth/policy.py's (through services.create_report_once), and which subdistricts have answered a period
is briefs/queries.answers: the brief's 零报告 and 未报送 lists and the button read the same query.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.areas.tree import in_reference_order
from incidents.auth.models import User
from incidents.auth.permissions import REPORT, allows
from incidents.auth.policy import visible_area_ids
from incidents.briefs.periods import current_period, due_at, first_day
from incidents.briefs.queries import answers, subdistrict_areas
from incidents.days import day_bounds
from incidents.events.models import Event
from incidents.reports.models import Report, ReportKind
from incidents.reports.parsing import parse_day
from incidents.reports.services import check_scope, create_report_once

# How many past periods the zero-report form offers (a late answer for last week is a late report).
PERIODS_OFFERED = 7


def open_period(event: Event, now: datetime) -> date | None:
    """The period a zero report sent now answers, while its brief is still to come (None once the
    event's last brief is due, or before the event's first day has begun)."""
    day = current_period(event, now)
    if now < day_bounds(event, day)[0] or now >= due_at(event, day):
        return None
    return day


def period_days(event: Event, now: datetime) -> list[date]:
    """The periods the zero-report form offers, the one open now first, then the days before it."""
    last = current_period(event, now)
    first = max(first_day(event), last - timedelta(days=PERIODS_OFFERED - 1))
    return [last - timedelta(days=i) for i in range((last - first).days + 1)]


def own_subdistricts(session: Session, user: User) -> list[Area]:
    """The subdistricts and towns a user may answer for (within scope), in the reference order."""
    query = sa.select(Area).where(Area.level == AreaLevel.SUBDISTRICT)
    scope = visible_area_ids(session, user)
    if scope is not None:
        query = query.where(Area.id.in_(scope))
    return in_reference_order(session.scalars(query))


def silent_now(session: Session, event: Event, now: datetime) -> tuple[date | None, list[Area]]:
    """The period open now and the event's subdistricts that have sent nothing for it yet (neither a
    report with data nor a zero report, known by now): whom a reminder before the brief chases."""
    day = open_period(event, now)
    if day is None:
        return None, []
    start, end = day_bounds(event, day)
    return day, answers(session, event, day, start.astimezone(UTC), end.astimezone(UTC), now).silent


def unanswered(session: Session, event: Event, user: User, now: datetime) -> tuple[date | None, list[Area]]:
    """The open period and the user's subdistricts that have sent nothing for it (the one-tap buttons).

    Only for a reporter scoped to a place (a subdistrict office): an unscoped coordinator answers
    for nobody by default and uses the form. The district's other subdistricts are not theirs.
    """
    day = open_period(event, now)
    if day is None or user.scope_area_id is None or not allows(user.role, REPORT):
        return day, []
    mine = own_subdistricts(session, user)
    if event.area_id is not None:
        # A subdistrict's own event is not its neighbours' to answer (validation refuses their place).
        theirs = {a.id for a in subdistrict_areas(session, event.area_id)}
        mine = [a for a in mine if a.id in theirs]
    if not mine:
        return day, []
    start, end = day_bounds(event, day)
    heard = answers(session, event, day, start.astimezone(UTC), end.astimezone(UTC), now, areas=mine)
    return day, heard.silent


def send(session: Session, event: Event, area_id: int | str | None, period_day: date | str | None, user_id: int,
         token: str) -> tuple[Report, bool]:
    """Answer a period (the one the button showed; default the open one) with a zero report for a
    subdistrict: the form's path (scope, rules, audit, one report per token); the caller commits."""
    data = {"event_id": event.id, "area_id": area_id, "period_day": parse_day(period_day)}
    # The scope first, as the form and the API check it: a token used before must not hide that the place is not one's.
    check_scope(session, ReportKind.ZERO_REPORT, data, user_id)
    return create_report_once(session, ReportKind.ZERO_REPORT, data, user_id, token)
