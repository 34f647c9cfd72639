"""What the timeline's first view says per subdistrict, written once a page: each group's heading and links,
each line of the table of time to restore a share of the peak; and the page's fast number and hour words.

A province's event has 250 subdistricts: written by the template, each heading and each table line asked the
catalog, the number filters and the URL builder again, 5,000 times a page (docs/performance.md, "The timeline
page at a typhoon hour's scale"). Here each word is looked up once a page and each line is plain text
that the template places; the markup stays in templates/timelines/show.html.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from flask import url_for
from flask_babel import get_translations
from markupsafe import Markup

from incidents.csvfile import standalone
from incidents.formatting import (
    AT_MOST,
    NOT_REPORTED,
    SINGULAR,
    fmt_number,
    fmt_quantity,
    keep_units,
    unit_gap,
    unsized_count,
)
from incidents.timelines.curves import Curve, Measure
from incidents.timelines.groups import group_key
from incidents.timelines.rows import Group
from incidents.vague import Precision


def fmt_hours(hours: float | None, lang: str, approximate: bool = False, at_least: bool = False,
              at_most: bool = False) -> str:
    """5 h 30 min / 5小时30分; past a day 3 d 19 h / 3天19小时; ≈ (约), ≥ and 不超过 (at most) glued on alike; None
    as not reported."""
    if hours is None:
        return NOT_REPORTED[lang]
    if hours < 0:  # an ETR beaten: restored before the estimate
        return "−" + fmt_hours(-hours, lang, approximate, at_least, at_most)
    minutes = int(round(hours * 60))
    d, rem = divmod(minutes, 24 * 60)
    h, m = divmod(rem, 60)
    if minutes >= 30 * 24 * 60:  # hours mean nothing after a month
        text = f"{d:,}天" if lang == "zh" else f"{d:,} days"
    elif d:  # past a day, days and hours everywhere (a list read "≈51 h" beside "≥ 3 d 19 h")
        text = f"{d}天{h}小时" if lang == "zh" else f"{d} d {h} h"
    elif lang == "zh":
        text = f"{h}小时" + (f"{m}分" if m else "") if h else f"{m}分钟"
    else:
        text = f"{h} h" + (f" {m} min" if m else "") if h else f"{m} min"
    return bound_mark(lang, at_least, at_most, approximate) + text


def bound_mark(lang: str, at_least: bool = False, at_most: bool = False, approximate: bool = False) -> str:
    """A statistic's mark: ≥ (a lower bound, an outage still open: the same in both languages), 不超过 / at most (as
    the brief says a figure read off a "more than" restored count), 约 / ≈; both bounds are no bound: about."""
    if at_least and at_most:
        at_least, at_most, approximate = False, False, True
    if at_least:
        return "≥"
    if at_most:
        return AT_MOST[lang]
    return ("约" if lang == "zh" else "≈") if approximate else ""


def fast_qty(value: int | None, lower_bound: bool, unit: str, lang: str, upper_bound: bool = False,
             approximate: bool = False) -> str:
    """The `qty` filter's output for whole numbers, without Babel (5,000 rows a page)."""
    if value is None:
        return NOT_REPORTED[lang]
    if upper_bound or approximate:
        return fmt_quantity(value, lower_bound, unit, lang, 0, approximate, upper_bound)
    if lang == "zh":
        return f"{value:,}{'余' if lower_bound else ''}{unit_gap(unit, lang)}{unit}"
    if value == 1 and not lower_bound:  # as fmt_quantity: 1 building
        unit = SINGULAR.get(unit, unit)
    return f"{value:,}{'+' if lower_bound else ''}{unit_gap(unit, lang)}{unit}"


def fmt_span(delta: timedelta | None, lang: str, approximate: bool = False) -> str:
    """A timedelta as fmt_hours."""
    return fmt_hours(None if delta is None else delta.total_seconds() / 3600, lang, approximate)


def whole(n: int) -> str:
    """The `num` filter's output for a whole number, without Babel: 1,234 (zh and en group digits alike)."""
    return f"{n:,}"


