"""Every format of a brief, rendered from its one stored structure through a `Reading`.

Plain text (to paste into a chat), Markdown, CSV of the tables, JSON, and DOCX shaped like a
Chinese government daily report (红头, 第N期, issuer and date under a red rule, 仿宋 body,
黑体 headings). HTML and the print page are templates over the same Reading; the PDF is the
print page rendered on the server (pdf.py).
"""

from __future__ import annotations

import dataclasses
import io
import json
from typing import TYPE_CHECKING, Any

from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading
from incidents.briefs.tables import Table
from incidents.csvfile import to_csv
from incidents.filenames import safe_name
from incidents.tables import xml_text

if TYPE_CHECKING:
    from incidents.briefs.models import Brief

FORMATS = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
CSV_TABLES = ("figures", "subdistricts", "outages", "activity")


# ---- text from reports, made inert -------------------------------------------------------------
# A report's title or place name may hold <script>, <img onerror=…> or [x](javascript:…): harmless
# as served (text/plain, text/markdown), live once pasted into a Markdown viewer or an HTML mail.


def file_stem(brief: Brief) -> str:
    """A brief's files' name before the extension: brief-<event code>-<day>-r<revision>, safe in any header."""
    return safe_name(f"brief-{brief.event.code}-{brief.day.isoformat()}-r{brief.revision}")


def md_inert(text: str) -> str:
    """Text from reports that a Markdown renderer shows as typed: no raw HTML, no link or image.

    `<` becomes `&lt;` (no tag, no autolink can start); backslashes and square brackets are
    backslash-escaped (no link or image syntax; escaping the backslash first means a report's
    own backslash cannot undo the escape). Other Markdown marks only change emphasis. The brief's
    Markdown and the robots' messages (distribution/messages.py) both say report text through it.
    """
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")


def _md_escape(text: str) -> str:
    """md_inert, on one line: a brief's Markdown table cell or list item holds no line break."""
    return md_inert(text).replace("\r", " ").replace("\n", " ")


def _plain_safe(text: str) -> str:
    """Plain text no renderer turns into markup.

    Angle brackets become their full-width forms ＜ ＞: a reader (Chinese text uses them anyway)
    sees the same words, while no HTML or Markdown renderer can read a tag or autolink from them.
    Stripping tags instead would silently drop what a field worker wrote. "](" gets a space, so a
    pasted brief has no link syntax either.
    """
    # "](" is where a Markdown link or image meets its target; "] (" is no link in any renderer.
    return text.replace("<", "＜").replace(">", "＞").replace("](", "] (")


