"""The power section: outages open and restored, totals to date, the peak and how much of it is back, the trend.

Every figure comes from the one outage-state rule of the timelines (`states_and_curve`), read at
the period's end as known at the cut-off; with a carried ledger, only for the outages not
settled before the trend window.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from incidents.briefs import intervals, places
from incidents.briefs.content import Change, DayPoint
from incidents.briefs.content_power import OutageLine, PlaceLine, Power, ReadingsDisagree
from incidents.briefs.figures import CHANGE_NAMES, LIST_LIMIT, Previous, add_out, qty, still_out, summarised, when
from incidents.briefs.ledger import Carry, outage_ids, unsettled
from incidents.briefs.periods import TREND_DAYS, first_day
from incidents.briefs.quantities import Qty, When
from incidents.briefs.queries import operations_per_day
from incidents.briefs.restorations import restoration_changes, restorations_since
from incidents.briefs.revisions import own_points, revised
from incidents.days import day_bounds
from incidents.events.models import Event
from incidents.timelines.curves import lost_counts, told
from incidents.timelines.rule import sum_marks

if TYPE_CHECKING:
    from incidents.timelines.falls import Disagree

# A day's last instant: the state rule reads "at or before", the day ends before 24:00 (times are stored to 1 µs).
LAST_INSTANT = timedelta(microseconds=1)


def _outage_totals(states: list[Any]) -> dict[str, int]:
    """What outages add to the totals to date (counts, so a ledger can take some away again)."""
    t = dict.fromkeys(("outages", "restored", "h_sum", "h_known", "h_lb", "b_sum", "b_known", "b_lb"), 0)
    for s in states:
        t["outages"] += 1
        t["restored"] += bool(s.restored)
        if s.households_affected is not None:
            t["h_sum"] += s.households_affected
            t["h_known"] += 1
            t["h_lb"] += bool(s.households_affected_lb)
        if s.buildings_affected is not None:
            t["b_sum"] += s.buildings_affected
            t["b_known"] += 1
            t["b_lb"] += bool(s.buildings_affected_lb)
    return t


def _window_max(series: Any, values: int, unknowns: int, lbs: int, ubs: int, lo: float | None, hi: float
                ) -> list[Any]:
    """The first highest value in effect in [lo, hi) (epoch seconds; lo None: from the start):
    [value, unknown outages at the instants it was reached (the most), epoch, "more than", "at most"] or
    [0, 0, None, False, False]."""
    times, vals, unk, lb, ub = series[0], series[values], series[unknowns], series[lbs], series[ubs]
    best = [0, 0, None, False, False]
    for i, t in enumerate(times):
        if t >= hi:
            break
        # The point in effect at lo began before it: it counts (at its own time) if nothing follows.
        if lo is not None and t < lo and i + 1 < len(times) and times[i + 1] <= lo:
            continue
        if vals[i] > best[0]:
            best = [vals[i], unk[i], t, lb[i] > 0, ub[i] > 0]
        elif vals[i] == best[0] and best[0]:
            # Reached again: with an open "more than" outage the peak exceeded it; it is "at most" only if
            # it was so at every instant it was reached (timelines/curves.peak_marks).
            best[3] = best[3] or lb[i] > 0
            best[4] = best[4] and ub[i] > 0
            # An outage of unknown size out beside it was left out of the peak then, as much as at the first.
            best[1] = max(best[1] or 0, unk[i] or 0)
    return best


def _marked(value: int | None, lb: bool, ub: bool) -> Qty:
    """One outage's units back: "more than", "at most", or about (约) when its falls were both."""
    more, at_most, about = sum_marks(lb, ub)
    return qty(value or None, more, approx=about, ub=at_most)


def _lb(peak: list[Any]) -> bool:
    """A peak's "more than" flag (ledgers stored before it had none: [value, unknown, epoch])."""
    return bool(peak[3]) if len(peak) > 3 else False


def _ub(peak: list[Any]) -> bool:
    """A peak's "at most" flag (ledgers stored before it had none: [value, unknown, epoch, lb])."""
    return bool(peak[4]) if len(peak) > 4 else False


