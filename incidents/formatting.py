"""Showing vague truth honestly: times with their precision, lower bounds, unknowns."""

from __future__ import annotations

import enum
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_name
from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from incidents.vague import Precision
from incidents.written import CJK, as_written, written_runs

if TYPE_CHECKING:
    from collections.abc import Mapping

    from babel.support import NullTranslations
    from flask import Flask

PART_NAMES = {
    "zh": {Precision.MORNING: "上午", Precision.AFTERNOON: "下午", Precision.EVENING: "晚上",
           Precision.NIGHT: "凌晨"},
    "en": {Precision.MORNING: "morning", Precision.AFTERNOON: "afternoon",
           Precision.EVENING: "evening", Precision.NIGHT: "night"},
}
NOT_REPORTED = {"zh": "未报", "en": "not reported"}
# An upper bound (read off a "more than" count: 40余 of 60 back leaves at most 20 out), the way 余 says a lower one.
AT_MOST = {"zh": "不超过", "en": "at most "}
# An outage that gave no count of households or buildings.
SIZE_NOT_REPORTED = {"zh": "户数、栋数未报", "en": "size not reported"}
# China's one zone under the names the tz database has for it: people call it 北京时间, not Asia/Shanghai.
BEIJING_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"})
BEIJING_TIME = {"zh": "北京时间", "en": "Beijing time"}


def size_not_reported(lang: str) -> str:
    """An outage of unknown size (no household or building count), as the brief and the timeline both say it."""
    return SIZE_NOT_REPORTED[_lang(lang)]


# Outages that gave no count, left out of a figure (and counted in a list of what is out): one wording for the
# brief and the timeline, which said 另有 1 处停电未报数量 and 不含1处规模未报的未恢复停电 beside the brief's words.
UNSIZED_LEFT_OUT = {"zh": "另有{n}处规模未报，未计入", "en": "not counting outages of unknown size: {n}"}
UNSIZED_STILL_OUT = {"zh": "，其中{k}处仍停电", "en": ", {k} of them still out"}
UNSIZED_COUNT = {"zh": "{n}处规模未报", "en": "{n} of unknown size"}


def unsized_left_out(n: str, lang: str, still_out: str | None = None) -> str:
    """Outages of unknown size a figure leaves out (另有1处规模未报，未计入), and how many of them are still out."""
    key = _lang(lang)
    return UNSIZED_LEFT_OUT[key].format(n=n) + (UNSIZED_STILL_OUT[key].format(k=still_out) if still_out else "")


def unsized_count(n: str, lang: str) -> str:
    """Outages of unknown size among what is still out (仍停电：5栋、1处规模未报)."""
    return UNSIZED_COUNT[_lang(lang)].format(n=n)


def iso_utc(value: datetime | None) -> str | None:
    """An instant as every answer and download states it: ISO 8601 in UTC with Z; None stays None."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None


# The event form's other first choices (events/forms.COMMON_ZONES), by the names people use for them.
NAMED_ZONES = {"Asia/Hong_Kong": {"zh": "香港时间", "en": "Hong Kong time"},
               "Asia/Taipei": {"zh": "台北时间", "en": "Taipei time"},
               "Asia/Tokyo": {"zh": "东京时间", "en": "Tokyo time"}}


def fmt_zone(zone: str, lang: str) -> str:
    """A zone as people name it: 北京时间 (Beijing time) for China's, 东京时间 for Tokyo, else the CLDR's name."""
    if zone in BEIJING_ZONES:
        return BEIJING_TIME[_lang(lang)]
    if zone in NAMED_ZONES:
        return NAMED_ZONES[zone][_lang(lang)]
    # UTC and Etc/GMT-8 have no place to be named by ("Unknown Region (GMT-8) Time"): their tz name says it best.
    return zone if zone == "UTC" or zone.startswith("Etc/") or "/" not in zone else cldr_zone_name(zone, _lang(lang))


# The UI's languages as Babel's locales name them (zh: the Simplified Chinese of the mainland).
BABEL_LOCALES = {"zh": "zh_Hans_CN", "en": "en"}


@lru_cache(maxsize=1024)
def cldr_zone_name(zone: str, lang: str) -> str:
    """The zone's generic name in the CLDR (right all year, summer time or not): 中欧时间, Central European Time."""
    locale = Locale.parse(BABEL_LOCALES[lang])
    name = get_timezone_name(zone, width="long", zone_variant="generic", locale=locale)
    # UTC has no region: "Unknown Region (UTC) Time" generically, Coordinated Universal Time as the standard.
    unknown = locale.territories.get("ZZ")
    return get_timezone_name(zone, width="long", zone_variant="standard", locale=locale) \
        if unknown and unknown in name else name


