"""Events: create, edit, close and reopen, list; headline figures per event and per subdistrict."""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import generation
from incidents.areas.tree import is_within, subtree_ids
from incidents.audit import services as audit
from incidents.auth.lookalikes import skeleton, twin_key
from incidents.db import add_or_recheck, now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import EVENT_LEVELS, Event, EventKind
from incidents.events.open_at_end import misread_at_end, news_after_end, still_out
from incidents.limits import free_text_problem, instant_problem, is_id, one_line_problem
from incidents.vague import ended_no_earlier, local_candidates, minute_before

# The keyword babel extracts: these messages land in the events catalog.
_l = Message

# The fields a form may change; anything else is refused by name.
EVENT_FIELDS = ("code", "name", "name_en", "kind", "timezone", "starts_at", "ends_at", "brief_time",
                "area_id", "issuer", "issuer_en", "description")
# An end a little ahead of the server clock is clock skew; further ahead, a typing error.
CLOSE_TOLERANCE = timedelta(minutes=5)
# A start is set ahead by a forecast (a typhoon expected in days) or a plan (a flood season, a drill); a year or more
# ahead is a mistyped year (2027 for 2026, 2999), an event that would head every list for it while no report could
# be filed on it (reports/event_window.LEAD_TIME: 7 days before it at most).
START_AHEAD = timedelta(days=90)
FAR_AHEAD = _l("is over %(n)s days ahead: an event starts when its storm is expected; check the year")
# The longest tz-database name is 32 characters ("America/Argentina/ComodRivadavia").
MAX_ZONE_NAME = 64
# A zone of the tz database that is no place's clock ("Factory" shows "-00").
NO_PLACE_ZONES = frozenset({"Factory"})
# A brief time as typed or sent: HH:MM on the event's clocks, nothing more (no seconds, no offset).
CLOCK_TEXT = re.compile(r"[0-2][0-9]:[0-5][0-9]")
# What an event cannot do without: refused when missing, marked * on its form.
REPORTS_OUTSIDE = _l("%(n)s reports of this event are of places outside it (report #%(id)s is one): "
                     "move or retract them first")
REQUIRED_FIELDS = frozenset({"name", "code", "starts_at", "kind"})
TEXT_LIMITS = {"code": 64, "name": 200, "name_en": 200, "issuer": 200, "issuer_en": 200, "description": 10_000}


def known_zone(name: Any) -> ZoneInfo | None:
    """The tz-database zone a name gives (Asia/Shanghai), or None for anything that is no zone name."""
    if not isinstance(name, str) or not name or len(name) > MAX_ZONE_NAME:
        return None  # zoneinfo raises TypeError on a number and OSError on a 300-character "path"
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    # Only the zones the tzdata package ships, the same on every server: "localtime", "right/UTC" or
    # "posix/…" are this machine's own files (read otherwise, or not at all, after a restore elsewhere).
    bundled = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    return zone if name not in NO_PLACE_ZONES and bundled.is_file() else None


def brief_clock(value: Any) -> time | None:
    """A brief time (HH:MM text, or a time of day on the minute with no zone of its own), None for anything else.

    An offset ("08:00+05:00") would be dropped unseen (the brief follows the event's zone) and seconds
    ("08:00:00.123456") would show on every due time: both are refused, on the form and the API alike.
    """
    if isinstance(value, str):
        text = value.strip()
        if not CLOCK_TEXT.fullmatch(text):
            return None
        try:
            return time.fromisoformat(text)
        except ValueError:  # 24:00 and beyond
            return None
    if isinstance(value, time) and value.tzinfo is None and not value.second and not value.microsecond:
        return value
    return None


SKIPPED_CLOCK = _l("%(day)s %(zone)s has no %(time)s (the clocks go forward): choose a time the clocks show once "
                   "every day")
REPEATED_CLOCK = _l("%(time)s comes twice on %(day)s %(zone)s (the clocks go back): choose a time the clocks show "
                    "once every day")


def brief_time_problem(clock: time, timezone: str, starts_at: datetime) -> Message | None:
    """Why a brief time cannot be the event's: on some day of its first year the zone's clocks skip it or show it
    twice (a daylight-saving change), so its brief's due time would be guessed. Asked of the one parser of local
    times, day by day over a year (the zone's rules come round yearly): 367 look-ups, well under a millisecond each."""
    tz = known_zone(timezone)
    if tz is None:
        return None
    first = starts_at.astimezone(tz).date()
    for offset in range(367):
        day = first + timedelta(days=offset)
        found = local_candidates(day, clock, tz)
        if len(found) != 1:
            message = SKIPPED_CLOCK if not found else REPEATED_CLOCK
            return Message(message.msgid, day=day.isoformat(), zone=timezone, time=clock.strftime("%H:%M"))
    return None


