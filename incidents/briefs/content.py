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

SCHEMA = 1
OMIT_FALSE = {"omit_false": True}


@dataclass
class Qty:
    """A quantity as honestly as it is known."""

    value: int | None = None
    lb: bool = False
    approx: bool = False
    cum: bool = False
    ub: bool = field(default=False, metadata=OMIT_FALSE)

    @property
    def known(self) -> bool:
        """Something was reported."""
        return self.value is not None


@dataclass
class Figure:
    """A figure for this period beside the figure to date, and the previous brief's to-date."""

    period: Qty = field(default_factory=Qty)
    to_date: Qty = field(default_factory=Qty)
    previous: Qty | None = None
    fell: bool = False


@dataclass
class When:
    """A time with its precision (exact, approximate, afternoon, day...)."""

    at: datetime | None = None
    precision: str | None = None


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
class OutageLine:
    """One outage in the brief: where, since when, how many still out, ETR, restoration."""

    outage_id: int
    area: str
    area_en: str | None
    subdistrict: str | None
    subdistrict_en: str | None
    started: When
    households_affected: Qty
    buildings_affected: Qty
    households_out: Qty
    buildings_out: Qty
    hours_out: int | None = None
    hours_approx: bool = False
    etr: When = field(default_factory=When)
    overdue: bool = False
    restored: When = field(default_factory=When)
    restored_after: When = field(default_factory=When)
    # Out again after a full restoration: since when (hours_out counts from it, not from `started`).
    out_again: When = field(default_factory=When)
    # The place whose item of 三、待办与风险 counts it (an OutageGroup's area); None in briefs stored before.
    area_id: int | None = None
    place_id: int | None = None
    place: str | None = None
    place_en: str | None = None


@dataclass
class OverdueLine:
    """An open outage past its estimated restoration, named in its place's outstanding item."""

    outage_id: int
    area: str
    area_en: str | None
    etr: When


@dataclass
class OutageGroup:
    """An item of 三、待办与风险: the open outages at one place — a community (村/社区) with what lies under it,
    else the outage's own place — counted, summed by the outage-count rule, their ETRs and overdue ones."""

    area_id: int
    area: str
    area_en: str | None
    level: str
    subdistrict: str | None
    subdistrict_en: str | None
    outage_ids: list[int]
    households_out: Qty
    buildings_out: Qty
    since: When  # the longest-running one's start (or its going out again)
    etr: When = field(default_factory=When)  # the earliest estimated restoration not yet passed
    households_unknown: int = 0
    buildings_unknown: int = 0
    no_etr: int = 0
    overdue: list[OverdueLine] = field(default_factory=list)  # the first OVERDUE_NAMES, longest-running first
    overdue_total: int = 0
    restored_later: int = 0  # of them restored after the period, known by the cut-off
    restored_after: When = field(default_factory=When)  # when all of them were: the last one's time


@dataclass
class PlaceLine:
    """A place still without power with more than one open outage there, named once: its outages' counts
    still out summed by the outage-count rule (figures.add_out), and how many gave no count."""

    area: str
    area_en: str | None
    outages: int
    buildings_out: Qty
    households_out: Qty
    buildings_unknown: int = 0
    households_unknown: int = 0
    restored_later: int = 0  # of them restored after the period, known by the cut-off
    restored_after: When = field(default_factory=When)  # when all of them were: the last one's time


@dataclass
class PlaceOver:
    """A place whose open outages add up to more households than it has (one report or several together)."""

    area_id: int
    area: str
    area_en: str | None
    level: str
    households: int  # the place's own, as its area record says
    households_out: Qty  # its open outages' households still out, summed as reported (never capped)
    outages: int


@dataclass
class ReadingsDisagree:
    """An outage whose day ends on households (or buildings) out read off a count restored so far above the last
    figure stated (96 still out, then 71 back of 211: 140): nothing went out or came back, so the day's sum does not
    hold. One per unit: a buildings' entry has its buildings_* set and its households_* None."""

    outage_id: int
    area: str
    area_en: str | None
    households_stated: int | None
    stated: When
    households_read: int | None
    read: When
    buildings_stated: int | None = field(default=None, metadata=OMIT_FALSE)
    buildings_read: int | None = field(default=None, metadata=OMIT_FALSE)