def _lang(locale: str | None) -> str:
    return "en" if (locale or "zh").startswith("en") else "zh"


def reader_lang() -> str:
    """zh or en: the language of the request's reader, which labels, headers and names follow."""
    from flask_babel import get_locale

    return _lang(str(get_locale() or "zh"))


def fmt_day(at: datetime, tz: ZoneInfo, locale: str | None = "zh", year: bool = False) -> str:
    """A local calendar day: 7月24日 / 24 Jul."""
    return _day_words(at.astimezone(tz).date(), locale, year)


def _day_words(local: date, locale: str | None, year: bool) -> str:
    if _lang(locale) == "zh":
        return (f"{local.year}年" if year else "") + f"{local.month}月{local.day}日"
    return local.strftime("%-d %b %Y" if year else "%-d %b")


def fmt_calendar_day(day: date, tz: ZoneInfo, locale: str | None = "zh") -> str:
    """A calendar day of an event (a brief's period) as fmt_day says it, with the year when not this year."""
    # The day is already local: shows_year's rule read off the date, with no instant built and converted
    # (DAY_WORDS: the report list's day filter labels every day of an open event, 1,984 of them in the bench's).
    return _day_words(day, locale, day.year != datetime.now(tz).year)


def shows_year(at: datetime, tz: ZoneInfo, now: datetime | None = None) -> bool:
    """The one rule for the year in shown dates: shown unless the local date is in the current year.

    A list mixing 2021 and this year then shows 2021年7月24日 beside 3月1日, never a bare 7月24日
    that a reader would take for this July.
    """
    return at.astimezone(tz).year != (now or datetime.now(UTC)).astimezone(tz).year


def fmt_time(at: datetime | None, precision: Precision | str | None, tz: ZoneInfo,
             locale: str | None = "zh", with_day: bool = True, year: bool = False) -> str:
    """A time as precisely as it is known: 7月24日 约21:00, 7月24日下午, ≈21:00, 24 Jul afternoon."""
    lang = _lang(locale)
    if at is None:
        return NOT_REPORTED[lang]
    precision = Precision(precision or Precision.EXACT)
    local = at.astimezone(tz)
    day = fmt_day(at, tz, lang, year) if with_day else ""
    clock = local.strftime("%H:%M") + zone_mark(local)
    if precision is Precision.EXACT:
        return f"{day} {clock}".strip()
    if precision is Precision.APPROXIMATE:
        return f"{day} 约{clock}".strip() if lang == "zh" else f"{day} ≈{clock}".strip()
    if precision is Precision.DAY:
        return day if with_day else ("当日" if lang == "zh" else "that day")
    part = PART_NAMES[lang][precision]
    return f"{day}{part}" if lang == "zh" else f"{day} {part}".strip()


def time_words(locale: str | None = "zh") -> dict[str, object]:
    """fmt_time's words for a page's script that shows times as the pages do (static/outbox.js, `pageTime`)."""
    lang = _lang(locale)
    return {"lang": lang, "about": "约" if lang == "zh" else "≈",
            "parts": {p.value: name for p, name in PART_NAMES[lang].items()},
            "that_day": "当日" if lang == "zh" else "that day"}


