"""The small pieces of a brief's sentences in one language: quantities with 约 and 余, times, names, lists.

Every section of a `Reading` builds on `Words`: a quantity as honest as its report (约8,333立方米,
30余吨, 未报 — never 0), a vague time as vague as it was reported, a place in Chinese or English,
a list joined the Chinese or the English way. Message ids are English; Chinese comes from the
briefs catalog (incidents/briefs/translations).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.support import NullTranslations, Translations

from incidents.briefs.content import BriefContent
from incidents.briefs.content_power import OutageGroup, OutageLine, PlaceLine
from incidents.briefs.quantities import Qty, When
from incidents.formatting import fmt_day, fmt_number, fmt_quantity, fmt_time, zone_mark

CATALOG = Path(__file__).parent / "translations"
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


class Words:
    """A brief's content and the small pieces of its sentences, in one language."""

    def __init__(self, content: BriefContent, lang: str = "zh") -> None:
        self.c = content
        self.lang = lang_of(lang)
        self.tz = ZoneInfo(content.header.timezone)
        self._ = translator(self.lang)
        self.zh = self.lang == "zh"

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
            blank: str | None = None, mark_cum: bool = True, mark_estimate: bool = True) -> str:
        """A quantity with its honesty marks: 约8,333立方米, 30余吨, 750余立方米（估）, 未报; `blank` for no report.

        `mark_estimate=False` where the sentence itself says the figure is apportioned (按作业时段分摊估算)."""
        if q is None or q.value is None:
            return blank if blank is not None else self._("not reported")
        value: int | Decimal = q.value
        digits = 0
        if tonnes:
            value = (Decimal(q.value) / 1000).quantize(Decimal("0.1")).normalize()
            digits = 1
        unit = unit_zh if self.zh else unit_en
        text = fmt_quantity(value, q.lb, unit, self.lang, digits, q.approx, q.ub)
        if mark_estimate:
            text += self.estimate_mark(q)
        if q.cum and mark_cum:
            text += self._(" (to date, as reported)")
        return text

    def estimate_mark(self, q: Qty) -> str:
        """（估） on a day's apportioned share of a "more than" quantity (750余（估））.

        Such a share reads 750余, never 约750余 (formatting.fmt_quantity keeps one mark), and 余 alone says
        "at least 750": but the share is the hours' estimate of the total's part, not a firm lower bound.
        Explained in 五、数据质量 (`estimated_lower_bounds`)."""
        return self._(" (est.)") if is_estimated_lower_bound(q) else ""

    def count(self, n: int) -> str:
        """A plain count."""
        return fmt_number(n, self.lang)

    def unknown_note(self, n: int, what: str) -> str:
        """", 2 more not reported" after a sum that leaves out outages of unknown size."""
        if not n:
            return ""
        return self._("; %(what)s not reported for %(n)s", what=what, n=self.count(n))

    def places_over_households(self) -> int:
        """How many places state more households out than live there (`power.over_households`)."""
        p = self.c.power
        return max(p.over_households_total, len(p.over_households))  # a brief stored before the total: its list

    def enum(self, items: list[str]) -> str:
        """A list of names or figures: 、 in Chinese, commas in English."""
        return ("、" if self.zh else ", ").join(items)

    # The two below are shared by sections: the overview and the outage lines both say a late
    # restoration; the changes and the data quality both name a figure that fell.

    def restored_later(self, o: OutageLine | PlaceLine | OutageGroup) -> str:
        """A restoration after the period, known by the cut-off: in the next brief, or in which day's."""
        at = o.restored_after.at
        if at is None:
            return ""
        day = at.astimezone(self.tz).date()
        outages = len(o.outage_ids) if isinstance(o, OutageGroup) else o.outages if isinstance(o, PlaceLine) else 1
        if day == self.c.header.day + timedelta(days=1):
            return self._("restored %(t)s (next brief)", t=self.when(o.restored_after))
        if outages > 1:  # the last one's time: the others came back before it, maybe on an earlier day (and brief)
            return self._("all restored by %(t)s (counted in the brief of the day each came back)",
                          t=self.when(o.restored_after))
        return self._("restored %(t)s (counted in the brief of %(day)s)", t=self.when(o.restored_after),
                      day=fmt_day(noon(day, self.tz), self.tz, self.lang))

    def figure_name(self, key: str) -> str:
        """The display name of a figure key."""
        _ = self._
        names = {"power.outages_to_date": _("Outages reported"),
                 "power.buildings_affected": _("Buildings affected"),
                 "power.households_affected": _("Households affected"),
                 "power.peak_buildings": _("Peak buildings without power"),
                 "power.peak_households": _("Peak households without power"),
                 "pumping.volume_m3": _("Volume pumped"), "debris.mass_kg": _("Debris cleared"),
                 "debris.truckloads": _("Debris truckloads"), "debris.people": _("Clearance personnel"),
                 "debris.vehicles": _("Clearance vehicles"),
                 "disinfection.person_times": _("Disinfection personnel")}
        if key in names:
            return names[key]
        code = key.split(".", 1)[-1]
        cat = next((c for c in self.c.disinfection.categories if c.code == code), None)
        return (cat.name_zh if self.zh else cat.name_en) if cat else key


def is_estimated_lower_bound(q: Qty | None) -> bool:
    """An apportioned share of a "more than" quantity: both flags, and no "at most" (a power count's 约 is neither)."""
    return q is not None and q.value is not None and q.lb and q.approx and not q.ub


def is_about(q: Qty | None) -> bool:
    """An apportioned share that reads 约200 / ≈200: no "more than" (200余（估）) and no "at most" (power's counts)."""
    return q is not None and q.value is not None and q.approx and not q.lb and not q.ub


def noon(day: date, tz: ZoneInfo) -> datetime:
    """Noon of a local day: a moment that names that day whatever the clocks do."""
    return datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=12)