def _max_of(a: list[Any], b: list[Any]) -> list[Any]:
    """The higher of two [value, unknown, epoch, lb, ub] peaks; the earlier on a tie, "more than" if either is,
    "at most" if both are, leaving out the most outages of unknown size either left out."""
    if b[0] > a[0]:
        return b
    if b[0] == a[0] and b[0]:
        first = b if a[2] is not None and b[2] is not None and b[2] < a[2] else a
        return [first[0], max(a[1] or 0, b[1] or 0), first[2], _lb(a) or _lb(b), _ub(a) and _ub(b)]
    return a


def power_section(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
           window_start: datetime, next_window: datetime, carry: Carry | None,
           previous: Previous | None = None
           ) -> tuple[Power, dict[int | None, dict[str, Any]], list[Change], Any, dict[str, Any]]:
    """Power from the one outage-state rule (timelines): at the period's end, as known at the cut-off.

    With a carried ledger the rule reads only the outages not settled before the trend window
    (the others are restored and unchanged): totals are the ledger's, less what those outages
    added then, plus what they add now; the peak is the ledger's peak before the window or the
    window's own.
    """
    try:
        from incidents.timelines.services import outage_states, states_and_curve
    except ImportError:  # pragma: no cover - the timelines service ships with the app
        return Power(available=False), {}, [], None, {}
    # The day is [start, end), as every other section reads it: what is out at its end is what is out just
    # before 24:00, so an outage begun, updated or restored at 00:00 exactly is the next day's news, never both's.
    at = min(end - LAST_INSTANT, cutoff)
    moment = min(end, cutoff)  # hours out and overdue ETRs are read at the day's end itself
    only = unsettled(session, window_start, carry) if carry is not None and carry.power else None
    if carry is not None and only is not None:  # only is set only with a carry
        carry.sections.append("power")
    states, curve = states_and_curve(session, event.id, at, cutoff, only)
    totals = _outage_totals(states)
    if carry is not None and only is not None:
        before = _outage_totals(outage_states(session, event.id, carry.at, carry.cutoff, only))
        kept = carry.ledger["power"]["totals"]
        totals = {k: kept[k] - before[k] + totals[k] for k in totals}
    # No outage at all is a known 0 affected (as 0 still out), not 未报: only outages silent on a count make it unknown.
    none = not totals["outages"]
    power = Power(outages_to_date=totals["outages"], restored_to_date=totals["restored"],
                  households_affected=qty(totals["h_sum"] if totals["h_known"] or none else None,
                                          bool(totals["h_lb"])),
                  households_affected_unknown=totals["outages"] - totals["h_known"],
                  buildings_affected=qty(totals["b_sum"] if totals["b_known"] or none else None,
                                         bool(totals["b_lb"])),
                  buildings_affected_unknown=totals["outages"] - totals["b_known"])
    from incidents.timelines.falls import restored_between

    falls = restored_between(session, event.id, start, at, cutoff, only)
    per_sub: dict[int | None, dict[str, Any]] = {}
    opened, restored, new = [], [], []
    for s in states:
        row = per_sub.setdefault(s.subdistrict_id, _sub_row())
        if s.started_at >= start:
            new.append(s)
        if s.restored:
            # Restored in the period: its current restoration began in it (the rule's restored_at).
            if s.restored_at is not None and s.restored_at >= start:
                restored.append(s)
                row["restored"] += 1
            continue
        opened.append(s)
        row["open"] += 1
        h = still_out(s, "households")
        row["households"] = add_out(row["households"], h)
        row["unknown"] += s.households_out is None
        row["buildings"] = add_out(row["buildings"], still_out(s, "buildings"))
        row["b_unknown"] += s.buildings_out is None
        power.households_out = add_out(power.households_out, h)
        power.buildings_out = add_out(power.buildings_out, still_out(s, "buildings"))
        power.households_unknown += s.households_out is None
        power.buildings_unknown += s.buildings_out is None
        # Some restored, some still out, with news in the period, and something came back in it since it last
        # went out again after a full restoration (going out again is not a restoration, whatever update follows
        # it: a new ETR alone): a reading above the figure stated before (96, then 71 back of 211: 140) is no
        # partial restoration that day (docs/briefs.md, partial_in_period).
        if s.last_update_at is not None and s.last_update_at >= start and (
                s.out_again_at is None or (s.fell_at is not None and s.fell_at > s.out_again_at)) and (
                (s.households_out or 0) < (s.households_affected or 0)
                or (s.buildings_out or 0) < (s.buildings_affected or 0)) and _came_back(falls.get(s.outage_id)):
            power.partial_in_period += 1
    power.open_outages = len(opened)
    # No outage open (all restored, or none reported) is a known 0; every open one silent on a count is 未报.
    power.households_out = _told(power.households_out, power.households_unknown, len(opened))
    power.buildings_out = _told(power.buildings_out, power.buildings_unknown, len(opened))
    power.new_in_period = len(new)
    power.restored_in_period = len(restored)
    # What came back in the period: the falls in households and buildings out, partial
    # restorations counted (not the size of the outages that reached zero).
    subs = {s.outage_id: s.subdistrict_id for s in states}
    by_id = {s.outage_id: s for s in states}
    power.households_back_unknown = _back_unknown(restored, falls, "households")
    power.buildings_back_unknown = _back_unknown(restored, falls, "buildings")
    for s in restored:  # each subdistrict's row says its own (the table's 恢复 cell)
        row = per_sub[s.subdistrict_id]
        row["back_unknown"] = row.get("back_unknown", 0) + _gave_no_count(s, falls, "households")
        row["b_back_unknown"] = row.get("b_back_unknown", 0) + _gave_no_count(s, falls, "buildings")
    for oid, back in falls.items():
        h = _marked(back.households, back.households_lb, back.households_ub)
        # A fall can be "at most" (what was out was), so falls sum by the same rule as counts still out.
        power.households_restored = add_out(power.households_restored, h)
        b = _marked(back.buildings, back.buildings_lb, back.buildings_ub)
        power.buildings_restored = add_out(power.buildings_restored, b)
        row = per_sub.setdefault(subs.get(oid), _sub_row())
        row["households_back"] = add_out(row.get("households_back", Qty()), h)
        row["buildings_back"] = add_out(row.get("buildings_back", Qty()), b)
    # Out longest first, as each item says it (an outage out again is out since then): the 52 hours out above the 9.
    opened.sort(key=lambda s: (_out_since(s)[0], s.outage_id))
    # What the office already knew by the cut-off about outages still open at the period's end.
    after = ({s.outage_id: s for s in outage_states(session, event.id, cutoff, cutoff, outage_ids(opened, only))}
             if cutoff > end and opened else {})
    power.open_total = len(opened)
    power.open = [_outage_line(s, moment, after.get(s.outage_id)) for s in opened[:LIST_LIMIT]]
    rows = places.paths(session, {s.area_id for s in opened}) if opened else {}
    power.open_groups, power.open_groups_total = places.outage_groups(opened, rows, moment, after)
    power.over_households, power.over_households_total = places.over_households(opened, rows)
    disagree = sorted(((reading, unit, oid) for oid, back in falls.items() if oid in by_id
                       for unit, reading in back.disagree.items()),
                      key=lambda found: (found[0].read_at, found[2], found[1] != "households"))
    power.readings_disagree_total = len(disagree)
    power.readings_disagree = [_disagrees(by_id[oid], unit, reading) for reading, unit, oid in disagree[:LIST_LIMIT]]
    for line in power.open:  # each outage tied to the item that counts it
        place = places.place_of(rows, line.area_id) if line.area_id is not None else None
        if place is not None:
            line.place_id, line.place, line.place_en = place.id, place.name, place.name_en
    power.restored_after_period = sum(1 for s in opened if s.outage_id in after and after[s.outage_id].restored)
    power.open_places, power.open_places_total = _places(opened, after)
    restored.sort(key=lambda s: (s.restored_at or at, s.outage_id))
    power.restored_total = len(restored)
    power.restored = [_outage_line(s, moment, None) for s in restored[:LIST_LIMIT]]
    kept_peak = carry.ledger["power"]["peak_before"] if carry is not None and only is not None else None
    ledger = {"at": at.isoformat(), "totals": totals,
              "peak_before": _peak(power, curve, window_start, next_window, at, kept_peak, lost_counts(opened))}
    # Restored before the period but learned since the previous brief, which still showed it open: news too,
    # or 上期's outage would vanish from 仍停电 unsaid (out before - back + new = out now would not hold). One it
    # showed restored in its period at another time (a restoration retracted and sent again, or its time edited): its
    # time corrected, not restored anew if now in this period. One it showed restored and still out now: said so.
    since = restorations_since(session, event.id, start, end, cutoff, previous, states,
                               {oid for oid, back in falls.items() if back.again_at is not None})
    moved = {s.outage_id for s, _shown in since.corrected}
    news = [s for s in restored if s.outage_id not in moved]
    changes = summarised([Change("restored", s.area_name, s.area_name_en, when(s.restored_at, s.restored_precision))
                           for s in news[:CHANGE_NAMES + 1]], len(news), "restored_many")
    changes += summarised([Change("outage_new", s.area_name, s.area_name_en, when(s.started_at, s.started_precision),
                                   qty=qty(s.households_affected, s.households_affected_lb))
                            for s in sorted(new, key=lambda s: (s.started_at, s.outage_id))[:CHANGE_NAMES + 1]],
                           len(new), "outage_new_many")
    changes += restoration_changes(since)
    # Out again in the period (timelines/falls: a rise from none out, or more still out said in so many words):
    # news, though not a new outage, with the households that went out; also when it was all back by the period's
    # end, since what came back counts the restoration that undid it. Out before − back + new + out again = out now.
    again = sorted(((back.again_at, back.again_precision, by_id[oid],
                     _marked(back.again_households, back.again_households_lb, back.again_households_ub))
                    for oid, back in falls.items() if back.again_at is not None and oid in by_id),
                   key=lambda a: (a[0], a[2].outage_id))
    changes += summarised([Change("outage_again", s.area_name, s.area_name_en, when(at, precision), qty=households)
                           for at, precision, s, households in again[:CHANGE_NAMES + 1]], len(again),
                          "outage_again_many")
    if power.partial_in_period:
        changes.append(Change("partial", count=power.partial_in_period))
    return power, per_sub, changes, curve, ledger