class _Escaped:
    """A Reading whose every string (in lists, tuples, tables, paragraphs) comes out escaped."""

    def __init__(self, reading: Reading, escape: Any) -> None:
        self._reading, self._escape = reading, escape

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._escape(value)
        if isinstance(value, list | tuple):
            return type(value)(self._clean(v) for v in value)
        if isinstance(value, dict):
            return {k: self._clean(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.replace(value, **{f.name: self._clean(getattr(value, f.name))
                                                 for f in dataclasses.fields(value) if f.init})
        if hasattr(value, "_fields"):  # a NamedTuple
            return type(value)(*(self._clean(v) for v in value))
        return value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._reading, name)
        if callable(value):
            return lambda *args, **kwargs: self._clean(value(*args, **kwargs))
        return self._clean(value)


def as_text(content: BriefContent, lang: str = "zh") -> str:
    """Plain text for a chat: short lines, no tables wider than a phone."""
    return _plain_safe(_as_text(content, lang))


def _as_text(content: BriefContent, lang: str = "zh") -> str:
    r = Reading(content, lang)
    h = r.headings
    colon = "：" if r.zh else ": "
    out = [r.title, r.number_line]
    if r.status_note:
        out.append(r.status_note)
    out += [" ".join(filter(None, [r.issuer, r.issued])), r.period_line, r.cutoff_line, ""]
    out.append(h["overview"])
    out += [f"{p.label}{colon}{p.text}" for p in r.overview()]
    out += ["", h["subdistricts"]]
    table = r.subdistrict_table()
    for row in table.rows + ([table.total] if table.total else []):
        # Chat text stays short: cells with nothing in them are left out.
        cells = [f"{table.header[i]} {row[i]}" for i in range(1, len(row)) if row[i] != "— / —"]
        out.append(row[0] + colon + ("；" if r.zh else "; ").join(cells))
    out += ["", h["outstanding"]]
    out += [f"{i}. {line}" for i, line in enumerate(r.outstanding(), 1)]
    out += ["", h["activity"]]
    activity = r.activity()
    out += [f"{t} {place}{colon}{what}" for t, place, what in activity] or [r._("No activity logged.")]
    if r.activity_more():
        out.append(r.activity_more())
    out += ["", h["quality"]]
    out += [f"{i}. {line}" for i, line in enumerate(r.quality(charts=False, figures=False), 1)]
    out += ["", r.compiled_line]
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(c) for c in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def as_markdown(content: BriefContent, lang: str = "zh") -> str:
    """Markdown with the same sections and tables; what reports say is escaped (no HTML, no links)."""
    r: Any = _Escaped(Reading(content, lang), _md_escape)
    h = r.headings
    out = [f"# {r.title}", "", f"**{r.event_line}** · {r.number_line}", ""]
    if r.status_note:
        out += [f"> **{r.status_note}**", ""]
    out += [f"{r.issuer} · {r.issued}  ", f"{r.period_line}  ", r.cutoff_line, "", f"## {h['overview']}", ""]
    out += [f"- **{p.label}**：{p.text}" if r.zh else f"- **{p.label}**: {p.text}" for p in r.overview()]
    out += ["", f"### {h['figures']}", ""]
    out += _md_table([h["item"], h["unit"], h["this"], h["to_date"], h["previous"], h["note"]],
                     [[f.item, f.unit, f.period, f.to_date, f.previous, f.note] for f in r.figures()])
    table = r.subdistrict_table()
    total = [[f"**{c}**" for c in table.total]] if table.total else []
    out += ["", f"## {h['subdistricts']}", ""] + _md_table(table.header, table.rows + total)
    out += ["", f"## {h['outstanding']}", ""] + [f"- {line}" for line in r.outstanding()]
    out += ["", f"## {h['activity']}", ""]
    activity = r.activity()
    out += _md_table([h["time"], h["place"], h["what"]], [list(a) for a in activity]) if activity \
        else [r._("No activity logged.")]
    if r.activity_more():
        out += ["", r.activity_more()]
    out += ["", f"## {h['quality']}", ""] + [f"- {line}" for line in r.quality(charts=False)]
    out += ["", f"*{r.compiled_line}*", ""]
    return "\n".join(out)


def csv_table(content: BriefContent, name: str, lang: str = "zh") -> Table:
    """One of the brief's tables: figures, subdistricts, outages or activity."""
    r = Reading(content, lang)
    h = r.headings
    if name == "figures":
        return Table([h["item"], h["unit"], h["this"], h["to_date"], h["previous"], h["note"]],
                     [[f.item, f.unit, f.period, f.to_date, f.previous, f.note] for f in r.figures()])
    if name == "subdistricts":
        return r.subdistrict_table()
    if name == "outages":
        return r.outage_table()
    if name == "activity":
        return Table([h["time"], h["place"], h["what"]], [list(a) for a in r.activity()])
    raise ValueError(f"table: unknown table {name!r}")


def as_csv(content: BriefContent, table: str = "figures", lang: str = "zh") -> str:
    """A table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right)."""
    t = csv_table(content, table, lang)
    return to_csv(t.header, t.rows)


def as_json(content: BriefContent, meta: dict[str, Any] | None = None) -> str:
    """The stored structure itself, with the brief's identity."""
    return json.dumps({**(meta or {}), "content": content.to_json()}, ensure_ascii=False, indent=2)


def as_pdf(content: BriefContent, lang: str = "zh") -> bytes:
    """The print page as an A4 PDF, made on the server (WeasyPrint, loaded on first use)."""
    from incidents.briefs import pdf

    return pdf.as_pdf(content, lang)


# ---- DOCX ------------------------------------------------------------------------------------

RED = "C00000"
FANGSONG = "仿宋"     # body (GB/T 9704: 3号仿宋)
HEITI = "黑体"        # first-level headings
XIAOBIAOSONG = "方正小标宋简体"  # the red-head title; Word falls back to a Song face where missing
SONGTI = "宋体"       # tables


def _run(paragraph: Any, text: str) -> Any:
    """A run of text in a paragraph: every text of the DOCX goes in here, what XML cannot hold left out."""
    return paragraph.add_run(xml_text(text))


def _font(run: Any, east_asia: str, size: float, *, bold: bool = False, color: str | None = None,
          latin: str = "Times New Roman") -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


def _para(doc: Any, text: str = "", *, font: str = FANGSONG, size: float = 16, bold: bool = False,
          color: str | None = None, align: str | None = None, indent: bool = False, space_after: float = 0,
          exact: float | None = 28) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                       "left": WD_ALIGN_PARAGRAPH.LEFT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if text:
        _font(_run(p, text), font, size, bold=bold, color=color)
    return p


def _heading(doc: Any, text: str, size: float = 16) -> Any:
    """A first-level heading (黑体, indented two characters, kept with what follows)."""
    from docx.shared import Pt

    p = _para(doc, text, font=HEITI, size=size, indent=True)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6)
    return p


