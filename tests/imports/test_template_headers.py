"""The Chinese templates head each column as the forms label the field (停电楼栋, 获知时间, 开始时间 for a
pumping's start); before, 停电栋数, 获悉时间 and a bare 时间 differed from the forms. Files made from the old
templates still import: their headers are kept as aliases."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from incidents.imports.templates import OLD_ZH, report_columns, template_headers
from incidents.reports.forms import LABELS, OBSERVED_LABELS
from incidents.reports.models import ReportKind
from tests.imports.conftest import count_reports, csv_bytes

# The file gives a report number where the form picks an outage or operation from a list.
PARENTS = {"outage_id", "operation_id"}


@pytest.mark.parametrize("kind", list(ReportKind))
def test_each_header_is_the_forms_label(app, kind):
    with app.test_request_context(), force_locale("zh"):
        for column in report_columns(kind):
            if column.name in PARENTS or column.name == "area":
                continue
            label = OBSERVED_LABELS.get(kind, LABELS["observed_at"]) if column.name == "observed_at" else \
                LABELS[column.name]
            assert column.zh == str(label), column.name


def test_the_outage_template_reads_as_the_form():
    headers = template_headers("outage", "zh")
    assert "停电楼栋" in headers and "获知时间" in headers and "停电栋数" not in headers
    assert "开始时间" in template_headers("pumping", "zh")


def test_files_with_the_old_headers_still_import(app, event, make_user, run, database):
    make_user("co", "coordinator")
    outage = [["地点", "停电时间", "停电户数", "停电栋数", "来源"],
              ["文峰区/北大街街道/彰德路64号院", "2021-07-22 23:40", "120", "3", "供电所"]]
    outcome = run(csv_bytes(outage), "co", event)
    assert (outcome.kind, outcome.created, outcome.problems) == ("outage", 1, [])
    pumping = [["地点", "队伍", "时间", "泵数", "排水能力(立方米/时)"],
               ["文峰区/北大街街道/彰德路64号院", "消防", "2021-07-23", "4", "300"]]
    outcome = run(csv_bytes(pumping), "co", event)
    assert (outcome.kind, outcome.created, outcome.problems) == ("pumping", 1, [])
    assert count_reports(database, kind="pumping") >= 1
    assert set(OLD_ZH) <= {c.name for k in ReportKind for c in report_columns(k)}