def trend_points(session: Session, event: Event, day: date, cutoff: datetime, curve: Any) -> list[DayPoint]:
    """The last few days (this one included): outages open at each day's end, m³ and t per day."""
    days = [day - timedelta(days=i) for i in range(TREND_DAYS - 1, -1, -1)]
    days = [d for d in days if d >= first_day(event)]
    bounds = [day_bounds(event, days[0])[0]] + [day_bounds(event, d)[1] for d in days]
    bounds = [min(b, cutoff) for b in bounds]
    # Each day's outages just before its end (a bound at the cut-off is read at it), as its own brief reads them.
    ends = [b if b == cutoff else b - LAST_INSTANT for b in bounds[1:]]
    pumped, volumes = intervals.interval_series(session, intervals.PUMPED, "volume_m3", event.id, bounds, cutoff)
    cleared, clearances = intervals.interval_series(session, intervals.CLEARED, "mass_kg", event.id, bounds, cutoff)
    working = operations_per_day(session, event.id, bounds, cutoff)
    points = []
    own = own_points(session, event.id, days[:-1], cutoff)
    for i, d in enumerate(days):
        point = DayPoint(d, volume_m3=pumped[i], debris_kg=cleared[i],
                         no_pumping=not working[i] and not volumes[i], no_clearance=not clearances[i])
        value = curve.value_at(ends[i]) if curve is not None else None
        if value is not None:
            point.open_outages = value.open_outages
            point.households_out, point.buildings_out = value.told_out()
            point.households_out_lb, point.buildings_out_lb = value.households_out_lb, value.buildings_out_lb
            point.households_out_ub, point.buildings_out_ub = value.households_out_ub, value.buildings_out_ub
            point.households_out_approx = value.households_out_approx
            point.buildings_out_approx = value.buildings_out_approx
        elif curve is not None:
            point.open_outages = 0
        said = own.get(d)
        if said is not None:
            # What the day's own brief said: a later brief that differs says so (a mark and a note).
            point.revised = revised(point, said)
        points.append(point)
    return points