def _validate_event(session: Session, data: dict[str, Any], event: Event | None = None) -> dict[str, Any]:
    """Check an event's fields (all of them, merged); return clean values or raise ValidationError."""
    from incidents.areas.models import Area

    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        value = data.get(name)
        value = value.strip() if isinstance(value, str) else value
        if name == "code" and isinstance(value, str) and (event is None or value != event.code):
            # A Chinese IME types ＦＸ２０２１ as often as FX2021: one code, in one spelling, before the rules and
            # the uniqueness check read it. A stored code left as it is stays as stored.
            value = folded_code(value)
        if name in REQUIRED_FIELDS and not value:
            errors[name] = _l("required")
        elif name == "code" and isinstance(value, str) and (problem := code_problem(value)) is not None:
            errors[name] = problem
        elif value and len(value) > limit:
            errors[name] = _l("is longer than %(n)s characters", n=limit)
        elif name != "description" and isinstance(value, str) and (problem := one_line_problem(value)):
            errors[name] = problem
        elif name == "description" and isinstance(value, str) and value and (problem := free_text_problem(value)):
            # Lines, as a report's note, and the note's rule: no text shown reversed, none blank.
            errors[name] = problem
        clean[name] = value or None
    try:
        clean["kind"] = EventKind(data.get("kind") or "")  # missing: "" is no kind, so ValueError below
    except ValueError:
        # The kind names every brief (防御台风工作日报 or 防汛救灾工作日报): never assumed.
        errors["kind"] = _l("required") if not data.get("kind") else _l("unknown kind")
    timezone = data.get("timezone") or "Asia/Shanghai"
    if known_zone(timezone) is None:
        errors["timezone"] = _l("unknown time zone %(tz)s", tz=repr(timezone)[:MAX_ZONE_NAME + 2])
    else:
        clean["timezone"] = timezone
    for name in ("starts_at", "ends_at"):
        value = data.get(name)
        if value is None:
            if name in REQUIRED_FIELDS:
                errors[name] = _l("required")
            clean[name] = None
        elif (problem := instant_problem(value, _l("must be a date and time"))) is not None:
            errors[name] = problem
        else:
            clean[name] = value
    if isinstance(start := clean.get("starts_at"), datetime) and start > now_utc() + START_AHEAD and (
            event is None or start != event.starts_at):  # one stored before the rule keeps its start through an edit
        errors["starts_at"] = Message(FAR_AHEAD.msgid, n=START_AHEAD.days)
    if clean.get("starts_at") and clean.get("ends_at") and minute_before(clean["ends_at"], clean["starts_at"]):
        errors["ends_at"] = _l("is before the start")
    elif clean.get("ends_at") and clean["ends_at"] > now_utc() + CLOSE_TOLERANCE:
        # An event ends when the office closes it: an end ahead of now is a typing error (year 9999).
        errors["ends_at"] = _l("is in the future")
    elif clean.get("starts_at") and clean.get("ends_at"):
        clean["ends_at"] = ended_no_earlier(clean["starts_at"], clean["ends_at"])
    brief_time = data.get("brief_time")
    if brief_time is None:
        clean["brief_time"] = time(8, 0)
    elif event is not None and brief_time == event.brief_time:
        clean["brief_time"] = brief_time  # unchanged: an edit of other fields is not refused for it
    elif (clock := brief_clock(brief_time)) is None:
        errors["brief_time"] = _l("must be a time of day (HH:MM)")
    else:
        clean["brief_time"] = clock
    clocks_changed = event is None or (clean.get("brief_time"), clean.get("timezone")) != (event.brief_time,
                                                                                             event.timezone)
    if clocks_changed and "brief_time" in clean and clean.get("timezone") and isinstance(clean.get("starts_at"),
                                                                                         datetime) and (
            problem := brief_time_problem(clean["brief_time"], clean["timezone"], clean["starts_at"])):
        errors["brief_time"] = problem
    area_id = data.get("area_id")
    area = session.get(Area, area_id) if is_id(area_id) else None
    if area_id is not None and area is None:
        errors["area_id"] = _l("unknown area")
    elif area is not None and area.level not in EVENT_LEVELS:
        errors["area_id"] = _l("must be a district or a subdistrict / town")
    clean["area_id"] = area_id
    if clean.get("code") and "code" not in errors:
        taken = session.scalar(sa.select(Event.id).where(Event.code == clean["code"]))
        if taken is not None and (event is None or taken != event.id):
            errors["code"] = _l("already used by another event")
        elif event is None or clean["code"] != event.code:
            twin = _code_twin(session, clean["code"], event)
            if twin is not None:
                errors["code"] = Message(CODE_READS_THE_SAME.msgid, code=twin.code, name=twin.name)
            clean["twin_key"] = twin_key(clean["code"])  # a kept code keeps its key (None: a pair stored before)
    if errors:
        raise ValidationError(errors)
    return clean


