"""Each kind's own rules: fields against each other, against the area, and against earlier reports.

validate_report (validation.py) checks every field's type and range first, then calls kind_rules; the
wording of shared messages is in messages.py. Forms, the API and imports all pass through here. Here: the
dispatch by kind, the area-size rule, intervals and the rules met again on restore; each kind's own rules
are in outage_rules.py, pumping_rules.py, zero_rules.py and disinfection_rules.py, a parent's in parents.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from incidents.areas.models import Area
from incidents.areas.tree import is_within
from incidents.errors import Message
from incidents.events.models import Event
from incidents.reports.disinfection_rules import disinfection_rules
from incidents.reports.messages import OUTSIDE_EVENT
from incidents.reports.models import (
    OutageUpdate,
    PowerOutage,
    PumpingVolume,
    Report,
    ReportKind,
    ReportStatus,
    ZeroReport,
)
from incidents.reports.outage_rules import (
    BEFORE_THE_OUTAGE,
    BUILDINGS,
    HOUSEHOLDS,
    after_full_restoration,
    exceeds,
    observed_before,
    outage_update_rules,
    restored_beyond_affected,
    update_says_something,
    updates_after_start,
    updates_within,
)
from incidents.reports.parents import parent_field, parent_rule, retracted_parent_message
from incidents.reports.pumping_rules import volumes_within, within_operation
from incidents.reports.unjudged import Unjudged
from incidents.reports.zero_rules import zero_report_rules, zero_twin, zero_twin_message
from incidents.vague import Precision, ended_no_earlier, minute_before, precision_field

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

# More than ten million cubic metres in a day is a typing error, not a pumping shift.
MAX_VOLUME_PER_DAY_M3 = 10_000_000

SIZED = frozenset(HOUSEHOLDS + BUILDINGS)
# What within_operation reads of a volume, as a restore hands it over from the stored report.
VOLUME_HOURS = ("operation_id", "event_id", "period_start", "period_start_precision", "period_end",
                "period_end_precision")
# One rule for both units (a count beyond the area's size), each with its own words.
MORE_THAN_HOUSEHOLDS = _l("is more than the %(n)s households of the area")
MORE_THAN_BUILDINGS = _l("is more than the %(n)s buildings of the area")


# Where an outage's, a volume's and a clearance's observed_at comes from when none is given: the first of these set.
OBSERVED_FROM = {ReportKind.OUTAGE: ("started_at",), ReportKind.PUMPING_VOLUME: ("period_end",),
                 ReportKind.DEBRIS: ("period_end", "period_start")}


def observed_source(kind: ReportKind, values: dict[str, Any]) -> str | None:
    """The time a kind's observed_at is derived from in values; None: a kind that takes it as given, or none set."""
    return next((n for n in OBSERVED_FROM.get(kind, ()) if values.get(n) is not None), None)


def derive_observed(kind: ReportKind, clean: dict[str, Any]) -> None:
    """observed_at from the report's own start or period, when not given."""
    source = observed_source(kind, clean)
    if clean.get("observed_at") is None and source:
        clean["observed_at"], clean["observed_precision"] = clean[source], clean[precision_field(source)]


def _beyond(clean: dict[str, Any], name: str, total: int) -> bool:
    """Whether a count says more than the area holds (`exceeds`)."""
    return exceeds(clean.get(name), bool(clean.get(f"{name}_lb")), total)


def _kept(clean: dict[str, Any], stored: dict[str, Any] | None, name: str) -> bool:
    """Whether an edit left a count, its "more than" flag and the report's place as they were stored."""
    return stored is not None and all(stored.get(key) == clean.get(key)
                                      for key in (name, f"{name}_lb", "area_id"))


