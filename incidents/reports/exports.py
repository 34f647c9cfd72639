"""An event's report list as a Table (every field, filters applied) and as an HXL-tagged table.

Rows are read by one statement over every kind's table, in the page's order (its `sort`) and in chunks, so a list
of 100,000 reports streams without building a report object or holding every row at once. Times are
local to the event, with their offset, and their precision beside them; quantities stay numbers
with a lower-bound flag beside each (余).
The HXL mapping is documented in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.areas.models import Area, AreaLevel
from incidents.auth.models import User
from incidents.events.models import Event
from incidents.reports.listing import DEFAULT_ORDER, ORDERS, report_conditions
from incidents.reports.models import Category, DisinfectionCount, Report, ReportKind
from incidents.reports.parsing import tonnes
from incidents.reports.services import MODELS
from incidents.tables import Column, Table
from incidents.vague import precision_field

BATCH = 1000
Words = Callable[[Any], str]


def local(value: datetime | None, tz: ZoneInfo) -> str | None:
    """An instant in the event's zone with its offset: 2021-07-24 00:45:00+08:00, and its fraction of a second
    when it has one (a brief's cut-off is compared to the microsecond: 08:00:00.4 is late for 08:00)."""
    return value.astimezone(tz).isoformat(sep=" ") if value else None


def _iso_day(value: Any) -> str | None:
    """A stored day as YYYY-MM-DD (SQLite may hand it back as that text already)."""
    return value if value is None or isinstance(value, str) else value.isoformat()


def _code(value: Any) -> Any:
    """A stored code's value (an enum's), anything else as it is."""
    return getattr(value, "value", value)


class Place(NamedTuple):
    """An area with what an export says of it: its chain of names by level, its code, coordinates."""

    name: str
    name_en: str | None
    code: str | None
    by_level: dict[str, tuple[str, str | None, str | None]]  # level → (name, name_en, code)
    path: str
    path_en: str  # each area by its English name where it has one, as the pages name places
    latitude: float | None
    longitude: float | None


def places(session: Session) -> dict[int, Place]:
    """Every area with its ancestors by level, read once for a whole export."""
    rows = {a.id: a for a in session.execute(sa.select(
        Area.id, Area.parent_id, Area.level, Area.name, Area.name_en, Area.code, Area.latitude, Area.longitude)).all()}
    out: dict[int, Place] = {}
    for area_id, row in rows.items():
        chain = [row]
        while chain[-1].parent_id is not None and chain[-1].parent_id in rows:
            chain.append(rows[chain[-1].parent_id])
        chain.reverse()
        by_level = {_code(a.level): (a.name, a.name_en, a.code) for a in chain}
        shown = chain[1:] if len(chain) > 1 else chain  # the district is the root of everything
        path, path_en = " › ".join(a.name for a in shown), " › ".join(a.name_en or a.name for a in shown)
        out[area_id] = Place(row.name, row.name_en, row.code, by_level, path, path_en, row.latitude, row.longitude)
    return out


def _field(name: str) -> sa.ColumnElement:
    """A field of any kind: the column of whichever kind's table has it (one per report)."""
    columns = [m.__table__.c[name] for m in MODELS.values() if name in m.__table__.c and m is not Report]
    if name in Report.__table__.c:
        return Report.__table__.c[name]
    if not columns:
        raise KeyError(f"no report kind has a field {name!r}")
    return (columns[0] if len(columns) == 1 else sa.func.coalesce(*columns)).label(name)


def report_rows(session: Session, where: list[sa.ColumnElement], names: list[str],
                sort: str = DEFAULT_ORDER) -> Iterator[Any]:
    """The filtered reports in the list's order (`sort`) as plain rows of `names` (any kind's fields), streamed.

    One statement over the report table outer-joined to every kind's table, read in chunks: no
    report objects are built, so 100,000 reports take seconds and little memory.
    """
    base = Report.__table__
    joined = base
    for model in MODELS.values():
        joined = joined.outerjoin(model.__table__, model.__table__.c.id == base.c.id)
    query = (sa.select(*(_field(n) for n in names)).select_from(joined).where(*where).order_by(*ORDERS[sort].by)
             .execution_options(yield_per=BATCH))
    yield from session.execute(query)


def _counts(session: Session, where: list[sa.ColumnElement], lang: str, coded: bool) -> dict[int, Any]:
    """Each listed disinfection's counts per category as one cell: 主干道 12条; 小区 3余个 (3+ in English);
    `coded` (JSON): {category code: [count, more-than]}, as the API gives them."""
    names = {c.code: c for c in session.scalars(sa.select(Category))}
    if coded:
        found: dict[int, dict[str, list[Any]]] = {}
        for report_id, code, count, lower in session.execute(_count_rows(where)):
            found.setdefault(report_id, {})[code] = [count, bool(lower)]
        return found
    more = "+" if lang == "en" else "余"
    out: dict[int, list[str]] = {}
    for report_id, code, count, lower in session.execute(_count_rows(where)):
        cat = names.get(code)
        name = (cat.name_en if lang == "en" else cat.name_zh) if cat else code
        unit = (cat.unit_en if lang == "en" else cat.unit_zh) if cat else ""
        out.setdefault(report_id, []).append(f"{name} {count}{more if lower else ''}{unit}")
    return {k: "; ".join(v) for k, v in out.items()}


def _count_rows(where: list[sa.ColumnElement]) -> sa.Select:
    """(report id, category code, count, more-than) of each listed disinfection, in report and category order."""
    listed = sa.select(Report.id).where(*where, Report.kind == ReportKind.DISINFECTION)
    return (sa.select(DisinfectionCount.report_id, DisinfectionCount.category_code, DisinfectionCount.count,
                      DisinfectionCount.count_lb).where(DisinfectionCount.report_id.in_(listed))
            .order_by(DisinfectionCount.report_id, DisinfectionCount.category_code))


# Quantities of any kind, each with its lower-bound flag beside it.
QUANTITIES = [
    ("households_affected", "受影响户数", "Households affected"),
    ("buildings_affected", "受影响栋数", "Buildings affected"),
    ("households_restored", "已恢复户数", "Households restored"),
    ("buildings_restored", "已恢复栋数", "Buildings restored"),
    ("households_out", "仍停电户数", "Households still out"),
    ("buildings_out", "仍停电栋数", "Buildings still out"),
    ("people", "人数", "People"),
    ("pumps", "水泵台数", "Pumps"),
    ("capacity_m3h", "排水能力（m³/h）", "Pump capacity (m³/h)"),
    ("volume_m3", "排水量（m³）", "Volume (m³)"),
    ("person_times", "消杀人次", "Person-times"),
    ("staff", "在岗人数", "Staff on duty"),
    ("mass_kg", "清运量（吨）", "Mass cleared (t)"),
    ("truckloads", "车次", "Truckloads"),
    ("vehicles", "车辆数", "Vehicles"),
]
# Stored kilograms are shown in tonnes, as on the pages and in the import's template (清运量（吨）).
SHOWN_AS = {"mass_kg": "mass_t"}
TIMES = [
    ("started_at", "停电开始", "Outage began"),
    ("etr_at", "预计恢复", "Estimated restoration"),
    ("restored_at", "全部恢复", "Fully restored"),
    ("ended_at", "结束", "Ended"),
    ("period_start", "起", "From"),
    ("period_end", "止", "To"),
]
HEAD = [
    Column("id", "编号", "ID"), Column("kind", "类型", "Kind"), Column("status", "状态", "Status"),
    Column("event", "事件", "Event"), Column("subdistrict", "街道/镇", "Subdistrict / town"),
    Column("place", "地点", "Place"), Column("place_path", "地点层级", "Place path"),
    Column("place_code", "行政代码", "Administrative code"),
    Column("observed_at", "发生时间", "Happened"), Column("observed_precision", "时间精度", "Time precision"),
    Column("reported_at", "获知时间", "Known at"), Column("reporter", "报告人", "Reported by"),
    Column("outage_id", "所属停电", "Outage"), Column("operation_id", "所属排水作业", "Pumping operation"),
    Column("team", "队伍", "Team"), Column("title", "事项", "Title"),
    Column("fully_restored", "已全部恢复", "Fully restored"), Column("cumulative", "累计数", "Running total"),
    Column("period_day", "零报告时段", "Zero report: period"),
]
TAIL = [
    Column("counts", "消杀点位", "Counts"), Column("source", "来源", "Source"), Column("note", "备注", "Note"),
    Column("status_reason", "退回/撤回原因", "Reason"), Column("verified_at", "核实时间", "Verified at"),
    Column("version", "版本", "Version"),
]


def report_columns() -> list[Column]:
    """The report table's columns, in order."""
    cols = list(HEAD)
    for key, zh, en in TIMES:
        cols += [Column(key, zh, en), Column(precision_field(key), f"{zh}精度", f"{en}: precision")]
    for field, zh, en in QUANTITIES:
        key = SHOWN_AS.get(field, field)
        cols += [Column(key, zh, en), Column(f"{key}_lb", f"{zh}为下限（余）", f"{en} is a lower bound")]
    return cols + TAIL


# Every field the report table reads, of any kind.
FIELDS = ["id", "kind", "status", "area_id", "observed_at", "observed_precision", "reported_at", "reporter_id",
          "outage_id", "operation_id", "team", "team_en", "title", "fully_restored", "cumulative", "period_day",
          *(f for key, _zh, _en in TIMES for f in (key, precision_field(key))),
          *(f for key, _zh, _en in QUANTITIES for f in (key, f"{key}_lb")),
          "source", "note", "status_reason", "verified_at", "version"]


def _rows(session: Session, event: Event, where: list[sa.ColumnElement], lang: str,
          words: Words, coded: bool, sort: str) -> Iterator[list[Any]]:
    """The report table's rows, in the list's order."""
    tz = event.tz
    where_places = places(session)
    users: dict[int, str] = {uid: name for uid, name in session.execute(sa.select(User.id, User.display_name))}
    counts = _counts(session, where, lang, coded)
    en = lang == "en"
    event_name = event.name_en if en and event.name_en else event.name
    at = {name: i for i, name in enumerate(FIELDS)}  # positions: a row's attributes cost more than its index
    times = [(at[key], at[precision_field(key)]) for key, _zh, _en in TIMES]
    quantities = [(at[key], at[f"{key}_lb"], key in SHOWN_AS) for key, _zh, _en in QUANTITIES]
    for r in report_rows(session, where, FIELDS, sort):
        place = where_places[r[at["area_id"]]]
        sub = place.by_level.get(AreaLevel.SUBDISTRICT.value)
        row = [r[0], words(r[1]), words(r[2]), event_name,
               (sub[1] if en and sub[1] else sub[0]) if sub else None,
               place.name_en if en and place.name_en else place.name, place.path_en if en else place.path, place.code,
               local(r[at["observed_at"]], tz), words(r[at["observed_precision"]]), local(r[at["reported_at"]], tz),
               users.get(r[at["reporter_id"]]), r[at["outage_id"]], r[at["operation_id"]],
               (r[at["team_en"]] if en else None) or r[at["team"]], r[at["title"]], r[at["fully_restored"]],
               r[at["cumulative"]], _iso_day(r[at["period_day"]])]
        for time_at, precision_at in times:
            precision = r[precision_at]
            row += [local(r[time_at], tz), words(precision) if precision is not None else None]
        for value_at, lb_at, in_tonnes in quantities:
            value = r[value_at]
            if value is None:
                row += [None, None]
            else:
                row += [tonnes(value) if in_tonnes else value, r[lb_at]]
        row += [counts.get(r[0]), r[at["source"]], r[at["note"]], r[at["status_reason"]],
                local(r[at["verified_at"]], tz), r[at["version"]]]
        yield row


def report_table(session: Session, event: Event, filters: dict[str, Any], lang: str = "zh",
                 words: Words = _code, coded: bool = False, sort: str = DEFAULT_ORDER) -> Table:
    """The event's reports as the list shows them (same filters, same order: `sort`), every field a column;
    `coded` (JSON) gives a disinfection's counts as {category code: [count, more-than]}, not as text."""
    where = report_conditions(session, event, **filters)
    return Table(report_columns(), _rows(session, event, where, lang, words, coded, sort), name="reports")


# ---- HXL ------------------------------------------------------------------------------------

# What a kind is, in the humanitarian sectors' words (docs/exports.md says why each).
SECTORS = {
    ReportKind.OUTAGE: "Energy", ReportKind.OUTAGE_UPDATE: "Energy", ReportKind.PUMPING: "WASH",
    ReportKind.PUMPING_VOLUME: "WASH", ReportKind.DISINFECTION: "WASH", ReportKind.DEBRIS: "Early Recovery",
    ReportKind.ACTIVITY: "Coordination", ReportKind.ZERO_REPORT: "Coordination",
}
HXL_COLUMNS: list[tuple[Column, str]] = [
    (Column("id", "编号", "ID"), "#meta +id"),
    (Column("event", "事件", "Event"), "#crisis +name"),
    (Column("event_code", "事件代码", "Event code"), "#crisis +code"),
    (Column("kind", "类型", "Kind"), "#event +type"),
    (Column("sector", "领域", "Sector"), "#sector"),
    (Column("status", "状态", "Status"), "#status"),
    (Column("adm1", "区县", "District"), "#adm1 +name"),
    (Column("adm1_code", "区县代码", "District code"), "#adm1 +code"),
    (Column("adm2", "街道/镇", "Subdistrict / town"), "#adm2 +name"),
    (Column("adm2_code", "街道/镇代码", "Subdistrict code"), "#adm2 +code"),
    (Column("adm3", "社区/村", "Community / village"), "#adm3 +name"),
    (Column("place", "地点", "Place"), "#loc +name"),
    (Column("place_code", "地点代码", "Place code"), "#loc +code"),
    (Column("lat", "纬度", "Latitude"), "#geo +lat"),
    (Column("lon", "经度", "Longitude"), "#geo +lon"),
    (Column("date", "发生日期", "Date"), "#date +occurred"),
    (Column("reported", "获知日期", "Date reported"), "#date +reported"),
    (Column("activity", "事项/队伍", "Activity"), "#activity +name"),
    (Column("affected_hh", "受影响户数", "Households affected"), "#affected +hh"),
    (Column("affected_buildings", "受影响栋数", "Buildings affected"), "#affected +buildings"),
    (Column("reached_hh", "已恢复户数", "Households restored"), "#reached +hh"),
    (Column("out_hh", "仍停电户数", "Households still out"), "#affected +hh +still_out"),
    (Column("people", "人数", "People deployed"), "#capacity +people"),
    (Column("pumps", "水泵台数", "Pumps"), "#capacity +pumps"),
    (Column("volume_m3", "排水量（m³）", "Volume pumped (m³)"), "#output +num +m3"),
    (Column("person_times", "消杀人次", "Person-times"), "#output +num +person_times"),
    (Column("mass_t", "清运量（吨）", "Debris cleared (t)"), "#output +num +tonnes"),
    (Column("truckloads", "车次", "Truckloads"), "#output +num +truckloads"),
    (Column("lower_bound", "为下限的数", "Lower-bound figures"), "#meta +lower_bound"),
    (Column("source", "来源", "Source"), "#meta +source"),
]
# Figures in the HXL table, and the report field each comes from (lower bounds listed by column key).
HXL_FIGURES = {"affected_hh": "households_affected", "affected_buildings": "buildings_affected",
               "reached_hh": "households_restored", "out_hh": "households_out", "people": "people",
               "pumps": "pumps", "volume_m3": "volume_m3", "person_times": "person_times",
               "truckloads": "truckloads"}


def _hxl_rows(session: Session, event: Event, where: list[sa.ColumnElement], lang: str,
              words: Words, sort: str) -> Iterator[list[Any]]:
    """The HXL table's rows, in the list's order."""
    tz = event.tz
    en = lang == "en"
    where_places = places(session)

    def named(entry: tuple[str, str | None, str | None] | None) -> tuple[str | None, str | None]:
        """An ancestor's name (English when asked and known) and code."""
        if entry is None:
            return None, None
        return (entry[1] if en and entry[1] else entry[0]), entry[2]

    names = ["id", "kind", "status", "area_id", "observed_at", "reported_at", "title", "team", "team_en", "source",
             "mass_kg", "mass_kg_lb", *(f for field in HXL_FIGURES.values() for f in (field, f"{field}_lb"))]
    for r in report_rows(session, where, list(dict.fromkeys(names)), sort):
        place = where_places[r.area_id]
        adm1, adm1_code = named(place.by_level.get(AreaLevel.DISTRICT.value))
        adm2, adm2_code = named(place.by_level.get(AreaLevel.SUBDISTRICT.value))
        adm3, _code3 = named(place.by_level.get(AreaLevel.COMMUNITY.value))
        figures = {key: getattr(r, field) for key, field in HXL_FIGURES.items()}
        lower = [key for key, field in HXL_FIGURES.items() if figures[key] is not None and getattr(r, f"{field}_lb")]
        mass = r.mass_kg
        if mass is not None and r.mass_kg_lb:
            lower.append("mass_t")
        activity = r.title or ((r.team_en if en else None) or r.team)
        yield [r.id, event.name_en if en and event.name_en else event.name, event.code, words(r.kind),
               SECTORS[r.kind], words(r.status), adm1, adm1_code, adm2, adm2_code, adm3,
               place.name_en if en and place.name_en else place.name, place.code, place.latitude, place.longitude,
               r.observed_at.astimezone(tz).date().isoformat(), r.reported_at.astimezone(tz).date().isoformat(),
               activity, *(figures[k] for k in ("affected_hh", "affected_buildings", "reached_hh", "out_hh",
                                                "people", "pumps", "volume_m3", "person_times")),
               None if mass is None else tonnes(mass), figures["truckloads"], " ".join(lower) or None, r.source]


def hxl_table(session: Session, event: Event, filters: dict[str, Any], lang: str = "zh",
              words: Words = _code, sort: str = DEFAULT_ORDER) -> Table:
    """The filtered report list for humanitarian exchange, in the list's order (`sort`): a header row, the HXL
    hashtag row, the rows."""
    where = report_conditions(session, event, **filters)
    return Table([c for c, _tag in HXL_COLUMNS], _hxl_rows(session, event, where, lang, words, sort),
                 name="reports-hxl", tag_row=[tag for _c, tag in HXL_COLUMNS])