@lru_cache(maxsize=512)
def clocks_change(tz: ZoneInfo, year: int) -> bool:
    """Whether a zone's UTC offset changes during a year (daylight saving): sampled twice a month."""
    return len({datetime(year, m, d, 12, tzinfo=tz).utcoffset() for m in range(1, 13) for d in (1, 15)}) > 1


def fmt_offset(local: datetime) -> str:
    """A local time's zone as a person reads it: EDT (UTC−04:00); UTC+03:00 where it has no letters."""
    utcoffset = local.utcoffset()
    if utcoffset is None:  # a naive time has no zone to name; callers pass local times from a zone
        raise ValueError("fmt_offset needs an aware time")
    minutes = int(utcoffset.total_seconds()) // 60
    offset = f"UTC{'−' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    name = local.tzname() or ""
    return f"{name} ({offset})" if name[:1].isalpha() and name != "UTC" else offset


def zone_mark(local: datetime) -> str:
    """" EDT" after a clock time where its zone changes clocks that year (else ""): which 01:30 it was."""
    tz = local.tzinfo
    if not isinstance(tz, ZoneInfo) or not clocks_change(tz, local.year):
        return ""
    return " " + fmt_offset(local).split(" (")[0]


def fmt_number(value: int | float | Decimal, locale: str | None = "zh", digits: int = 0) -> str:
    """A number in the user's locale: 50,000."""
    fmt = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=fmt, locale="zh_Hans_CN" if _lang(locale) == "zh" else "en")


# English units counted in the plural, and what one of them is.
SINGULAR = {"buildings": "building", "households": "household", "people": "person", "pumps": "pump",
            "truckloads": "truckload", "person-times": "person-time", "vehicles": "vehicle"}


def unit_gap(unit: str, lang: str) -> str:
    """What parts a figure from its unit: nothing before a Chinese word (50户), a space before a symbol (50,000 m³)."""
    # GB 3101 (and the docs) part a number from a unit symbol by a space in Chinese text too; the event and home
    # pages wrote 50,000m³ in Chinese beside 50,000 m³ in English.
    if not unit or (lang == "zh" and "\u3400" <= unit[0] <= "\u9fff"):
        return ""
    return " "


def fmt_quantity(value: int | float | Decimal | None, lower_bound: bool = False,
                 unit: str = "", locale: str | None = "zh", digits: int = 0,
                 approximate: bool = False, upper_bound: bool = False) -> str:
    """A quantity honestly: 30余吨 / 30+ t, 不超过20户 / at most 20, ≈8,333 m³, 未报 when unknown (never 0)."""
    lang = _lang(locale)
    if value is None:
        return NOT_REPORTED[lang]
    # One mark of vagueness: a lower bound that is also an estimate (an apportioned share of
    # "30余吨") reads "15余吨", never "约15余吨". A bound both ways is no bound: an estimate.
    if upper_bound and lower_bound:
        lower_bound, upper_bound, approximate = False, False, True
    # A fall (a total to date below the day before's) is read by its size: "at most −4" is a fall of more than
    # 4, -4余条, and "at least −10" one of at most 10, -不超过10条 (never 不超过-4条 or -10余条, read the other way).
    sign = ""
    if value < 0 and (lower_bound or upper_bound):
        sign, value, lower_bound, upper_bound = "-", -value, upper_bound, lower_bound
    number = fmt_number(value, lang, digits)
    prefix = ("约" if lang == "zh" else "≈") if approximate and not lower_bound else ""
    if upper_bound:
        prefix = AT_MOST[lang]
    prefix = sign + prefix
    if lang == "zh":
        return f"{prefix}{number}{'余' if lower_bound else ''}{unit_gap(unit, lang)}{unit}"
    sep = unit_gap(unit, lang)
    if value == 1 and not lower_bound:  # 1 building, not 1 buildings; 1+ buildings stays plural
        unit = SINGULAR.get(unit, unit)
    return f"{prefix}{number}{'+' if lower_bound else ''}{sep}{unit}"