def _disagrees(state: Any, unit: str, reading: Disagree) -> ReadingsDisagree:
    """One unit's reading above its stated figure as the brief keeps it, the other unit's figures None."""
    households = unit == "households"
    return ReadingsDisagree(state.outage_id, state.area_name, state.area_name_en,
                            reading.stated if households else None, when(reading.stated_at, reading.stated_precision),
                            reading.read if households else None, when(reading.read_at, reading.read_precision),
                            None if households else reading.stated, None if households else reading.read,
                            reading.both_read)


def _gave_no_count(state: Any, falls: dict[int, Any], name: str) -> bool:
    """Whether an outage fully back in the period never gave a count in `name`, and so no fall, or came back from one
    not known (out again silent on it): the sum back leaves it out (a count of 0 given is a known 0)."""
    fall = falls.get(state.outage_id)
    return (getattr(state, f"{name}_affected") is None and not getattr(fall, name, None)) or bool(
        getattr(fall, f"{name}_unsaid", False))


def _came_back(fall: Any) -> bool:
    """Whether an outage's day brought back households or buildings (its falls, `timelines/falls`)."""
    return fall is not None and bool(fall.households or fall.buildings)


def _sub_row() -> dict[str, Any]:
    """A subdistrict's power sums before its outages are read (quality.subdistrict_rows makes them its row)."""
    return {"open": 0, "households": Qty(), "unknown": 0, "buildings": Qty(), "b_unknown": 0, "restored": 0}


