"""二、分街道: a 合计 row under the subdistricts, the district's own figures, agreeing with the rows above it."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document

from incidents.briefs import formats, services
from incidents.briefs.content import BriefContent
from incidents.briefs.quantities import Qty
from incidents.briefs.render import Reading

from .conftest import compile_seed, day_of, local


@pytest.fixture(scope="module")
def seed(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BriefContent]:
    """The scheduled briefs 07-22..07-30, caught up on 07-31 09:00."""
    return compile_seed(db_url, str(tmp_path_factory.mktemp("total")), local("2021-07-31 09:00"), 30)


def _sum(values: list[Qty]) -> int | None:
    """The sum of known values; None when any is unknown."""
    return None if any(v.value is None for v in values) else sum(v.value or 0 for v in values)


def test_the_total_row_is_the_sum_of_the_rows_on_every_seed_brief(seed):
    checked = 0
    for day, c in seed.items():
        rows = c.subdistricts
        if len(rows) < 2:
            continue
        checked += 1
        assert sum(r.open_outages for r in rows) == c.power.open_outages, day
        assert sum(r.restored_in_period for r in rows) == c.power.restored_in_period, day
        for mine, district in ((lambda r: r.volume_m3, c.pumping.volume_m3),
                               (lambda r: r.debris_kg, c.debris.mass_kg)):
            for span in ("period", "to_date"):
                parts = [getattr(mine(r), span) for r in rows]
                if any(p.value is not None for p in parts):
                    known = sum(p.value or 0 for p in parts)
                    assert known == getattr(district, span).value, (day, span)
        if c.power.open_outages and all(r.households_out.value is not None for r in rows if r.open_outages):
            assert _sum([r.households_out for r in rows if r.open_outages]) == c.power.households_out.value, day
        table = Reading(c, "zh").subdistrict_table()
        assert table.total is not None and table.total[0] == "合计", day
        assert table.total[-1] == str(sum(r.reports for r in rows)), day
        assert table.total[1].startswith(str(c.power.open_outages)), day
    assert checked >= 5  # the seed's briefs name several subdistricts


def test_every_format_shows_the_total_but_the_csv(seed):
    c = seed["2021-07-27"]
    total = Reading(c, "zh").subdistrict_table().total
    assert total is not None
    text = formats.as_text(c, "zh")
    assert "\n合计：" in text and "二、分街道（镇）情况" in text
    assert text.index("合计：") < text.index("三、待办与风险")
    md = formats.as_markdown(c, "zh")
    assert "| **合计** |" in md
    english = formats.as_text(c, "en")
    assert "\nDistrict total: " in english
    rows = list(csv.reader(io.StringIO(formats.as_csv(c, "subdistricts").lstrip("\ufeff"))))
    assert all(row[0] != "合计" for row in rows)  # data for a spreadsheet: a total row would be summed twice
    doc = Document(io.BytesIO(formats.as_docx(c, "zh")))
    first_column = Reading(c, "zh").subdistrict_table().header[0]
    last = next(t for t in doc.tables if t.rows[0].cells[0].text == first_column).rows[-1]
    assert last.cells[0].text == "合计"
    assert all(run.bold for cell in last.cells for p in cell.paragraphs for run in p.runs)


def test_the_brief_page_has_the_total_under_the_rows(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    for url in (f"/briefs/{brief.id}", f"/briefs/{brief.id}/print"):
        page = client.get(url).get_data(as_text=True)
        subs = page[page.index('id="brief-subdistricts"'):page.index('id="brief-outstanding"')]
        assert subs.index("</tbody>") < subs.index('<tfoot><tr class="total"><th scope="row">合计</th>'), url
