"""The compiled brief as data: typed dataclasses, stored as JSON in Brief.content.

Every format (HTML, print, text, Markdown, CSV, JSON, DOCX) renders from this one structure.
Quantities keep their honesty flags: None is "not reported" (never 0), `lb` is "more than"
(30余), `approx` is an estimate (apportioned by overlap: ≈/约), `cum` means counts reported as
totals to date (截至目前) went into the figure, `ub` is "at most" (不超过: still out, read off a "more
than" restored count). A field added after briefs were first stored (OMIT_FALSE) is left out of the
JSON while false (or 0, or empty), so a brief without it reads and stores as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from incidents.briefs.content_json import dump, load
from incidents.briefs.content_power import Power
from incidents.briefs.quantities import OMIT_FALSE, Figure, Qty, When

SCHEMA = 1


@dataclass
class Header:
    """Who issues it, which issue and period, as known when, compiled by whom."""

    event_id: int
    event_code: str
    event_name: str
    event_name_en: str | None
    issuer: str | None
    district: str | None
    district_en: str | None
    timezone: str
    day: date
    number: int
    revision: int
    status: str
    period_start: datetime
    period_end: datetime
    period_hours: int
    cutoff: datetime
    due_at: datetime
    compiled_at: datetime
    compiled_by: str | None
    provisional: bool
    event_kind: str | None = None
    issuer_en: str | None = None
    # Sign-off (签发) is not compiled content: filled in from the brief's row when it is read.
    signed_by: str | None = None
    signed_at: datetime | None = None


@dataclass
class Operation:
    """A pumping operation active in the period."""

    operation_id: int
    area: str
    area_en: str | None
    team: str
    people: Qty
    pumps: Qty
    started: When
    ended: When = field(default_factory=When)
    team_en: str | None = None
    # Its place's subdistrict, named in 三、待办与风险 as an outage's is; None in briefs stored before.
    subdistrict: str | None = None
    subdistrict_en: str | None = None


@dataclass
class Pumping:
    """Pumping: volume (apportioned by overlap), operations, teams and people."""

    volume_m3: Figure = field(default_factory=Figure)
    active: int = 0
    people: Qty = field(default_factory=Qty)
    pumps: Qty = field(default_factory=Qty)
    operations_to_date: int = 0
    operations: list[Operation] = field(default_factory=list)
    operations_total: int = 0
    still_pumping: int = 0
    volume_reports_in_period: int = 0
    # Operations to date with no volume reported: the volume to date leaves them out.
    unmeasured: int = 0
    # operations_to_date of the previous brief (None: none, or one stored before it said): 0 is its 累计 "—".
    previous_operations_to_date: int | None = None


@dataclass
class CategoryFigure:
    """Disinfection count of one site category or equipment type."""

    code: str
    kind: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    figure: Figure


@dataclass
class Disinfection:
    """Disinfection: person-times and counts per category."""

    person_times: Figure = field(default_factory=Figure)
    categories: list[CategoryFigure] = field(default_factory=list)
    reports_in_period: int = 0
    staff: Figure = field(default_factory=Figure)  # people on duty (人), never person-times
    # Reports observed before the period's end, and the previous brief's (None: a brief stored before it
    # counted them): with none a null to date is "—" (nothing reported), with some 未报 (reports gave none).
    reports_to_date: int | None = None
    previous_reports_to_date: int | None = None


@dataclass
class Debris:
    """Debris clearance: mass (kg, shown in tonnes), loads, people and vehicles deployed."""

    mass_kg: Figure = field(default_factory=Figure)
    truckloads: Figure = field(default_factory=Figure)
    people: Figure = field(default_factory=Figure)
    vehicles: Figure = field(default_factory=Figure)
    reports_in_period: int = 0
    # Reports begun before the period's end, and the previous brief's: as Disinfection's.
    reports_to_date: int | None = None
    previous_reports_to_date: int | None = None


@dataclass
class SubdistrictRow:
    """One subdistrict/town (or the district itself) in the table."""

    area_id: int | None
    name: str | None
    name_en: str | None
    open_outages: int = 0
    households_out: Qty = field(default_factory=Qty)
    households_unknown: int = 0
    restored_in_period: int = 0
    households_restored: Qty = field(default_factory=Qty)
    households_back_unknown: int = field(default=0, metadata=OMIT_FALSE)  # as Power's: back, no count given
    # Buildings as households, so a row states both units the district's line does (共12栋、280户).
    buildings_out: Qty = field(default_factory=Qty)
    buildings_unknown: int = 0
    buildings_restored: Qty = field(default_factory=Qty)
    buildings_back_unknown: int = field(default=0, metadata=OMIT_FALSE)
    volume_m3: Figure = field(default_factory=Figure)
    # Per site category, each in its own unit: unlike things are never added together.
    disinfection: list[CategoryFigure] = field(default_factory=list)
    debris_kg: Figure = field(default_factory=Figure)
    reports: int = 0
    # Its sites at work in the day and its clearances reaching it (as Pumping.active, Debris.reports_in_period): a
    # figure none of them gave is 未报 in its cells, not "—" (nothing to tell). Absent in briefs stored before: 0.
    pumping_active: int = field(default=0, metadata=OMIT_FALSE)
    debris_reports_in_period: int = field(default=0, metadata=OMIT_FALSE)
    # And begun before the period's end: a to date none of them gave is 未报, as the 合计's (operations_to_date).
    pumping_operations_to_date: int = field(default=0, metadata=OMIT_FALSE)
    debris_reports_to_date: int = field(default=0, metadata=OMIT_FALSE)


@dataclass
class ActivityLine:
    """An activity-log entry of the period."""

    when: When
    area: str
    area_en: str | None
    title: str
    source: str | None = None
    note: str | None = None


@dataclass
class Change:
    """Something that changed since the previous brief, for a sentence a leader can read aloud."""

    kind: str
    area: str | None = None
    area_en: str | None = None
    when: When = field(default_factory=When)
    until: When = field(default_factory=When)
    count: int | None = None
    qty: Qty | None = None
    text: str | None = None
    text_en: str | None = None
    names: list[str] = field(default_factory=list)
    names_en: list[str] = field(default_factory=list)
    # The time the previous brief gave where this one corrects it (a restoration's); None: none corrected.
    was: When | None = None


# A volume_reported change's text when the volume was pumped within one local day: its sentence then does not say
# it was spread over days (a change stored before 6 December, text None, reads as spread, as it did).
VOLUME_WITHIN_A_DAY = "within_a_day"


@dataclass
class LateReport:
    """A report that arrived after the brief of the day it belongs to."""

    report_id: int
    kind: str
    area: str
    area_en: str | None
    observed: When
    reported_at: datetime
    day: date
    number: int
    shown_in: int | None = None  # the revision of the missed brief that now shows it, if one was compiled


@dataclass
class ReturnedReport:
    """A report sent back for correction: counted in no figure until it is resubmitted."""

    report_id: int
    kind: str
    area: str
    area_en: str | None
    observed: When
    reason: str | None = None


@dataclass
class AreaName:
    """A subdistrict named in the data-quality section."""

    area_id: int
    name: str
    name_en: str | None


@dataclass
class Quality:
    """Data quality: unverified reports used, late reports, silent subdistricts, blank sections."""

    reports_used: int = 0
    unverified: int = 0
    returned: int = 0
    returned_reports: list[ReturnedReport] = field(default_factory=list)
    late: list[LateReport] = field(default_factory=list)
    late_total: int = 0
    # Subdistricts that sent nothing (未报送); those that answered 零报告 (nothing to report) are apart.
    silent: list[AreaName] = field(default_factory=list)
    zero_reported: list[AreaName] = field(default_factory=list)
    blank_sections: list[str] = field(default_factory=list)
    falls: list[str] = field(default_factory=list)
    approximate: bool = False
    previous_revision: int | None = None
    previous_cutoff: datetime | None = None
    added_since_previous_revision: int = 0
    # Earlier reports changed since the previous revision's cut-off (each once, by its effect).
    corrected_since_previous_revision: int = 0
    retracted_since_previous_revision: int = 0
    returned_since_previous_revision: int = 0
    restored_since_previous_revision: int = 0

    @property
    def late_all_shown(self) -> bool:
        """Every late report is listed and a revision of the brief it missed shows it already."""
        return bool(self.late) and self.late_total == len(self.late) and all(lt.shown_in for lt in self.late)

    @property
    def late_zero_reports_only(self) -> bool:
        """Every late report is a zero report (all listed): they add to no figure, and the brief says so."""
        return bool(self.late) and self.late_total == len(self.late) and all(
            lt.kind == "zero_report" for lt in self.late)


@dataclass
class DayPoint:
    """One day of the recent trend drawn in the brief's charts."""

    day: date
    open_outages: int | None = None
    buildings_out: int | None = None
    households_out: int | None = None
    # The sums above are "more than" (an open outage's count was); absent in older briefs: False.
    buildings_out_lb: bool = False
    households_out_lb: bool = False
    # At most (不超过), or about (约): as CurvePoint's; stored only when true (OMIT_FALSE).
    buildings_out_ub: bool = field(default=False, metadata=OMIT_FALSE)
    households_out_ub: bool = field(default=False, metadata=OMIT_FALSE)
    buildings_out_approx: bool = field(default=False, metadata=OMIT_FALSE)
    households_out_approx: bool = field(default=False, metadata=OMIT_FALSE)
    volume_m3: Qty = field(default_factory=Qty)
    debris_kg: Qty = field(default_factory=Qty)
    # Nothing of it reported that day: no pumping at work and no volume (the brief's 本日无排涝作业报告), no
    # clearance report; the chart says "—", not 未报 (a figure somebody owed). Absent in older briefs: False.
    no_pumping: bool = field(default=False, metadata=OMIT_FALSE)
    no_clearance: bool = field(default=False, metadata=OMIT_FALSE)
    # Figures that differ from what the day's own brief said (revisions.TREND_FIGURES).
    revised: list[str] = field(default_factory=list)