@dataclass
class Power:
    """Power: still out at the end of the period, restored in it, totals to date."""

    available: bool = True
    open_outages: int = 0
    # Sums of what was reported; the *_unknown counts say how many outages gave no figure.
    households_out: Qty = field(default_factory=Qty)
    households_unknown: int = 0
    buildings_out: Qty = field(default_factory=Qty)
    buildings_unknown: int = 0
    restored_in_period: int = 0          # outages fully restored in the period
    # What came back in the period: the falls in units out, partial restorations counted.
    households_restored: Qty = field(default_factory=Qty)
    buildings_restored: Qty = field(default_factory=Qty)
    # Outages fully back in the period that gave no count to tell their fall by: left out of the sum, said beside it
    # (另有1处户数未报，未计入), as the sum still out says its silent outages (power._back_unknown).
    households_back_unknown: int = field(default=0, metadata=OMIT_FALSE)
    buildings_back_unknown: int = field(default=0, metadata=OMIT_FALSE)
    partial_in_period: int = 0
    new_in_period: int = 0
    outages_to_date: int = 0
    restored_to_date: int = 0
    households_affected: Qty = field(default_factory=Qty)
    households_affected_unknown: int = 0
    buildings_affected: Qty = field(default_factory=Qty)
    buildings_affected_unknown: int = 0
    peak_households: Qty = field(default_factory=Qty)
    peak_households_unknown: int = 0
    peak_buildings: Qty = field(default_factory=Qty)
    peak_buildings_unknown: int = 0
    pct_restored_households: float | None = None  # one decimal, as the timeline
    pct_restored_buildings: float | None = None
    # Read off a "more than" peak or count still out: the share is an estimate ("约83.9%").
    pct_restored_households_approx: bool = False
    pct_restored_buildings_approx: bool = False
    # Open outages out again that gave a count once and give none now: what holds a share back.
    households_lost: int = 0
    buildings_lost: int = 0
    open: list[OutageLine] = field(default_factory=list)
    open_total: int = 0
    restored: list[OutageLine] = field(default_factory=list)
    restored_total: int = 0
    restored_after_period: int = 0
    # Set only when some place has more than one outage open: the places, each named once (its first
    # outage's order, the longest-running first); `open` keeps the outages one by one for the table.
    open_places: list[PlaceLine] = field(default_factory=list, metadata=OMIT_FALSE)
    open_places_total: int = field(default=0, metadata=OMIT_FALSE)
    # 三、待办与风险 by place (every open outage in one group, longest-running place first); absent in briefs
    # stored before, which read one item per outage.
    open_groups: list[OutageGroup] = field(default_factory=list, metadata=OMIT_FALSE)
    open_groups_total: int = field(default=0, metadata=OMIT_FALSE)
    # Places (any level) whose open outages state more households out than live there: said, not capped.
    over_households: list[PlaceOver] = field(default_factory=list, metadata=OMIT_FALSE)
    over_households_total: int = field(default=0, metadata=OMIT_FALSE)  # all of them; the list holds 30
    # Outages whose day ends on a reading above the last stated figure (五、数据质量 says the two disagree).
    readings_disagree: list[ReadingsDisagree] = field(default_factory=list, metadata=OMIT_FALSE)
    readings_disagree_total: int = field(default=0, metadata=OMIT_FALSE)  # all of them; the list holds 30


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


@dataclass
class Debris:
    """Debris clearance: mass (kg, shown in tonnes), loads, people and vehicles deployed."""

    mass_kg: Figure = field(default_factory=Figure)
    truckloads: Figure = field(default_factory=Figure)
    people: Figure = field(default_factory=Figure)
    vehicles: Figure = field(default_factory=Figure)
    reports_in_period: int = 0


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
    volume_m3: Figure = field(default_factory=Figure)
    # Per site category, each in its own unit: unlike things are never added together.
    disinfection: list[CategoryFigure] = field(default_factory=list)
    debris_kg: Figure = field(default_factory=Figure)
    reports: int = 0


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

    @property
    def status(self) -> str | None:
        """The marker's colour: the most urgent status."""
        return self.statuses[0] if self.statuses else None


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