def kind_rules(session: Session, kind: ReportKind, clean: dict[str, Any], data: dict[str, Any],
                area: Area | None, errors: dict[str, str], sent: datetime | None = None,
                stored: dict[str, Any] | None = None) -> None:
    """Rules that relate fields to each other, to the area and to earlier reports.

    `stored`: an edited report's values before the edit (None for a new report).
    On a report whose fields did not all pass, `clean` raises Unjudged at a field that failed
    (validation._judge_the_rest): each rule that can be judged alone skips alone (try costs nothing when
    nothing is raised); the rest of a kind's rules stop there.
    """
    # An area's size may be corrected down after reports on it: an edit that leaves a figure and the
    # place as they were is not refused for it (a note fixed on an outage of 460 in an area now of 100).
    # SIZED: only for a report giving such a count (one absent is 0, never beyond it; most kinds give none):
    # two ORM reads and six calls a report less (validate_report 8.6 → 8.4 µs a row, debris, medians of 5).
    if area is not None and not clean.keys().isdisjoint(SIZED):  # six lookups, not a walk of the report's keys
        for names, size, too_many in ((HOUSEHOLDS, area.households, MORE_THAN_HOUSEHOLDS),
                                      (BUILDINGS, area.buildings, MORE_THAN_BUILDINGS)):
            if size is None:
                continue
            for name in names:
                try:
                    if _beyond(clean, name, size) and not _kept(clean, stored, name):
                        errors[name] = _l(too_many.msgid, n=size)
                except Unjudged:
                    pass

    if kind is ReportKind.OUTAGE:
        try:
            if clean.get("etr_at") and minute_before(clean["etr_at"], clean["started_at"]):
                errors["etr_at"] = _l("is before the outage started")
        except Unjudged:
            pass
        # An edit must not move the start past a full restoration already recorded.
        restored = data.get("restored_at")
        if isinstance(restored, datetime) and minute_before(restored, clean["started_at"]):
            errors["started_at"] = _l("is after the power was fully restored")
        # Only when an edit moves the start: a note fixed on an outage is not refused for updates stored before it.
        try:
            if stored is not None and "started_at" not in errors and any(
                    stored.get(k) != clean.get(k) for k in ("started_at", "started_precision")):
                updates_after_start(session, stored["id"], clean, errors)
        except Unjudged:
            pass
        derive_observed(kind, clean)
        # Only when an edit changes a total: a note fixed on an outage stored before this rule is not refused.
        # Its "more than" dropped is such a change too: 24 back of 20余 stands, of an exact 20 it does not.
        if stored is not None and any(stored.get(n) != clean.get(n) for n in (
                "households_affected", "households_affected_lb", "buildings_affected", "buildings_affected_lb")):
            updates_within(session, stored["id"], clean, errors)
    elif kind is ReportKind.OUTAGE_UPDATE:
        try:  # noqa: SIM105 - a try costs nothing when nothing is raised; suppress() is an object per report
            outage_update_rules(session, clean, errors, stored)
        except Unjudged:
            pass
        update_says_something(clean, errors)
    elif kind is ReportKind.PUMPING:
        if clean.get("ended_at") and minute_before(clean["ended_at"], clean["observed_at"]):
            errors["ended_at"] = _l("is before the operation started")
        elif clean.get("ended_at"):
            clean["ended_at"] = ended_no_earlier(clean["observed_at"], clean["ended_at"])
        # Only when an edit moves its times: a note fixed on an operation is not refused for volumes stored before
        # this rule (as an area's size corrected down, _kept).
        times = ("observed_at", "observed_precision", "ended_at", "ended_precision")
        if stored is not None and not errors and any(stored.get(k) != clean.get(k) for k in times):
            volumes_within(session, stored["id"], clean, errors)
    elif kind is ReportKind.PUMPING_VOLUME:
        # Only when the interval is given or moved: a note fixed on a volume stored before this rule is not refused.
        period = ("period_start", "period_start_precision", "period_end", "period_end_precision")
        try:
            _interval_rules(clean, errors,
                            some_time=stored is None or any(stored.get(k) != clean.get(k) for k in period))
            if not errors and clean["volume_m3"] is not None:
                days = max((clean["period_end"] - clean["period_start"]).total_seconds() / 86400, 1.0)
                if clean["volume_m3"] / days > MAX_VOLUME_PER_DAY_M3:
                    errors["volume_m3"] = _l("is more than %(n)s m³ a day", n=MAX_VOLUME_PER_DAY_M3)
        except Unjudged:
            pass
        parent_rule(session, clean, errors, "operation_id", ReportKind.PUMPING)
        if "operation_id" not in errors and clean.get("period_start") and clean.get("period_end"):
            within_operation(session, clean, errors)
        clean.setdefault("observed_at", None)
        derive_observed(kind, clean)
    elif kind is ReportKind.DEBRIS:
        if clean.get("period_end") is not None:
            _interval_rules(clean, errors)
        derive_observed(kind, clean)
    elif kind is ReportKind.DISINFECTION:
        disinfection_rules(session, clean, data, errors)
    elif kind is ReportKind.ZERO_REPORT:
        zero_report_rules(session, clean, data, area, errors, sent)


