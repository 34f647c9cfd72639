"""Reading a compiled brief in one language: `Reading`, its masthead, and its sections put together.

No Flask here: the HTML page, the print page, plain text, Markdown, CSV and DOCX all take their
words from a `Reading`, so they say the same things in the same order. It is one vocabulary in
one voice, made of parts read in the order the brief is: the small pieces every sentence uses
(`wording`), the masthead (here), 一、总体情况 (`overview`), the key figures and the tables with
三、outstanding items and 四、activity (`tables`), 五、数据质量 (`quality_notes`). It holds no SQL
and no format (DOCX, CSV and the rest are in formats.py).
"""

from __future__ import annotations

import re

from incidents.briefs.overview import Overview
from incidents.briefs.quality_notes import QualityNotes
from incidents.briefs.tables import Tables
from incidents.csvfile import standalone
from incidents.formatting import fmt_day, fmt_zone

# A typhoon event is a tropical cyclone, which English names by its ocean: "Hurricane Sandy" in the Atlantic,
# "Cyclone Idai" in the Indian Ocean. The event's own English name (else its name) says which; typhoon otherwise.
CYCLONE_WORD = re.compile(r"\b(hurricane|cyclone)\b", re.IGNORECASE)

class Reading(Overview, Tables, QualityNotes):
    """A brief read in one language."""

    # ---- masthead -------------------------------------------------------------------------

    @property
    def title(self) -> str:
        """文峰区防汛救灾工作日报; a typhoon's brief is 防御台风工作日报 (the title follows the event's kind)."""
        h = self.c.header
        place = self.name(h.district, h.district_en) or self.name(h.event_name, h.event_name_en)
        if h.event_kind == "typhoon":
            word = CYCLONE_WORD.search(h.event_name_en or h.event_name or "")
            if word is not None and word.group(1).casefold() == "hurricane":
                return self._("%(place)s hurricane response daily brief", place=place)
            if word is not None:
                return self._("%(place)s cyclone response daily brief", place=place)
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
        # Alone on its side of the masthead: Awaiting sign-off, Signed off by …, as the page's status badge.
        if h.provisional:
            return standalone(self._("provisional, not for sign-off"))
        if not self.signed:
            return standalone(self._("awaiting sign-off"))
        when = self.local(h.signed_at) if h.signed_at else ""
        return standalone(self._("signed off by %(who)s, %(t)s", who=h.signed_by or self._("unknown"), t=when))

    @property
    def zone_name(self) -> str:
        """北京时间 for Asia/Shanghai, else the zone's name (formatting.fmt_zone: one rule for pages and briefs)."""
        return fmt_zone(self.c.header.timezone, self.lang)

    @property
    def period_line(self) -> str:
        """统计时段：2021年7月24日 0:00—24:00（北京时间）."""
        h = self.c.header
        day = fmt_day(h.period_start, self.tz, self.lang, year=True)
        text = self._("Period: %(day)s 0:00–24:00 (%(zone)s)", day=day, zone=self.zone_name)
        # Said as the clocks moved: "daylight saving" alone read, on the night it ended, as if it had begun.
        if h.period_hours > 24:
            text += self._(", %(h)s hours (clocks went back an hour)", h=h.period_hours)
        elif h.period_hours < 24:
            text += self._(", %(h)s hours (clocks went forward an hour)", h=h.period_hours)
        return text

    @property
    def cutoff_line(self) -> str:
        """数据截至：7月25日 08:00 已收报告."""
        return self._("Figures: reports known by %(t)s", t=self.local(self.c.header.cutoff))

    @property
    def compiled_line(self) -> str:
        """Compiled by the scheduler or a person, revision and status."""
        h = self.c.header
        who = h.compiled_by or self._("the scheduler")
        return self._("Compiled %(t)s by %(who)s; revision %(r)s", t=self.local(h.compiled_at),
                      who=who, r=h.revision)

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
