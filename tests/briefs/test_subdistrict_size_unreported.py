"""二、分街道's 仍停电 cell of a subdistrict whose open outages gave no count says the count is 未报, in every format.

The row's JSON has its households and buildings out as null beside `households_unknown` / `buildings_unknown`, while the
cell read "1" alone: an office reading the text, Markdown, DOCX or the page could not tell an outage of no stated size
from one of no households (the outsider's document replay, scripts/awkward_documents.py, found it on 12 June).
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from tests import seedcopy

from .conftest import content, day_of, local, make_builder


def _event(database) -> tuple[int, int]:
    """甲小区 out since 09:00 with no count given; 乙小区 out since 10:00, 3 buildings and 40 households."""
    b = make_builder(database, starts=local("2021-07-01 00:00"), code="subs-size-unreported")
    b.report("outage", "site-a", local("2021-07-01 09:10"), started_at=local("2021-07-01 09:00"))
    b.report("outage", "site-b", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"),
             buildings_affected=3, households_affected=40)
    brief = services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00")).brief
    return b.event_id, brief.id


@pytest.fixture
def brief(database) -> tuple[BriefContent, int]:
    event_id, brief_id = seedcopy.loaded(database, "subs-size-unreported brief", lambda: _event(database))
    return content(database, event_id, day_of("2021-07-01")), brief_id


CELLS = {  # subdistrict: its 仍停电 cell (合计: the sum of what is known, and the outage it leaves out)
    "zh": {"甲街道": "1（户数、栋数未报）", "乙街道": "1（3栋、40户）",
           "合计": "2（3栋、40户，另有1处栋数、1处户数未报）"},
    "en": {"甲街道": "1 (size not reported)", "乙街道": "1 (3 buildings, 40 households)",
           "District total": "2 (3 buildings, 40 households, building counts not reported for 1 more, household "
                             "counts for 1)"},
}


def test_the_rows_json_says_not_reported(brief):
    c, _ = brief
    rows = {r.name: r for r in c.subdistricts}
    assert (rows["甲街道"].households_out.value, rows["甲街道"].households_unknown) == (None, 1)
    assert (rows["甲街道"].buildings_out.value, rows["甲街道"].buildings_unknown) == (None, 1)
    assert (rows["乙街道"].buildings_out.value, rows["乙街道"].households_out.value) == (3, 40)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_markdown_and_docx_say_not_reported(brief, lang):
    c, _ = brief
    label = "仍停电（处） " if lang == "zh" else "Still without power "
    sep = "：" if lang == "zh" else ": "
    text = formats.as_text(c, lang).splitlines()
    md = formats.as_markdown(c, lang)
    doc = Document(io.BytesIO(formats.as_docx(c, lang)))
    first = formats.csv_table(c, "subdistricts", lang).header[0]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first)
    docx_cells = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    for name, cell in CELLS[lang].items():
        line = next(x for x in text if x.startswith(name + sep))
        assert f"{label}{cell}；" in line or f"{label}{cell}; " in line, line
        assert f"| {name} | {cell} |" in md or f"| **{name}** | **{cell}** |" in md, md
        assert docx_cells[name] == cell, docx_cells


def test_the_page_says_not_reported(client, auth, make_user, brief):
    _, brief_id = brief
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    for url, lang in ((f"/briefs/{brief_id}", "zh"), (f"/briefs/{brief_id}?lang=en", "en")):
        page = client.get(url).get_data(as_text=True)
        subs = page[page.index('id="brief-subdistricts"'):page.index('id="brief-outstanding"')]
        cells = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", subs, re.S)]
        for cell in CELLS[lang].values():
            assert cell in cells, (url, cell, cells)
