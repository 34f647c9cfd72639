"""A pumped volume over no time is refused in an import as on the form, on its end column, and nothing is stored."""

from __future__ import annotations

from incidents.models import IdempotencyKey
from tests.imports.conftest import count_reports, csv_bytes

HEADER = ["排水作业编号", "起始时间", "结束", "排水量（立方米）"]


def test_a_row_over_no_time_is_refused_on_its_end(event, make_user, run, database, session):
    make_user("co", "coordinator")
    operation = session.get(IdempotencyKey, "demo:hengshui-wfh-pumping").entity_id
    data = csv_bytes([HEADER, [operation, "2021-07-25 08:00", "2021-07-25 10:00", "300"],
                      [operation, "2021-07-25 10:00", "2021-07-25 10:00", "300"]])
    before = count_reports(database)
    outcome = run(data, "co", event, kind="pumping_volume")
    found = [(p.line, p.column, str(p.message)) for p in outcome.problems]
    assert [(line, column) for line, column, _ in found] == [(3, "period_end")], found
    assert "与开始时间相同" in found[0][2] or "same moment as the start" in found[0][2], found
    assert count_reports(database) == before