# A quantity is never parted from its unit at a line's end (垃圾中转站18 / 座, 仍停电：1 / 处未报数量 on a phone):
# a page shows it in one no-break span (.nb, in app.css and briefs.css). Its shape is what fmt_quantity writes
# (约/不超过, the digits, 余 or +) and a unit after it: a Chinese one, or an English word after a space. A date or a
# clock time is no quantity: 7月24日 and 21:00恢复 are left as they are.
_QUANTITY = re.compile(r"(?:约|≈|不超过|at most )?(?<![\d:.,])\d[\d,.]*(?:余|\+)?"
                       r"(?:[ \u00a0]?(?:立方米|人次|平方米|m³|(?![年月日时分秒期])[\u3400-\u9fff])| [A-Za-z³-]+)")
# Nor is a date parted at a line's end (消防救援大队于12 / 月5日 16:26, 自7月23日 / 19:00起): as fmt_time writes one,
# with its year and clock time when it has them. Tried first, so "5 Dec 16:26" is a date, not a quantity of Dec.
_CLOCK = r"\d{1,2}:\d{2}(?: [A-Z]{3,4}(?![A-Za-z]))?"  # 01:30 EST: a zone that changes its clocks names it
_DATE = (rf"(?<!\d)(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日(?:[ \u00a0]?{_CLOCK})?"
         rf"|(?<![\d:.,])\d{{1,2}} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b(?: \d{{4}})?(?: {_CLOCK})?")
_KEPT = re.compile(f"{_DATE}|{_QUANTITY.pattern}")
_TAG = re.compile(r"(<[^>]*>)")
_KEEP = '<span class="nb">{}</span>'


def then(item: object, sep: str = "·") -> Markup:
    """A separator with the item after it, kept whole: <span class="then">· <span>item</span></span>."""
    # .then (static/app.css) keeps the separator with the item's start; the inner span lets a long item wrap inside
    # itself. templates/_links.html's then macro and lines of facts written in Python (a timeline's bars) both use it.
    return Markup(f'<span class="then">{escape(sep)} <span>{escape(item)}</span></span>')


def keep_units(text: object) -> Markup:
    """Text for a page with each quantity and its unit, and each date, in one piece: 站<span class="nb">18座</span>."""
    html = str(text if isinstance(text, Markup) else escape(text))
    # Markup's tags (odd places of the split) are not text: only what lies between them is searched.
    return Markup("".join(part if i % 2 else _KEPT.sub(lambda m: _KEEP.format(m.group()), part)
                          for i, part in enumerate(_TAG.split(html))))


# A Chinese cell's clauses end at 、，； (the ideographs around them break anywhere, keep-all or not in WeasyPrint).
_CLAUSE = re.compile(r"[^、，；]*[、，；]?")
# An English figure and its unit word (90 households, 30+ buildings), not "at most 90 households" whole: a cell
# that may wrap at its other spaces stays as narrow as that.
_FIGURE_EN = re.compile(r"(?<![\d:.,])\d[\d,.]*\+? [A-Za-z]+")


def keep_clauses(text: object) -> Markup:
    """A table cell that wraps only between its clauses, each whole, in Chinese: 12（1,240栋、/ 23,560余户，/
    另有3处栋数未报）, and 1（恢复24栋） never 1（恢复 / 24栋）; English wraps at its spaces, each figure with its unit.
    One span around it all: a phone's card lays a cell's children out as flex items, one a line."""
    plain = str(text)
    if CJK.search(plain):
        # <wbr>: two no-break spans side by side leave no break between them.
        inner = Markup("<wbr>").join(Markup(_KEEP.format(escape(part))) for part in _CLAUSE.findall(plain) if part)
    else:
        html = str(escape(plain))
        inner = Markup(_FIGURE_EN.sub(lambda m: _KEEP.format(m.group()), html))
    return Markup("<span>{}</span>").format(inner)


