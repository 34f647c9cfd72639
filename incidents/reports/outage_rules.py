"""An outage and its updates: restored or still out never above affected, an update's times and news."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.errors import Message
from incidents.events.models import Event
from incidents.reports.messages import REQUIRED_MSG
from incidents.reports.models import COUNTED, LIVE, OutageUpdate, PowerOutage, ReportKind
from incidents.reports.parents import parent_rule
from incidents.reports.pumping_rules import local_spelling
from incidents.reports.unjudged import Unjudged
from incidents.vague import minute_before, window

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

# The counts an area's size bounds, in the order their errors are named.
HOUSEHOLDS = ("households_affected", "households_restored", "households_out")
BUILDINGS = ("buildings_affected", "buildings_restored", "buildings_out")


def exceeds(count: int | None, count_lb: bool, total: int | None, total_lb: bool = False) -> bool:
    """Whether a count says more than a total holds: over an exact total, or "more than" all of it (800余 of 800).

    The one comparison of a count with what bounds it: an area's size, an outage's households affected (an
    update's back or still out on create, edit and restore, and an outage's edit against its updates). A "more
    than" total (20余) bounds nothing: 24, or 20余, of more than 20 may well be.
    """
    if total is None or total_lb:
        return False
    value = count or 0
    return value > total or (count_lb and value >= total > 0)


def updates_within(session: Session, outage_id: int, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An edited outage still covers what its live updates said was back or still out (restored never exceeds
    affected): 20 households after an update's 30 back would read as none out with nobody saying power was back."""
    u = OutageUpdate
    updates = session.execute(
        sa.select(u.id, u.households_affected, u.households_restored, u.households_restored_lb, u.households_out,
                  u.households_out_lb, u.buildings_affected, u.buildings_restored, u.buildings_restored_lb,
                  u.buildings_out, u.buildings_out_lb)
        .where(u.outage_id == outage_id, u.status.in_(COUNTED))
        .order_by(u.observed_at, u.id)).all()
    for unit in ("households", "buildings"):
        name = f"{unit}_affected"
        affected = clean.get(name)
        # "20余" is more than 20, so no update's 24 is above it: only an exact total can fall below one (`exceeds`).
        if affected is None or name in errors or clean.get(f"{name}_lb"):
            continue
        for row in updates:
            if getattr(row, name) is not None:  # an update stating its own total: what follows is held to that one
                break
            for field in (f"{unit}_restored", f"{unit}_out"):
                said, lb = getattr(row, field), bool(getattr(row, f"{field}_lb"))
                if exceeds(said, lb, affected):
                    # 20余 back: an outage of exactly 20 is not "less" than it, but not above it either.
                    errors[name] = _l("leaves no room for the more than %(n)s that update #%(id)s gave as back or "
                                      "still out: correct that update first", n=said, id=row[0]) if lb else \
                        _l("is less than the %(n)s that update #%(id)s gave as back or still out: "
                           "correct that update first", n=said, id=row[0])
                    break
            if name in errors:
                break