# What after_full_restoration reads of a stored update on restore.
UPDATE_SAID = ("observed_at", "observed_precision", "fully_restored", *HOUSEHOLDS, *BUILDINGS,
               *(f"{n}_lb" for n in (*HOUSEHOLDS, *BUILDINGS)))


def restore_errors(session: Session, report: Report) -> dict[str, Any]:
    """Why a retracted (or sent back) report may not count again: another live zero report for its period, a
    retracted parent, its place moved out of its event's since, or a parent that no longer holds it.

    The rules a new report meets, met again on restore: one live zero report per subdistrict and
    period, no news of a withdrawn outage or operation, a report within its event's place (a place
    moves out of it only while none of the event's reports there is live: areas/services), an update not
    before its outage began and restored never above affected, a volume within its operation's hours (a parent
    is corrected past a retracted child unhindered: updates_within, updates_after_start and volumes_within read
    the live ones).
    """
    event = session.get(Event, report.event_id)
    if event is not None and event.area_id is not None and not is_within(session, report.area_id, event.area_id):
        return {"area_id": OUTSIDE_EVENT}
    if isinstance(report, ZeroReport):
        twin = zero_twin(session, report.event_id, report.area_id, report.period_day, report.id)
        return {"period_day": zero_twin_message(twin)} if twin is not None else {}
    field = parent_field(report.kind)
    parent = session.get(Report, getattr(report, field)) if field else None
    if field and parent is not None and parent.status is ReportStatus.RETRACTED:
        return {field: retracted_parent_message(parent.id)}
    if isinstance(report, OutageUpdate) and isinstance(parent, PowerOutage) and event is not None and observed_before(
            parent, report.observed_at, report.observed_precision, event.tz):
        return {"observed_at": BEFORE_THE_OUTAGE}  # its outage's start corrected past it while it was retracted
    if isinstance(report, OutageUpdate):
        found = restored_beyond_affected(session, report)
        if not found and isinstance(parent, PowerOutage) and event is not None:
            # Retracted before its outage was fully restored, restored after: as a partial restoration sent then.
            said = {name: getattr(report, name) for name in UPDATE_SAID}
            after_full_restoration(session, parent, said, event.tz, found)
        return found
    if isinstance(report, PumpingVolume):
        errors: dict[str, Any] = {}
        within_operation(session, {name: getattr(report, name) for name in VOLUME_HOURS}, errors)
        return errors
    return {}


def _interval_rules(clean: dict[str, Any], errors: dict[str, str], *, some_time: bool = False) -> None:
    """An interval's end: never before its start; with `some_time` (a pumped volume), never its very moment either.

    A volume over no time cannot be apportioned by overlap (briefs/intervals.py) and is a mistyped end in
    practice. Only two exact times are surely the same moment: 下午 to 下午, or a day to the same day, is a
    stretch of time told vaguely, and kept. A clearance's tonnes may be told at a moment (its end left out).
    """
    start, end = clean.get("period_start"), clean.get("period_end")
    if not start or not end:
        return
    if minute_before(end, start):
        errors["period_end"] = _l("is before the start")
    elif (some_time and end <= start and clean.get("period_start_precision") == Precision.EXACT
          and clean.get("period_end_precision") == Precision.EXACT):  # 14:05:40 to 14:05 too: at its start, no time
        errors["period_end"] = _l("is the same moment as the start: a volume is pumped over some time; "
                                  "give the end of that time")
    else:
        clean["period_end"] = ended_no_earlier(start, end)
