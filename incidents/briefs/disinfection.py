"""The disinfection section: person-times, staff and each category, for the period and to date (carried
from the ledger when it can be), per subdistrict for the site categories.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from incidents.briefs import counts
from incidents.briefs.content import CategoryFigure, Disinfection
from incidents.briefs.figures import Previous, add, add_out, figure, lower_if, plus, qty, sub_from_key, sub_key
from incidents.briefs.ledger import Carry
from incidents.briefs.quantities import Figure, Qty
from incidents.events.models import Event
from incidents.reports.models import ReportKind


def _advance(session: Session, event_id: int, cutoff: datetime, kept: dict[tuple[int, str], counts.AreaCount],
             rows: list[counts.DisinfectionRow], at: datetime) -> dict[tuple[int, str], counts.AreaCount]:
    """Areas that send totals to date: their counts before `at`, from the kept ones and rows not
    yet counted. A newer report of totals to date restarts the count from it (re-read from then on);
    otherwise plain rounds after the latest totals add to them (before any, every row adds)."""
    out = dict(kept)
    groups: dict[tuple[int, str], list[counts.DisinfectionRow]] = {}
    for r in rows:
        groups.setdefault((r.area_id, r.code), []).append(r)
    restart: dict[tuple[int, str], datetime] = {}
    for key, rs in groups.items():
        k = kept.get(key) or counts.AreaCount()
        latest = max(((r.t, r.rid) for r in rs if r.cum and r.n is not None), default=None)
        if latest is not None and (k.cum_t is None or latest > (k.cum_t, k.cum_rid)):
            restart[key] = latest[0]
            continue
        counted = [r for r in rs if k.cum_t is None or (not r.cum and r.t > k.cum_t)]
        if counted or key in kept:
            out[key] = counts.AreaCount(plus(k.value, *(r.n for r in counted)), k.lb or any(r.lb for r in counted),
                                   k.cum or any(r.cum for r in counted), k.cum_t, k.cum_rid)
    if restart:
        fresh = counts.windowed_to_date(session, event_id, at, cutoff, areas=sorted({a for a, _ in restart}),
                                   since=min(restart.values()), by_area=True)
        for key in restart:
            out[key] = fresh[key]
    return out


def _by_sub(states: dict[tuple[int, str], counts.AreaCount], sub_of: dict[int, int | None],
            areas: set[int] | None = None) -> counts.Counts:
    return counts.add_counts({}, {k: v for k, v in states.items() if areas is None or k[0] in areas}, sub_of)


def _carried_disinfection(session: Session, event_id: int, start: datetime, end: datetime, cutoff: datetime,
                          carry: Carry) -> tuple[counts.Counts, dict[Any, Any], counts.Counts, counts.Counts] | None:
    """To date at the period's end from the ledger, and the change of areas that sent totals to
    date in the period; None when an area sent its first totals to date (its plain rounds are
    in the ledger's subdistrict sums, so everything is recomputed)."""
    kept = carry.ledger["disinfection"]
    sub_of = {int(a): sub_from_key(v["sub"]) for a, v in kept["areas"].items()}
    states = {(int(a), code): counts.AreaCount(c[0], c[1], c[2], datetime.fromisoformat(c[3]) if c[3] else None, c[4])
              for a, v in kept["areas"].items() for code, c in v["codes"].items()}
    late = counts.disinfection_rows(session, event_id, cutoff, start, only=carry.new_of(ReportKind.DISINFECTION))
    rows = counts.disinfection_rows(session, event_id, cutoff, end, since=start)
    if any(r.cum and r.area_id not in sub_of for r in late + rows):
        return None
    # Reports before the period: the ledger's and those it did not count (each has its person-times row).
    before = kept["reports"] + len({r.rid for r in late})
    plain = {(sub_from_key(sk), code): counts.CountState(c[0], c[1], False)
             for sk, per in kept["plain"].items() for code, c in per.items()}
    for r in late + rows:
        if r.area_id not in sub_of:
            k = plain.get((r.sub_id, r.code)) or counts.CountState()
            plain[(r.sub_id, r.code)] = counts.CountState(plus(k.value, r.n), k.lb or r.lb, False)
    at_start = _advance(session, event_id, cutoff, states, [r for r in late if r.area_id in sub_of], start)
    at_end = _advance(session, event_id, cutoff, at_start, [r for r in rows if r.area_id in sub_of], end)
    totals = counts.add_counts(plain, at_end, sub_of)
    cum_areas = {r.area_id for r in rows if r.cum}
    change = _by_sub(at_end, sub_of, cum_areas)
    replaced = _by_sub(at_start, sub_of, cum_areas)
    for key, state in replaced.items():
        change[key] = counts.merge_counts(change.get(key), state, sign=-1)
    return totals, {"plain": plain, "areas": at_end, "sub_of": sub_of, "reports": before}, change, replaced


def _disinfection_ledger(parts: dict[str, Any]) -> dict[str, Any]:
    plain: dict[str, dict[str, list[Any]]] = {}
    for (sub_id, code), c in parts["plain"].items():
        plain.setdefault(sub_key(sub_id), {})[code] = [c.value, c.lb]
    areas: dict[str, dict[str, Any]] = {}
    for (area_id, code), c in parts["areas"].items():
        entry = areas.setdefault(str(area_id), {"sub": sub_key(parts["sub_of"].get(area_id)), "codes": {}})
        entry["codes"][code] = [c.value, c.lb, c.cum, c.cum_t.isoformat() if c.cum_t else None, c.cum_rid]
    return {"plain": plain, "areas": areas, "reports": parts["reports"]}


def disinfection_section(session: Session, event: Event, start: datetime, end: datetime, cutoff: datetime,
                  previous: Previous, carry: Carry | None, ledger: dict[str, Any]
                  ) -> tuple[Disinfection, dict[Any, list[CategoryFigure]], list[Any]]:
    seen, plain = counts.disinfection_in_period(session, event.id, start, end, cutoff)
    carried = _carried_disinfection(session, event.id, start, end, cutoff, carry) if carry is not None else None
    changed: counts.Counts = dict(plain)
    # What the period's totals to date replaced (their areas' counts at its start): subtracted, so a "more than"
    # one makes the change "at most" (40余 then 36 to date: at most −4; docs/domain.md, "Field truth stays vague").
    replaced: counts.Counts = {}
    # The reports before the period's end are counted from the ledger when it is carried, else all read.
    in_period, to_date = counts.disinfection_reports(session, event.id, start, end, cutoff, before=carried is None)
    if carry is not None and carried is not None:  # carried is computed only with a carry
        carry.sections.append("disinfection")
        at_end, parts, change, replaced = carried
        parts["reports"] = to_date = parts["reports"] + in_period
        for key, state in change.items():
            changed[key] = counts.merge_counts(changed.get(key), state)
    else:
        plain_end, areas_end = counts.disinfection_to_date(session, event.id, end, cutoff)
        sub_of = counts.subdistrict_map(session, {a for a, _ in areas_end})
        at_end = counts.add_counts(plain_end, areas_end, sub_of)
        parts = {"plain": plain_end, "areas": areas_end, "sub_of": sub_of, "reports": to_date}
        # Areas that sent totals to date in the period: their period is the change of their to-date.
        if any(state.cum for state in seen.values()):
            cum_areas = counts.cumulative_areas(event.id, start, end, cutoff)
            for key, state in counts.windowed_to_date(session, event.id, end, cutoff, areas=cum_areas).items():
                changed[key] = counts.merge_counts(changed.get(key), state)
            replaced = counts.windowed_to_date(session, event.id, start, cutoff, areas=cum_areas)
            for key, state in replaced.items():
                changed[key] = counts.merge_counts(changed.get(key), state, sign=-1)
    ledger["disinfection"] = _disinfection_ledger(parts)
    cats = counts.categories(session)
    site_codes = {c.code for c in cats if getattr(c.kind, "value", c.kind) == "site"}

    def figure_for(keys: list[tuple[Any, str]], path: str | None) -> Figure:
        period, to_date = Qty(), Qty()
        # A subdistrict whose reports gave no figure keeps only its flag: the total is "more than".
        unsaid_p = unsaid_t = False
        for key in keys:
            total = at_end.get(key)
            if total is not None:
                to_date = add(to_date, qty(total.value, total.lb, cum=total.cum))
                unsaid_t |= total.value is None and total.lb
            if key in seen:
                delta = changed.get(key)
                more, less = seen[key].lb, key in replaced and replaced[key].lb
                period = add_out(period, qty(delta.value if delta else None, more and not less, more and less,
                                             cum=seen[key].cum, ub=less and not more))
                unsaid_p |= (delta is None or delta.value is None) and seen[key].lb
        period, to_date = lower_if(period, unsaid_p), lower_if(to_date, unsaid_t)
        if path is None:
            return Figure(period, to_date)
        return figure(period, to_date, previous, path)

    subs = {key[0] for key in at_end} | {key[0] for key in seen}
    section = Disinfection(reports_in_period=in_period, reports_to_date=to_date,
                           previous_reports_to_date=previous.count("disinfection.reports_to_date"))
    section.person_times = figure_for([(s, counts.PERSON_TIMES) for s in subs], f"disinfection:{counts.PERSON_TIMES}")
    section.staff = figure_for([(s, counts.STAFF) for s in subs], f"disinfection:{counts.STAFF}")
    for cat in cats:
        keys = [(s, cat.code) for s in subs if (s, cat.code) in at_end or (s, cat.code) in seen]
        before = previous.figure(f"disinfection:{cat.code}")
        # A category the previous brief counted, all its reports retracted since, is a fall to say
        # (累计数低于上期), not a line to drop: the reader of both briefs would lose it unsaid.
        if not keys and not (before is not None and before.value):
            continue
        # Nothing left of it is a known 0 to date (every report retracted), not 未报.
        fig = figure_for(keys, f"disinfection:{cat.code}") if keys else figure(
            Qty(), Qty(0), previous, f"disinfection:{cat.code}")
        section.categories.append(CategoryFigure(
            cat.code, getattr(cat.kind, "value", cat.kind), cat.name_zh, cat.name_en, cat.unit_zh, cat.unit_en, fig))
    # Per subdistrict, each site category on its own: streets, courtyards and drain grates are
    # never added together. One the previous brief's row counted and nothing is left of reads 0 to date, as
    # the district's line does (累计数低于上期), not dropped from the row unsaid; the brief after leaves it out.
    counted = previous.sub_categories()
    per_sub = {sub_id: [CategoryFigure(cat.code, getattr(cat.kind, "value", cat.kind), cat.name_zh, cat.name_en,
                                       cat.unit_zh, cat.unit_en,
                                       figure_for([(sub_id, cat.code)], None)
                                       if (sub_id, cat.code) in at_end or (sub_id, cat.code) in seen
                                       else Figure(Qty(), Qty(0)))
                        for cat in cats if cat.code in site_codes
                        and ((sub_id, cat.code) in at_end or (sub_id, cat.code) in seen
                             or (sub_id, cat.code) in counted)]
               for sub_id in subs | {sub_id for sub_id, _ in counted}}
    # Subdistricts that reported totals to date this period: named in the changes.
    cum_subs = sorted({key[0] for key, state in seen.items() if state.cum}, key=lambda s: (s is None, s))
    return section, per_sub, cum_subs