def _rule(paragraph: Any, color: str = RED, size: int = 18) -> None:
    """A red rule under the issuer line (a bottom border of the paragraph)."""
    from docx.oxml.ns import qn

    ppr = paragraph._element.get_or_add_pPr()
    border = ppr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): str(size),
                                                 qn("w:space"): "4", qn("w:color"): color})
    border.append(bottom)
    ppr.append(border)


def _table_style(doc: Any) -> Any:
    """A small paragraph style for table cells, so empty cells are as low as full ones."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    if "Brief Table" in [st.name for st in doc.styles]:
        return doc.styles["Brief Table"]
    style = doc.styles.add_style("Brief Table", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    return style


def _row_flags(row: Any, *, header: bool = False) -> None:
    """A row Word never splits across a page break; the header row is repeated atop each page.

    Without these a long table (the key figures run to 30 rows) broke mid-row, a place's name on one
    page and its figures on the next, and the columns went on unlabelled, as the PDF never does.
    """
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    if header:
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


def _page_numbers(section: Any) -> None:
    """Page numbers at the foot of each page, "— 1 —" (GB/T 9704: 4号宋体 Arabic numerals between dashes)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "") -> Any:
        r = p.add_run(text)
        _font(r, SONGTI, 14, latin=SONGTI)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            r._r.append(r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text == " PAGE ":
            code = r._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            code.text = text
            r._r.append(code)
        else:
            r.text = text
    run(" —")


def _docx_table(doc: Any, table: Table, widths_cm: list[float] | None = None) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    t = doc.add_table(rows=1, cols=len(table.header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    # By its id, not `paragraph.style = style`: python-docx's setter scans every style for the default one
    # each time, per cell over half of a brief's DOCX time (5 December). "Brief Table" is never the default.
    style_id = _table_style(doc).style_id
    for cell, text in zip(t.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0]._p.style = style_id
        _font(_run(cell.paragraphs[0], text), HEITI, 10.5, bold=True)
    _row_flags(t.rows[0], header=True)
    rows = [(row, False) for row in table.rows] + ([(table.total, True)] if table.total else [])
    for row, bold in rows:
        added = t.add_row()
        _row_flags(added)
        for cell, text in zip(added.cells, row, strict=True):
            cell.paragraphs[0]._p.style = style_id
            _font(_run(cell.paragraphs[0], str(text)), HEITI if bold else SONGTI, 10.5, bold=bold)
    if widths_cm:
        # Word reads the cell widths, LibreOffice the grid: set both.
        t.autofit = False
        for column, width in zip(t.columns, widths_cm, strict=False):
            column.width = Cm(width)
        for row in t.rows:
            for cell, width in zip(row.cells, widths_cm, strict=False):
                cell.width = Cm(width)


def _languages(doc: Any, lang: str) -> None:
    """The file's languages: Chinese for East Asian text (python-docx's template says Japanese, so text
    with no font of its own could fall back to a Japanese face and Word proofs it as Japanese)."""
    from docx.oxml.ns import qn

    for element in doc.styles.element.iter(qn("w:lang")):
        element.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-US")
        element.set(qn("w:eastAsia"), "zh-CN")
    for element in doc.settings.element.iter(qn("w:themeFontLang")):
        element.set(qn("w:eastAsia"), "zh-CN")


def as_docx(content: BriefContent, lang: str = "zh") -> bytes:
    """A Word file in the shape of a Chinese government daily report (A4, GB/T 9704 margins)."""
    from docx import Document
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    r = Reading(content, lang)
    h = r.headings
    doc = Document()
    _languages(doc, lang)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    _page_numbers(section)

    _para(doc, r.title, font=XIAOBIAOSONG, size=26, color=RED, align="center", exact=None, space_after=6)
    _para(doc, r.number_line, font=FANGSONG, size=16, align="center", exact=None, space_after=6)
    if r.status_note:
        _para(doc, r.status_note, font=HEITI, size=12, color=RED, align="center", exact=None)
    issuer = _para(doc, exact=None, space_after=10)
    width = section.page_width - section.left_margin - section.right_margin
    issuer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _font(_run(issuer, f"{r.issuer}\t{r.issued}"), FANGSONG, 14)
    _rule(issuer)
    _para(doc, r.event_line, font=FANGSONG, size=14, exact=None)
    _para(doc, r.period_line, font=FANGSONG, size=14, exact=None)
    _para(doc, r.cutoff_line, font=FANGSONG, size=14, exact=None, space_after=8)

    colon = "：" if r.zh else ": "
    # English flush left, as the PDF sets it (docs/briefs.md, "PDF"): justified at spaces with no hyphenation, a
    # short line's words stood at wide gaps. Chinese fills its lines character by character: justified.
    body = "justify" if r.zh else "left"
    _heading(doc, h["overview"])
    for p in r.overview():
        para = _para(doc, indent=True, align=body)
        _font(_run(para, p.label + colon), HEITI if r.zh else FANGSONG, 16, bold=not r.zh)
        _font(_run(para, p.text), FANGSONG, 16)
    caption = _para(doc, h["figures"], font=HEITI, size=14, align="center", exact=None, space_after=4)
    caption.paragraph_format.keep_with_next = True
    _docx_table(doc, csv_table(content, "figures", lang), [2.6, 1.2, 2.0, 2.0, 2.0, 5.8])

    _heading(doc, h["subdistricts"])
    _docx_table(doc, r.subdistrict_table(), [2.6, 1.8, 1.8, 2.8, 2.6, 2.6, 1.4])  # its total row in bold

    _heading(doc, h["outstanding"])
    for i, line in enumerate(r.outstanding(), 1):
        _para(doc, f"{i}. {line}" if not r.zh else f"（{_cn(i)}）{line}", indent=True, align=body)

    _heading(doc, h["activity"])
    activity = r.activity()
    if activity:
        for t, place, what in activity:
            _para(doc, f"{t}，{place}：{what}" if r.zh else f"{t}, {place}: {what}", indent=True, align=body)
    else:
        _para(doc, r._("No activity logged."), indent=True, align=body)
    if r.activity_more():
        _para(doc, r.activity_more(), indent=True, align=body)

    _heading(doc, h["quality"])
    for i, line in enumerate(r.quality(charts=False), 1):
        _para(doc, f"{i}. {line}" if not r.zh else f"（{_cn(i)}）{line}", indent=True, align=body)

    foot = _para(doc, r.compiled_line, font=FANGSONG, size=12, exact=None, space_after=0)
    foot.paragraph_format.space_before = Pt(12)
    _rule(foot, color="000000", size=6)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _cn(n: int) -> str:
    """一, 二, … 十九 for numbered items."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return str(n)
