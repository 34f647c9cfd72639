"""二、分街道's cells say the unit no outage gave is 未报 beside the one given: 1（3栋，户数未报）, not 1（3栋）.

The key figures read 停电户数 未报 for such a brief and 三、待办与风险 户数未报, while the subdistrict's cell gave the
buildings alone: a reader took 1（3栋） for an outage of no households, or did not see the households missing.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from docx import Document

from incidents.areas.services import create_area
from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from incidents.models import Area
from tests import seedcopy

from .conftest import content, day_of, figures_row, local, make_builder
from .test_pdf import needs_poppler


def _event(database) -> tuple[int, int]:
    """甲小区: 3 buildings out since 09:00, 2 buildings out at 08:00 and back at 12:00 (no household count in either);
    乙小区: 40 households out since 10:00 (no building count); 丙小区: 5 buildings out (3 since 14:00) and one more
    with no count."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="subs-one-unit")
    with database.transaction() as s:
        c = create_area(s, name="丙街道", level="subdistrict", parent=s.get(Area, b.areas["district"]))
        b.areas["site-c"] = create_area(s, name="丙小区", level="site", parent=c, households=300).id
    b.report("outage", "site-a", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"),
             buildings_affected=3)
    back = b.report("outage", "site-a", local("2021-07-01 08:10"), started_at=local("2021-07-01 08:00"),
                    buildings_affected=2)
    b.report("outage_update", "site-a", local("2021-07-01 12:10"), outage_id=back,
             observed_at=local("2021-07-01 12:00"), fully_restored=True)
    b.report("outage", "site-b", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
             households_affected=40)
    partly = b.report("outage", "site-c", local("2021-07-01 11:10"), started_at=local("2021-07-01 11:00"),
                      buildings_affected=5)
    b.report("outage_update", "site-c", local("2021-07-01 14:10"), outage_id=partly,
             observed_at=local("2021-07-01 14:00"), buildings_out=3)
    b.report("outage", "site-c", local("2021-07-01 11:20"), started_at=local("2021-07-01 11:15"))
    brief = services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00")).brief
    return b.event_id, brief.id


@pytest.fixture
def brief(database) -> tuple[BriefContent, int]:
    event_id, brief_id = seedcopy.loaded(database, "subs-one-unit brief", lambda: _event(database))
    return content(database, event_id, day_of("2021-07-01")), brief_id


CELLS = {  # subdistrict: (仍停电, 本日恢复)
    "zh": {"甲街道": ("1（3栋，户数未报）", "1（恢复2栋，户数未报）"),
           "乙街道": ("1（40户，栋数未报）", "0"),
           "丙街道": ("2（3栋，户数未报，另有1处栋数未报）", "0（恢复2栋，户数未报）"),
           "合计": ("4（6栋、40户，另有2处栋数、3处户数未报）", "1（恢复4栋，户数未报）")},
    "en": {"甲街道": ("1 (3 buildings, household counts not reported)",
                     "1 (2 buildings back, household counts not reported)"),
           "乙街道": ("1 (40 households, building counts not reported)", "0"),
           "丙街道": ("2 (3 buildings, household counts not reported, building counts not reported for 1 more)",
                     "0 (2 buildings back, household counts not reported)"),
           "District total": ("4 (6 buildings, 40 households, building counts not reported for 2 more, household "
                              "counts for 3)", "1 (4 buildings back, household counts not reported)")},
}


def test_the_rows_know_one_unit_and_not_the_other(brief):
    c, _ = brief
    rows = {r.name: r for r in c.subdistricts}
    assert (rows["甲街道"].buildings_out.value, rows["甲街道"].households_out.value) == (3, None)
    assert rows["甲街道"].households_unknown == 1 and rows["甲街道"].households_back_unknown == 1
    assert (rows["乙街道"].buildings_out.value, rows["乙街道"].buildings_unknown) == (None, 1)
    # The key figures say the households back 未报 (no outage back gave one): the cells below say it too.
    assert figures_row(c, "恢复供电户数")[2] == "未报"
    assert figures_row(c, "Households with power back", "en")[2] == "Not reported"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_docx_csv_and_text_say_the_other_unit_is_not_reported(brief, lang):
    c, _ = brief
    md = formats.as_markdown(c, lang)
    doc = Document(io.BytesIO(formats.as_docx(c, lang)))
    first = formats.csv_table(c, "subdistricts", lang).header[0]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first)
    docx_cells = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}
    rows = list(csv.reader(io.StringIO(formats.as_csv(c, "subdistricts", lang).lstrip("\ufeff"))))
    csv_cells = {r[0]: (r[1], r[2]) for r in rows[1:]}
    text = formats.as_text(c, lang).splitlines()
    sep = "：" if lang == "zh" else ": "
    for name, (out, back) in CELLS[lang].items():
        assert f"| {name} | {out} | {back} |" in md or f"| **{name}** | **{out}** | **{back}** |" in md, md
        assert docx_cells[name] == (out, back), docx_cells
        line = next(x for x in text if x.startswith(name + sep))
        assert out in line and back in line, line
        if name in csv_cells:  # the CSV is data: no total row
            assert csv_cells[name] == (out, back), csv_cells


def test_the_page_says_the_other_unit_is_not_reported(client, auth, make_user, brief):
    _, brief_id = brief
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for url, lang in ((f"/briefs/{brief_id}", "zh"), (f"/briefs/{brief_id}/print?lang=en", "en")):
        page = client.get(url).get_data(as_text=True)
        subs = page[page.index('id="brief-subdistricts"'):page.index('id="brief-outstanding"')]
        cells = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", subs, re.S)]
        for out, back in CELLS[lang].values():
            assert out in cells and back in cells, (url, out, back, cells)


# A word of `pdftotext -bbox`: its left edge, its top and its text.
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def _column(pdf: bytes, first: str, after: str) -> str:
    """The words of a printed table's column, from its header word `first` to the next column's `after`, in
    reading order over its pages: an English cell wraps over lines, its neighbours' words between them in the text."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    words = []
    for page in boxes.split("<page ")[1:]:
        found = [(float(x0), float(y0), text) for x0, y0, text in WORD.findall(page)]
        heads = [(x0, y0) for x0, y0, text in found if text == first]
        ends = [x0 for x0, _y0, text in found if text == after]
        if heads and ends:
            (left, top), right = heads[-1], ends[-1]
            words += [text for x0, y0, text in sorted(found, key=lambda w: (w[1], w[0]))
                      if left - 1 <= x0 < right - 1 and y0 > top + 30]
    return " ".join(words)


@needs_poppler
def test_the_pdf_says_the_other_unit_is_not_reported(brief):
    """The printed cells, each wrapping between its clauses (Chinese) or at its spaces (English)."""
    zh = subprocess.run(["pdftotext", "-", "-"], input=formats.as_pdf(brief[0], "zh"), capture_output=True,
                        check=True).stdout.decode()
    zh = "".join(zh[zh.index("二、分街道"):zh.index("三、待办")].split())
    for cell in ("1（3栋，户数未报）", "1（40户，栋数未报）", "2（3栋，户数未报，"):
        assert cell in zh, (cell, zh)
    en = formats.as_pdf(brief[0], "en")
    still, back = _column(en, "Still", "Restored"), _column(en, "Restored", "Pumped")
    # The column's cells in the table's order (3. Outstanding's words below it on the last page follow).
    assert still.startswith(" ".join(out for out, _ in CELLS["en"].values())), still
    assert back.startswith(" ".join(b for _, b in CELLS["en"].values())), back