CODE_READS_THE_SAME = _l("reads the same as %(code)s, the code of the event “%(name)s”: codes that differ only in "
                         "case or lookalike letters name downloads that pass for one another")


def _code_twin(session: Session, code: str, event: Event | None) -> Event | None:
    """Another event whose code reads as this one (another case, a Cyrillic і for i), or None.

    Asked of a new or changed code only: a pair stored before the rule stays editable. Events are few (tens a
    year): each code's skeleton is worked out here, as the usernames' are, rather than stored.
    """
    shape = skeleton(code)
    others = sa.select(Event).where(Event.id != event.id) if event is not None else sa.select(Event)
    return next((other for other in session.scalars(others.order_by(Event.id)) if skeleton(other.code) == shape),
                None)


def create_event(session: Session, *, code: str, name: str, kind: EventKind | str, starts_at: datetime,
                 timezone: str = "Asia/Shanghai", ends_at: datetime | None = None,
                 brief_time: time | str = time(8, 0), area_id: int | None = None,
                 name_en: str | None = None, issuer: str | None = None,
                 description: str | None = None, user_id: int | None = None,
                 issuer_en: str | None = None) -> Event:
    """Add an event with its audit row (user_id None: the system, e.g. the demo loader)."""
    clean = _validate_event(session, {
        "code": code, "name": name, "kind": kind, "starts_at": starts_at, "timezone": timezone,
        "ends_at": ends_at, "brief_time": brief_time, "area_id": area_id, "name_en": name_en,
        "issuer": issuer, "issuer_en": issuer_en, "description": description})
    event = Event(**clean)
    # A lookalike code (or the same) committed by another request since we read: said as the check says it.
    add_or_recheck(session, event, lambda: _validate_event(session, clean))
    audit.record(session, user_id, "create", event, before=None)
    return event


def update_event(session: Session, event: Event, data: dict[str, Any], user_id: int | None,
                 expected_version: int | None = None) -> Event:
    """Change an event's fields with its audit row; a stale version raises StaleEdit, never overwrites."""
    before, merged = audit.begin_edit(event, data, EVENT_FIELDS, expected_version)
    clean = _validate_event(session, merged, event)
    changed = audit.changes(event, clean)
    if changed.get("area_id") is not None:
        _refuse_reports_left_outside(session, event, changed["area_id"])
    if "timezone" in changed:
        _refuse_zone_under_reports(session, event)
    try:
        return audit.record_update(session, user_id, event, changed, before)
    except sa.exc.IntegrityError:
        session.rollback()  # nothing of the change stays; the event is read again as it stands
        _validate_event(session, merged, event)
        raise


ZONE_UNDER_REPORTS = _l("%(n)s reports of this event were read on %(zone)s clocks (report #%(id)s is one): under "
                        "another zone their times and days would shift, so the zone changes only before the first "
                        "report")


def _refuse_zone_under_reports(session: Session, event: Event) -> None:
    """A zone change refused once the event has reports, retracted ones too (they can be restored).

    Their local times were read in the old zone ("下午" as Shanghai's afternoon, a typed 21:30) and stored as
    instants; which were typed and which came with an offset cannot be told afterwards, so nothing can read them
    again, and a changed zone would move every one of them, with their days and the briefs compiled from them.
    """
    from incidents.reports.models import Report

    count, first = session.execute(sa.select(sa.func.count(Report.id), sa.func.min(Report.id))
                                   .where(Report.event_id == event.id)).one()
    if count:
        raise ValidationError({"timezone": Message(ZONE_UNDER_REPORTS.msgid, n=count, id=first, zone=event.timezone)})