def _back_unknown(restored: list[Any], falls: dict[int, Any], name: str) -> int:
    """How many outages fully back in the period the sum back in `name` leaves out."""
    return sum(_gave_no_count(s, falls, name) for s in restored)


def _told(total: Qty, unknown: int, open_outages: int) -> Qty:
    """A sum still out as the timeline says it too (curves.told): 未报 or the open outages' figures (0: none open)."""
    value = told(total.value or 0, unknown, open_outages)
    return qty(None) if value is None else total if total.known else qty(value)


def _peak(power: Power, curve: Any, window_start: datetime, next_window: datetime, at: datetime,
          kept: dict[str, list[Any]] | None, lost: dict[str, int]) -> dict[str, list[Any]]:
    """Peak to date and % of it restored, read off the timelines' restoration curve (same rule).

    `kept`: the ledger's peak before the trend window (the curve then holds only the outages
    unsettled since, exact from the window on). `lost`: `curves.lost_counts` of the open outages.
    Returns the peak before the next day's window.
    """
    from incidents.timelines.curves import share_approximate, share_of_peak

    series = curve.series
    lo = window_start.timestamp() if kept is not None else None
    carried = {}
    # The series' columns: the measure, its open outages of unknown size, its "more than" and "at most" counts.
    for name, values, unknowns, lbs, ubs in (("households", 1, 4, 6, 8), ("buildings", 2, 5, 7, 9)):
        before = kept[name] if kept is not None else [0, 0, None, False, False]
        peak = _max_of(before, _window_max(series, values, unknowns, lbs, ubs, lo, at.timestamp() + 1))
        carried[name] = _max_of(before, _window_max(series, values, unknowns, lbs, ubs, lo, next_window.timestamp()))
        if not peak[0]:
            continue
        current = series[values][-1] if series[0] else 0
        current_vague = bool(current) and bool(series[lbs][-1] or series[ubs][-1])  # more than, at most or about
        # The marks of what was out when it was reached: 余, 不超过 (at most) or 约, as the timeline's peak.
        lb, ub, approx = sum_marks(_lb(peak), _ub(peak))
        setattr(power, f"peak_{name}", Qty(peak[0], lb, approx, ub=ub))
        # Those that never gave a count are in neither figure, and the peak's note says so: also one
        # that went out after the peak was reached (more unknowns now than then is not a lost count).
        unknown_now = series[unknowns][-1] if series[0] else 0
        setattr(power, f"peak_{name}_unknown", max(int(peak[1] or 0), unknown_now - lost[name]))
        # One counted in the peak gives no count now (out again after a full restoration), so what is
        # back is not known: no "100%" over it.
        setattr(power, f"{name}_lost", lost[name])
        pct = share_of_peak(peak[0], current, lost[name])  # the timeline's share, by the same rule
        if pct is None:
            continue
        setattr(power, f"pct_restored_{name}", pct)
        # Nothing out is exactly 100%, whatever the peak was ("1000余" out at the peak, all back).
        setattr(power, f"pct_restored_{name}_approx", share_approximate(current, _lb(peak) or _ub(peak), current_vague))
    return carried


