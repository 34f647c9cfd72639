"""The Chinese templates head each column as the forms label the field (停电楼栋, 获知时间, 开始时间 for a
pumping's start); before, 停电栋数, 获悉时间 and a bare 时间 differed from the forms. Files made from the old
templates still import: their headers are kept as aliases."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from incidents.imports.templates import OLD_ZH, report_columns, template_headers
from incidents.reports.forms import LABELS, OBSERVED_LABELS
from incidents.reports.models import ReportKind
from tests.imports.conftest import count_reports, csv_bytes, xlsx_bytes
from tests.imports.test_pages import upload

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


OLD_OUTAGE = [["地点", "停电时间", "停电户数", "停电栋数", "来源", "获悉时间"],
              ["文峰区/北大街街道/彰德路64号院", "2021-07-22 23:40", "120", "3", "供电所", "昨天夜里"]]


def error_cells(html: str) -> list[tuple[str, str]]:
    """(line, column) of each row of the page's error table."""
    table = re.search(r'<table class="import-errors">.*?</table>', html, re.S)
    assert table, html
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", table.group(0))


@pytest.mark.parametrize("name, data", [("old.csv", csv_bytes(OLD_OUTAGE)), ("old.xlsx", xlsx_bytes(OLD_OUTAGE))])
def test_an_error_in_an_old_header_names_the_column_as_the_file_spells_it(client, auth, event, make_user, name, data):
    """The page named the column 获知时间, the new template's label, which the user's file does not contain."""
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", data, filename=name)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert error_cells(html) == [("2", "获悉时间")]


def test_the_cli_names_an_old_header_as_the_file_spells_it(runner, tmp_path, event, make_user):
    make_user("co", "coordinator")
    path = tmp_path / "old.csv"
    path.write_bytes(csv_bytes(OLD_OUTAGE))
    bad = runner.invoke(args=["incidents", "import", str(path), "--event", event.code, "--as", "co"])
    assert bad.exit_code == 1 and "line 2, column 获悉时间 (reported_at): " in bad.output, bad.output


def test_a_reported_at_column_a_reporter_may_not_fill_is_named_as_the_file_spells_it(client, auth, event,
                                                                                   make_user):
    make_user("fw", "reporter")
    auth.login("fw")
    rows = [OLD_OUTAGE[0], [*OLD_OUTAGE[1][:5], "2021-07-22 23:50"]]
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    html = preview.get_data(as_text=True)
    # The file's column, not a row's cell: said above the preview, not at line 1 of the row table.
    said = re.search(r'class="flash flash-error import-file-problem".*?</div>', html, re.S)
    assert said and "请删除列 获悉时间" in said.group(0) and "import-errors" not in html
    assert "reported_at" not in html


def test_the_first_rows_are_headed_by_the_files_own_header_row(client, auth, event, make_user):
    """The preview headed the file's cells with the template's columns in the template's order: under
    预计恢复时间 stood the file's 120 households, under 停电户数 its 3 buildings."""
    make_user("co", "coordinator")
    auth.login("co")
    _token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(OLD_OUTAGE))
    sample = re.search(r'<table class="import-sample">.*?</table>', preview.get_data(as_text=True), re.S).group(0)
    headings = re.findall(r'<th scope="col">([^<]*)</th>', sample)
    cells = re.findall(r"<td>([^<]*)</td>", sample)
    assert headings == ["行号", *OLD_OUTAGE[0]]
    assert cells == ["2", *OLD_OUTAGE[1]]