def keep_halves(text: object) -> Markup:
    """A "period / to date" cell that wraps only after its slash, each half whole: "Not reported /" over "not
    reported" in an English brief's narrow column, never "Not" over "reported / not reported"."""
    first, slash, second = str(text).partition(" / ")
    if not slash:
        return Markup("<span>{}</span>").format(Markup(_KEEP.format(escape(first))))
    return Markup("<span>{} {}</span>").format(Markup(_KEEP.format(escape(first + " /"))),
                                               Markup(_KEEP.format(escape(second))))


def keep_figures(text: object) -> Markup:
    """A table cell that wraps anywhere but inside a figure, each with its 余 and unit (街道60余条 / 60余条, never
    60 / 余条), in one span as `keep_clauses`' for a phone's card."""
    return Markup("<span>{}</span>").format(keep_units(text))


# The reader's language as the context processor below resolved it, once a render: asking flask-babel
# (g's proxies, str(Locale)) costs ~3 µs, and a page of 50 reports with its day filter called the
# filters ~2,200 times (LANG_ONCE, docs/performance.md).
READER_LANG = "_reader_lang"


def _lang_of(context: Context) -> str:
    """The render's reader language; asked of flask-babel only where no context processor ran (a macro
    imported without context, a template rendered outside Flask's render_template)."""
    found = context.get(READER_LANG)
    return found if found is not None else reader_lang()


# The reader's catalog, likewise once a render: flask-babel's own `_()` asks for it on every call (g's proxies,
# the locale, its cache), ~180 times a page of 50 reports (docs/performance.md, "gettext once a render").
READER_TRANSLATIONS = "_reader_translations"


def _translations_of(context: Context) -> NullTranslations:
    """The render's catalog; asked of flask-babel only where no context processor ran (as _lang_of)."""
    found = context.get(READER_TRANSLATIONS)
    if found is not None:
        return found
    from flask_babel import get_translations

    return get_translations()


@pass_context
def _gettext(context: Context, message: str) -> str:
    """Jinja's _() and gettext()."""
    return _translations_of(context).ugettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    """Jinja's ngettext()."""
    return _translations_of(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, msgctxt: str, message: str) -> str:
    """Jinja's pgettext()."""
    return _translations_of(context).upgettext(msgctxt, message)


