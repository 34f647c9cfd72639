"""The brief's tables in one language: key figures, 二、分街道, the open outages (and 三、待办与风险), 四、工作动态."""

from __future__ import annotations

from dataclasses import dataclass, field

from incidents.briefs.content import CategoryFigure
from incidents.briefs.content_power import OutageGroup, OutageLine
from incidents.briefs.quantities import Figure, Qty
from incidents.briefs.wording import Words
from incidents.csvfile import standalone
from incidents.formatting import size_not_reported


@dataclass
class FigureRow:
    """One row of the key-figures table."""

    item: str
    unit: str
    period: str
    to_date: str
    previous: str
    note: str = ""

    def __post_init__(self) -> None:
        # Alone in its cell, as the timeline's: Not reported, To date: affected (the sentences keep "not reported").
        # The unit stays as units are written: m³, t, households.
        self.period, self.to_date, self.previous, self.note = (
            standalone(self.period), standalone(self.to_date), standalone(self.previous), standalone(self.note))


@dataclass
class Table:
    """A table: header cells and rows of cells."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None  # a 合计 row under the rows (a reader's sum; not in the CSV, which is data)


class Tables(Words):
    """The rows and cells of the brief's tables, and the outstanding items read from the open outages."""

    def _fig_row(self, item: str, unit: str, f: Figure, *, tonnes: bool = False, note: str = "",
                 owed: bool = False, reports: int | None = None, reports_before: int | None = None) -> FigureRow:
        """`owed`: the period had work that should have given this figure (sites pumping, a clearance or round
        reaching the day): none given is 未报, as the overview says, not "—" (nothing to tell). Likewise to date:
        `reports` (`reports_before`: at the previous brief's cut-off) of its kind, none of them "—", some that
        gave none 未报; None (a brief stored before it counted them) reads 未报 as it did."""
        blank = "—"
        unsaid = self._("not reported")
        notes = [note] if note else []
        if f.period.approx or f.to_date.approx:
            notes.append(self._("≈ apportioned by hours worked"))
        if f.period.cum or f.to_date.cum:
            notes.append(self._("includes totals to date"))
        if f.fell:
            notes.append(self._("to date fell: check"))
        return FigureRow(item, unit,
                         self.qty(_plain(f.period), tonnes=tonnes, blank=unsaid if owed else blank),
                         self.qty(_plain(f.to_date), tonnes=tonnes, blank=blank if reports == 0 else unsaid),
                         self.qty(_plain(f.previous), tonnes=tonnes,
                                  blank=blank if f.previous is None or reports_before == 0 else unsaid),
                         self._("; ").join(notes))

    def _fell_note(self, name: str) -> str:
        """"; to date fell: check" after a power row's note where its 累计 reads lower than 上期's, as `_fig_row` says
        it of the quantities (the names `figures.power_falls` gave, which 五、数据质量 and the changes name too)."""
        return self._("; ") + self._("to date fell: check") if name in self.c.quality.falls else ""

    def unit_beside(self, row: FigureRow) -> str:
        """The unit a phone shows after a key figure's item (the unit column hidden): none in English where it
        says nothing more, "Streets (each)", "Buildings without power (buildings)"."""
        if self.zh or row.unit != self._("each") and row.unit.lower() not in row.item.lower():
            return row.unit
        return ""

    def figures(self) -> list[FigureRow]:
        """Key figures: this period, to date, the previous brief's to date."""
        _ = self._
        deployed = _("a job over several days counts on each of its days, once to date")
        p, pm, d, db = self.c.power, self.c.pumping, self.c.disinfection, self.c.debris
        # Outages came back in the period and no count was given: 未报 (something came back, how much unsaid),
        # as the text's 本日全部恢复供电的停电点1处 says; "—" would say nothing came back.
        back_blank = _("not reported") if p.restored_in_period or p.partial_in_period else "—"
        # 上期 of a count: the day before's 累计, "—" with no brief before (the volume's previous is then none too),
        # blank in a brief stored before it kept them.
        none_before = "—" if pm.volume_m3.previous is None else ""

        def carried(value: int | Qty | None) -> str:
            if value is None:
                return none_before
            return self.count(value) if isinstance(value, int) else self.qty(value)

        rows = [
            FigureRow(_("Outages still open"), _("places"), self.count(p.open_outages),
                      self.count(p.outages_to_date), carried(p.previous_outages_to_date),
                      _("to date: outages reported") + self._fell_note("power.outages_to_date")),
            FigureRow(_("Outages restored"), _("places"), self.count(p.restored_in_period),
                      self.count(p.restored_to_date), carried(p.previous_restored_to_date)),
            FigureRow(_("Buildings without power"), _("buildings"), self.qty(p.buildings_out),
                      self.qty(p.buildings_affected), carried(p.previous_buildings_affected),
                      self._still_out_note(p.buildings_out, p.buildings_unknown, _("building counts"))
                      + _("to date: affected") + self.unknown_note(p.buildings_affected_unknown, _("building counts"))
                      + self._fell_note("power.buildings_affected")),
            FigureRow(_("Households without power"), _("households"), self.qty(p.households_out),
                      self.qty(p.households_affected), carried(p.previous_households_affected),
                      self._still_out_note(p.households_out, p.households_unknown, _("household counts"))
                      + self._over_note() + _("to date: affected")
                      + self.unknown_note(p.households_affected_unknown, _("household counts"))
                      + self._fell_note("power.households_affected")),
            FigureRow(_("Buildings with power back"), _("buildings"),
                      self.qty(p.buildings_restored, blank=back_blank), "", "",
                      self._back_note(p.buildings_restored, p.buildings_back_unknown, _("building counts"))),
            FigureRow(_("Households with power back"), _("households"),
                      self.qty(p.households_restored, blank=back_blank), "", "",
                      self._back_note(p.households_restored, p.households_back_unknown, _("household counts"))),
            self._fig_row(_("Volume pumped"), "m³", pm.volume_m3, note=_(
                "to date: sites whose volume is not reported: %(n)s", n=self.count(pm.unmeasured))
                if pm.unmeasured and pm.volume_m3.to_date.value is not None else "", owed=bool(pm.active),
                reports=pm.operations_to_date, reports_before=pm.previous_operations_to_date),
            FigureRow(_("Pumping sites"), _("places"), self.count(pm.active), self.count(pm.operations_to_date),
                      carried(pm.previous_operations_to_date)),
            FigureRow(_("Pumping personnel"), _("people"), self.qty(pm.people, blank="—"), "", ""),
            self._fig_row(_("Disinfection personnel"), _("person-times"), d.person_times,
                          owed=bool(d.reports_in_period), reports=d.reports_to_date,
                          reports_before=d.previous_reports_to_date),
        ]
        if d.staff.to_date.value is not None:
            # On duty, not rounds: a day's staff are not summed across days.
            rows.append(FigureRow(_("Disinfection staff on duty"), _("people"),
                                  self.qty(_plain(d.staff.period), blank="—"), "—", "",
                                  _("people on duty, not person-times; not summed across days")))
        for cf in d.categories:
            unit = cf.unit_zh if self.zh else (cf.unit_en or _("each"))
            # An item of the table, capitalised as its neighbours (the English name is lower case for sentences).
            item = cf.name_zh if self.zh else cf.name_en[:1].upper() + cf.name_en[1:]
            rows.append(self._fig_row(item, unit, cf.figure, reports=d.reports_to_date,
                                      reports_before=d.previous_reports_to_date))
        # A clearance that reached the day and gave no such figure owes it: 未报, as the 累计 cell beside says.
        cleared = bool(db.reports_in_period)
        n, before = db.reports_to_date, db.previous_reports_to_date
        rows += [
            self._fig_row(_("Debris cleared"), _("t"), db.mass_kg, tonnes=True, owed=cleared, reports=n,
                          reports_before=before),
            self._fig_row(_("Debris truckloads"), _("truckloads"), db.truckloads, owed=cleared, reports=n,
                          reports_before=before),
            # Deployed, not apportioned (briefs/intervals.py): a job over two days is in each day's
            # column and once to date, so the days may add up to more than the total; said beside it.
            # The day's column is the people (vehicles) sent that day; to date, over days, person-times.
            self._fig_row(_("Clearance personnel"), _("people / person-times"), db.people, note=deployed,
                          owed=cleared, reports=n, reports_before=before),
            self._fig_row(_("Clearance vehicles"), _("vehicles / vehicle-times"), db.vehicles, note=deployed,
                          owed=cleared, reports=n, reports_before=before),
        ]
        return rows

    def _over_note(self) -> str:
        """"Now: at 2 places more than their own households; " before the to-date note (power.over_households)."""
        n = self.places_over_households()
        if not n:
            return ""
        if n == 1:
            return self._("now: at 1 place more than its own households, see 5. Data quality") + self._("; ")
        return self._("now: at %(n)s places more than their own households, see 5. Data quality",
                      n=self.count(n)) + self._("; ")

    def _still_out_note(self, out: Qty, unknown: int, what: str) -> str:
        """"Now: 1 more not reported; " before the to-date note, when the period's sum leaves open outages out."""
        if not unknown or out.value is None:
            return ""  # none left out, or the cell itself says 未报
        return self._("now: %(what)s not reported for %(n)s", what=what, n=self.count(unknown)) + self._("; ")

    def _back_note(self, back: Qty, unknown: int, what: str) -> str:
        """"Partial restorations included", and the outages back with no count the figure leaves out (as
        _still_out_note says those still out); none when the cell itself says 未报."""
        notes = [self._("partial restorations included")] if self.c.power.partial_in_period else []
        if unknown and back.value is not None:
            notes.append(self._("back in the period: %(what)s not reported for %(n)s, not counted",
                                what=what, n=self.count(unknown)))
        return self._("; ").join(notes)

    def subdistrict_table(self) -> Table:
        """二、分街道（镇）情况."""
        _ = self._
        table = Table([_("Subdistrict / town"), _("Still without power"), _("Restored in period"),
                       _("Pumped (m³): period / to date"), _("Disinfected, by category: period / to date"),
                       _("Debris (t): period / to date"), _("Reports")])
        # Places stating more households out than live there (places.more_than_live, at compiling): marked.
        over = {o.area_id: o.households for o in self.c.power.over_households}
        for r in self.c.subdistricts:
            name = self.name(r.name, r.name_en) if r.area_id is not None else _("District level")
            table.rows.append(_alone([
                name, self._power_cell(r.open_outages, r.buildings_out, r.households_out, r.buildings_unknown,
                                       r.households_unknown, over.get(r.area_id) if r.area_id is not None else None),
                self._back_cell(r.restored_in_period, r.buildings_restored, r.households_restored,
                                r.buildings_back_unknown, r.households_back_unknown),
                self._pair(r.volume_m3, owed=bool(r.pumping_active), reports=r.pumping_operations_to_date),
                self._by_category(r.disinfection),
                self._pair(r.debris_kg, tonnes=True, owed=bool(r.debris_reports_in_period),
                           reports=r.debris_reports_to_date),
                self.count(r.reports)]))
        if len(table.rows) > 1:
            # The district's own figures (the key figures'), not a sum of the cells: a sum of "≈" and "余"
            # cells would lose their marks; tests/briefs/test_subdistrict_total.py checks they agree.
            p, pm, d, db = self.c.power, self.c.pumping, self.c.disinfection, self.c.debris
            district = next((o.households for o in p.over_households if o.level == "district"), None)
            table.total = _alone([_("District total"),
                           self._power_cell(p.open_outages, p.buildings_out, p.households_out, p.buildings_unknown,
                                            p.households_unknown, district),
                           self._back_cell(p.restored_in_period, p.buildings_restored, p.households_restored,
                                           p.buildings_back_unknown, p.households_back_unknown),
                           # 未报 where the key figures say it (sites pumping, no m³ given), never "—" beside it.
                           self._pair(pm.volume_m3, owed=bool(pm.active), reports=pm.operations_to_date or 0),
                           self._by_category(d.categories),
                           self._pair(db.mass_kg, tonnes=True, owed=bool(db.reports_in_period),
                                      reports=db.reports_to_date or 0),
                           self.count(sum(r.reports for r in self.c.subdistricts))])
        return table

    def _power_cell(self, open_outages: int, buildings: Qty, households: Qty, b_unknown: int = 0,
                    h_unknown: int = 0, own: int | None = None) -> str:
        """Outages still open, with their buildings and households where known: "1（4栋、120户）"; "2（120户，多于该处
        登记的100户）" when that is more than the place's own households (`own`, from power.over_households); an
        open outage the sum leaves out (no such count given) said: "2（4栋、80户，另有1处栋数未报）"."""
        cell = self.count(open_outages)
        sizes = self._sizes_told(buildings, households, b_unknown, h_unknown) if open_outages else []
        if sizes and households.value is not None and own is not None:
            sizes.insert(1, self._("more than the %(own)s it has", own=self.qty(Qty(own), "户", "households")))
        return cell + (self._(" (%(h)s)", h=self._(", ").join(sizes)) if sizes else "")

    def _back_cell(self, restored: int, buildings: Qty, households: Qty, b_unknown: int = 0,
                   h_unknown: int = 0) -> str:
        """Outages restored in the period, with the buildings and households back: "2（恢复4栋、300户）", those
        back with no count left out of it: "2（恢复4栋、100户，另有1处户数未报）", and a unit none gave:
        "1（恢复2栋，户数未报）"."""
        cell = self.count(restored)
        # Something came back and no count of the other unit: 未报, as the key figures' 恢复供电楼栋 reads, a partial
        # restoration's too (the *_back_unknown counts are of outages fully back only): 0（恢复200户，栋数未报）.
        if buildings.value is None and households.value:
            b_unknown = b_unknown or 1
        if households.value is None and buildings.value:
            h_unknown = h_unknown or 1
        # A count of 0 back says nothing came back: left out, as before buildings were shown.
        sizes = self._sizes_told(buildings if buildings.value else Qty(), households if households.value else Qty(),
                                 b_unknown, h_unknown)
        if sizes and (buildings.value or households.value):
            sizes[0] = self._("%(h)s back", h=sizes[0])
        if sizes:
            cell += self._(" (%(h)s)", h=self._(", ").join(sizes))
        return cell

    def _sizes_told(self, buildings: Qty, households: Qty, b_unknown: int, h_unknown: int) -> list[str]:
        """"4栋、80户" and what the sums leave out, "另有1处栋数未报" (the unit named where the cell names both):
        the parts of a 二、分街道 cell's parenthesis; "3栋，户数未报" when no outage gave the other unit;
        "户数、栋数未报" when neither count is known and an outage left them unsaid (none when nothing is left out)."""
        _ = self._
        shown = [(q, zh, en, left) for q, zh, en, left in ((buildings, "栋", "buildings", b_unknown),
                                                           (households, "户", "households", h_unknown))
                 if q.value is not None]
        if not shown:
            # Every outage in it silent on both counts, or on the one unit the others leave unknown too: said 未报,
            # as the key figures and the overview say it, not the bare count of outages.
            if b_unknown and h_unknown:
                return [size_not_reported(self.lang)]
            if b_unknown or h_unknown:
                return [_("%(what)s not reported", what=_("building counts") if b_unknown else _("household counts"))]
            return []
        parts = [self.enum([self.qty(q, zh, en) for q, zh, en, _left in shown])]
        b_left = b_unknown if buildings.value is not None else 0
        h_left = h_unknown if households.value is not None else 0
        # The other unit given by none of them: 1（3栋，户数未报）, as the key figures' 未报 and 三、's 户数未报
        # say it; 1（3栋） alone read as no households out. The unit left out is then named: both are in the cell.
        unsaid = (b_unknown if buildings.value is None else 0, h_unknown if households.value is None else 0)
        if any(unsaid):
            parts.append(_("%(what)s not reported", what=_("building counts") if unsaid[0] else _("household counts")))
        if len(shown) == 1 and not any(unsaid) and (b_left or h_left):
            parts.append(_("%(n)s more not reported", n=self.count(b_left or h_left)))
        elif b_left and h_left:
            parts.append(_("building counts not reported for %(b)s more, household counts for %(h)s",
                           b=self.count(b_left), h=self.count(h_left)))
        elif b_left or h_left:
            parts.append(_("%(what)s not reported for %(n)s more", n=self.count(b_left or h_left),
                           what=_("building counts") if b_left else _("household counts")))
        return parts

    def _by_category(self, figures: list[CategoryFigure]) -> str:
        """Each category with its own unit (街道1 / 26条), never one sum of streets, courtyards and trucks."""
        if not figures:
            return "— / —"
        return self.enum([(cf.name_zh if self.zh else cf.name_en) + ("" if self.zh else " ")
                          # The period's cell says it includes totals to date (截至目前): this table has no
                          # note column, and such a count is no day's work (a sum may mix both kinds).
                          + self.qty(_plain(cf.figure.period), cf.unit_zh, cf.unit_en, blank="—")
                          + (self._(" (includes totals to date)") if cf.figure.period.cum else "") + " / "
                          + self.qty(_plain(cf.figure.to_date), cf.unit_zh, cf.unit_en, blank="—")
                          for cf in figures])

    def _pair(self, f: Figure, tonnes: bool = False, owed: bool = False, reports: int = 0) -> str:
        """A 二、分街道 cell, "period / to date": a figure not given is "—", or 未报 where it was owed as the key
        figures' `_fig_row` reads it (`owed`: work in the period; `reports`: of its kind to date)."""
        unsaid = self._("not reported")
        return (self.qty(_plain(f.period), tonnes=tonnes, blank=unsaid if owed else "—") + " / "
                + self.qty(_plain(f.to_date), tonnes=tonnes, blank=unsaid if reports else "—"))

    def outage_table(self) -> Table:
        """Open outages (longest first) for the outstanding list and the CSV."""
        _ = self._
        table = Table([_("Place"), _("Subdistrict / town"), _("Since"), _("Hours without power"),
                       _("Buildings out"), _("Households out"), _("Estimated restoration"), _("Note"),
                       _("Outstanding item")])
        for o in self.c.power.open:
            hours = "—" if o.hours_out is None else (("约" if self.zh else "≈") if o.hours_approx else "") + \
                self.count(o.hours_out)
            note = []
            if o.overdue:
                note.append(_("overdue"))
            if o.restored_after.at is not None:
                note.append(self.restored_later(o))
            if o.out_again.at is not None:
                note.append(_("out again after a full restoration; first cut %(t)s", t=self.when(o.started)))
            if o.etr_after:
                note.append(_("estimated restoration given after 24:00"))
            since = o.out_again if o.out_again.at is not None else o.started
            table.rows.append(_alone([self.name(o.area, o.area_en), self.name(o.subdistrict, o.subdistrict_en),
                               self.when(since), hours, self.qty(o.buildings_out), self.qty(o.households_out),
                               self.when(o.etr), _("; ").join(note),
                               # The place whose item of 三、待办与风险 counts it (blank in a brief stored before).
                               self.name(o.place, o.place_en) if o.place else ""]))
        more = self.c.power.open_total - len(self.c.power.open)
        if more > 0:  # the brief keeps the 30 out longest: a sheet cut unsaid reads as every outage still open
            table.rows.append([_("%(n)s more outages still open are not in this table (it lists the %(shown)s out "
                                 "longest): see the restoration timeline for all of them", n=self.count(more),
                                 shown=self.count(len(self.c.power.open)))] + [""] * (len(table.header) - 1))
        return table

    def _out_for(self, o: OutageLine) -> str:
        """How long an open outage has lasted, as a sentence goes on: 已5小时, 不足1小时 (never 已0小时), or nothing."""
        if o.hours_out is None:
            return ""
        if o.hours_out == 0:
            return self._(", for under an hour")
        hours = (("约" if self.zh else "≈") if o.hours_approx else "") + self.count(o.hours_out)
        return self._(", for %(h)s hour", h=hours) if o.hours_out == 1 else self._(", for %(h)s hours", h=hours)

    def outstanding(self) -> list[str]:
        """三、待办与风险: open outages with ETR, overdue ones, sites still pumping."""
        _ = self._
        p = self.c.power
        if p.open_groups:
            # By place: one item per community (its outages counted and summed), an outage alone keeps its own.
            alone = {o.outage_id: o for o in p.open}
            lines = [self._outage_item(alone[g.outage_ids[0]]) if len(g.outage_ids) == 1 and g.outage_ids[0] in alone
                     else self._place_item(g) for g in p.open_groups]
            more = p.open_groups_total - len(p.open_groups)
            if more > 0:
                lines.append(_("More places still without power: %(n)s (see the restoration timeline).",
                               n=self.count(more)))
        else:  # a brief stored before it knew the places: one item per outage
            lines = [self._outage_item(o) for o in p.open]
            more = p.open_total - len(p.open)
            if more > 0:
                lines.append(_("More outages still open: %(n)s (see the restoration timeline).", n=self.count(more)))
        end = self.c.header.period_end
        for op in self.c.pumping.operations:
            if op.ended.at is None or op.ended.at > end:
                lines.append(_("%(area)s: %(team)s still pumping (since %(since)s).",
                               area=self._place(op.area, op.area_en, op.subdistrict, op.subdistrict_en),
                               team=self.name(op.team, op.team_en), since=self.when(op.started)))
        if not lines:
            lines.append(_("Nothing outstanding reported."))
        return lines

    def _place_item(self, g: OutageGroup) -> str:
        """东风社区（甲街道）：仍停电5处，共100户，最早自…起停电；最早预计恢复时间…；已超时2处：1号楼（预计…）、…."""
        _ = self._
        place = self._place(g.area, g.area_en, None if g.level in ("subdistrict", "district") else g.subdistrict,
                            g.subdistrict_en)
        n = len(g.outage_ids)
        if g.households_out.value is None:
            size = _("household counts not reported")
        else:
            size = _("%(h)s altogether", h=self.qty(g.households_out, "户", "households"))
            notes = []  # in one bracket: two in a row read as a typing slip
            if g.households_unknown:
                notes.append(_("no household count for %(n)s of them, not counted", n=self.count(g.households_unknown)))
            over = next((o for o in self.c.power.over_households if o.area_id == g.area_id), None)
            if over is not None:  # places.more_than_live said so at compiling: the figure stands, marked
                notes.append(_("more than the %(own)s it has: see 5. Data quality",
                               own=self.qty(Qty(over.households), "户", "households")))
            if notes:
                size += _(" (%(list)s)", list=_("; ").join(notes))
        line = _("%(place)s: %(n)s outages still open, %(size)s, the first since %(since)s",
                 place=place, n=self.count(n), size=size, since=self.when(g.since))
        if g.etr.at is not None:
            line += _("; earliest estimated restoration %(etr)s", etr=self.when(g.etr))
            if g.etr_after and g.no_etr:  # one bracket: two in a row read as a typing slip
                line += _(" (given after 24:00; none yet for %(n)s of them)", n=self.count(g.no_etr))
            elif g.etr_after:
                line += _(" (given after 24:00)")
            elif g.no_etr:
                line += _(" (none yet for %(n)s of them)", n=self.count(g.no_etr))
        elif g.no_etr:
            line += _("; no estimated restoration yet for %(n)s of them", n=self.count(g.no_etr))
        if g.overdue_total:
            named = self.enum([_("%(area)s (due %(etr)s)", area=self.name(o.area, o.area_en), etr=self.when(o.etr))
                               for o in g.overdue])
            if g.overdue_total > len(g.overdue):
                named += _(" and %(n)s more", n=self.count(g.overdue_total - len(g.overdue)))
            line += _("; overdue: %(n)s: %(list)s", n=self.count(g.overdue_total), list=named)
        if g.restored_after.at is not None:
            line += _("; ") + self.restored_later(g)
        elif g.restored_later:
            line += _("; ") + _("%(n)s of them restored since (next brief)", n=self.count(g.restored_later))
        return line + _(".")

    def _place(self, area: str, area_en: str | None, sub: str | None, sub_en: str | None) -> str:
        """A place of 三、待办与风险 with its subdistrict, 乙小区（乙街道）; a subdistrict's own name alone."""
        # Named whether the place has one outage or several: the reader calls that subdistrict about it.
        place = self.name(area, area_en)
        if sub and sub != area:
            place += self._(" (%(sub)s)", sub=self.name(sub, sub_en))
        return place

    def _outage_item(self, o: OutageLine) -> str:
        """One open outage as an outstanding item: where (with its subdistrict), since when, for how long, its ETR
        (one given after 24:00, known by the cut-off, says so)."""
        _ = self._
        place = self._place(o.area, o.area_en, o.subdistrict, o.subdistrict_en)
        etr = self.when(o.etr) + (_(" (given after 24:00)") if o.etr_after else "")
        if o.out_again.at is not None:
            line = _("%(area)s: power cut again %(since)s after it had been restored%(duration)s; "
                     "estimated restoration %(etr)s", area=place,
                     since=self.when(o.out_again), duration=self._out_for(o), etr=etr)
        else:
            line = _("%(area)s: without power since %(since)s%(duration)s; estimated restoration %(etr)s",
                     area=place, since=self.when(o.started), duration=self._out_for(o), etr=etr)
        if o.overdue:
            line += _(" (overdue)")
        if o.restored_after.at is not None:
            line += _("; ") + self.restored_later(o)
        return line + _(".")

    def activity(self) -> list[tuple[str, str, str]]:
        """四、工作动态: (time, place, what)."""
        rows = []
        for a in self.c.activity:
            what = a.title + (self._(" (source: %(s)s)", s=a.source) if a.source else "")
            rows.append((self.when(a.when), self.name(a.area, a.area_en), what))
        return rows

    def activity_more(self) -> str:
        """A line when the log was cut short."""
        more = self.c.activity_total - len(self.c.activity)
        return self._("More entries in the activity log: %(n)s.", n=self.count(more)) if more > 0 else ""


def _alone(cells: list[str]) -> list[str]:
    """A row's cells, each standing alone: Not reported, Overdue, Streets 1 / 26 (csvfile.standalone)."""
    return [standalone(cell) for cell in cells]


def _plain(q: Qty | None) -> Qty | None:
    # Tables have a note column for "to date as reported"; the cell keeps the number short.
    return None if q is None else Qty(q.value, q.lb, q.approx, False, q.ub)

