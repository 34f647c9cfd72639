"""An event's reports listed: the filters' WHERE, a page for people, and pages for machines.

Machines walk the list by an opaque cursor (keyset, never OFFSET). The order is the report's id, the order
reports were stored in. Reports are never deleted and a new one always gets a higher id, so a client walking
the pages while reports arrive sees each report exactly once: the new ones come on later pages (on PostgreSQL
the API waits for the event's writers first, arrival.py: a sequence gives ids as rows are written, not
as they commit). (Ordering by `reported_at` could not promise that: a coordinator may log a report with a past
`reported_at`, which would sort behind a cursor already handed out.) The cursor carries the last id, the event
and a digest of the filters, so it cannot be replayed against another event's list or another query. A
parameter given more than once (`?kind=outage&kind=activity`) is refused by name, never read as its first
value.

The filters' rules are the report page's too: its list and downloads read them with parse_filters, its rows
are list_reports' in the order the page's `sort` names (ORDERS: newest observation first unless asked), its WHERE
report_conditions'. The API keeps to id order whatever the page shows: only id order lets a cursor promise
each report once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectin_polymorphic, selectinload

from incidents import cursors
from incidents.areas.models import Area
from incidents.areas.services import typed_key
from incidents.cursors import filters_digest
from incidents.days import event_days
from incidents.db import now_utc
from incidents.errors import Message, ValidationError
from incidents.events.models import Event
from incidents.limits import parse_id
from incidents.reports.messages import NOT_A_DAY, NOT_A_WHOLE_NUMBER
from incidents.reports.models import (
    COUNTED,
    LIVE,
    ActivityEntry,
    Disinfection,
    PumpingOperation,
    Report,
    ReportKind,
    ReportStatus,
    news_of_counted,
)
from incidents.reports.parsing import check_instant, parse_day
from incidents.reports.services import MODELS

_l = Message

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# live: all but retracted (a sent-back report is listed, to be corrected); counted: what figures and briefs
# count (reports/models.COUNTED: not sent back either).
STATUSES = ("live", "counted", *(s.value for s in ReportStatus), "all")
UNKNOWN_KIND = _l("unknown kind of report")
UNKNOWN_STATUS = _l("unknown status: live, counted, submitted, verified, returned, retracted or all")
UNKNOWN_AREA = _l("unknown area")
NOT_AN_EVENT_DAY = _l("not a day of this event")
# The list's words (q): longer than any title, place or team it could find.
MAX_WORDS = 200
WORDS_TOO_LONG = _l("at most %(n)s characters", n=MAX_WORDS)
LIMIT_RANGE = _l("must be a whole number from 1 to %(n)s", n=MAX_LIMIT)
OTHER_EVENT = _l("belongs to another event's list: start again without it")
REPEATED = _l("is given more than once")
UNKNOWN_ORDER = _l("unknown order (%(orders)s)")


@dataclass(frozen=True)
class ListOrder:
    """One order of the report page and its downloads: what the control calls it, and its ORDER BY."""

    label: Message
    by: tuple[sa.UnaryExpression[Any], ...]
    oldest_first: bool  # which way the pager's Newer and Older point


# The page's `sort` (its first, the default). Ties go by id the same way, so that OFFSET pages neither repeat
# nor skip a report: a typhoon's reports share whole hours.
ORDERS = {
    "observed_desc": ListOrder(_l("Happened, newest first"), (Report.observed_at.desc(), Report.id.desc()), False),
    "reported_desc": ListOrder(_l("Known at, newest first"), (Report.reported_at.desc(), Report.id.desc()), False),
    "observed_asc": ListOrder(_l("Happened, oldest first"), (Report.observed_at.asc(), Report.id.asc()), True),
}
DEFAULT_ORDER = next(iter(ORDERS))


@dataclass(frozen=True)
class ReportQuery:
    """What a client asked for: the event, the filters, the page size and where the last page ended."""

    event_id: int | None = None
    kind: str | None = None
    area_id: int | None = None
    status: str = "live"
    day: date | None = None
    reporter_id: int | None = None
    updated_since: datetime | None = None
    limit: int = DEFAULT_LIMIT
    after_id: int | None = None

    def digest(self) -> str:
        """A short digest of the filters (not the page): a cursor is only good for the same filters."""
        return filters_digest(self.kind, self.area_id, self.status, self.day and self.day.isoformat(),
                              self.reporter_id, self.updated_since and self.updated_since.isoformat())


@dataclass
class ReportPage:
    """One page: its reports in id order and the cursor of the next page (None on the last)."""

    reports: list[Report]
    next_cursor: str | None


def encode_cursor(query: ReportQuery, last_id: int) -> str:
    """An opaque cursor: the last id given, the event and the filters' digest (incidents/cursors.py)."""
    return cursors.encode_cursor(last_id, query.digest(), e=query.event_id)