def _refuse_reports_left_outside(session: Session, event: Event, area_id: int) -> None:
    """An event narrowed to a place its reports lie outside: refused, naming how many and one of them.

    A new report outside the event's place is refused (reports/kind_rules); narrowing the place after
    would leave those already filed counted by an event they are no longer within, out of its
    scoped coordinator's reach.
    """
    from incidents.reports.models import LIVE, Report

    outside = (sa.select(Report.id).where(Report.event_id == event.id, Report.status.in_(LIVE),
                                          Report.area_id.not_in(subtree_ids(session, area_id))))
    count = session.scalar(sa.select(sa.func.count()).select_from(outside.subquery()))
    if count:
        first = session.scalar(outside.order_by(Report.id).limit(1))
        raise ValidationError({"area_id": Message(REPORTS_OUTSIDE.msgid, n=count, id=first)})



def close_event(session: Session, event: Event, ends_at: Any, user_id: int | None,
                now: datetime | None = None) -> Event:
    """End an event at `ends_at` (no brief after its last day), with a "close" audit row."""
    now = now or now_utc()
    if ends_at is None:
        # Nothing sent (or an empty box): say it is missing, not that it is no date.
        raise ValidationError({"ends_at": _l("required")})
    if (problem := instant_problem(ends_at, _l("must be a date and time"))) is not None:
        raise ValidationError({"ends_at": problem})
    if minute_before(ends_at, event.starts_at):
        raise ValidationError({"ends_at": _l("is before the start")})
    ends_at = ended_no_earlier(event.starts_at, ends_at)
    if ends_at > now + CLOSE_TOLERANCE:
        raise ValidationError({"ends_at": _l("is in the future")})
    before = audit.snapshot(event)
    event.ends_at = ends_at
    session.flush()
    audit.record(session, user_id, "close", event, before=before)
    return event


def reopen_event(session: Session, event: Event, user_id: int | None) -> Event:
    """Take an event's end away (it runs again; due briefs follow), with a "reopen" audit row."""
    if event.ends_at is None:
        return event
    before = audit.snapshot(event)
    event.ends_at = None
    session.flush()
    audit.record(session, user_id, "reopen", event, before=before)
    return event


# EVENT_BY_ID: the event (its place joined, as the model says) by a statement built once. session.get
# builds its SELECT and that SELECT's cache key on every call: ~75 µs of an API create's ~2.4 ms of CPU
# (docs/performance.md, "Ingest", 3 December evening). Unlike get, it asks the database even when the
# session holds the event: for a request's first look at it.
_BY_ID = sa.select(Event).where(Event.id == sa.bindparam("event_id", type_=sa.Integer))


def code_problem(code: str) -> Message | None:
    """Why a text cannot be an event's code (as stored, after folded_code), or None."""
    if len(code) > TEXT_LIMITS["code"]:
        return _l("is longer than %(n)s characters", n=TEXT_LIMITS["code"])
    if not all(c.isprintable() and not c.isspace() for c in code):
        # A code names files and addresses: no spaces, line breaks or invisible characters in it.
        return _l("may not contain spaces, line breaks or invisible characters")
    if "/" in code or "\\" in code:
        # Downloads are named by it: "reports-../x.csv" reads as a path.
        return _l("may not contain / or \\: it names the event's downloads")
    return one_line_problem(code)


def folded_code(code: str) -> str:
    """An event code in the one spelling it is stored in: full-width ASCII folded (NFKC), ends stripped."""
    return unicodedata.normalize("NFKC", code).strip()


def by_code(session: Session, code: str) -> Event | None:
    """The event of a code as typed (ＦＸ２０２１ finds FX2021); a code stored before folding, as stored."""
    return (session.scalar(sa.select(Event).where(Event.code == code))
            or session.scalar(sa.select(Event).where(Event.code == folded_code(code))))


def get_event(session: Session, event_id: int) -> Event | None:
    """The event with this id, or None; from this process's shelf while the transaction has written nothing."""
    # GENERATION_SHELF (incidents/generation.py): one of an API create's nine statements.
    cache_generation = generation.usable(session)
    if cache_generation is not None:
        values = generation.shelved(session, cache_generation, (Event, event_id))
        if values is not None:
            return generation.attach(session, Event, values)
    event = session.execute(_BY_ID, {"event_id": event_id}).scalar_one_or_none()
    if event is not None and cache_generation is not None:
        generation.shelve(session, cache_generation, (Event, event_id), generation.values_of(event))
    return event


def list_events(session: Session) -> list[Event]:
    """All events, newest first."""
    return list(session.scalars(sa.select(Event).order_by(Event.starts_at.desc())))


