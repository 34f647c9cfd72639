"""The columns of each import file, their Chinese and English headers, and the template files."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from incidents.csvfile import to_csv
from incidents.imports.reading import header_key
from incidents.reports.disinfection_rules import COUNT_PREFIX
from incidents.reports.models import Category, ReportKind
from incidents.reports.validation import COUNT, COUNT_UNITS, DAY, FIELDS, FLAG, REF, TEXT, TIME
from incidents.tables import xlsx_text

AREAS = "areas"
# The column that may only be filled by someone allowed to backdate (see checks.may_backdate).
REPORTED_AT = "reported_at"


@dataclass(frozen=True)
class Column:
    """One column of an import file: its canonical (English) name, its Chinese header, how it is read."""

    name: str
    zh: str
    kind: str  # TIME, COUNT, TEXT, FLAG, REF, DAY, "tonnes", "place", "number", "point", "level", "name", "ignored"
    also: tuple[str, ...] = ()  # further headers read as this column (the area list's download names some so)
    units: tuple[str, ...] = ()  # a count's own unit words, which a cell may carry after the number ("120人次")


# Headers of the report fields, as the forms label them (tests/imports/test_template_headers.py holds them to
# the forms' Chinese labels); every header is accepted in either language. Only the parent columns differ:
# the form picks an outage or operation from a list, the file gives its report number.
ZH = {
    "area": "地点", "observed_at": "时间", "source": "信息来源", "note": "备注", REPORTED_AT: "获知时间",
    "started_at": "停电时间", "etr_at": "预计恢复时间", "households_affected": "停电户数",
    "buildings_affected": "停电楼栋", "outage_id": "停电编号", "households_restored": "已恢复户数（累计）",
    "buildings_restored": "已恢复楼栋数（累计）", "households_out": "仍停电户数", "buildings_out": "仍停电楼栋数",
    "fully_restored": "已全部恢复供电", "team": "队伍或单位", "team_en": "队伍或单位英文名称", "people": "人数",
    "pumps": "水泵（台）", "capacity_m3h": "水泵总能力（立方米/小时）", "ended_at": "结束时间",
    "operation_id": "排水作业编号", "period_start": "起始时间", "period_end": "结束", "volume_m3": "排水量（立方米）",
    "person_times": "出动人员（人次）", "staff": "在岗人员（人，非人次）", "cumulative": "截至目前的累计数",
    "mass_t": "清运量（吨）", "truckloads": "车次", "vehicles": "车辆", "title": "事项",
    "period_day": "时段（日报所报日期）",
    # areas
    "path": "路径", "level": "级别", "name_en": "英文名", "code": "代码", "coordinates": "坐标",
    "households": "户数", "buildings": "栋数",
}
# The observed time where a kind's form names it more exactly (forms.OBSERVED_LABELS).
ZH_OBSERVED = {ReportKind.PUMPING: "开始时间", ReportKind.DISINFECTION: "时间（或截至）"}
# Headers the templates had before they took the forms' labels: files made from them still import.
OLD_ZH = {
    "source": ("来源",), REPORTED_AT: ("获悉时间",), "buildings_affected": ("停电栋数",),
    "households_restored": ("已恢复户数",), "buildings_restored": ("已恢复栋数",), "buildings_out": ("仍停电栋数",),
    "fully_restored": ("全部恢复",), "team": ("队伍",), "team_en": ("队伍英文名",), "pumps": ("泵数",),
    "capacity_m3h": ("排水能力(立方米/时)",), "period_end": ("截止时间",), "person_times": ("人次",),
    "staff": ("在岗人数",), "cumulative": ("累计",), "period_day": ("时段",),
}


def report_columns(kind: ReportKind | str, categories: list[Category] | None = None) -> list[Column]:
    """The columns of a kind's file: the place, the kind's fields, the common ones, then reported_at."""
    kind = ReportKind(kind)
    fields = FIELDS[kind]
    columns = [] if kind in (ReportKind.OUTAGE_UPDATE, ReportKind.PUMPING_VOLUME) else [
        Column("area", ZH["area"], "place")]
    for name, ftype in fields.items():
        if name == "mass_kg":  # typed in tonnes, as on the form; stored in kilograms
            columns.append(Column("mass_t", ZH["mass_t"], "tonnes"))
        else:
            columns.append(Column(name, ZH[name], ftype, also=OLD_ZH.get(name, ()), units=COUNT_UNITS.get(name, ())))
    # A zero report's time is its whole period (period_day), never a time of its own.
    if kind is not ReportKind.ZERO_REPORT:
        observed = ZH_OBSERVED.get(kind, ZH["observed_at"])
        columns.append(Column("observed_at", observed, TIME, also=() if observed == ZH["observed_at"] else (
            ZH["observed_at"],)))
    columns += [Column("source", ZH["source"], TEXT, also=OLD_ZH["source"]), Column("note", ZH["note"], TEXT)]
    if kind is ReportKind.DISINFECTION:
        columns += [Column(COUNT_PREFIX + c.code, c.name_zh, COUNT, units=c.units)
                    for c in categories or []]
    columns.append(Column(REPORTED_AT, ZH[REPORTED_AT], TIME, also=OLD_ZH[REPORTED_AT]))
    return columns


AREA_COLUMNS = [Column("path", ZH["path"], "place"), Column("level", ZH["level"], "level", also=("层级",)),
                Column("name_en", ZH["name_en"], TEXT, also=("英文名称", "English name")),
                Column("code", ZH["code"], TEXT, also=("行政代码", "Administrative code")),
                Column("coordinates", ZH["coordinates"], "point"),
                Column("households", ZH["households"], "number"), Column("buildings", ZH["buildings"], "number")]
# The area list's download (areas/exports.py) has these too, so it imports as it is: its numbers are
# that database's (the path is an area's identity), its name must be the path's last part, and its
# latitude and longitude stand for the coordinates. Read, not offered in the template.
AREA_LIST_COLUMNS = [Column("id", "编号", "ignored"), Column("parent_id", "上级编号", "ignored", also=("Parent ID",)),
                     Column("name", "名称", "name"), Column("latitude", "纬度", "degree"),
                     Column("longitude", "经度", "degree")]


def columns_for(kind: str, categories: list[Category] | None = None) -> list[Column]:
    """The columns of a file of `kind` (a report kind or "areas"), as its template lists them."""
    return list(AREA_COLUMNS) if kind == AREAS else report_columns(kind, categories)


# The row numbers clerks put in a sheet's first column: read past, never part of a row's identity
# (a re-sorted, renumbered sheet is the same facts).
SERIAL = Column("serial", "序号", "ignored", also=("No.", "#"))


def accepted_columns(kind: str, categories: list[Category] | None = None) -> list[Column]:
    """Every column a file of `kind` may have: the template's, a serial number, and for areas the area
    list's download's."""
    return [*columns_for(kind, categories), SERIAL, *(AREA_LIST_COLUMNS if kind == AREAS else [])]


def header_map(columns: list[Column]) -> dict[str, str]:
    """{header as looked up (reading.header_key): canonical name}: Chinese and English headers both name a column."""
    found: dict[str, str] = {}
    for column in columns:
        found[header_key(column.name)] = column.name
        found[header_key(column.zh)] = column.name
        for header in column.also:
            found[header_key(header)] = column.name
    return found


# Types the reader needs to know; re-exported so rows.py reads one vocabulary.
__all__ = ["AREAS", "COUNT", "DAY", "FLAG", "REF", "REPORTED_AT", "SERIAL", "TEXT", "TIME", "Column",
           "accepted_columns",
           "columns_for",
           "header_map", "report_columns", "template_csv", "template_xlsx"]


def template_headers(kind: str, language: str, categories: list[Category] | None = None) -> list[str]:
    """The header row of a template in Chinese ("zh") or English ("en")."""
    columns = columns_for(kind, categories)
    return [c.zh if language == "zh" else c.name for c in columns]


def template_csv(kind: str, language: str, categories: list[Category] | None = None) -> bytes:
    """A CSV template: the header row only (UTF-8 with BOM, so spreadsheets read Chinese)."""
    return to_csv(template_headers(kind, language, categories), []).encode("utf-8")


def template_xlsx(kind: str, language: str, categories: list[Category] | None = None) -> bytes:
    """An XLSX template: the header row, every cell formatted as text so 30余 and codes stay as typed."""
    from openpyxl import Workbook

    book = Workbook()
    sheet: Any = book.active
    sheet.title = kind[:31]
    sheet.append([xlsx_text(header) for header in template_headers(kind, language, categories)])
    for cell in sheet[1]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