def decode_cursor(text: str, query: ReportQuery) -> int:
    """The id a cursor continues after; ValidationError naming `cursor` if it is not one of ours."""
    return cursors.decode_cursor(text, query.digest(), e=(query.event_id, OTHER_EVENT))


def _positive_id(name: str, text: str, errors: dict[str, Any], message: Message) -> int | None:
    value = parse_id(text)
    if value is None:
        errors[name] = message
    return value


def _area_id(session: Session, name: str, text: str, errors: dict[str, Any]) -> int | None:
    """An area parameter (`area`, `subdistrict`): the id of an area that exists, or none if empty."""
    area_id = _positive_id(name, text, errors, UNKNOWN_AREA) if text else None
    if area_id is not None and session.get(Area, area_id) is None:
        errors[name] = UNKNOWN_AREA
        return None
    return area_id


def _filters(session: Session, event: Event, text: Mapping[str, str], errors: dict[str, Any],
             now: datetime | None) -> dict[str, Any]:
    """kind, area, status, day and reporter, the filters every report list shares; problems into `errors`."""
    kind = text["kind"] or None
    if kind is not None and kind not in {k.value for k in ReportKind}:
        errors["kind"] = UNKNOWN_KIND
    status = text["status"] or "live"
    if status not in STATUSES:
        errors["status"] = UNKNOWN_STATUS
    day = None
    if text["day"]:
        # parse_day, as every day the product reads: fromisoformat alone listed 2021-W30-1 as 26 July.
        parsed = parse_day(text["day"])
        if not isinstance(parsed, date):
            errors["day"] = NOT_A_DAY
        else:
            day = parsed
            days = event_days(event, now or now_utc())
            if not days or not days[0] <= day <= days[-1]:
                errors["day"] = NOT_AN_EVENT_DAY
    reporter_id = _positive_id("reporter", text["reporter"], errors, NOT_A_WHOLE_NUMBER) if text["reporter"] else None
    return {"kind": kind, "area_id": _area_id(session, "area", text["area"], errors), "status": status, "day": day,
            "reporter_id": reporter_id}


# The query parameters each list reads (tests/security/test_fuzz_requests.py fuzzes every one).
PAGE_PARAMS = ("q", "kind", "subdistrict", "area", "status", "day", "reporter", "sort")
API_PARAMS = ("kind", "area", "status", "day", "reporter", "updated_since", "limit", "cursor")
NOT_A_PARAMETER = _l("is not a parameter of this list (it takes %(names)s)")