def for_reporting(session: Session, scope_area_id: int | None = None) -> list[Event]:
    """Events as a new report's choice: the running first (newest first), then the ended (latest end first).

    With a scope, only the events a place of it can be reported to: the event's place holds the scope, or
    lies in it (a neighbour subdistrict's own event refuses every place of this one).
    """
    events = session.scalars(sa.select(Event).order_by(
        Event.ends_at.is_not(None), Event.ends_at.desc(), Event.starts_at.desc(), Event.id.desc()))
    if scope_area_id is None:
        return list(events)
    return [e for e in events if e.area_id is None or is_within(session, scope_area_id, e.area_id)
            or is_within(session, e.area_id, scope_area_id)]


def headline_figures(session: Session, event_ids: list[int], now: datetime | None = None
                     ) -> dict[int, dict[str, int | bool | None]]:
    """Per event: counted reports, open outages, m³ pumped, person-times, kg of debris, to date as known `now`.

    The totals are the brief's to date, by its rules (briefs/counts.py, briefs/intervals.py): a report of
    totals to date (截至目前) replaces the rounds before it, a pumped volume counts while its operation
    does, a period running `now` counts up to `now` (约, the brief's at its cut-off). One statement each for the
    reports and outages (one pass, each kind's row joined by id: a statement per figure took ~8x as long on a
    big event, benches/pages_bench.py) and for each total.
    """
    from incidents.briefs.counts import person_times_to_date
    from incidents.briefs.intervals import CLEARED, PUMPED, total_by_event
    from incidents.reports.models import COUNTED, PowerOutage, Report, ReportKind

    if not event_ids:
        return {}
    figures: dict[int, dict[str, int | bool | None]] = {
        i: {"reports": 0, "open_outages": 0, "volume_m3": None, "person_times": None, "mass_kg": None,
            "volume_m3_lb": False, "person_times_lb": False, "mass_kg_lb": False,
            "volume_m3_approx": False, "person_times_approx": False, "mass_kg_approx": False}
        for i in event_ids}
    # The tables, not the entities: the outage's own columns, joined to its report by id.
    r, o = (sa.inspect(m).local_table for m in (Report, PowerOutage))
    e = sa.inspect(Event).local_table
    query = (
        # A zero report (零报告) says there is nothing to report: it adds to no figure.
        sa.select(r.c.event_id, sa.func.count().filter(r.c.kind != ReportKind.ZERO_REPORT),
                  sa.func.count(o.c.id).filter(still_out(o, e.c.ends_at)),
                  sa.func.count(o.c.id).filter(news_after_end(o, e.c.ends_at)))
        .select_from(r).join(e, e.c.id == r.c.event_id).outerjoin(o, o.c.id == r.c.id)
        .where(r.c.event_id.in_(event_ids), r.c.status.in_(COUNTED))
        .group_by(r.c.event_id))
    doubtful = []
    for event_id, reports, open_outages, after_end in session.execute(query):
        figures[event_id].update(reports=int(reports), open_outages=int(open_outages or 0))
        if after_end:
            doubtful.append(event_id)
    for event_id, by_sub in misread_at_end(session, doubtful).items():
        figures[event_id]["open_outages"] = int(figures[event_id]["open_outages"] or 0) + sum(by_sub.values())
    now = now or now_utc()
    for name, totals in (("volume_m3", total_by_event(PUMPED, "volume_m3", event_ids, now)),
                         ("person_times", person_times_to_date(event_ids)),
                         ("mass_kg", total_by_event(CLEARED, "mass_kg", event_ids, now))):
        for event_id, value, lower, *about in session.execute(totals):
            figures[event_id][name] = int(value) if value is not None else None
            figures[event_id][f"{name}_lb"] = bool(lower)
            figures[event_id][f"{name}_approx"] = bool(about and about[0])
    return figures


