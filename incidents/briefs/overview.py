"""一、总体情况 read aloud: the power, pumping, disinfection, debris and since-the-previous-brief paragraphs."""

from __future__ import annotations

from dataclasses import dataclass

from incidents.briefs.content import VOLUME_WITHIN_A_DAY, CategoryFigure, Change
from incidents.briefs.content_power import OutageLine, PlaceLine
from incidents.briefs.quantities import Qty
from incidents.briefs.wording import Words
from incidents.formatting import fmt_number, size_not_reported, unsized_left_out

# The overview names a few places; the full lists are in the outstanding items and the CSV.
OVERVIEW_NAMES = 5


def is_area(cf: CategoryFigure) -> bool:
    """A category counted in square metres (categories.yaml's 消杀面积): an area disinfected, not a number of sites."""
    return cf.unit_en == "m²"


@dataclass
class Paragraph:
    """A labelled paragraph of the overview (停电：…)."""

    label: str
    text: str


class Overview(Words):
    """The overview's paragraphs, each a few sentences a leader can read aloud."""

    def _at_end(self) -> str:
        h = self.c.header
        if h.provisional:
            return self.local(h.cutoff, "%-m月%-d日 %H:%M", "%-d %b %H:%M")
        return self._("24:00")

    def _outage_brief(self, o: OutageLine) -> str:
        parts = []
        if o.buildings_out.value is not None:
            parts.append(self.qty(o.buildings_out, "栋", "buildings"))
        if o.households_out.value is not None:
            parts.append(self.qty(o.households_out, "户", "households"))
        if not parts:
            parts.append(size_not_reported(self.lang))
        if o.restored_after.at is not None:
            parts.append(self.restored_later(o))
        return self.name(o.area, o.area_en) + self._(": ") + self._(", ").join(parts)

    def _place_brief(self, pl: PlaceLine) -> str:
        """A place once, however many of its outages are open: 甲小区（3处）：3栋，15户."""
        _ = self._
        name = self.name(pl.area, pl.area_en)
        if pl.outages > 1:
            name = _("%(area)s (%(n)s outages)", area=name, n=self.count(pl.outages))
        sizes = [self.qty(q, zh, en) for q, zh, en in ((pl.buildings_out, "栋", "buildings"),
                                                       (pl.households_out, "户", "households")) if q.value is not None]
        text = name + _(": ") + (_(", ").join(sizes) if sizes else size_not_reported(self.lang))
        text += self._left_out(pl.buildings_unknown if pl.buildings_out.value is not None else 0,
                               pl.households_unknown if pl.households_out.value is not None else 0)
        if pl.restored_after.at is not None:
            text += _(", ") + self.restored_later(pl)
        elif pl.restored_later:
            text += _(", ") + _("%(n)s of them restored since (next brief)", n=self.count(pl.restored_later))
        return text

    def _more_places(self, places: int, outages: int) -> str:
        """The places left unnamed, by their outages: "另有1处" would say one outage where there are three."""
        _ = self._
        if outages == places:  # one outage each: the places and the outages are the same count
            return _(" and %(n)s more", n=self.count(outages))
        if places == 1:
            return _(" and %(n)s more outages at one more place", n=self.count(outages))
        return _(" and %(n)s more outages at %(p)s more places", n=self.count(outages), p=self.count(places))

    def _places_open(self) -> tuple[list[PlaceLine], int]:
        """The places still out as 三、待办与风险 reads them (a community once), when one has several outages open;
        a brief stored before them reads its places of several outages each (`open_places`)."""
        p = self.c.power
        if p.open_groups:
            if all(len(g.outage_ids) == 1 for g in p.open_groups):
                return [], 0
            return [PlaceLine(g.area, g.area_en, len(g.outage_ids), g.buildings_out, g.households_out,
                              g.buildings_unknown, g.households_unknown, g.restored_later, g.restored_after)
                    for g in p.open_groups], p.open_groups_total
        return p.open_places, p.open_places_total

    def _left_out(self, b_left: int, h_left: int) -> str:
        """" (building counts not reported for 1, not counted)": a sum that leaves open outages out says so."""
        _ = self._
        if b_left and h_left:  # one parenthesis naming both, not two in a row
            return _(" (building counts not reported for %(b)s, household counts for %(h)s, not counted)",
                     b=self.count(b_left), h=self.count(h_left))
        if b_left or h_left:
            return _(" (%(what)s not reported for %(n)s, not counted)",
                     what=_("building counts") if b_left else _("household counts"), n=self.count(b_left or h_left))
        return ""

    def _sizes(self, buildings: Qty, households: Qty) -> str:
        """24栋、300户: only the figures that were reported."""
        parts = []
        if buildings.value is not None:
            parts.append(self.qty(buildings, "栋", "buildings"))
        if households.value is not None:
            parts.append(self.qty(households, "户", "households"))
        return self.enum(parts)

    def _restored_brief(self, o: OutageLine) -> str:
        return self._("%(area)s, %(t)s", area=self.name(o.area, o.area_en), t=self.when(o.restored))

    def power(self) -> str:
        """The power paragraph."""
        p, _ = self.c.power, self._
        if not p.available:
            return _("The outage rule is not available in this installation.")
        if not p.outages_to_date:
            return _("No outage reported.")
        sep = _("; ")
        grouped, grouped_total = self._places_open()
        if grouped:  # some place has several outages open: each place once
            places = grouped[:OVERVIEW_NAMES]
            opened = sep.join(self._place_brief(pl) for pl in places)
            if grouped_total > len(places):
                opened += self._more_places(grouped_total - len(places),
                                            p.open_outages - sum(pl.outages for pl in places))
        else:
            shown = p.open[:OVERVIEW_NAMES]
            opened = sep.join(self._outage_brief(o) for o in shown)
            if p.open_total > len(shown):
                opened += _(" and %(n)s more", n=self.count(p.open_total - len(shown)))
        text = _("Still without power at %(t)s: %(n)s", t=self._at_end(), n=self.count(p.open_outages))
        if p.open_outages:
            text += _(" (%(list)s)", list=opened)
        still = self._sizes(p.buildings_out, p.households_out) if p.open_outages else ""
        if still:
            text += _(", %(what)s still out", what=still)
            # "0 buildings still out" read alone says none, while a place out gave no count.
            text += self._left_out(p.buildings_unknown if p.buildings_out.value is not None else 0,
                                   p.households_unknown if p.households_out.value is not None else 0)
            if p.over_households:  # the sum holds places stating more out than live there: said, not capped
                n = self.places_over_households()
                text += (_(" (at 1 place more than its own households: see 5. Data quality)") if n == 1 else
                         _(" (at %(n)s places more than their own households: see 5. Data quality)", n=self.count(n)))
        back = self._sizes(p.buildings_restored, p.households_restored)
        if back and p.partial_in_period:
            # The fall in units out over the period, partial restorations included.
            text += _("; power back in the period for %(what)s (partial restorations included)", what=back)
        elif back:
            text += _("; power back in the period for %(what)s", what=back)
        if back:
            # "100户" read alone says that is all that came back, while another outage came back with no count.
            text += self._left_out(p.buildings_back_unknown if p.buildings_restored.value is not None else 0,
                                   p.households_back_unknown if p.households_restored.value is not None else 0)
        text += _("; outages fully restored in the period: %(n)s", n=self.count(p.restored_in_period))
        if p.restored:
            shown = p.restored[:OVERVIEW_NAMES]
            listed = sep.join(self._restored_brief(o) for o in shown)
            if p.restored_total > len(shown):
                listed += _(" and %(n)s more", n=self.count(p.restored_total - len(shown)))
            text += _(" (%(list)s)", list=listed)
        text += _(". To date: outages reported %(n)s, restored %(r)s",
                  n=self.count(p.outages_to_date), r=self.count(p.restored_to_date))
        for name, unit_zh, unit_en in (("buildings", "栋", "buildings"), ("households", "户", "households")):
            peak = getattr(p, f"peak_{name}")
            if peak.value:
                said = self._peak(peak, name, unit_zh, unit_en)
                pct = getattr(p, f"pct_restored_{name}")
                still_unknown = getattr(p, f"{name}_unknown")
                unknown = getattr(p, f"peak_{name}_unknown")
                if pct is None and still_unknown:  # power._peak holds the share back
                    # The outages that lost their count (a brief stored before knew only all unknowns).
                    lost = getattr(p, f"{name}_lost", 0) or still_unknown
                    # One parenthesis with the peak's note, not two side by side (…未报数）（另有…).
                    text += _("; peak %(peak)s without power, the share restored not known (%(n)s still out "
                              "gave no count; %(unsized)s)",
                              peak=said, n=self.count(lost),
                              unsized=unsized_left_out(self.count(unknown), self.lang)
                              ) if unknown else _("; peak %(peak)s without power, the share restored not known "
                                                  "(%(n)s still out gave no count)",
                                                  peak=said, n=self.count(lost))
                    continue
                share = "—" if pct is None else fmt_number(pct, self.lang, 1)
                if pct is not None and getattr(p, f"pct_restored_{name}_approx", False):
                    share = _("about %(n)s", n=share)  # of a "more than" figure: an estimate
                text += _("; peak %(peak)s without power, %(pct)s%% of it restored",
                          peak=said, pct=share)
                if unknown and still_unknown and pct is not None:
                    # "100% restored" read alone says all is back while a place of unknown size is still out.
                    text += _(" (%(list)s)", list=unsized_left_out(self.count(unknown), self.lang,
                                                                   self.count(min(still_unknown, unknown))))
                elif unknown:
                    text += _(" (%(list)s)", list=unsized_left_out(self.count(unknown), self.lang))
        return text + _(".")

    def _peak(self, peak: Qty, name: str, unit_zh: str, unit_en: str) -> str:
        """The peak, and the previous brief's beside it where it reads lower (a correction: there is no 上期 column)."""
        said = self.qty(peak, unit_zh, unit_en)
        if f"power.peak_{name}" not in self.c.quality.falls:
            return said
        return self._("%(peak)s (previous brief: %(before)s; to date fell: check)", peak=said,
                      before=self.qty(getattr(self.c.power, f"previous_peak_{name}"), unit_zh, unit_en))

    def pumping(self) -> str:
        """The pumping paragraph."""
        pm, _ = self.c.pumping, self._
        sep = _("; ")
        if not pm.active and pm.volume_m3.to_date.value is None and not pm.operations_to_date:
            return _("No pumping reported.")
        text = _("Sites pumping: %(n)s", n=self.count(pm.active)) if pm.active else _("No pumping in the period")
        if pm.operations:
            ops = []
            for op in pm.operations[:OVERVIEW_NAMES]:
                line = self.name(op.area, op.area_en) + _(": ") + self.name(op.team, op.team_en)
                if op.people.value is not None:
                    line += " " + self.qty(op.people, "人", "people")
                if op.ended.at is not None and op.ended.at < self.c.header.period_end:
                    line += _(", ended %(t)s", t=self.when(op.ended))
                ops.append(line)
            more = pm.operations_total - len(ops)
            text += _(" (%(list)s)", list=sep.join(ops) + (_(" and %(n)s more", n=self.count(more))
                                                            if more > 0 else ""))
        if pm.people.value is not None:
            text += _(", %(p)s in all", p=self.qty(pm.people, "人", "people"))
        v = pm.volume_m3
        if v.period.value is None and pm.active:
            text += _("; volume pumped in the period not reported")
        elif v.period.value is None:
            pass
        else:
            # The words after it say it is an estimate: no （估） as well.
            text += _("; pumped in the period %(v)s", v=self.qty(v.period, "立方米", "m³",
                                                                 mark_estimate=not v.period.approx))
            if v.period.approx:
                text += _(" (apportioned by hours worked, an estimate)")
        text += _(", to date %(v)s", v=self.qty(v.to_date, "立方米", "m³"))
        if pm.unmeasured and v.to_date.value is not None:
            # Read alone, an exact "50,000" said all pumping was measured.
            text += _(" (not counting sites whose volume is not reported: %(n)s)", n=self.count(pm.unmeasured))
        if pm.still_pumping:
            text += _("; still pumping at the end of the period: %(n)s", n=self.count(pm.still_pumping))
        return text + _(".")

    def _category_list(self, kind: str, which: str, area: bool | None = None) -> str:
        """The categories of a kind as a list of figures; `area` True or False keeps only those that are (or are not)
        an area disinfected."""
        items = []
        for cf in self.c.disinfection.categories:
            if cf.kind != kind or (area is not None and is_area(cf) != area):
                continue
            q = getattr(cf.figure, which)
            if q.value is None:
                continue
            name = cf.name_zh if self.zh else cf.name_en
            unit = cf.unit_zh if self.zh else cf.unit_en
            if q.value < 0:
                # A smaller total to date than before: said as a decrease, flagged in data quality.
                # Negated, "at least −4" is a fall of at most 4 and "at most −4" one of more than 4.
                items.append(self._("%(name)s down by %(q)s", name=name, q=self.qty(
                    Qty(-q.value, q.ub, q.approx, ub=q.lb), unit, unit, mark_cum=False)))
                continue
            items.append(name + ("" if self.zh else " ") + self.qty(q, unit, unit, mark_cum=False))
        return self.enum(items)

    def disinfection(self) -> str:
        """The disinfection paragraph."""
        d, _ = self.c.disinfection, self._
        if not d.categories and d.person_times.to_date.value is None and d.staff.to_date.value is None:
            return _("No disinfection reported.")
        parts = []
        sites, kit = self._category_list("site", "period", area=False), self._category_list("equipment", "period")
        areas = self._category_list("site", "period", area=True)
        if not d.reports_in_period:
            parts.append(_("no new report in the period"))
        else:
            day = []
            if sites:
                day.append(_("disinfected %(list)s", list=sites))
            if areas:  # its name says what was done: 消杀面积5,000平方米, never 消杀消杀面积
                day.append(areas)
            if d.person_times.period.value is not None:
                day.append(_("%(n)s deployed", n=self.qty(d.person_times.period, "人次", "person-times",
                                                          mark_cum=False)))
            if kit:
                day.append(_("using %(list)s", list=kit))
            if d.staff.period.value is not None:
                # People on duty, never added to person-times.
                day.append(_("staff on duty %(n)s", n=self.qty(d.staff.period, "人", "people", mark_cum=False)))
            text = _("in the period ") + _(", ").join(day)
            if d.person_times.period.cum or any(c.figure.period.cum for c in d.categories):
                text += _(" (includes totals to date reported in the period)")
            parts.append(text)
        total = []
        sites_td, kit_td = self._category_list("site", "to_date"), self._category_list("equipment", "to_date")
        if sites_td:
            total.append(sites_td)
        if d.person_times.to_date.value is not None:
            total.append(self.qty(d.person_times.to_date, "人次", "person-times", mark_cum=False))
        if kit_td:
            total.append(_("using %(list)s", list=kit_td))
        if total:
            parts.append(_("to date ") + _(", ").join(total))
        return _("; ").join(parts) + _(".")

    def debris(self) -> str:
        """The debris paragraph."""
        d, _ = self.c.debris, self._
        if d.mass_kg.to_date.value is None and d.truckloads.to_date.value is None and not d.reports_in_period:
            return _("No debris clearance reported.")
        parts = []
        if not d.reports_in_period:
            parts.append(_("no new report in the period"))
        else:
            said = d.mass_kg.period.approx or d.truckloads.period.approx  # the words after it say so
            cleared = self.enum([self.qty(f, unit_zh, unit_en, tonnes=tonnes, mark_estimate=not said)
                                 for f, unit_zh, unit_en, tonnes in (
                (d.mass_kg.period, "吨", "t", True), (d.truckloads.period, "车", "truckloads", False))
                if f.value is not None])
            day = [_("cleared in the period ") + (cleared or _("not reported"))]
            if said:
                day[0] += _(" (apportioned by hours worked, an estimate)")
            # A day's crews are the people and vehicles sent (人, 辆), as each report gives them; only a
            # total over days counts person-times (人次, 台次: the same crew on two days is two).
            if d.people.period.value is not None:
                day.append(_("%(n)s deployed", n=self.qty(d.people.period, "人", "people")))
            if d.vehicles.period.value is not None:
                day.append(_("vehicles %(n)s", n=self.qty(d.vehicles.period, "辆", "")))
            parts.append(_(", ").join(day))
        total = []
        if d.mass_kg.to_date.value is not None:
            total.append(self.qty(d.mass_kg.to_date, "吨", "t", tonnes=True))
        if d.truckloads.to_date.value is not None:
            total.append(self.qty(d.truckloads.to_date, "车", "truckloads"))
        if total:
            parts.append(_("to date ") + _(", ").join(total))
        return _("; ").join(parts) + _(".")

    def _households(self, ch: Change) -> str:
        """" (300户)" after an outage's news, when its households were reported."""
        if ch.qty is None or ch.qty.value is None:
            return ""
        return self._(" (%(what)s)", what=self.qty(ch.qty, "户", "households"))

    def change(self, ch: Change) -> str:
        """One change as a sentence."""
        _ = self._
        area = self.name(ch.area, ch.area_en)
        n = self.count(ch.count or 0)
        if ch.kind == "restored":
            return _("%(area)s: power restored %(t)s", area=area, t=self.when(ch.when))
        names = self.enum([self.name(zh, en) for zh, en in zip(ch.names, ch.names_en or ch.names, strict=False)])
        if ch.kind == "restored_late":
            return _("%(area)s: power restored %(t)s (still out in the previous brief; reported late)",
                     area=area, t=self.when(ch.when))
        if ch.kind == "restored_late_many":
            return _("power restored at %(n)s places still out in the previous brief (%(names)s and others; "
                     "reported late)", n=n, names=names)
        if ch.kind == "restored_corrected":
            return _("%(area)s: power restoration time corrected from %(was)s to %(t)s", area=area,
                     was=self.when(ch.was), t=self.when(ch.when))
        if ch.kind == "restored_corrected_many":
            return _("power restoration times corrected at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "restored_withdrawn":
            # 上期 said it was back; a correction since says it is not: the outage back in 仍停电 is not unexplained.
            return _("%(area)s: the power restoration of %(was)s in the previous brief was corrected; still out",
                     area=area, was=self.when(ch.was)) + self._households(ch)
        if ch.kind == "restored_withdrawn_many":
            return _("power restorations in the previous brief corrected at %(n)s places, still out (%(names)s and "
                     "others)", n=n, names=names)
        if ch.kind == "restored_withdrawn_earlier":
            # 上期 counted it back before its own period and named it nowhere: "in the previous brief" would not hold.
            return _("%(area)s: the earlier power restoration of %(was)s was corrected; still out",
                     area=area, was=self.when(ch.was)) + self._households(ch)
        if ch.kind == "restored_withdrawn_earlier_many":
            return _("earlier power restorations corrected at %(n)s places, still out (%(names)s and others)",
                     n=n, names=names)
        if ch.kind == "restored_many":
            return _("power restored at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "outage_new":
            return _("%(area)s: power cut %(t)s", area=area, t=self.when(ch.when)) + self._households(ch)
        if ch.kind == "outage_new_many":
            return _("new outages at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "outage_again":
            # With its households: what came back earlier in the day is counted as restored, so what went
            # out again is said, and the day's figures add up (out before - back + new + again = out now). Back in
            # full or in part before (a higher figure still out): the English says what is true of both.
            return (_("%(area)s: power cut again %(t)s for households whose power had come back", area=area,
                      t=self.when(ch.when)) + self._households(ch))
        if ch.kind == "outage_again_many":
            return _("power cut again at %(n)s places for households whose power had come back (%(names)s and "
                     "others)", n=n, names=names)
        if ch.kind == "pumping_started_many":
            return _("pumping began at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "pumping_ended_many":
            return _("pumping ended at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "partial":
            return _("outages partly restored: %(n)s", n=n)
        if ch.kind == "pumping_started":
            return _("%(team)s began pumping at %(area)s (%(t)s)", team=self.name(ch.text, ch.text_en), area=area,
                     t=self.when(ch.when))
        if ch.kind == "pumping_ended":
            return _("pumping at %(area)s ended %(t)s", area=area, t=self.when(ch.when))
        if ch.kind == "volume_reported" and ch.text == VOLUME_WITHIN_A_DAY:
            return _("%(area)s reported %(v)s pumped from %(a)s to %(b)s",
                     area=area, v=self.qty(ch.qty, "立方米", "m³"), a=self.when(ch.when), b=self.when(ch.until))
        if ch.kind == "volume_reported":
            return _("%(area)s reported %(v)s pumped from %(a)s to %(b)s, spread over those days",
                     area=area, v=self.qty(ch.qty, "立方米", "m³"), a=self.when(ch.when), b=self.when(ch.until))
        if ch.kind == "disinfection_to_date":
            return _("%(area)s reported its disinfection totals to date", area=area)
        if ch.kind == "debris":
            return _("%(v)s of debris cleared", v=self.qty(ch.qty, "吨", "t", tonnes=True))
        if ch.kind == "late" and ch.text == "zero_report_shown":
            return _("late reports received: %(n)s (all zero reports, they add to no figure); the revisions of the "
                     "earlier briefs show them", n=n)
        if ch.kind == "late" and ch.text == "shown":
            return _("late reports received: %(n)s; to-date figures include them, and the revisions of the "
                     "earlier briefs show them", n=n)
        if ch.kind == "late" and ch.text == "zero_report":
            return _("late reports now known: %(n)s (all zero reports, they add to no figure); the earlier briefs "
                     "show them in their next revision", n=n)
        if ch.kind == "late":
            return _("late reports now known: %(n)s; to-date figures include them, "
                     "the earlier briefs show them in their next revision", n=n)
        if ch.kind == "fell":
            return _("the to-date figure for %(what)s fell below the previous brief's; please check",
                     what=self.figure_name(ch.text or ""))
        return ch.kind

    def changes(self) -> str:
        """The changes since the previous brief, in sentences a leader can read aloud."""
        if not self.c.changes:
            return self._("No change reported since the previous brief.")
        return self._("; ").join(self.change(ch) for ch in self.c.changes) + self._(".")

    def overview(self) -> list[Paragraph]:
        """一、总体情况: power, pumping, disinfection, debris, changes."""
        _ = self._
        paragraphs = [(_("Power"), self.power()), (_("Pumping"), self.pumping()),
                      (_("Disinfection"), self.disinfection()), (_("Debris"), self.debris()),
                      (_("Since the previous brief"), self.changes())]
        # In English each opens as a sentence: "Power: Still without power…" stood beside "Disinfection: no new
        # report…" and "Since the previous brief: late reports…" (their first part is also said mid-sentence).
        return [Paragraph(label, text if self.zh else text[:1].upper() + text[1:]) for label, text in paragraphs]