def _texts(args: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The parameters, stripped; an empty one (a form's "any") is no filter."""
    return {k: (args.get(k) or "").strip() for k in names}


def _repeated(args: Mapping[str, str], names: tuple[str, ...]) -> dict[str, Any]:
    """{name: REPEATED} for each parameter given more than once: `?kind=outage&kind=activity` is not kind=outage."""
    getlist = getattr(args, "getlist", None)  # a query string's MultiDict; a plain mapping cannot repeat
    return {k: REPEATED for k in names if getlist is not None and len(getlist(k)) > 1}


def parse_filters(session: Session, event: Event, args: Mapping[str, str],
                  now: datetime | None = None) -> tuple[dict[str, Any], str]:
    """The report page's filters (the list, its downloads): the API's and the subdistrict; and the key of its
    order in ORDERS (`sort`, the first when not given). ValidationError naming every bad parameter."""
    errors: dict[str, Any] = {}
    text = _texts(args, PAGE_PARAMS)
    filters = _filters(session, event, text, errors, now)
    filters["subdistrict_id"] = _area_id(session, "subdistrict", text["subdistrict"], errors)
    filters["q"] = text["q"] or None
    if len(text["q"]) > MAX_WORDS:
        errors["q"] = WORDS_TOO_LONG
    sort = text["sort"] or DEFAULT_ORDER
    if sort not in ORDERS:
        errors["sort"] = Message(UNKNOWN_ORDER.msgid, orders=", ".join(ORDERS))
    errors.update(_repeated(args, PAGE_PARAMS))
    if errors:
        raise ValidationError(errors)
    return filters, sort


def parse_query(session: Session, event: Event, args: Mapping[str, str], now: datetime | None = None) -> ReportQuery:
    """A list's query parameters as a ReportQuery; ValidationError naming every bad parameter."""
    errors: dict[str, Any] = {}
    text = _texts(args, API_PARAMS)
    filters = _filters(session, event, text, errors, now)
    updated_since = check_instant("updated_since", text["updated_since"], event.tz, errors)
    limit = DEFAULT_LIMIT
    if text["limit"]:
        limit = _positive_id("limit", text["limit"], errors, LIMIT_RANGE) or DEFAULT_LIMIT
        if limit > MAX_LIMIT:
            errors["limit"] = LIMIT_RANGE
    errors.update(_repeated(args, API_PARAMS))
    # A parameter of no meaning here (area_id for area, the timeline's as_of) would leave the list unfiltered
    # while the client believed it filtered: named, never ignored.
    errors.update({name[:100]: Message(NOT_A_PARAMETER.msgid, names=", ".join(API_PARAMS))
                   for name in args if name not in API_PARAMS})
    if errors:
        raise ValidationError(errors)
    query = ReportQuery(event_id=event.id, **filters, updated_since=updated_since, limit=limit)
    if text["cursor"]:
        query = ReportQuery(**{**query.__dict__, "after_id": decode_cursor(text["cursor"], query)})
    return query


def page_reports(session: Session, event: Event, query: ReportQuery) -> ReportPage:
    """One page of an event's reports after the cursor, in id order, and the next page's cursor."""
    where = report_conditions(session, event, kind=query.kind, area_id=query.area_id, day=query.day,
                              status=query.status, reporter_id=query.reporter_id,
                              updated_since=query.updated_since)
    if query.after_id is not None:
        where.append(Report.id > query.after_id)
    rows = list(session.scalars(
        sa.select(Report).where(*where)
        .options(selectin_polymorphic(Report, list(MODELS.values())), selectinload(Report.area),
                 selectinload(Report.reporter))
        .order_by(Report.id).limit(query.limit + 1)))
    more = len(rows) > query.limit
    rows = rows[:query.limit]
    disinfections = [r.id for r in rows if isinstance(r, Disinfection)]
    if disinfections:
        # Their counts in one query, not one per report.
        session.scalars(sa.select(Disinfection).where(Disinfection.id.in_(disinfections))
                        .options(selectinload(Disinfection.counts))).all()
    return ReportPage(rows, encode_cursor(query, rows[-1].id) if more else None)


def list_reports(session: Session, event: Any, *, kind: str | None = None, area_id: int | None = None,
                 subdistrict_id: int | None = None, day: Any = None, status: str | None = None,
                 reporter_id: int | None = None, q: str | None = None, page: int = 1, page_size: int = 50,
                 sort: str = DEFAULT_ORDER) -> tuple[list[Report], int]:
    """One page of an event's reports, filtered, in the order `sort` names (ORDERS); and the total count."""
    from sqlalchemy.orm import selectin_polymorphic, selectinload

    where = report_conditions(session, event, kind=kind, area_id=area_id, subdistrict_id=subdistrict_id, day=day,
                           status=status, reporter_id=reporter_id, q=q)
    total = session.scalar(sa.select(sa.func.count()).select_from(Report).where(*where)) or 0
    rows = session.scalars(
        sa.select(Report).where(*where)
        .options(selectin_polymorphic(Report, list(MODELS.values())), selectinload(Report.area),
                 selectinload(Report.reporter))
        .order_by(*ORDERS[sort].by)
        .limit(page_size).offset(max(page - 1, 0) * page_size)
    ).all()
    return list(rows), total


def set_apart(session: Session, event: Any, **filters: Any) -> tuple[int, int]:
    """How many of the reports a list with these filters shows are sent back (退回) and how many are zero reports
    (零报告): both listed, neither added to a figure; one statement for both."""
    where = report_conditions(session, event, **filters)
    sent_back, zero = session.execute(sa.select(
        sa.func.count().filter(Report.status == ReportStatus.RETURNED),
        sa.func.count().filter(Report.kind == ReportKind.ZERO_REPORT)).select_from(Report).where(*where)).one()
    return sent_back or 0, zero or 0


def report_conditions(session: Session, event: Any, *, kind: str | None = None, area_id: int | None = None,
                      subdistrict_id: int | None = None, day: Any = None, status: str | None = None,
                      reporter_id: int | None = None, updated_since: datetime | None = None,
                      q: str | None = None) -> list[sa.ColumnElement[bool]]:
    """The WHERE of an event's report list: kind, place (with everything under it), local day of the
    observation, status ("live" by default: all but retracted; "counted": as figures and briefs count;
    "all", or one), reporter, changed since, words (`q`, matching)."""
    from incidents.areas.tree import subtree_ids
    from incidents.days import day_bounds

    where: list[sa.ColumnElement[bool]] = [Report.event_id == event.id]
    if kind:
        where.append(Report.kind == ReportKind(kind))
    # Both given (a place chosen among its subdistrict's), each walk is a CTE of its own name.
    for name, root in (("subdistrict_tree", subdistrict_id), ("place_tree", area_id)):
        if root is not None:
            where.append(Report.area_id.in_(subtree_ids(session, root, name)))
    if day is not None:
        start, end = day_bounds(event, day)
        where += [Report.observed_at >= start, Report.observed_at < end]
    if status in (None, "", "live"):
        where.append(Report.status.in_(LIVE))
    elif status == "counted":
        # As the figures count: the news of a retracted outage or operation is not counted though submitted.
        where += [Report.status.in_(COUNTED), *news_of_counted()]
    elif status != "all":
        where.append(Report.status == ReportStatus(status))
    if reporter_id is not None:
        where.append(Report.reporter_id == reporter_id)
    if updated_since is not None:
        where.append(Report.updated_at >= updated_since)
    if q:
        where.append(matching(q))
    return where


def matching(q: str) -> sa.ColumnElement[bool]:
    """A report whose title, note, source, reason, place or team holds the words `q` (any case, % and _ as
    typed), or whose number it is ("21", "#21")."""
    def has(column: Any) -> sa.ColumnElement[bool]:
        return column.icontains(q, autoescape=True)

    places = [has(Area.name), has(Area.name_en)]
    read = typed_key(q)
    if read and not read.isascii():
        # 文峰汇十二府 finds 文峰汇·十二府, as the place picker finds it: the key's name part, read as it reads a query
        # (the key's pinyin parts are ASCII, so Chinese words match only the name).
        places.append(Area.search_key.contains(read, autoescape=True))
    found = [has(Report.note), has(Report.source), has(Report.status_reason),
             Report.area_id.in_(sa.select(Area.id).where(sa.or_(*places))),
             Report.id.in_(sa.select(ActivityEntry.id).where(has(ActivityEntry.title))),
             Report.id.in_(sa.select(PumpingOperation.id)
                           .where(sa.or_(has(PumpingOperation.team), has(PumpingOperation.team_en))))]
    number = q.strip().removeprefix("#")
    if number.isdecimal() and len(number) < 10:
        found.append(Report.id == int(number))
    return sa.or_(*found)
