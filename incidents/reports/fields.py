"""Which fields each kind of report takes, their types, which are required, and the words of each count's unit.

The field table every reader of a report goes by: validate_report (validation.py) checks a report against
it, forms, the API's schemas and the import templates are drawn from it.
"""

from __future__ import annotations

from incidents.reports.models import ReportKind
from incidents.vague import precision_field

MAX_MASS_KG = 10_000_000_000
MAX_VOLUME_M3 = 10_000_000_000

# Which fields each kind takes: (name, type). Times come with a `<name>_precision` field,
# quantities with a `<name>_lb` ("more than") flag.
TIME = "time"
COUNT = "count"
TEXT = "text"
FLAG = "flag"
REF = "ref"
DAY = "day"  # a local calendar day of the event (a brief's period), YYYY-MM-DD

COMMON = {"observed_at": TIME, "source": TEXT, "note": TEXT}
FIELDS: dict[ReportKind, dict[str, str]] = {
    ReportKind.OUTAGE: {"started_at": TIME, "households_affected": COUNT, "buildings_affected": COUNT,
                        "etr_at": TIME},
    ReportKind.OUTAGE_UPDATE: {"outage_id": REF, "households_affected": COUNT, "buildings_affected": COUNT,
                               "households_restored": COUNT, "buildings_restored": COUNT,
                               "households_out": COUNT, "buildings_out": COUNT,
                               "fully_restored": FLAG, "etr_at": TIME},
    ReportKind.PUMPING: {"team": TEXT, "team_en": TEXT, "people": COUNT, "pumps": COUNT, "capacity_m3h": COUNT,
                         "ended_at": TIME},
    ReportKind.PUMPING_VOLUME: {"operation_id": REF, "period_start": TIME, "period_end": TIME,
                                "volume_m3": COUNT},
    ReportKind.DISINFECTION: {"person_times": COUNT, "staff": COUNT, "cumulative": FLAG},
    ReportKind.DEBRIS: {"period_start": TIME, "period_end": TIME, "mass_kg": COUNT, "truckloads": COUNT,
                        "people": COUNT, "vehicles": COUNT},
    ReportKind.ACTIVITY: {"title": TEXT},
    ReportKind.ZERO_REPORT: {"period_day": DAY},
}
REQUIRED: dict[ReportKind, set[str]] = {
    ReportKind.OUTAGE: {"started_at"},
    ReportKind.OUTAGE_UPDATE: {"outage_id"},
    ReportKind.PUMPING: {"team"},
    ReportKind.PUMPING_VOLUME: {"operation_id", "period_start", "period_end", "volume_m3"},
    ReportKind.DISINFECTION: set(),
    ReportKind.DEBRIS: {"period_start"},
    ReportKind.ACTIVITY: {"title"},
    # The period defaults to the one open now (briefs/periods.current_period).
    ReportKind.ZERO_REPORT: set(),
}
# Names that head a line in lists and the brief, and who told us, shown on one line in the lists and the download
# (a note or a reason may run over several lines).
ONE_LINE = frozenset({"team", "team_en", "title", "source"})
TEXT_LIMITS = {"source": 400, "note": 4000, "team": 200, "team_en": 200, "title": 300, "reason": 400}
COUNT_LIMITS = {"mass_kg": MAX_MASS_KG, "volume_m3": MAX_VOLUME_M3}
# Each count's own unit, as people type it after the number ("120人次", "30余户", "30 households"):
# the words parsing.parse_quantity_input accepts for that field (any case, spaces ignored). The first
# two name the unit when another one is refused ("人次 / person-times"). A disinfection category's
# unit is data (Category.units); forms.UNITS is the word shown after a stored figure. An American utility
# counts "customers" (one meter, one household): read as households, never refused as another unit.
COUNT_UNITS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("households_affected", "households_restored", "households_out"),
                    ("户", "households", "household", "customers", "customer")),
    **dict.fromkeys(("buildings_affected", "buildings_restored", "buildings_out"),
                    ("栋", "buildings", "幢", "building")),
    # Pumping and debris crews and disinfection staff are people ("20人", "20名"), never person-times.
    **dict.fromkeys(("people", "staff"), ("人", "people", "名", "person", "persons")),
    "person_times": ("人次", "person-times", "person-time", "person times", "person time"),
    "pumps": ("台", "pumps", "pump"),
    "truckloads": ("车次", "truckloads", "车", "truckload", "loads", "load"),
    "vehicles": ("辆", "vehicles", "台", "vehicle"),
    "volume_m3": ("立方米", "m³", "方", "立方", "cubic meters", "cubic metres", "cubic meter", "cubic metre"),
    "capacity_m3h": ("立方米/小时", "m³/h", "方/小时", "立方米/时", "方/时"),
    "mass_kg": ("公斤", "kg", "千克"),
}


def required_fields(kind: ReportKind) -> set[str]:
    """The fields a kind cannot do without: what the rules require and what the form marks with *."""
    # Interval kinds and outages derive observed_at from their own times when not given; a report on
    # a parent takes the parent's place.
    observed = {"observed_at"} if kind in (ReportKind.ACTIVITY, ReportKind.DISINFECTION, ReportKind.PUMPING) else set()
    place = set() if kind in (ReportKind.OUTAGE_UPDATE, ReportKind.PUMPING_VOLUME) else {"area_id"}
    return REQUIRED[kind] | observed | place


# Each kind's fields and required fields, worked out once (validate_report runs per row of an import).
KIND_FIELDS: dict[ReportKind, dict[str, str]] = {kind: {**COMMON, **FIELDS[kind]} for kind in ReportKind}
KIND_REQUIRED: dict[ReportKind, frozenset[str]] = {kind: frozenset(required_fields(kind) - {"area_id"})
                                                   for kind in ReportKind}
# Each count field's "more than" flag (households_affected → households_affected_lb).
LB_FIELDS = {name: f"{name}_lb" for fields in KIND_FIELDS.values() for name, ftype in fields.items() if ftype == COUNT}
# Each time field's precision field (started_at → started_precision).
PRECISION_FIELDS = {name: precision_field(name) for fields in KIND_FIELDS.values()
                    for name, ftype in fields.items() if ftype == TIME}
# A caller checking many reports at once (an import) may lend the rows they refer to, by model and