def _places(opened: list[Any], after: dict[int, Any]) -> tuple[list[PlaceLine], int]:
    """The places still without power, each once with its outages' counts summed, longest-running first;
    none (the outages are the places) unless some place has more than one outage open."""
    places: dict[int, PlaceLine] = {}
    for s in opened:
        place = places.get(s.area_id)
        if place is None:
            place = places[s.area_id] = PlaceLine(s.area_name, s.area_name_en, 0, Qty(), Qty())
        place.outages += 1
        place.buildings_out = add_out(place.buildings_out, still_out(s, "buildings"))
        place.households_out = add_out(place.households_out, still_out(s, "households"))
        place.buildings_unknown += s.buildings_out is None
        place.households_unknown += s.households_out is None
        later = after.get(s.outage_id)
        if later is not None and later.restored and later.restored_at is not None:
            place.restored_later += 1
            if place.restored_after.at is None or later.restored_at > place.restored_after.at:
                place.restored_after = when(later.restored_at, later.restored_precision)
    if len(places) == len(opened):
        return [], 0
    for place in places.values():
        if place.restored_later < place.outages:
            place.restored_after = When()  # some still out: no one time says when the place came back
    return list(places.values())[:LIST_LIMIT], len(places)


def _out_since(s: Any) -> tuple[datetime, Any]:
    """Since when an outage is out, and that time's precision: its going out again, if it did, else its start."""
    # An outage out again is out since then: "without power for 56 hours" would count the hours it had power.
    if s.out_again_at is not None and not s.restored:
        return s.out_again_at, s.out_again_precision
    return s.started_at, s.started_precision


def _outage_line(s: Any, at: datetime, later: Any) -> OutageLine:
    hours = None
    again = s.out_again_at is not None and not s.restored
    since, since_precision = _out_since(s)
    etr_at, etr_precision, given_after = places.etr_known(s, later)
    if not s.restored:
        hours = int((at - since).total_seconds() // 3600)
    line = OutageLine(
        outage_id=s.outage_id, area=s.area_name, area_en=s.area_name_en, area_id=s.area_id,
        subdistrict=s.subdistrict_name, subdistrict_en=s.subdistrict_name_en,
        started=when(s.started_at, s.started_precision),
        households_affected=qty(s.households_affected, s.households_affected_lb),
        buildings_affected=qty(s.buildings_affected, s.buildings_affected_lb),
        households_out=still_out(s, "households"), buildings_out=still_out(s, "buildings"),
        hours_out=hours, hours_approx=getattr(since_precision, "value", since_precision) != "exact",
        out_again=when(s.out_again_at, s.out_again_precision) if again else When(),
        etr=when(etr_at, etr_precision), etr_after=given_after,
        overdue=bool(not s.restored and etr_at is not None and etr_at < at),
        restored=when(s.restored_at, s.restored_precision) if s.restored else When(),
    )
    if later is not None and later.restored and later.restored_at is not None:
        line.restored_after = when(later.restored_at, later.restored_precision)
    return line