@dataclass
class MapPoint:
    """A place on the brief's small map: where (None: no coordinates), its statuses at the period's end."""

    area_id: int
    name: str
    name_en: str | None
    latitude: float | None = None
    longitude: float | None = None
    # Most urgent first: out (without power), pumping, restored, disinfected (in the period).
    statuses: list[str] = field(default_factory=list)
    households_affected: int | None = None
    households_affected_lb: bool = False
    # Its stored point lies farther than FAR_KM from the event's place (位置可疑: maps/services.Site.doubtful): kept,
    # not drawn, named apart from the places without coordinates. Before 7 December such a point was stored as none.
    doubtful: bool = field(default=False, metadata=OMIT_FALSE)

    @property
    def status(self) -> str | None:
        """The marker's colour: the most urgent status."""
        return self.statuses[0] if self.statuses else None

    @property
    def drawn(self) -> bool:
        """Has coordinates the map draws (not a doubtful point)."""
        return self.latitude is not None and self.longitude is not None and not self.doubtful


@dataclass
class BriefContent:
    """The whole brief."""

    header: Header
    power: Power
    pumping: Pumping
    disinfection: Disinfection
    debris: Debris
    subdistricts: list[SubdistrictRow]
    activity: list[ActivityLine]
    activity_total: int
    changes: list[Change]
    quality: Quality
    trend: list[DayPoint] = field(default_factory=list)
    # The small map: every place with a status in the period (placed or not), most urgent first.
    map: list[MapPoint] = field(default_factory=list)
    schema: int = SCHEMA

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict (dates as ISO strings)."""
        return dump(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BriefContent:
        """Rebuild from the stored JSON."""
        return load(cls, data)
