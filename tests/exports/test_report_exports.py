"""The report list's downloads: the page's filters, every format, formula-safe cells, HXL tags."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.models import Area, DebrisClearance, Report, User
from incidents.reports.services import create_report
from tests.conftest import switch_language
from tests.exports.conftest import ids_of, read_csv, read_xlsx

FORMATS = ("csv", "xlsx", "json")
FORMULA = '=HYPERLINK("http://evil.example","x")'


def listed(client, url: str) -> list[int]:
    """The report ids the list page shows (one page: PAGE_SIZE is raised by the test)."""
    return [int(i) for i in re.findall(r'id="report-(\d+)"', client.get(url).get_data(as_text=True))]


def test_each_format_holds_exactly_the_filtered_rows_in_the_page_order(reader, app, event, session):
    app.config["PAGE_SIZE"] = 1000
    bdj = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    loader = session.scalar(sa.select(User.id).where(User.username == "demo-loader"))
    queries = ["", "kind=disinfection", f"subdistrict={bdj}", "day=2021-07-24", "status=verified",
               f"reporter={loader}", f"kind=outage_update&subdistrict={bdj}&day=2021-07-24"]
    for query in queries:
        expected = listed(reader, f"/events/{event.id}/reports?{query}")
        for fmt in FORMATS:
            response = reader.get(f"/events/{event.id}/reports/export.{fmt}?{query}")
            assert response.status_code == 200, (query, fmt)
            assert f"reports-{event.code}.{fmt}" in response.headers["Content-Disposition"]
            assert ids_of(response.data, fmt) == expected, (query, fmt)
    assert listed(reader, f"/events/{event.id}/reports?kind=disinfection")  # the filters select something
    total = session.scalar(sa.select(sa.func.count()).select_from(Report).where(Report.event_id == event.id))
    assert len(ids_of(reader.get(f"/events/{event.id}/reports/export.csv").data, "csv")) == total


def test_the_list_page_links_to_its_downloads_with_its_filters(reader, event):
    html = reader.get(f"/events/{event.id}/reports?kind=outage").get_data(as_text=True)
    for fmt in FORMATS:
        assert f"/events/{event.id}/reports/export.{fmt}?kind=outage" in html
    assert f"/events/{event.id}/reports/export.hxl.csv?kind=outage" in html


def test_a_bad_filter_or_format_is_refused_by_name(reader, event):
    bad = reader.get(f"/events/{event.id}/reports/export.csv?day=2021-13-40")
    assert bad.status_code == 400 and "day" in bad.get_data(as_text=True)
    assert reader.get(f"/events/{event.id}/reports/export.pdf").status_code == 404


def test_anonymous_readers_get_nothing(client, event):
    assert client.get(f"/events/{event.id}/reports/export.csv").status_code in (302, 401)


@pytest.fixture
def evil(database, event, session):
    """An activity whose title is a formula, and an outage with a lower-bound count."""
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    with database.transaction() as s:
        user = s.scalar(sa.select(User).where(User.username == "demo-loader"))
        at = event.starts_at + timedelta(hours=30)
        titles = [FORMULA, "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1"]
        ids = [create_report(s, "activity", {"event_id": event.id, "area_id": site.id, "observed_at": at,
                                             "observed_precision": "exact", "title": t}, user.id, reported_at=at).id
               for t in titles]
        outage = create_report(s, "outage", {"event_id": event.id, "area_id": site.id, "started_at": at,
                                             "started_precision": "exact", "households_affected": 1200,
                                             "households_affected_lb": True}, user.id, reported_at=at)
    return {"titles": dict(zip(ids, titles, strict=True)), "outage": outage.id}


def test_formula_text_is_neutralised_in_csv_and_a_plain_string_in_xlsx(reader, event, evil):
    rows = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=activity").data)
    title = rows[0].index("事项")
    by_id = {int(r[0]): r for r in rows[1:]}
    for report_id, text in evil["titles"].items():
        # Stored stripped (validation trims a title); a leading quote: spreadsheets show it as text.
        assert by_id[report_id][title] == "'" + text.strip()
    from openpyxl import load_workbook

    body = reader.get(f"/events/{event.id}/reports/export.xlsx?kind=activity").data
    cells = {row[0].value: row[title] for row in load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(min_row=2)}
    for report_id, text in evil["titles"].items():
        # The text as stored, typed as a string: never a formula ("f"), shown with Excel's quote prefix.
        assert cells[report_id].value == text.strip() and cells[report_id].data_type == "s"
        assert cells[report_id].quotePrefix


def test_numbers_stay_numbers_with_their_lower_bound_beside(reader, event, evil):
    body = reader.get(f"/events/{event.id}/reports/export.xlsx?kind=outage").data
    rows = read_xlsx(body)
    head = rows[0]
    outage = next(r for r in rows[1:] if r[0] == evil["outage"])
    assert outage[head.index("受影响户数")] == 1200  # an int cell, not text
    assert outage[head.index("受影响户数为下限（余）")] == "是"
    # Named as the form's choice names it (确切), not with a second word (准确) for the same precision.
    assert "确切" in outage and "准确" not in outage
    data = json.loads(reader.get(f"/events/{event.id}/reports/export.json?kind=outage").data)
    row = next(r for r in data["rows"] if r["id"] == evil["outage"])
    assert row["households_affected"] == 1200 and row["households_affected_lb"] is True
    # Every time keeps its precision beside it, named as the report's own field.
    assert row["started_at"].endswith("+08:00") and row["started_precision"] == "exact"
    assert "etr_at" not in row and "etr_precision" not in row  # not reported: left out


def test_json_shape(reader, event):
    data = json.loads(reader.get(f"/events/{event.id}/reports/export.json?kind=pumping_volume").data)
    assert data["event"] == event.code and data["timezone"] == "Asia/Shanghai"
    assert data["filters"]["kind"] == "pumping_volume" and data["filters"]["status"] == "live"
    keys = [c["key"] for c in data["columns"]]
    assert {"id", "kind", "status", "observed_at", "volume_m3", "volume_m3_lb"} <= set(keys)
    assert all(c["zh"] and c["en"] for c in data["columns"])
    assert data["count"] == len(data["rows"]) >= 1
    row = data["rows"][0]
    assert set(row) <= set(keys) and row["kind"] == "pumping_volume" and row["volume_m3"] == 50000
    assert "households_affected" not in row  # a field the kind has not: left out, never null
    assert row["observed_at"].endswith("+08:00")  # local to the event, with its offset


def test_headers_and_labels_follow_the_readers_language(reader, event):
    zh = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=outage").data)
    assert zh[0][:3] == ["编号", "类型", "状态"] and zh[1][1] == "停电"
    switch_language(reader, "en")
    en = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=outage").data)
    assert en[0][:3] == ["ID", "Kind", "Status"] and en[1][1] == "Power outage" and en[1][2] == "Submitted"


def test_an_approximate_time_reads_as_about_not_as_an_approximate_location(reader, event):
    """The precision 约 (about), not 约略位置: the area page's badge shares the English msgid."""
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        rows = read(reader.get(f"/events/{event.id}/reports/export.{fmt}?kind=outage").data)
        precision = rows[0].index("时间精度")
        assert "约" in {r[precision] for r in rows[1:]} and "约略位置" not in {c for r in rows for c in r}
    timeline = read_csv(reader.get(f"/events/{event.id}/timeline.csv").data)
    assert "约" in timeline[1] + timeline[2] + timeline[3] and "约略位置" not in {c for r in timeline for c in r}
    switch_language(reader, "en")
    rows = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=outage").data)
    assert "About" in {r[rows[0].index("Time precision")] for r in rows[1:]}