def figures_by_subdistrict(session: Session, event_id: int) -> tuple[list[dict], dict]:
    """Per subdistrict/town (and the district level): live reports by kind and open outages; and the total.

    An outage counts once, however many updates it has; `open` counts those still out (`still_out`).
    """
    from incidents.areas.models import Area
    from incidents.areas.tree import reference_key, subdistrict_of
    from incidents.reports.models import COUNTED, PowerOutage, Report, ReportKind

    sub = subdistrict_of().subquery()
    outages = PowerOutage.__table__  # the table, not the entity: Report is already in the FROM
    ended = sa.select(Event.ends_at).where(Event.id == event_id).scalar_subquery()
    query = (
        sa.select(sub.c.subdistrict_id, Report.kind, sa.func.count(),
                  sa.func.count(outages.c.id).filter(still_out(outages, ended)),
                  sa.func.count(outages.c.id).filter(news_after_end(outages, ended)))
        .select_from(Report).outerjoin(sub, sub.c.area_id == Report.area_id)
        .outerjoin(outages, outages.c.id == Report.id)
        .where(Report.event_id == event_id, Report.status.in_(COUNTED), Report.kind != ReportKind.ZERO_REPORT)
        .group_by(sub.c.subdistrict_id, Report.kind)
    )
    rows: dict[int | None, dict] = {}
    total: dict = {"area": None, "counts": {}, "open_outages": 0, "total": 0}
    found = session.execute(query).all()
    # The subdistricts in one statement: one session.get per (subdistrict, kind) row was ~45% of
    # the event page on a province of 250 subdistricts (benches/pages_bench.py).
    wanted = {sub_id for sub_id, *_ in found if sub_id}
    areas = {a.id: a for a in session.scalars(sa.select(Area).where(Area.id.in_(wanted)))} if wanted else {}
    for sub_id, kind, count, open_now, _after_end in found:
        entry = rows.setdefault(sub_id, {"area": areas.get(sub_id) if sub_id else None,
                                         "counts": {}, "open_outages": 0, "total": 0})
        key = kind.value if hasattr(kind, "value") else kind
        for row in (entry, total):
            row["counts"][key] = row["counts"].get(key, 0) + count
            row["open_outages"] += open_now or 0
            row["total"] += count
    doubtful = [event_id] if any(after_end for *_, after_end in found) else []
    for sub_id, delta in misread_at_end(session, doubtful).get(event_id, {}).items():
        for row in (r for r in (rows.get(sub_id), total) if r is not None):  # counted in its row already
            row["open_outages"] += delta
    # The reference order (areas/tree.reference_key), the district level last: never by name.
    ordered = sorted(rows.values(), key=lambda r: (r["area"] is None,
                                                   reference_key(r["area"].code, r["area"].id) if r["area"] else ()))
    return ordered, total


def latest_reports(session: Session, event_id: int | None, limit: int = 20,
                   area_id: int | None = None, by_arrival: bool = False) -> list:
    """The newest live reports of an event (or of an area and what is under it): latest observed, or
    latest received (`by_arrival`: what the command has not seen yet, however long ago it happened)."""
    from sqlalchemy.orm import selectin_polymorphic, selectinload

    from incidents.areas.tree import subtree_ids
    from incidents.reports.models import LIVE, Disinfection, Report
    from incidents.reports.services import MODELS

    # Each kind's row and a disinfection's counts read for all the cards at once: each card read its own (15
    # cards, 15-26 SELECTs: a third of the event page's statements, benches/pages_bench.py).
    query = sa.select(Report).where(Report.status.in_(LIVE)).options(
        selectinload(Report.area), selectin_polymorphic(Report, list(MODELS.values())),
        selectinload(Disinfection.counts))
    if event_id is not None:
        query = query.where(Report.event_id == event_id)
    if area_id is not None:
        query = query.where(Report.area_id.in_(subtree_ids(session, area_id)))
    newest = Report.reported_at if by_arrival else Report.observed_at
    return list(session.scalars(query.order_by(newest.desc(), Report.id.desc()).limit(limit)))


# An area page shows this many of each event's reports; the event's list filtered to the place has them all.
AREA_REPORTS_PER_EVENT = 20


class EventReports(NamedTuple):
    """One event's reports at a place: the event, how many live reports it has there (and below), the latest."""

    event: Event
    total: int
    reports: list


def reports_by_event(session: Session, area_id: int, per_event: int = AREA_REPORTS_PER_EVENT) -> list[EventReports]:
    """An area's live reports (its own and below) by event, the newest event first: one list mixing two events'
    reports by date said of none which event it was."""
    from incidents.reports.models import LIVE, Report

    counted = session.execute(
        sa.select(Event, sa.func.count(Report.id)).join(Report, Report.event_id == Event.id)
        .where(Report.status.in_(LIVE), Report.area_id.in_(subtree_ids(session, area_id)))
        .group_by(Event.id).order_by(Event.starts_at.desc(), Event.id.desc())).all()
    return [EventReports(event, count, latest_reports(session, event.id, limit=per_event, area_id=area_id))
            for event, count in counted]