class Catalog:
    """The reader's words, looked up once a page; each as the template's _() gives it (Markup, for % to escape)."""

    def __init__(self) -> None:
        self.translations = get_translations()
        self.words: dict[str, Markup] = {}

    def gettext(self, msgid: str) -> Markup:
        """One word or format, translated (named as the extractor's keyword, so i18n.update sees its ids)."""
        word = self.words.get(msgid)
        if word is None:
            word = self.words[msgid] = Markup(self.translations.ugettext(msgid))
        return word

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        """The form for n of a message with plural forms (its %(num)s left to fill)."""
        return Markup(self.translations.ungettext(singular, plural, n))


class GroupHead(NamedTuple):
    """A subdistrict's group as the first view names it: its key, name, counts, and where its bars are."""

    key: str
    name: str
    open_of: Markup      # 3 open of 10
    still_out: Markup    # still out: 1,200 households ... (while any is open; the page puts its "·")
    page: str            # its bars on a page of their own, or "" when the first view holds them; without /page,
                         # the fragment static/timelines.js fetches when the group is opened
    show: Markup         # the link's words: Show the 10 outages of this group


# What a timeline page lists whole on request (`=all`), beside its moments and order: the view's parameters.
SHOWN = ("thresholds", "outstanding", "bars")


def shown(args: Mapping[str, str]) -> dict[str, str]:
    """The lists a query asks for whole (SHOWN), as a link writes them."""
    return {name: "all" for name in SHOWN if args.get(name) == "all"}


class View:
    """The query parameters a timeline view is made of, as its links write them: the one place they are built.

    A link that shows this view again (a sort, "Now", a list in full, the form) carries them all, so one who
    opened the whole thresholds table keeps it on sorting; a download carries the moments (and the rows' order),
    the map the moments.
    """

    def __init__(self, event_id: int, at: str, known: str, sort: str, desc: bool, args: Mapping[str, str]) -> None:
        self.moments = {"at": at or None, "known": known or None}
        self.ordered = {**self.moments, "sort": sort, "dir": "desc" if desc else None}  # a download of the rows
        self.shown = shown(args)  # a group's page carries them, for its way back
        self.args: dict[str, Any] = {"event_id": event_id, **self.ordered, **self.shown}

    def url(self, *, anchor: str | None = None, **changes: str | None) -> str:
        """This view's URL with `changes` (None leaves a parameter out), at `anchor` (a section's id)."""
        return url_for("timelines.show", **{**self.args, **changes}, _anchor=anchor)

    def hidden(self) -> list[tuple[str, str]]:
        """What the moments' form sends beside them, to show the same view at other moments."""
        return [(name, value) for name, value in self.args.items()
                if value is not None and name not in ("event_id", *self.moments)]


def group_links(endpoint: str, **args: Any) -> Callable[[str], str]:
    """A group's URL by its key, with the URL builder run once a page (GROUP_LINKS).

    A key is a subdistrict's id or 'district' (groups.group_key): path-safe text that url_for writes as it is,
    so the key put into one built URL is the URL url_for builds for that key. 500 links a page were 7% of it.
    """
    mark = "0"  # no group's key: ids start at 1
    built = url_for(endpoint, key=mark, **args)
    head, tail = built.split(f"/groups/{mark}", 1)
    return lambda key: f"{head}/groups/{key}{tail}"


def group_name(group: Group, lang: str, words: Catalog) -> str:
    """The group's name in the reader's language, or 'District-level outages' for those in no subdistrict."""
    if not group.subdistrict_id:
        return words.gettext("District-level outages")
    return str(group.name_en if lang == "en" and group.name_en else group.name)