def test_hxl_csv_has_headers_then_hashtags_then_the_filtered_rows(reader, app, event, session):
    app.config["PAGE_SIZE"] = 1000
    response = reader.get(f"/events/{event.id}/reports/export.hxl.csv?kind=outage_update")
    assert response.status_code == 200 and ".hxl.csv" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    header, tags = rows[0], rows[1]
    assert header[0] == "编号" and all(t.startswith("#") for t in tags)
    for tag in ("#adm1 +name", "#adm2 +name", "#loc +name", "#date +occurred", "#affected +hh", "#reached +hh",
                "#crisis +name", "#sector", "#output +num +m3"):
        assert tag in tags
    assert [int(r[0]) for r in rows[2:]] == listed(reader, f"/events/{event.id}/reports?kind=outage_update")
    col = {t: i for i, t in enumerate(tags)}
    for row in rows[2:]:
        report = session.get(Report, int(row[0]))
        chain = [report.area]
        while chain[-1].parent is not None:
            chain.append(chain[-1].parent)
        levels = {a.level.value: a.name for a in chain}
        assert row[col["#adm1 +name"]] == levels["district"]
        assert row[col["#adm2 +name"]] == levels.get("subdistrict", "")
        assert row[col["#loc +name"]] == report.area.name
        assert row[col["#date +occurred"]] == report.observed_at.astimezone(event.tz).date().isoformat()
        assert row[col["#event +type"]] == "outage_update" and row[col["#sector"]] == "Energy"