def updates_after_start(session: Session, outage_id: int, clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An edited outage begins no later than its live updates were observed (the rule outage_update_rules applies
    to an update, from the outage's side), to the minute: a start moved past one left news from before the outage
    began."""
    event = session.get(Event, clean["event_id"])
    assert event is not None  # the common fields found it
    tz = event.tz
    began = window(clean["started_at"], clean["started_precision"], tz).earliest
    u = OutageUpdate
    first = session.execute(
        sa.select(u.id, u.observed_at, u.observed_precision)
        .where(u.outage_id == outage_id, u.status.in_(LIVE), u.observed_at < began)
        .order_by(u.observed_at, u.id)).all()
    for update_id, observed_at, precision in first:
        # Vague times by their windows, as an update's own rule compares them: "that afternoon" may be after 13:00.
        if minute_before(window(observed_at, precision, tz).latest, began):
            errors["started_at"] = _l("is after update #%(id)s was observed (%(time)s): correct that update first",
                                      id=update_id, time=local_spelling(observed_at, precision, tz))
            return


BEFORE_THE_OUTAGE = _l("is before the outage started")


def observed_before(outage: PowerOutage, observed_at: datetime, precision: Any, tz: ZoneInfo) -> bool:
    """Whether an update's time is surely before its outage began (on create, edit and restore): vague times by
    their windows, so a restoration "about 01:20" is not before an outage that began "some time today"; to the
    minute, the form's finest, so 14:05 is not before an outage sent as begun at 14:05:40 (the rule counts it then)."""
    return minute_before(window(observed_at, precision, tz).latest,
                         window(outage.started_at, outage.started_precision, tz).earliest)


def outage_update_rules(session: Session, clean: dict[str, Any], errors: dict[str, str],
                        stored: dict[str, Any] | None = None) -> None:

    parent_rule(session, clean, errors, "outage_id", ReportKind.OUTAGE)
    if errors:
        return
    outage = session.get(PowerOutage, clean["outage_id"])
    # parent_rule passed: outage_id names an outage report of this event.
    assert outage is not None
    # Vague times are compared by their windows: a restoration "about 01:20" today is not before an
    # outage that began "some time today" (stored as 12:00), only one surely earlier is.
    event = session.get(Event, clean["event_id"])
    # No errors so far, so the event was found when the common fields were checked.
    assert event is not None
    tz = event.tz
    began = window(outage.started_at, outage.started_precision, tz).earliest
    try:
        if clean.get("etr_at") and minute_before(window(clean["etr_at"], clean["etr_precision"], tz).latest, began):
            errors["etr_at"] = _l("is before the outage started")
    except Unjudged:
        pass
    if clean.get("observed_at") is None:
        errors["observed_at"] = REQUIRED_MSG
        return
    if observed_before(outage, clean["observed_at"], clean["observed_precision"], tz):
        errors["observed_at"] = BEFORE_THE_OUTAGE
    for name, (_said, affected) in beyond_affected(session, outage, clean).items():
        errors[name] = _l("is more than the %(n)s affected", n=affected)  # 20余 of 20 too: more than all of them
    # An edit is judged when it changes what the rule reads, and never of the full restoration itself (corrected, it
    # is no partial one sent late: its own time made the outage whole).
    read = ("observed_at", "observed_precision", "households_restored", "buildings_restored", "outage_id")
    if stored is None or not stored.get("fully_restored") and any(stored.get(n) != clean.get(n) for n in read):
        after_full_restoration(session, outage, clean, tz, errors)
    # Affected stays as sent (None when not): a copy of the outage's figure here lost its "more than"
    # and outlived a later correction of the outage, which the state rule then never saw.


AFTER_FULL = _l("is fewer than all, but the outage was fully restored at %(time)s: if power went off again after "
                "that, send the households or buildings still out instead")


def after_full_restoration(session: Session, outage: PowerOutage, clean: dict[str, Any], tz: ZoneInfo,
                           errors: dict[str, str]) -> None:
    """A partial restoration seen after its outage was fully restored (a form opened before the full one, sent after)
    would read as out again though nobody said so: refused naming the count and the restoration, so the worker sends
    what is still out if power did go off again. One seen before the full restoration is history, and taken."""
    restored_at = outage.restored_at  # the rule's answer with every counted report (restoration.py)
    if restored_at is None or outage.restored_precision is None:
        return
    try:
        if clean.get("fully_restored") or clean.get("households_out") is not None \
                or clean.get("buildings_out") is not None:
            return  # all back again, or out again said in so many words: nothing silent
        seen = window(clean["observed_at"], clean["observed_precision"], tz).earliest
    except Unjudged:
        return
    # Only surely after (vague times by their windows, to the minute): 下午 beside a restoration at 14:00 may be either.
    if not minute_before(window(restored_at, outage.restored_precision, tz).latest, seen):
        return
    totals = outage_totals(session, outage, clean["observed_at"])
    for unit, (affected, affected_lb) in zip(("households", "buildings"), totals, strict=True):
        name = f"{unit}_restored"
        try:
            count, own = clean.get(name), clean.get(f"{unit}_affected")
        except Unjudged:
            continue
        # A new total beside it (50 affected now, 20 back) tells of the outage anew, in so many words.
        if name in errors or count is None or own is not None or affected is None:
            continue
        if count < affected or (affected_lb and count <= affected):
            errors[name] = _l(AFTER_FULL.msgid, time=local_spelling(restored_at, outage.restored_precision, tz))


def update_says_something(clean: dict[str, Any], errors: dict[str, str]) -> None:
    """An update is full only with none still out, and says what changed; neither needs its outage."""
    try:
        if clean.get("fully_restored") and (clean.get("households_out") or clean.get("buildings_out")):
            errors.setdefault("fully_restored", _l("cannot be full while some are still out"))
    except Unjudged:
        pass
    try:
        has_news = any(clean.get(n) is not None for n in (
            "households_affected", "buildings_affected", "households_restored", "buildings_restored",
            "households_out", "buildings_out", "etr_at")) or clean.get("fully_restored")
    except Unjudged:  # a figure that could not be read was sent: something changed
        return
    if not has_news:
        errors["fully_restored"] = _l("say what changed: restored, still out, affected, new ETR or full")


def beyond_affected(session: Session, outage: PowerOutage, update: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """An update's restored or still-out counts above what its outage had affected then (restored never exceeds
    affected): {field: (its count, affected)}. The one check of a new or edited update and of one restored."""
    totals = outage_totals(session, outage, update["observed_at"])
    beyond = {}
    for unit, (affected, affected_lb) in zip(("households", "buildings"), totals, strict=True):
        for name in (f"{unit}_restored", f"{unit}_out"):
            try:  # each count alone: one that could not be read leaves the others to judge (unjudged.py)
                own = update.get(f"{unit}_affected")
                count, count_lb = update.get(name), bool(update.get(f"{name}_lb"))
            except Unjudged:
                continue
            if own is not None:
                # The update's own total, given beside its counts in one report: held to them as the database
                # holds one row (restored <= affected), its "more than" read as exact only where it is (20 of 20余).
                over = exceeds(count, count_lb, own) if not update.get(f"{unit}_affected_lb") else (count or 0) > own
                total = own
            else:
                over, total = exceeds(count, count_lb, affected, affected_lb), affected
            if over:
                assert total is not None and count is not None  # over: an exact total and a count above it
                beyond[name] = (count, total)
    return beyond


def restored_beyond_affected(session: Session, update: OutageUpdate) -> dict[str, Any]:
    """Why a retracted update may not come back over its outage as corrected since: 30 back of 20 affected."""
    outage = session.get(PowerOutage, update.outage_id)
    if outage is None:  # pragma: no cover - outage_id is a non-null foreign key
        return {}
    counts = (*HOUSEHOLDS, *BUILDINGS)
    figures = {name: getattr(update, name) for name in ("observed_at", *counts, *(f"{n}_lb" for n in counts))}
    return {name: (_l("more than %(said)s is more than the %(n)s affected that outage #%(id)s now gives: "
                      "correct that outage first", said=said, n=affected, id=outage.id) if figures[f"{name}_lb"]
                   else _l("%(said)s is more than the %(n)s affected that outage #%(id)s now gives: "
                           "correct that outage first", said=said, n=affected, id=outage.id))
            for name, (said, affected) in beyond_affected(session, outage, figures).items()}


Total = tuple[int | None, bool]  # a count and its "more than" flag


def outage_totals(session: Session, outage: PowerOutage, at: datetime) -> tuple[Total, Total]:
    """Households and buildings affected by an outage as of `at` (affected may grow), each with its "more than"."""
    households = (outage.households_affected, bool(outage.households_affected_lb))
    buildings = (outage.buildings_affected, bool(outage.buildings_affected_lb))
    u = OutageUpdate
    rows = session.execute(
        sa.select(u.households_affected, u.households_affected_lb, u.buildings_affected, u.buildings_affected_lb)
        .where(u.outage_id == outage.id, u.observed_at <= at, u.status.in_(COUNTED))
        .order_by(u.observed_at)
    )
    for h, h_lb, b, b_lb in rows:
        households = (h, bool(h_lb)) if h is not None else households
        buildings = (b, bool(b_lb)) if b is not None else buildings
    return households, buildings
