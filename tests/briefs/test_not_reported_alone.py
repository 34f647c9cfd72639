"""The English brief's tables: a value or a note alone in its cell is capitalised ("Not reported", "To date: …"),
as the timeline's cells and a report's fields are (csvfile.standalone); inside a sentence the word stays lower case
("estimated restoration not reported"). The page, the PDF (its HTML), the DOCX and the CSV read one `Reading`."""

from __future__ import annotations

import csv
import io
import re

from docx import Document

from incidents.briefs import formats, pdf, services

from .conftest import content, day_of, local, make_builder, out_and_back


def _brief(database):
    """甲小区 out at 10:00 and back at 15:00, no counts given; 乙小区 out at 12:00, no size, no ETR, still out."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a")
    b.report("outage", "site-b", local("2021-07-01 12:10"), started_at=local("2021-07-01 12:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def _cells(html: str) -> list[str]:
    """The tables' cells but the unit column's (a unit is lower case: m³, t, households)."""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r'<td(?! class="unit-col")[^>]*>(.*?)</td>', html, re.S)]


def _csv(c, table: str, lang: str = "en") -> list[list[str]]:
    return list(csv.reader(io.StringIO(formats.as_csv(c, table, lang).lstrip("\ufeff"))))


def test_english_table_cells_alone_are_capitalised(database):
    c = _brief(database)
    cells = _cells(pdf.brief_html(c, "en"))  # the print page's and the PDF's body, as the brief's page shows it
    assert "Not reported" in cells and "not reported" not in cells, cells
    assert "To date: outages reported" in cells, cells
    assert not [cell for cell in cells if cell[:1].islower()], cells
    back = next(r for r in _csv(c, "figures") if r[0] == "Households with power back")
    assert back[2] == "Not reported"
    outage = _csv(c, "outages")[1]
    assert outage[4:7] == ["Not reported", "Not reported", "Not reported"], outage  # buildings, households, ETR
    table = Document(io.BytesIO(formats.as_docx(c, "en"))).tables[0]
    row = next([cell.text for cell in r.cells] for r in table.rows if r.cells[0].text == "Households with power back")
    assert row[2] == "Not reported"
    # The masthead's right side stands alone too (the issuer beside it, Chinese in an English brief, marked so).
    assert re.search(r'class="brief-issuer"><span><span lang="zh-CN">[^<]*</span></span><span>Awaiting sign-off</span>',
                     pdf.brief_html(c, "en"))
    # Inside a sentence the word keeps its case; Chinese is as it was.
    assert "estimated restoration not reported" in formats.as_text(c, "en")
    assert next(r for r in _csv(c, "figures", "zh") if r[0] == "恢复供电户数")[2] == "未报"