def test_debris_is_exported_in_tonnes_as_the_pages_show_it(reader, event, session):
    """Pages and the import template say 清运量（吨）: a download in kilograms read 30000 where a page said 30余吨."""
    report_id, kg = session.execute(
        sa.select(DebrisClearance.id, DebrisClearance.mass_kg)
        .where(DebrisClearance.event_id == event.id, DebrisClearance.mass_kg.is_not(None))).first()
    page = reader.get(f"/reports/{report_id}").get_data(as_text=True)
    tonnes = kg / 1000
    assert f"{tonnes:g}余吨" in page
    rows = read_csv(reader.get(f"/events/{event.id}/reports/export.csv?kind=debris").data)
    column = rows[0].index("清运量（吨）")
    assert "清运量（kg）" not in rows[0]
    row = next(r for r in rows[1:] if int(r[0]) == report_id)
    assert float(row[column]) == tonnes and row[column + 1] == "是"
    xlsx = read_xlsx(reader.get(f"/events/{event.id}/reports/export.xlsx?kind=debris").data)
    assert next(r for r in xlsx[1:] if r[0] == report_id)[xlsx[0].index("清运量（吨）")] == tonnes
    json_rows = json.loads(reader.get(f"/events/{event.id}/reports/export.json?kind=debris").data)["rows"]
    assert next(r for r in json_rows if r["id"] == report_id)["mass_t"] == tonnes


def test_a_stamp_with_a_fraction_of_a_second_keeps_it(reader, event, database):
    """A brief counts a report stamped by its cut-off to the microsecond: one stamped 08:00:00.4 is late for the
    08:00 brief, and the list's downloads must not show it as 08:00:00, as the API does not (it did, cut to the
    second, so a reader checking a brief by hand counted it)."""
    from datetime import UTC, datetime

    with database.transaction() as s:
        report = s.scalar(sa.select(Report).where(Report.event_id == event.id).order_by(Report.id))
        report.reported_at = datetime(2021, 7, 25, 0, 0, 0, 400000, tzinfo=UTC)
        report_id = report.id
    stamp = "2021-07-25 08:00:00.400000+08:00"
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        rows = read(reader.get(f"/events/{event.id}/reports/export.{fmt}").data)
        column = rows[0].index("获知时间")
        assert [r[column] for r in rows[1:] if int(r[0]) == report_id] == [stamp], fmt
        assert "2021-07-26 18:00:00+08:00" in {r[column] for r in rows[1:]}  # a whole second stays as it was
    rows = json.loads(reader.get(f"/events/{event.id}/reports/export.json").data)["rows"]
    assert [r["reported_at"] for r in rows if r["id"] == report_id] == [stamp]
