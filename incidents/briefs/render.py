"""Reading a compiled brief in one language: the sentences, lines and table cells every format uses.

No Flask here: the HTML page, the print page, plain text, Markdown, CSV and DOCX all take their
words from a `Reading`, so they say the same things in the same order. Message ids are English;
Chinese comes from the briefs catalog (incidents/briefs/translations).

Why one module of about 700 lines: it is one class, `Reading`, the brief's whole vocabulary in
one language, read top to bottom in the order the brief is (header, overview paragraphs, key
figures, tables, outstanding items, data quality). Its methods call each other's small pieces
(`qty`, `when`, `name`, `enum`) throughout; splitting it into mixins would scatter one voice over
files without making any part stand alone. It holds no SQL and no format (DOCX, CSV and the rest
are in formats.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.support import NullTranslations, Translations

from incidents.briefs.content import BriefContent, CategoryFigure, Change, Figure, OutageLine, Qty, When
from incidents.formatting import fmt_day, fmt_number, fmt_quantity, fmt_time, zone_mark

CATALOG = Path(__file__).parent / "translations"
# The overview names a few places; the full lists are in the outstanding items and the CSV.
OVERVIEW_NAMES = 5
Translate = Callable[..., str]


@lru_cache(maxsize=4)
def _catalog(lang: str) -> NullTranslations:
    # Translations.load falls back to a NullTranslations when the catalog is missing.
    return Translations.load(str(CATALOG), [lang], "messages")


def translator(lang: str) -> Translate:
    """gettext for one language: `_("%(n)s restored", n=3)`; English ids read as they are."""
    catalog = _catalog("zh") if lang == "zh" else None

    def _(message: str, **params: Any) -> str:
        text = catalog.gettext(message) if catalog is not None else message
        return text % params if params else text

    return _


def lang_of(locale: str | None) -> str:
    """'en' for English locales, else 'zh'."""
    return "en" if (locale or "zh").startswith("en") else "zh"


@dataclass
class FigureRow:
    """One row of the key-figures table."""

    item: str
    unit: str
    period: str
    to_date: str
    previous: str
    note: str = ""


@dataclass
class Table:
    """A table: header cells and rows of cells."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Paragraph:
    """A labelled paragraph of the overview (停电：…)."""

    label: str
    text: str


