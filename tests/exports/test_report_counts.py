"""A disinfection's counts in the report list's downloads: structured in JSON, 余 in Chinese.

The JSON download gave the counts as the spreadsheet's text in the reader's language ("垃圾运输车 400+辆;
道路果皮箱 2700+个"), the one field of the file a program had to parse back, and by language, though JSON
holds codes and numbers everywhere else. Now JSON gives them as the API does, {category code: [count,
more-than]}. The Chinese spreadsheets wrote "400+辆" where every other figure of the log says 400余辆.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from incidents.models import DisinfectionCount
from tests.conftest import switch_language
from tests.exports.conftest import read_csv, read_xlsx


def _a_lower_bound(session) -> DisinfectionCount:  # noqa: ANN001
    """A seeded count that is "more than" (the demo's 400余 garbage trucks)."""
    return session.scalars(sa.select(DisinfectionCount).where(DisinfectionCount.count_lb.is_(True))
                           .order_by(DisinfectionCount.report_id)).first()


def test_json_gives_the_counts_as_codes_and_numbers(reader, event, session):
    lower = _a_lower_bound(session)
    rows = json.loads(reader.get(f"/events/{event.id}/reports/export.json?kind=disinfection").data)["rows"]
    row = next(r for r in rows if r["id"] == lower.report_id)
    stored = session.scalars(sa.select(DisinfectionCount).where(DisinfectionCount.report_id == lower.report_id))
    assert row["counts"] == {c.category_code: [c.count, bool(c.count_lb)] for c in stored}
    assert row["counts"][lower.category_code] == [lower.count, True]


def test_chinese_spreadsheets_say_yu_and_english_ones_plus(reader, event, session):
    lower = _a_lower_bound(session)
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        table = read(reader.get(f"/events/{event.id}/reports/export.{fmt}?kind=disinfection").data)
        cell = next(r for r in table[1:] if int(r[0]) == lower.report_id)[table[0].index("消杀点位")]
        assert f" {lower.count}余" in cell and "+" not in cell, cell
    switch_language(reader, "en")
    table = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=disinfection").data)
    cell = next(r for r in table[1:] if int(r[0]) == lower.report_id)[table[0].index("Counts")]
    assert f" {lower.count}+" in cell, cell
