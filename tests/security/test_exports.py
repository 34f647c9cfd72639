"""Exports are safe to open: no formula runs from a CSV cell, no HTML or link from a Markdown or
text brief; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidents.areas.services import create_area
from incidents.auth.services import create_user
from incidents.briefs import services as briefs
from incidents.csvfile import safe_cell, to_csv
from incidents.events.services import create_event
from incidents.reports.services import create_report
from tests.conftest import switch_language

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2021, 7, 23, 8, 0, tzinfo=TZ)
FORMULA = '=HYPERLINK("http://evil.example","x")'
EVIL_TITLES = [FORMULA, "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1",
               '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "[click](javascript:alert(1))",
               "![x](http://evil.example/t.png)", "\\[a\\](javascript:alert(2))"]
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@dataclass
class Evil:
    event_id: int
    brief_id: int


@pytest.fixture
def evil(database) -> Evil:
    """An event whose place names and activity titles are formulas and HTML, with a brief of 7/23."""
    with database.transaction() as s:
        district = create_area(s, name="测试区", level="district")
        sub = create_area(s, name="@SUM(A1)", level="subdistrict", parent=district)
        site = create_area(s, name="evil", level="site", parent=sub)
        # Stored directly: its "/" is refused in a new name now, but a place named so before that rule stays,
        # and its export must still be neutralised.
        site.name = FORMULA
        event = create_event(s, code="evil-storm", name="测试暴雨", kind="rainstorm",
                             starts_at=T0 - timedelta(days=1), area_id=district.id)
        user = create_user(s, "field1", "correct horse battery", "reporter")
        base = {"event_id": event.id, "area_id": site.id}
        outage = create_report(s, "outage", {**base, "started_at": T0, "started_precision": "exact",
                                             "households_affected": 120, "etr_at": T0 + timedelta(hours=6)},
                               user.id, reported_at=T0)
        # Restored two hours before the estimate: the ETR slip is a negative number of hours.
        create_report(s, "outage_update", {**base, "outage_id": outage.id, "observed_at": T0 + timedelta(hours=4),
                                           "observed_precision": "exact", "fully_restored": True},
                      user.id, reported_at=T0 + timedelta(hours=4))
        create_report(s, "outage", {**base, "started_at": T0 + timedelta(hours=1), "started_precision": "exact",
                                    "households_affected": 7}, user.id, reported_at=T0 + timedelta(hours=1))
        for i, title in enumerate(EVIL_TITLES):
            create_report(s, "activity", {**base, "observed_at": T0 + timedelta(minutes=i),
                                          "observed_precision": "exact", "title": title},
                          user.id, reported_at=T0 + timedelta(minutes=i))
        event_id = event.id
    result = briefs.compile_once(database, event_id, date(2021, 7, 23))
    assert result.brief is not None
    return Evil(event_id, result.brief.id)


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def _cells(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _assert_inert(rows: list[list[str]], where: str) -> None:
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert NUMBER.match(cell), (where, cell)


def _exports(client, evil: Evil) -> dict[str, str]:  # noqa: ANN001
    at = "2021-07-24T00:00"
    urls = {"timeline.csv": f"/events/{evil.event_id}/timeline.csv?at={at}",
            "curve.csv": f"/events/{evil.event_id}/curve.csv?at={at}"}
    for table in ("figures", "subdistricts", "outages", "activity"):
        urls[f"brief {table}"] = f"/briefs/{evil.brief_id}/export/csv?table={table}"
    out = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.get_data(as_text=True)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_csv_export_carries_a_live_formula(viewer, evil, lang):
    switch_language(viewer, lang)
    exports = _exports(viewer, evil)
    for name, text in exports.items():
        _assert_inert(_cells(text), name)
    neutral = "'" + FORMULA
    assert neutral in {c for row in _cells(exports["timeline.csv"]) for c in row}
    assert neutral in {c for row in _cells(exports["curve.csv"]) for c in row} or \
        "'@SUM(A1)" in {c for row in _cells(exports["curve.csv"]) for c in row}
    activity = {c for row in _cells(exports["brief activity"]) for c in row}
    assert neutral in activity and "'@SUM(A1)" in activity and "'+SUM(1+1)" in activity


def test_numbers_stay_numbers(viewer, evil):
    rows = _cells(_exports(viewer, evil)["timeline.csv"])
    header, body = rows[0], rows[1:]
    numbers = [c for row in body for c in row if NUMBER.match(c)]
    assert "120" in numbers and "7" in numbers
    assert any(c.startswith("-") for c in numbers)  # the ETR beaten by two hours: -2.0, not '-2.0
    assert len(header) == len(body[0])


def test_the_csv_writer_alone():
    assert safe_cell(FORMULA) == "'" + FORMULA
    for text in ("+1+2", "-1+2", "@A1", "\t=1", "\r=1", "＝1+1",
                 "﹦1+1", "\u200b=1+1", "\ufeff=1+1", "\u2060@A1", "\u200e=1", "\u202e+1", "\u00ad-1+1"):
        assert safe_cell(text) == "'" + text
        assert to_csv(["a"], [[text]]).splitlines()[1].lstrip('"').startswith("'"), text  # the streamed path too
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell("-3") == "-3"
    assert safe_cell(None) == "" and safe_cell("彰德路64号院") == "彰德路64号院"
    assert safe_cell(True, ("是", "否")) == "是" and safe_cell(False, ("是", "否")) == "否"
    text = to_csv(["a", "b"], [[FORMULA, -1.5], ["x\ny", 3]])
    assert _cells(text) == [["a", "b"], ["'" + FORMULA, "-1.5"], ["x\ny", "3"]]


def test_markdown_and_text_briefs_render_no_html_or_links(viewer, evil):
    md = viewer.get(f"/briefs/{evil.brief_id}/export/md").get_data(as_text=True)
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md.replace("\\](", "")
    assert "&lt;script>alert(1)&lt;/script>" in md or "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\[click\\](javascript:alert(1))" in md
    # A backslash in the report cannot undo the escape.
    assert "\\\\\\[a\\\\\\](javascript:alert(2))" in md
    text = viewer.get(f"/briefs/{evil.brief_id}/export/txt").get_data(as_text=True)
    assert "<" not in text and ">" not in text
    assert "＜script＞alert(1)＜/script＞" in text
    assert "](javascript:" not in text and "](http" not in text


@pytest.mark.parametrize("fmt, mimetype", [("txt", "text/plain"), ("md", "text/markdown"), ("csv", "text/csv")])
def test_brief_downloads_name_the_charset_once(viewer, evil, fmt, mimetype):
    response = viewer.get(f"/briefs/{evil.brief_id}/export/{fmt}")
    assert response.headers["Content-Type"] == f"{mimetype}; charset=utf-8"


def test_pdf_brief_prints_report_html_as_text_and_asks_for_nothing_else(viewer, evil, monkeypatch):
    import shutil
    import subprocess

    from incidents.briefs import pdf

    asked: list[str] = []
    check = pdf.allowed
    monkeypatch.setattr(pdf, "allowed", lambda url: asked.append(url) or check(url))
    response = viewer.get(f"/briefs/{evil.brief_id}/export/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    # The only URL the PDF asks for is our own stylesheet: a report's <img src=…> is text, not an image.
    assert asked == [pdf.STATIC.as_uri() + "/briefs.css"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True,
                              check=True).stdout.decode()
        assert "<script>alert(1)</script>" in text.replace("\n", "")