class Reading:
    """A brief read in one language."""

    def __init__(self, content: BriefContent, lang: str = "zh") -> None:
        self.c = content
        self.lang = lang_of(lang)
        self.tz = ZoneInfo(content.header.timezone)
        self._ = translator(self.lang)
        self.zh = self.lang == "zh"

    # ---- small pieces ---------------------------------------------------------------------

    def name(self, zh: str | None, en: str | None) -> str:
        """A place name in the reader's language (Chinese when no English name is known)."""
        if not self.zh and en:
            return en
        return zh or ""

    def when(self, w: When | None, with_day: bool = True) -> str:
        """A vague time as vague as it is: 7月24日下午, 约21:00."""
        if w is None or w.at is None:
            return self._("not reported")
        return fmt_time(w.at, w.precision, self.tz, self.lang, with_day)

    def local(self, at: datetime, fmt_zh: str = "%Y年%-m月%-d日 %H:%M", fmt_en: str = "%-d %b %Y %H:%M") -> str:
        """An exact local time (with its zone's abbreviation where the clocks change: formatting.zone_mark)."""
        local = at.astimezone(self.tz)
        return local.strftime(fmt_zh if self.zh else fmt_en) + zone_mark(local)

    def qty(self, q: Qty | None, unit_zh: str = "", unit_en: str = "", *, tonnes: bool = False,
            blank: str | None = None, mark_cum: bool = True) -> str:
        """A quantity with its honesty marks: 约8,333立方米, 30余吨, 未报; `blank` for no report."""
        if q is None or q.value is None:
            return blank if blank is not None else self._("not reported")
        value: int | Decimal = q.value
        digits = 0
        if tonnes:
            value = (Decimal(q.value) / 1000).quantize(Decimal("0.1")).normalize()
            digits = 1
        unit = unit_zh if self.zh else unit_en
        text = fmt_quantity(value, q.lb, unit, self.lang, digits, q.approx)
        if q.cum and mark_cum:
            text += self._(" (to date, as reported)")
        return text

    def count(self, n: int) -> str:
        """A plain count."""
        return fmt_number(n, self.lang)

    def unknown_note(self, n: int, what: str) -> str:
        """", 2 more not reported" after a sum that leaves out outages of unknown size."""
        if not n:
            return ""
        return self._("; %(what)s not reported for %(n)s", what=what, n=self.count(n))

    # ---- header ---------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """文峰区防汛救灾工作日报; a typhoon's brief is 防台风工作日报 (the title follows the event's kind)."""
        h = self.c.header
        place = self.name(h.district, h.district_en) or self.name(h.event_name, h.event_name_en)
        if h.event_kind == "typhoon":
            return self._("%(place)s typhoon response daily brief", place=place)
        if h.event_kind == "rainstorm":
            return self._("%(place)s rainstorm and flood response daily brief", place=place)
        if h.event_kind == "other":
            return self._("%(place)s emergency response daily brief", place=place)
        return self._("%(place)s flood response daily brief", place=place)

    @property
    def event_line(self) -> str:
        """The event the brief is about."""
        h = self.c.header
        return self.name(h.event_name, h.event_name_en)

    @property
    def number_line(self) -> str:
        """第 3 期, with the revision and a provisional mark."""
        h = self.c.header
        text = self._("No. %(n)s", n=h.number)
        if h.revision > 1:
            text += self._(" (revision %(r)s)", r=h.revision)
        return text

    @property
    def status_note(self) -> str:
        """A provisional brief says so at the top."""
        if self.c.header.provisional:
            return self._("PROVISIONAL: the period is not over; figures as known at %(t)s.",
                          t=self.local(self.c.header.cutoff))
        return ""

    @property
    def issuer(self) -> str:
        """Who issues it (its English name in English, where the event gives one)."""
        h = self.c.header
        return self.name(h.issuer, h.issuer_en)

    @property
    def signed(self) -> bool:
        """Signed off (签发): published."""
        return self.c.header.status == "published"

    @property
    def issued(self) -> str:
        """The masthead's right side: 签发人：张三　2021年7月25日 09:10 签发, or 待签发 until then."""
        h = self.c.header
        if h.provisional:
            return self._("provisional, not for sign-off")
        if not self.signed:
            return self._("awaiting sign-off")
        when = self.local(h.signed_at) if h.signed_at else ""
        return self._("signed off by %(who)s, %(t)s", who=h.signed_by or self._("unknown"), t=when)

    @property
    def zone_name(self) -> str:
        """北京时间 for Asia/Shanghai, else the zone and its offset."""
        h = self.c.header
        if h.timezone in ("Asia/Shanghai", "Asia/Chongqing", "PRC"):
            return self._("Beijing time")
        return h.timezone

    @property
    def period_line(self) -> str:
        """统计时段：2021年7月24日 0:00—24:00（北京时间）."""
        h = self.c.header
        day = fmt_day(h.period_start, self.tz, self.lang, year=True)
        text = self._("Period: %(day)s 0:00–24:00 (%(zone)s)", day=day, zone=self.zone_name)
        if h.period_hours != 24:
            text += self._(", %(h)s hours (daylight saving)", h=h.period_hours)
        return text

    @property
    def cutoff_line(self) -> str:
        """数据截至：7月25日 08:00 已收报告."""
        return self._("Figures: reports received by %(t)s", t=self.local(self.c.header.cutoff))

    @property
    def compiled_line(self) -> str:
        """Compiled by the scheduler or a person, revision and status."""
        h = self.c.header
        who = h.compiled_by or self._("the scheduler")
        return self._("Compiled %(t)s by %(who)s; revision %(r)s", t=self.local(h.compiled_at),
                      who=who, r=h.revision)

    # ---- overview -------------------------------------------------------------------------

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
            parts.append(self._("size not reported"))
        if o.restored_after.at is not None:
            parts.append(self.restored_later(o))
        return self.name(o.area, o.area_en) + self._(": ") + self._(", ").join(parts)

    def restored_later(self, o: OutageLine) -> str:
        """A restoration after the period, known by the cut-off: in the next brief, or in which day's."""
        at = o.restored_after.at
        if at is None:
            return ""
        day = at.astimezone(self.tz).date()
        if day == self.c.header.day + timedelta(days=1):
            return self._("restored %(t)s (next brief)", t=self.when(o.restored_after))
        return self._("restored %(t)s (counted in the brief of %(day)s)", t=self.when(o.restored_after),
                      day=fmt_day(_noon(day, self.tz), self.tz, self.lang))

    def _sizes(self, buildings: Qty, households: Qty) -> str:
        """24栋、300户: only the figures that were reported."""
        parts = []
        if buildings.value is not None:
            parts.append(self.qty(buildings, "栋", "buildings"))
        if households.value is not None:
            parts.append(self.qty(households, "户", "households"))
        return self.enum(parts)

    def enum(self, items: list[str]) -> str:
        """A list of names or figures: 、 in Chinese, commas in English."""
        return ("、" if self.zh else ", ").join(items)

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
        shown = p.open[:OVERVIEW_NAMES]
        opened = sep.join(self._outage_brief(o) for o in shown)
        if p.open_total > len(shown):
            opened += _(" and %(n)s more", n=self.count(p.open_total - len(shown)))
        text = _("Still without power at %(t)s: %(n)s", t=self._at_end(), n=self.count(p.open_outages))
        if p.open_outages:
            text += _(" (%(list)s)", list=opened)
        still = self._sizes(p.buildings_out, p.households_out)
        if still:
            text += _(", %(what)s still out", what=still)
        back = self._sizes(p.buildings_restored, p.households_restored)
        if back:
            # The fall in units out over the period, partial restorations included.
            text += _("; power back in the period for %(what)s (partial restorations included)", what=back)
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
                pct = getattr(p, f"pct_restored_{name}")
                text += _("; peak %(peak)s without power, %(pct)s%% of it restored",
                          peak=self.qty(peak, unit_zh, unit_en),
                          pct="—" if pct is None else fmt_number(pct, self.lang, 1))
                unknown = getattr(p, f"peak_{name}_unknown")
                if unknown:
                    text += _(" (not counting outages of unknown size: %(n)s)", n=self.count(unknown))
        return text + _(".")

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
            text += _("; pumped in the period %(v)s", v=self.qty(v.period, "立方米", "m³"))
            if v.period.approx:
                text += _(" (apportioned by hours worked, an estimate)")
        text += _(", to date %(v)s", v=self.qty(v.to_date, "立方米", "m³"))
        if pm.still_pumping:
            text += _("; still pumping at the end of the period: %(n)s", n=self.count(pm.still_pumping))
        return text + _(".")

    def _category_list(self, kind: str, which: str) -> str:
        items = []
        for cf in self.c.disinfection.categories:
            if cf.kind != kind:
                continue
            q = getattr(cf.figure, which)
            if q.value is None:
                continue
            name = cf.name_zh if self.zh else cf.name_en
            unit = cf.unit_zh if self.zh else cf.unit_en
            if q.value < 0:
                # A smaller total to date than before: said as a decrease, flagged in data quality.
                items.append(self._("%(name)s down by %(q)s", name=name, q=self.qty(
                    Qty(-q.value, q.lb, q.approx), unit, unit, mark_cum=False)))
                continue
            items.append(name + ("" if self.zh else " ") + self.qty(q, unit, unit, mark_cum=False))
        return self.enum(items)

    def disinfection(self) -> str:
        """The disinfection paragraph."""
        d, _ = self.c.disinfection, self._
        if not d.categories and d.person_times.to_date.value is None and d.staff.to_date.value is None:
            return _("No disinfection reported.")
        parts = []
        sites, kit = self._category_list("site", "period"), self._category_list("equipment", "period")
        if not d.reports_in_period:
            parts.append(_("no new report in the period"))
        else:
            day = []
            if sites:
                day.append(_("disinfected %(list)s", list=sites))
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
            cleared = self.enum([self.qty(f, unit_zh, unit_en, tonnes=tonnes) for f, unit_zh, unit_en, tonnes in (
                (d.mass_kg.period, "吨", "t", True), (d.truckloads.period, "车", "truckloads", False))
                if f.value is not None])
            day = [_("cleared in the period ") + (cleared or _("not reported"))]
            if d.mass_kg.period.approx or d.truckloads.period.approx:
                day[0] += _(" (apportioned by hours worked, an estimate)")
            if d.people.period.value is not None:
                day.append(_("%(n)s deployed", n=self.qty(d.people.period, "人次", "person-times")))
            if d.vehicles.period.value is not None:
                day.append(_("vehicles %(n)s", n=self.qty(d.vehicles.period, "台次", "vehicle-times")))
            parts.append(_(", ").join(day))
        total = []
        if d.mass_kg.to_date.value is not None:
            total.append(self.qty(d.mass_kg.to_date, "吨", "t", tonnes=True))
        if d.truckloads.to_date.value is not None:
            total.append(self.qty(d.truckloads.to_date, "车", "truckloads"))
        if total:
            parts.append(_("to date ") + _(", ").join(total))
        return _("; ").join(parts) + _(".")

    def change(self, ch: Change) -> str:
        """One change as a sentence."""
        _ = self._
        area = self.name(ch.area, ch.area_en)
        n = self.count(ch.count or 0)
        if ch.kind == "restored":
            return _("%(area)s: power restored %(t)s", area=area, t=self.when(ch.when))
        names = self.enum([self.name(zh, en) for zh, en in zip(ch.names, ch.names_en or ch.names, strict=False)])
        if ch.kind == "restored_many":
            return _("power restored at %(n)s places (%(names)s and others)", n=n, names=names)
        if ch.kind == "outage_new":
            return _("%(area)s: power cut %(t)s", area=area, t=self.when(ch.when))
        if ch.kind == "outage_new_many":
            return _("new outages at %(n)s places (%(names)s and others)", n=n, names=names)
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
        if ch.kind == "volume_reported":
            return _("%(area)s reported %(v)s pumped from %(a)s to %(b)s, spread over those days",
                     area=area, v=self.qty(ch.qty, "立方米", "m³"), a=self.when(ch.when), b=self.when(ch.until))
        if ch.kind == "disinfection_to_date":
            return _("%(area)s reported its disinfection totals to date", area=area)
        if ch.kind == "debris":
            return _("%(v)s of debris cleared", v=self.qty(ch.qty, "吨", "t", tonnes=True))
        if ch.kind == "late":
            return _("late reports received: %(n)s; to-date figures include them, "
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
        return [Paragraph(_("Power"), self.power()), Paragraph(_("Pumping"), self.pumping()),
                Paragraph(_("Disinfection"), self.disinfection()), Paragraph(_("Debris"), self.debris()),
                Paragraph(_("Since the previous brief"), self.changes())]

    # ---- tables ---------------------------------------------------------------------------

    def figure_name(self, key: str) -> str:
        """The display name of a figure key."""
        _ = self._
        names = {"pumping.volume_m3": _("Volume pumped"), "debris.mass_kg": _("Debris cleared"),
                 "debris.truckloads": _("Debris truckloads"),
                 "disinfection.person_times": _("Disinfection personnel")}
        if key in names:
            return names[key]
        code = key.split(".", 1)[-1]
        cat = next((c for c in self.c.disinfection.categories if c.code == code), None)
        return (cat.name_zh if self.zh else cat.name_en) if cat else key

    def _fig_row(self, item: str, unit: str, f: Figure, *, tonnes: bool = False, note: str = "") -> FigureRow:
        blank = "—"
        notes = [note] if note else []
        if f.period.approx or f.to_date.approx:
            notes.append(self._("≈ apportioned by hours worked"))
        if f.period.cum or f.to_date.cum:
            notes.append(self._("includes totals to date (截至目前)"))
        if f.fell:
            notes.append(self._("to date fell: check"))
        return FigureRow(item, unit, self.qty(_plain(f.period), tonnes=tonnes, blank=blank),
                         self.qty(_plain(f.to_date), tonnes=tonnes, blank=self._("not reported")),
                         self.qty(_plain(f.previous), tonnes=tonnes, blank=blank), self._("; ").join(notes))

    def figures(self) -> list[FigureRow]:
        """Key figures: this period, to date, the previous brief's to date."""
        _ = self._
        p, pm, d, db = self.c.power, self.c.pumping, self.c.disinfection, self.c.debris
        rows = [
            FigureRow(_("Outages still open"), _("places"), self.count(p.open_outages),
                      self.count(p.outages_to_date), "", _("to date: outages reported")),
            FigureRow(_("Outages restored"), _("places"), self.count(p.restored_in_period),
                      self.count(p.restored_to_date), ""),
            FigureRow(_("Buildings without power"), _("buildings"), self.qty(p.buildings_out),
                      self.qty(p.buildings_affected), "",
                      _("to date: affected") + self.unknown_note(p.buildings_unknown, _("building counts"))),
            FigureRow(_("Households without power"), _("households"), self.qty(p.households_out),
                      self.qty(p.households_affected), "",
                      _("to date: affected") + self.unknown_note(p.households_unknown, _("household counts"))),
            FigureRow(_("Households with power back"), _("households"),
                      self.qty(p.households_restored, blank="—"), "", "", _("partial restorations included")),
            self._fig_row(_("Volume pumped"), "m³", pm.volume_m3),
            FigureRow(_("Pumping sites"), _("places"), self.count(pm.active), self.count(pm.operations_to_date),
                      ""),
            FigureRow(_("Pumping personnel"), _("people"), self.qty(pm.people, blank="—"), "", ""),
            self._fig_row(_("Disinfection personnel"), _("person-times"), d.person_times),
        ]
        if d.staff.to_date.value is not None:
            # On duty, not rounds: a day's staff are not summed across days.
            rows.append(FigureRow(_("Disinfection staff on duty"), _("people"),
                                  self.qty(_plain(d.staff.period), blank="—"), "—", "",
                                  _("people on duty, not person-times; not summed across days")))
        for cf in d.categories:
            unit = cf.unit_zh if self.zh else (cf.unit_en or _("each"))
            rows.append(self._fig_row(cf.name_zh if self.zh else cf.name_en, unit, cf.figure))
        rows += [
            self._fig_row(_("Debris cleared"), _("t"), db.mass_kg, tonnes=True),
            self._fig_row(_("Debris truckloads"), _("truckloads"), db.truckloads),
            self._fig_row(_("Clearance personnel"), _("person-times"), db.people),
            self._fig_row(_("Clearance vehicles"), _("vehicle-times"), db.vehicles),
        ]
        return rows

    def subdistrict_table(self) -> Table:
        """二、分街道（镇）情况."""
        _ = self._
        table = Table([_("Subdistrict / town"), _("Still without power"), _("Restored in period"),
                       _("Pumped m³ period / to date"), _("Disinfected, by category: period / to date"),
                       _("Debris t period / to date"), _("Reports")])
        for r in self.c.subdistricts:
            name = self.name(r.name, r.name_en) if r.area_id is not None else _("District-wide")
            still = self.count(r.open_outages)
            if r.open_outages and r.households_out.value is not None:
                still += _(" (%(h)s)", h=self.qty(r.households_out, "户", "households"))
            back = self.count(r.restored_in_period)
            if r.households_restored.value:
                back += _(" (%(h)s back)", h=self.qty(r.households_restored, "户", "households"))
            table.rows.append([
                name, still, back,
                self._pair(r.volume_m3), self._by_category(r.disinfection), self._pair(r.debris_kg, tonnes=True),
                self.count(r.reports)])
        return table

    def _by_category(self, figures: list[CategoryFigure]) -> str:
        """Each category with its own unit (街道1 / 26条), never one sum of streets, courtyards and trucks."""
        if not figures:
            return "— / —"
        return self.enum([(cf.name_zh if self.zh else cf.name_en) + ("" if self.zh else " ")
                          + self.qty(_plain(cf.figure.period), cf.unit_zh, cf.unit_en, blank="—") + " / "
                          + self.qty(_plain(cf.figure.to_date), cf.unit_zh, cf.unit_en, blank="—")
                          for cf in figures])

    def _pair(self, f: Figure, tonnes: bool = False) -> str:
        return (self.qty(_plain(f.period), tonnes=tonnes, blank="—") + " / "
                + self.qty(_plain(f.to_date), tonnes=tonnes, blank="—"))

    def outage_table(self) -> Table:
        """Open outages (longest first) for the outstanding list and the CSV."""
        _ = self._
        table = Table([_("Place"), _("Subdistrict / town"), _("Since"), _("Hours without power"),
                       _("Buildings out"), _("Households out"), _("Estimated restoration"), _("Note")])
        for o in self.c.power.open:
            hours = "—" if o.hours_out is None else (("约" if self.zh else "≈") if o.hours_approx else "") + \
                self.count(o.hours_out)
            note = []
            if o.overdue:
                note.append(_("overdue"))
            if o.restored_after.at is not None:
                note.append(self.restored_later(o))
            table.rows.append([self.name(o.area, o.area_en), self.name(o.subdistrict, o.subdistrict_en),
                               self.when(o.started), hours, self.qty(o.buildings_out), self.qty(o.households_out),
                               self.when(o.etr), _("; ").join(note)])
        return table

    def outstanding(self) -> list[str]:
        """三、待办与风险: open outages with ETR, overdue ones, sites still pumping."""
        _ = self._
        lines = []
        for o in self.c.power.open:
            hours = "" if o.hours_out is None else (("约" if self.zh else "≈") if o.hours_approx else "") + \
                self.count(o.hours_out)
            line = _("%(area)s: without power since %(since)s, %(h)s hours; estimated restoration %(etr)s",
                     area=self.name(o.area, o.area_en), since=self.when(o.started), h=hours, etr=self.when(o.etr))
            if o.overdue:
                line += _(" (overdue)")
            if o.restored_after.at is not None:
                line += _("; ") + self.restored_later(o)
            lines.append(line + _("."))
        more = self.c.power.open_total - len(self.c.power.open)
        if more > 0:
            lines.append(_("More outages still open: %(n)s (see the restoration timeline).", n=self.count(more)))
        end = self.c.header.period_end
        for op in self.c.pumping.operations:
            if op.ended.at is None or op.ended.at > end:
                lines.append(_("%(area)s: %(team)s still pumping (since %(since)s).",
                               area=self.name(op.area, op.area_en), team=self.name(op.team, op.team_en),
                               since=self.when(op.started)))
        if not lines:
            lines.append(_("Nothing outstanding reported."))
        return lines

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

    def quality(self) -> list[str]:
        """五、数据质量: unverified, late, silent subdistricts, blank sections, estimates, revisions."""
        qy, _ = self.c.quality, self._
        lines = [_("Reports used for this period: %(n)s, of them %(u)s not yet verified.",
                   n=self.count(qy.reports_used), u=self.count(qy.unverified))]
        if qy.returned:
            items = _("; ").join(
                _("%(kind)s at %(area)s, %(t)s", kind=self.kind(rr.kind), area=self.name(rr.area, rr.area_en),
                  t=self.when(rr.observed)) + (_(" (reason: %(r)s)", r=rr.reason) if rr.reason else "")
                for rr in qy.returned_reports)
            more = qy.returned - len(qy.returned_reports)
            if more > 0:
                items += _(" and %(n)s more", n=self.count(more))
            lines.append(_("Reports sent back for correction: %(n)s (%(list)s); they count in no figure "
                           "until resubmitted.", n=self.count(qy.returned), list=items))
        if qy.late_total:
            items = _("; ").join(
                _("%(kind)s at %(area)s for %(day)s (No. %(no)s), received %(t)s",
                  kind=self.kind(lt.kind), area=self.name(lt.area, lt.area_en),
                  day=fmt_day(_noon(lt.day, self.tz), self.tz, self.lang), no=lt.number,
                  t=self.local(lt.reported_at, "%-m月%-d日 %H:%M", "%-d %b %H:%M"))
                for lt in qy.late)
            lines.append(_("Late reports (received after the brief of their day): %(n)s: %(list)s; "
                           "they are counted from this brief on and appear in the next revision of "
                           "the brief they missed.", n=self.count(qy.late_total), list=items))
        else:
            lines.append(_("Late reports: none."))
        if qy.silent:
            names = self.enum([self.name(a.name, a.name_en) for a in qy.silent])
            lines.append(_("Subdistricts / towns with no report this period (zero-report rule): %(list)s.",
                           list=names))
        else:
            lines.append(_("Every subdistrict / town reported this period."))
        if qy.blank_sections:
            names = self.enum([self.section_name(s) for s in qy.blank_sections])
            lines.append(_("Sections with nothing reported this period: %(list)s.", list=names))
        if qy.falls:
            names = self.enum([self.figure_name(k) for k in qy.falls])
            lines.append(_("To-date figures lower than in the previous brief (corrections or "
                           "retractions): %(list)s.", list=names))
        if qy.approximate:
            lines.append(_("Figures marked ≈ spread a quantity reported over several days by the hours in "
                           "each day; the daily figures add up exactly to the reported total."))
        if qy.previous_revision:
            assert qy.previous_cutoff is not None  # build sets it together with previous_revision
            lines.append(_("This revision replaces revision %(r)s (reports received by %(t)s); %(n)s "
                           "reports received since then are included.", r=qy.previous_revision,
                           t=self.local(qy.previous_cutoff), n=self.count(qy.added_since_previous_revision)))
        lines.append(_("Not reported (未报) means nobody reported the figure; it is never shown as 0. "
                       "\"More than\" (余/+) marks lower bounds."))
        return lines

    def kind(self, code: str) -> str:
        """A report kind's name."""
        _ = self._
        return {"outage": _("power outage"), "outage_update": _("outage update"),
                "pumping": _("pumping operation"), "pumping_volume": _("pumped volume"),
                "disinfection": _("disinfection"), "debris": _("debris clearance"),
                "activity": _("activity")}.get(code, code)

    def section_name(self, code: str) -> str:
        """A section's name."""
        _ = self._
        return {"power": _("power"), "pumping": _("pumping"), "disinfection": _("disinfection"),
                "debris": _("debris"), "activity": _("activity log")}.get(code, code)

    @property
    def headings(self) -> dict[str, str]:
        """Section headings, numbered the Chinese way (一、二、…)."""
        _ = self._
        return {"overview": _("1. Overview"), "subdistricts": _("2. By subdistrict / town"),
                "outstanding": _("3. Outstanding items and risks"), "activity": _("4. Activity log"),
                "quality": _("5. Data quality"), "figures": _("Key figures"), "this": _("This period"),
                "to_date": _("To date"), "previous": _("Previous brief"), "item": _("Item"),
                "unit": _("Unit"), "note": _("Note"), "time": _("Time"), "place": _("Place"),
                "what": _("What")}


def _plain(q: Qty | None) -> Qty | None:
    # Tables have a note column for "to date as reported"; the cell keeps the number short.
    return None if q is None else Qty(q.value, q.lb, q.approx, False)


def _noon(day: Any, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=12)
