"""Outages back in the period with no count given: 恢复供电户数 本日 is 未报 in the key figures, not "—".

"—" says nothing came back; 未报 says something came back and nobody said how much. The text says
本日全部恢复供电的停电点1处 (so something came back); every format's cell reads one `Reading`.
"""

from __future__ import annotations

import io

from docx import Document

from incidents.briefs import formats, services

from .conftest import content, day_of, figures_row, local, make_builder, out_and_back


def _brief(database, **affected: object):
    """甲小区 out at 10:00 (`affected` its counts), all back at 15:00, on 07-01."""
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    out_and_back(b, "site-a", **affected)
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    return content(database, b.event_id, day_of("2021-07-01"))


def test_back_without_counts_is_not_reported_in_every_format(database):
    c = _brief(database)
    assert c.power.restored_in_period == 1 and c.power.households_restored.value is None
    assert "本日全部恢复供电的停电点1处" in formats.as_text(c, "zh")
    assert figures_row(c, "恢复供电户数")[2] == "未报" and figures_row(c, "恢复供电楼栋")[2] == "未报"
    assert figures_row(c, "Households with power back", "en")[2] == "Not reported"
    assert "| 恢复供电户数 | 户 | 未报 |" in formats.as_markdown(c, "zh")
    table = Document(io.BytesIO(formats.as_docx(c, "zh"))).tables[0]
    cells = next([cell.text for cell in r.cells] for r in table.rows if r.cells[0].text == "恢复供电户数")
    assert cells[2] == "未报"


def test_one_count_given_the_other_not(database):
    c = _brief(database, buildings_affected=3)
    assert figures_row(c, "恢复供电楼栋")[2] == "3" and figures_row(c, "恢复供电户数")[2] == "未报"


def test_nothing_back_is_still_a_dash(database):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    b.report("outage", "site-a", local("2021-07-01 10:10"), started_at=local("2021-07-01 10:00"))
    services.compile_once(database, b.event_id, day_of("2021-07-01"), now=local("2021-07-02 08:00"))
    c = content(database, b.event_id, day_of("2021-07-01"))
    assert figures_row(c, "恢复供电户数")[2] == "—" and figures_row(c, "恢复供电楼栋")[2] == "—"
