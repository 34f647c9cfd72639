"""五、数据质量 read aloud: reports used and unverified, sent back, late, 零报告 and silent subdistricts,
blank sections."""

from __future__ import annotations

from datetime import datetime

from incidents.briefs.content_power import PlaceOver, ReadingsDisagree
from incidents.briefs.quantities import Qty
from incidents.briefs.wording import Words, is_about, is_estimated_lower_bound, noon
from incidents.formatting import fmt_day, shows_year


class QualityNotes(Words):
    """The data-quality lines: how far the brief's figures can be trusted, and why."""

    def _learned(self, at: datetime) -> str:
        """When a late report was learned; to the second within the brief time's minute, where 08:00 would read as
        in time for an 08:00 cut-off it missed (stamped 08:00:01)."""
        zh, en = ("%Y年%-m月%-d日 %H:%M", "%-d %b %Y %H:%M") if shows_year(
            at, self.tz, self.c.header.period_start) else ("%-m月%-d日 %H:%M", "%-d %b %H:%M")
        local, due = at.astimezone(self.tz), self.c.header.due_at.astimezone(self.tz)
        if (local.hour, local.minute) == (due.hour, due.minute) and (local.second or local.microsecond):
            zh, en = zh + ":%S", en + ":%S"
        return self.local(at, zh, en)

    def quality(self, charts: bool = True, figures: bool = True) -> list[str]:
        """五、数据质量: unverified, late, silent subdistricts, blank sections, estimates, revisions; `charts`: the
        format draws the trend's bars (the page, print, PDF), whose marks the notes then explain too; `figures`: it
        has the key figures' table (all but the text)."""
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
                _("%(kind)s at %(area)s for %(day)s (No. %(no)s), known %(t)s",
                  kind=self.kind(lt.kind), area=self.name(lt.area, lt.area_en),
                  day=fmt_day(noon(lt.day, self.tz), self.tz, self.lang), no=lt.number,
                  t=self._learned(lt.reported_at))
                + (_(" (shown in revision %(rev)s of No. %(no)s)", rev=lt.shown_in, no=lt.number)
                   if lt.shown_in else "")
                for lt in qy.late) + self.more(qy.late_total, len(qy.late))
            if qy.late_all_shown and qy.late_zero_reports_only:
                lines.append(_("Late reports (received after the brief of their day): %(n)s: %(list)s; zero "
                               "reports add to no figure, and the revisions of the briefs they missed show them.",
                               n=self.count(qy.late_total), list=items))
            elif qy.late_all_shown:
                lines.append(_("Late reports (received after the brief of their day): %(n)s: %(list)s; "
                               "they are counted from this brief on, and the revisions of the briefs they "
                               "missed show them.", n=self.count(qy.late_total), list=items))
            elif qy.late_zero_reports_only:
                # A zero report adds to no figure: "counted from this brief on" would send a reader looking.
                lines.append(_("Late reports (known after the brief of their day): %(n)s: %(list)s; zero "
                               "reports add to no figure and appear in the next revision of the brief they "
                               "missed.", n=self.count(qy.late_total), list=items))
            else:
                lines.append(_("Late reports (known after the brief of their day): %(n)s: %(list)s; "
                               "they are counted from this brief on and appear in the next revision of "
                               "the brief they missed.", n=self.count(qy.late_total), list=items))
        else:
            lines.append(_("Late reports: none."))
        over = self.c.power.over_households
        if over:
            def said(o: PlaceOver) -> str:
                area, h = self.name(o.area, o.area_en), self.qty(o.households_out, "户", "households")
                own = self.qty(Qty(o.households), "户", "households")
                if o.outages == 1:
                    return _("%(area)s: %(h)s out (1 outage), more than the %(own)s it has", area=area, h=h, own=own)
                return _("%(area)s: %(h)s out (%(n)s outages), more than the %(own)s it has", area=area, h=h,
                         n=self.count(o.outages), own=own)

            items = _("; ").join(said(o) for o in over) + self.more(self.c.power.over_households_total, len(over))
            # One report or several together: a report is held to its own place's size only, so one at a site
            # of unknown size can alone exceed its community's, and a place's size may be lowered afterwards.
            lines.append(_("Households without power above a place's own (one report or several together; "
                           "the figures stand as reported, check them): %(list)s.", list=items))
        disagree = self.c.power.readings_disagree
        if disagree:
            # The day's sum does not hold there (nothing went out, nothing came back): the reader is told why.
            lines.append(_("; ").join(self._disagrees(r) for r in disagree) + self.more(
                self.c.power.readings_disagree_total, len(disagree)) + _("."))
        if qy.zero_reported:
            names = self.enum([self.name(a.name, a.name_en) for a in qy.zero_reported])
            lines.append(_("Zero report (nothing to report this period): %(list)s.", list=names))
        if qy.silent:
            names = self.enum([self.name(a.name, a.name_en) for a in qy.silent])
            lines.append(_("Not reported (zero-report rule: no report and no zero report this period): %(list)s.",
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
        if self.apportioned_shown(figures):
            lines.append(_("Figures marked ≈ spread a quantity reported over several days by the hours in "
                           "each day; the daily figures add up exactly to the reported total."))
        if self.estimated_lower_bounds(charts):
            lines.append(_("Figures marked (est.) are a day's share of a \"more than\" (+) quantity reported over "
                           "several days, estimated by the hours worked in each day: not a firm lower bound."))
        at_most, about = self.count_bounds()
        if about:
            lines.append(_("Outage counts (households, buildings) marked ≈ add a \"more than\" count to an \"at "
                           "most\" one: an estimate, not an exact figure."))
        if qy.previous_revision:
            lines.append(self.revision_note())
        lines.append(_("Not reported means nobody reported the figure; it is never shown as 0. "
                       "\"More than\" (+) marks lower bounds."))
        if at_most or about:
            lines.append(_("\"At most\" marks upper bounds: the real figure is no higher."))
        return lines

    def _disagrees(self, r: ReadingsDisagree) -> str:
        """One unit's stated figure and the reading above it the day ends on (`power.readings_disagree`)."""
        _, buildings = self._, r.households_stated is None
        stated, read, zh, en = ((r.buildings_stated, r.buildings_read, "栋", "buildings") if buildings else
                                (r.households_stated, r.households_read, "户", "households"))
        said = {"area": self.name(r.area, r.area_en), "stated": self.qty(Qty(stated), zh, en),
                "t1": self.when(r.stated), "read": self.qty(Qty(read), zh, en), "t2": self.when(r.read)}
        if r.both_read and buildings:  # the day began on a reading and ended on a lower count restored
            return _("%(area)s: the %(read)s read off the count of buildings restored (%(t2)s) disagrees with the "
                     "%(stated)s read off a lower count restored (%(t1)s); the brief takes the latter", **said)
        if r.both_read:
            return _("%(area)s: the %(read)s read off the count restored (%(t2)s) disagrees with the %(stated)s read "
                     "off a lower count restored (%(t1)s); the brief takes the latter", **said)
        if _read_first(r) and buildings:  # the day began on the reading and ended on the stated figure
            return _("%(area)s: the %(read)s read off the count of buildings restored (%(t2)s) disagrees with "
                     "%(stated)s still out (%(t1)s); the brief takes the latter", **said)
        if _read_first(r):
            return _("%(area)s: the %(read)s read off the count restored (%(t2)s) disagrees with %(stated)s still "
                     "out (%(t1)s); the brief takes the latter", **said)
        if buildings:
            return _("%(area)s: %(stated)s still out (%(t1)s) disagrees with the %(read)s read off the count of "
                     "buildings restored (%(t2)s); the brief takes the latter", **said)
        return _("%(area)s: %(stated)s still out (%(t1)s) disagrees with the %(read)s read off the count restored "
                 "(%(t2)s); the brief takes the latter", **said)

    def more(self, total: int, shown: int) -> str:
        """What a list cut at 30 leaves out, said: "; and 5 more" (另有5条), nothing when it is whole."""
        return self._("; and %(n)s more", n=self.count(total - shown)) if total > shown else ""

    def apportioned_shown(self, figures: bool = True) -> bool:
        """Whether the format shows a figure marked 约 (≈), apportioned by hours: the key figures' table notes each
        such row 约数 (`figures`); the text, without it, only where its overview or 二、分街道 writes 约200."""
        c = self.c
        if figures:
            return c.quality.approximate
        volume, d = c.pumping.volume_m3, c.debris
        shown = [volume.period, volume.to_date, d.mass_kg.to_date, d.truckloads.to_date,
                 *((d.mass_kg.period, d.truckloads.period, d.people.period, d.vehicles.period)
                   if d.reports_in_period else ()),
                 *(q for row in c.subdistricts for f in (row.volume_m3, row.debris_kg) for q in (f.period, f.to_date))]
        return any(is_about(q) for q in shown)

    def estimated_lower_bounds(self, charts: bool = True) -> bool:
        """Whether the brief shows an apportioned share of a "more than" quantity (750余（估）) anywhere:
        the key figures, 二、分街道 (its rows and 合计) or, where it draws them (`charts`), the trend's bars.
        Text, Markdown and DOCX draw no bars: a note there on a mark only a bar carried explained nothing shown."""
        c = self.c
        figures = [c.pumping.volume_m3, c.debris.mass_kg, c.debris.truckloads,
                   *(f for row in c.subdistricts for f in (row.volume_m3, row.debris_kg))]
        quantities = [*(q for f in figures for q in (f.period, f.to_date, f.previous)),
                      *(q for p in c.trend if charts for q in (p.volume_m3, p.debris_kg))]
        return any(is_estimated_lower_bound(q) for q in quantities)

    def count_bounds(self) -> tuple[bool, bool]:
        """Whether the power figures say "at most" (不超过) anywhere, and whether any is about (约): 余 meeting
        不超过 (the power section spreads nothing over days, so its 约 is never the apportioned one)."""
        p = self.c.power
        lines = [*p.open, *p.restored]
        quantities = [p.households_out, p.buildings_out, p.households_restored, p.buildings_restored,
                      p.peak_households, p.peak_buildings,
                      *(q for line in lines for q in (line.households_out, line.buildings_out)),
                      *(q for row in self.c.subdistricts for q in (row.households_out, row.households_restored))]
        return any(q.ub for q in quantities), any(q.approx for q in quantities)

    def revision_note(self) -> str:
        """What this revision changed against the one it replaces: reports taken in, then the earlier ones
        corrected, retracted, sent back or restored since (only those that happened), in one sentence."""
        qy, _ = self.c.quality, self._
        more = "".join(text % {"n": self.count(n)} for text, n in (
            (_(", %(n)s corrected"), qy.corrected_since_previous_revision),
            (_(", %(n)s retracted"), qy.retracted_since_previous_revision),
            (_(", %(n)s sent back"), qy.returned_since_previous_revision),
            (_(", %(n)s restored"), qy.restored_since_previous_revision)) if n)
        assert qy.previous_cutoff is not None  # build sets it together with previous_revision
        if more and not qy.added_since_previous_revision:  # a part that is 0 is left out
            return _("This revision replaces revision %(r)s (reports known by %(t)s); since then%(more)s.",
                     r=qy.previous_revision, t=self.local(qy.previous_cutoff), more=more)
        return _("This revision replaces revision %(r)s (reports known by %(t)s); since then %(n)s new "
                 "reports are included%(more)s.", r=qy.previous_revision, t=self.local(qy.previous_cutoff),
                 n=self.count(qy.added_since_previous_revision), more=more)

    def kind(self, code: str) -> str:
        """A report kind's name."""
        _ = self._
        return {"outage": _("power outage"), "outage_update": _("outage update"),
                "pumping": _("pumping operation"), "pumping_volume": _("pumped volume"),
                "disinfection": _("disinfection"), "debris": _("debris clearance"),
                "activity": _("activity"), "zero_report": _("zero report")}.get(code, code)

    def section_name(self, code: str) -> str:
        """A section's name."""
        _ = self._
        return {"power": _("power"), "pumping": _("pumping"), "disinfection": _("disinfection"),
                "debris": _("debris"), "activity": _("activity log")}.get(code, code)


def _read_first(r: ReadingsDisagree) -> bool:
    """Whether the reading came before the stated figure (a day begun on it), so the stated one is the latter."""
    return r.read.at is not None and r.stated.at is not None and r.read.at < r.stated.at
