"""二、分街道 says buildings beside households where outages were reported in buildings (栋/楼), in every format.

The rows of the brief's JSON carry both units (共12栋、280户 adds up by subdistrict), while the table's cells gave
households alone: a district office reading the page, the text, the DOCX or the CSV could not tell how many
buildings each subdistrict had out or back. A sum leaving out an outage that gave no building count says so.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess

import pytest
from docx import Document

from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from incidents.briefs.quantities import Qty
from tests import seedcopy

from .conftest import content, day_of, local, make_builder
from .test_pdf import needs_poppler
from .test_pdf_words_within_margins import RIGHT_EDGE, WORD


def _event(database) -> tuple[int, int]:
    """甲小区: 4 buildings, 50 households out since 09:00 and 30 households (no building count) since 10:00;
    乙小区: 10 buildings, 300 households out at 08:00, 4 buildings and 120 households still out at 12:00."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="subs-buildings")
    b.report("outage", "site-a", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             households_affected=50, buildings_affected=4)
    b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
             households_affected=30)
    oid = b.report("outage", "site-b", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                   households_affected=300, buildings_affected=10)
    b.report("outage_update", "site-b", local("2021-07-01 12:10"), outage_id=oid,
             observed_at=local("2021-07-01 12:00"), households_out=120, buildings_out=4)
    brief = services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00")).brief
    return b.event_id, brief.id


@pytest.fixture
def brief(database) -> tuple[BriefContent, int]:
    # The same event and brief in six tests: made once a worker, copied into the others (0.8-1.5 s a test to make).
    event_id, brief_id = seedcopy.loaded(database, "subs-buildings brief", lambda: _event(database))
    return content(database, event_id, day_of("2021-07-01")), brief_id


ZH = {  # subdistrict: (still out, back in the period)
    "甲街道": ("2（4栋、80户，另有1处栋数未报）", "0"),
    "乙街道": ("1（4栋、120户）", "0（恢复6栋、180户）"),
    "合计": ("3（8栋、200户，另有1处栋数未报）", "0（恢复6栋、180户）"),
}
EN = {  # the builder's areas have no English names: the rows keep the Chinese ones
    "甲街道": ("2 (4 buildings, 80 households, building counts not reported for 1 more)", "0"),
    "乙街道": ("1 (4 buildings, 120 households)", "0 (6 buildings, 180 households back)"),
    "District total": ("3 (8 buildings, 200 households, building counts not reported for 1 more)",
                       "0 (6 buildings, 180 households back)"),
}


def test_the_rows_carry_both_units(brief):
    c, _ = brief
    rows = {r.name: r for r in c.subdistricts}
    assert (rows["甲街道"].buildings_out.value, rows["甲街道"].buildings_unknown) == (4, 1)
    assert rows["乙街道"].buildings_restored.value == 6


def test_text_says_buildings_beside_households(brief):
    c, _ = brief
    zh = formats.as_text(c, "zh")
    for name, (out, back) in ZH.items():
        line = next(x for x in zh.splitlines() if x.startswith(name + "："))
        assert f"仍停电（处） {out}" in line, line
        assert f"本日恢复（处） {back}" in line, line
    en = formats.as_text(c, "en")
    total = next(x for x in en.splitlines() if x.startswith("District total: "))
    assert EN["District total"][0] in total and EN["District total"][1] in total, total
    b_line = next(x for x in en.splitlines() if x.startswith("乙街道: "))
    assert EN["乙街道"][0] in b_line and EN["乙街道"][1] in b_line, b_line


def test_markdown_says_buildings_beside_households(brief):
    c, _ = brief
    md = formats.as_markdown(c, "zh")
    assert f"| 乙街道 | {ZH['乙街道'][0]} | {ZH['乙街道'][1]} |" in md, md
    assert f"| **合计** | **{ZH['合计'][0]}** | **{ZH['合计'][1]}** |" in md, md


def test_csv_says_buildings_beside_households(brief):
    c, _ = brief
    for lang, expected in (("zh", ZH), ("en", EN)):
        rows = list(csv.reader(io.StringIO(formats.as_csv(c, "subdistricts", lang).lstrip("\ufeff"))))
        cells = {r[0]: (r[1], r[2]) for r in rows[1:]}
        assert cells["甲街道"] == expected["甲街道"], (lang, cells)
        assert cells["乙街道"] == expected["乙街道"], (lang, cells)


def test_docx_says_buildings_beside_households(brief):
    c, _ = brief
    for lang, expected in (("zh", ZH), ("en", EN)):
        doc = Document(io.BytesIO(formats.as_docx(c, lang)))
        first = formats.csv_table(c, "subdistricts", lang).header[0]
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == first)
        cells = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}
        assert cells == expected, (lang, cells)


def test_the_page_says_buildings_beside_households(client, auth, make_user, brief):
    _, brief_id = brief
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for url, expected in ((f"/briefs/{brief_id}", ZH), (f"/briefs/{brief_id}/print?lang=en", EN)):
        page = client.get(url).get_data(as_text=True)
        subs = page[page.index('id="brief-subdistricts"'):page.index('id="brief-outstanding"')]
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", subs)]
        for out, back in expected.values():
            assert out in cells and back in cells, (url, out, back, cells)


def _long_cells(c: BriefContent) -> BriefContent:
    """The brief as a large district's would read: thousands out and back, counts missing in both units."""
    row = c.subdistricts[0]
    big = {"open_outages": 12, "buildings_out": Qty(1240), "households_out": Qty(23560, lb=True),
           "buildings_unknown": 3, "households_unknown": 1, "restored_in_period": 12,
           "buildings_restored": Qty(340), "households_restored": Qty(12480), "buildings_back_unknown": 2,
           "households_back_unknown": 2}
    c.subdistricts[0] = dataclasses.replace(row, **big)
    for name, value in big.items():
        if hasattr(c.power, name):
            setattr(c.power, name, value)
    return c


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_cells_wrap_within_the_printed_page(brief, lang):
    """Found printing it: the Chinese cells were kept on one line, 12（1,240栋、23,560余户，另有3处栋数、1处户数未报）,
    and pushed 排水, 消杀, 清运 and 报告数 off the A4 page. They wrap between clauses, each whole."""
    c = _long_cells(brief[0])
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=formats.as_pdf(c, lang),
                           capture_output=True, check=True).stdout.decode()
    words = [(text, float(right)) for _left, right, text in WORD.findall(boxes)]
    beyond = [text for text, right in words if right > RIGHT_EDGE + 1]
    assert not beyond, beyond


def test_a_chinese_cell_wraps_only_between_its_clauses():
    from incidents.formatting import keep_clauses

    assert str(keep_clauses("1（恢复24栋）")) == '<span><span class="nb">1（恢复24栋）</span></span>'
    assert str(keep_clauses("12（1,240栋、23,560余户，另有3处栋数未报）")).split("<wbr>") == [
        '<span><span class="nb">12（1,240栋、</span>', '<span class="nb">23,560余户，</span>',
        '<span class="nb">另有3处栋数未报）</span></span>']
    # English wraps at its spaces, each figure with its unit ("at most" may stand on the line before).
    assert str(keep_clauses("1 (at most 90 households)")) == (
        '<span>1 (at most <span class="nb">90 households</span>)</span>')
    assert "&lt;b&gt;" in str(keep_clauses("1（<b>）"))