@pass_context
def _npgettext(context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
    """Jinja's npgettext()."""
    return _translations_of(context).unpgettext(msgctxt, singular, plural, n)


def init_app(app: Flask) -> None:
    """Register the formatting helpers as Jinja filters in the reader's language, resolved once a render."""
    # In place of flask-babel's (installed by Babel.init_app before this): the same newstyle calls, escaping
    # and %-formatting (Jinja's i18n extension wraps them), over the catalog the context processor read.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True)

    @app.template_filter("vtime")
    @pass_context
    def _vtime(context: Context, at: datetime | None, precision: Precision | str | None = None,
               tz: ZoneInfo | str = "Asia/Shanghai", with_day: bool = True, year: bool | str = False) -> Markup:
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        if year == "auto":  # lists, which may mix years: shows_year decides per date
            year = at is not None and with_day and shows_year(at, zone)
        # fmt_time reads the flag only for its truth (a template may pass any truthy value).
        text = escape(fmt_time(at, precision, zone, _lang_of(context), with_day, bool(year)))
        # A date is one piece on a page, as a quantity is: a phone's line broke 2021年7 / 月29日 and 30 Jul / 2021.
        return Markup(_KEEP.format(text)) if at is not None else text

    @app.template_filter("qty")
    @pass_context
    def _qty(context: Context, value: int | float | Decimal | None, lower_bound: bool = False, unit: str = "",
             digits: int = 0, approximate: bool = False, upper_bound: bool = False) -> Markup:
        text = fmt_quantity(value, lower_bound, unit, _lang_of(context), digits, approximate, upper_bound)
        # A bare figure has no unit to part from; nor has "not reported" (left bare for |standalone to capitalise).
        return Markup(_KEEP.format(escape(text))) if unit and value is not None else Markup(escape(text))

    app.add_template_filter(keep_units, "keep_units")

    @app.template_filter("written")
    @pass_context
    def _written(context: Context, text: object) -> Markup:
        return as_written(text, _lang_of(context))

    @app.template_filter("written_runs")
    @pass_context
    def _written_runs(context: Context, html: object, lang: str | None = None) -> Markup:
        # `lang`: a brief's own language, which may not be the page's (a print page has no reader's context).
        return written_runs(html, lang or _lang_of(context))

    app.add_template_filter(keep_clauses, "keep_clauses")
    app.add_template_filter(keep_halves, "keep_halves")
    app.add_template_filter(keep_figures, "keep_figures")
    app.add_template_global(then, "then_span")

    @app.template_filter("zone")
    @pass_context
    def _zone(context: Context, zone: ZoneInfo | str) -> str:
        return fmt_zone(str(zone), _lang_of(context))

    @app.template_global("unsized_left_out")
    @pass_context
    def _unsized_left_out(context: Context, n: int) -> str:
        lang = _lang_of(context)
        return unsized_left_out(fmt_number(n, lang), lang)

    @app.template_filter("num")
    @pass_context
    def _num(context: Context, value: int | float | Decimal | None, digits: int = 0) -> str:
        lang = _lang_of(context)
        return NOT_REPORTED[lang] if value is None else fmt_number(value, lang, digits)

    @app.template_filter("day_label")
    @pass_context
    def _day_label(context: Context, day: date | str, tz: ZoneInfo | str = "Asia/Shanghai") -> str:
        # A day kept in JSON (a notice's facts) is its ISO text.
        day = date.fromisoformat(day) if isinstance(day, str) else day
        return fmt_calendar_day(day, tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz), _lang_of(context))

    from incidents.csvfile import standalone
    from incidents.labels import field_problem, form_labels, label, person_name, signed_in_as

    @app.template_filter("person")
    @pass_context
    def _person(_context: Context, user: Any) -> str:
        # The context, as for label: a system account's label is never folded into the cached template.
        return person_name(user)

    @app.template_filter("signed_in_as")
    @pass_context
    def _signed_in_as(context: Context, user: Any) -> Markup:
        # The name is the person's own words (区应急办 刘洋), the role the interface's.
        return signed_in_as(user, lambda name: as_written(name, _lang_of(context)))

    @app.template_filter("label")
    @pass_context
    def _label(_context: Context, code: str | enum.Enum | None) -> str:
        # Taking the context keeps Jinja from folding a constant ('debris'|label) into the compiled,
        # cached template, in the language of whoever saw the page first.
        return label(code)

    @app.template_filter("standalone")
    def _standalone(text: str) -> str:
        # A translated word standing alone (a badge, a link, a cell): capitalised as a code's label is. Its
        # argument is already translated (_('disabled')|standalone), never a constant Jinja could fold. A value
        # alone in a cell or card (x|qty|standalone) too: the formatters write "not reported" as a phrase needs it
        # ("now not reported"), and its Markup stays Markup.
        return Markup(standalone(text)) if isinstance(text, Markup) else standalone(str(text))

    @app.template_filter("field_problem")
    @pass_context
    def _field_problem(_context: Context, name: str, problem: Any, nearer: Mapping[str, Any] | None = None) -> str:
        # The context, as for label: never folded into the cached template in another reader's language.
        return field_problem(name, problem, nearer)

    @app.template_filter("form_labels")
    @pass_context
    def _form_labels(_context: Context, form: Any) -> dict[str, str]:
        # A refusal on a form's page names a field as that form labels it (a pumping's observed_at is 开始时间).
        return form_labels(form)

    @app.context_processor
    def _lang_ctx() -> dict[str, object]:
        # sentence_gap: what goes between two sentences, a space in English and none after a Chinese 。
        # READER_LANG under a name of its own: a view may pass a `lang` of its choosing to its template.
        from flask_babel import get_translations

        lang = reader_lang()
        return {"lang": lang, "sentence_gap": " " if lang == "en" else "", READER_LANG: lang,
                READER_TRANSLATIONS: get_translations()}
