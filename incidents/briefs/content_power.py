"""The brief's power section as data: outages out and restored, their places and groups, readings that disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidents.briefs.quantities import OMIT_FALSE, Qty, When


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
    # Its ETR was given after the day's end, known by the cut-off (places.etr_known): the brief says so.
    etr_after: bool = field(default=False, metadata=OMIT_FALSE)
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
    etr_after: bool = field(default=False, metadata=OMIT_FALSE)  # that one given after the day's end
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
    figure stated (96 still out, then 71 back of 211: 140), or begins on one below the figure it ends on, stated and
    not above the last stated (80 read off, then 90 still out after 96) or read off a count lowered since
    (`both_read`): nothing went out or came back, so the day's sum does not hold. One per unit: a buildings' entry
    has its buildings_* set and its households_* None."""

    outage_id: int
    area: str
    area_en: str | None
    households_stated: int | None
    stated: When
    households_read: int | None
    read: When
    buildings_stated: int | None = field(default=None, metadata=OMIT_FALSE)
    buildings_read: int | None = field(default=None, metadata=OMIT_FALSE)
    # The later figure (`*_stated`, `stated`) is read off a count restored so far too, lowered since the earlier.
    both_read: bool = field(default=False, metadata=OMIT_FALSE)


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
    # The same four of the day before's brief, the key figures' 上期 column as the other rows have it (None: no
    # brief before, or one stored before it said).
    previous_outages_to_date: int | None = None
    previous_restored_to_date: int | None = None
    previous_households_affected: Qty | None = None
    previous_buildings_affected: Qty | None = None
    # The day before's peaks: said beside this one's only where it reads lower (a correction; no 上期 column).
    previous_peak_households: Qty | None = None
    previous_peak_buildings: Qty | None = None
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
    # Outages whose day ends on a reading above the last stated figure, or begins on one below the figure it ends on
    # (五、数据质量 says the two disagree).
    readings_disagree: list[ReadingsDisagree] = field(default_factory=list, metadata=OMIT_FALSE)
    readings_disagree_total: int = field(default=0, metadata=OMIT_FALSE)  # all of them; the list holds 30