def group_heads(groups: list[Group], lang: str, words: Catalog,
                page: Callable[[str], str] | None = None) -> list[GroupHead]:
    """Each group's heading; with `page`, the link of a group whose bars come when opened."""
    _ = words.gettext
    open_of, still_out, colon, listed = _("%(open)s open of %(n)s"), _("still out"), _(": "), _(", ")
    u_h, u_b = str(_("households")), str(_("buildings"))
    shows: dict[int, Markup] = {}
    heads = []
    for gr in groups:
        counts = Markup()
        if gr.open:
            # What is out, as a list (仍停电：5栋、1,200户), buildings first as the form asks them; nothing after the
            # colon ("仍停电：5栋", not "仍停电： 5栋"). A space alone ran two figures together.
            out: list[str] = []
            if gr.buildings_out:
                out.append(fast_qty(gr.buildings_out, gr.buildings_out_lb, u_b, lang, gr.buildings_out_ub,
                                    gr.buildings_out_approx))
            if gr.households_out:
                out.append(fast_qty(gr.households_out, gr.households_out_lb, u_h, lang, gr.households_out_ub,
                                    gr.households_out_approx))
            if gr.households_unknown:
                out.append(unsized_count(fmt_number(gr.households_unknown, lang), lang))
            counts += still_out + colon + Markup(listed).join(keep_units(o) for o in out)
        show = shows.get(gr.outages)
        if show is None:
            show = shows[gr.outages] = words.ngettext("Show the %(num)s outage of this group",
                                                    "Show the %(num)s outages of this group",
                                                    gr.outages) % {"num": whole(gr.outages)}
        key = group_key(gr.subdistrict_id)
        opened = keep_units(open_of % {"open": gr.open, "n": gr.outages})
        heads.append(GroupHead(key, group_name(gr, lang, words), opened, counts, page(key) if page else "", show))
    return heads


class ThresholdLine(NamedTuple):
    """One line of the table of time to restore a share of the peak: one measure of one scope."""

    scope: str                           # the scope's name on its first line, else ""
    measure: Markup
    peak: str
    peak_at: str
    now: str
    restored: Markup
    # At 50/90/95/100 %: when, (hours from the peak); None: not yet; a word: not known (a count lost: 不详).
    reached: list[tuple[str, Markup] | Markup | None]


def busiest(curves: list[Curve], n: int) -> list[Curve]:
    """The n scopes with the most households still out (then buildings, then the peak), most first.

    What a command acts on first; a scope silent on a measure (未报) counts as none out of it.
    """
    def load(c: Curve) -> tuple[int, int, int, int]:
        return (c.households.current or 0, c.buildings.current or 0, c.households.peak, c.buildings.peak)

    return sorted(curves, key=load, reverse=True)[:n]


def threshold_lines(curve: Curve, curves: list[Curve], heads: dict[int, str], lang: str, words: Catalog,
                    vt: Callable[[datetime | None, Precision | str | None], str]) -> list[list[ThresholdLine]]:
    """The table's lines of each scope: the whole event's measures, then each subdistrict's (`heads`: names by id)."""
    _ = words.gettext
    event_wide, district_level = _("Whole event"), _("District-level outages")
    # The measure stands alone in its column (Households, Buildings), as "not known" in the restored one.
    u_h, u_b = (Markup.escape(standalone(m)) for m in (_("households"), _("buildings")))
    aside = _(" (%(what)s)")
    not_known, about = Markup.escape(standalone(_("not known"))), _("about %(n)s")
    shares: dict[float, str] = {}

    def share(m: Measure) -> Markup:
        # As the page's share() macro: 约 where the brief says 约, 不详 while a count in the peak is lost.
        if m.restored_pct is None:
            return not_known
        pct = shares.get(m.restored_pct)
        if pct is None:
            pct = shares[m.restored_pct] = fmt_number(m.restored_pct, lang, 1)
        if m.restored_pct_approx:
            return about % {"n": pct} + "%"
        return Markup.escape(pct) + "%"

    scopes = []
    for c in [curve, *curves]:
        lines = []
        if c is curve:
            scope: str = event_wide
        elif c.subdistrict_id:
            name = heads.get(c.subdistrict_id)
            scope = str(c.name) if name is None else name
        else:
            scope = district_level
        for m in (c.households, c.buildings):
            if not m.reported:
                continue
            reached: list[tuple[str, Markup] | Markup | None] = [
                (vt(m.reached[pct], "exact"), aside % {"what": fmt_hours(m.hours_to[pct], lang)})
                if m.reached[pct] else not_known if pct in m.reached_not_known else None for pct in (50, 90, 95, 100)]
            lines.append(ThresholdLine(
                scope, u_h if m.name == "households" else u_b,
                fast_qty(m.peak, m.peak_lb, "", lang, m.peak_ub, m.peak_approx), vt(m.peak_at, "exact"),
                # Alone in its cell: Not reported, At most 20, as None given and Not yet beside it.
                standalone(fast_qty(m.current, m.current_lb, "", lang, m.current_ub, m.current_approx)),
                share(m), reached))
            scope = ""
        scopes.append(lines)
    return scopes
