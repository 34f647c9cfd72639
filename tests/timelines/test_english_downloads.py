"""The timeline's and the curve's CSV and XLSX in English: headers without Chinese glosses (余, 不超过, 约) and
subdistricts by their English names; the Chinese files exactly as they were."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import switch_language
from tests.english import CJK

AT = "?at=2021-07-26T00:00"
# The Chinese header rows as they were before the English ones lost their glosses: not a character moved.
TIMELINE_ZH = [
    "停电编号", "街道（镇）", "地点", "停电时间", "停电时间精度", "受影响户数", "受影响户数为下限（余）",
    "受影响楼栋数", "受影响楼栋数为下限（余）", "仍停电户数", "仍停电户数为下限（余）", "仍停电楼栋数",
    "仍停电楼栋数为下限（余）", "仍停电", "恢复时间", "恢复时间精度", "停电时长（小时）",
    "停电时长下限（小时）", "停电时长上限（小时）", "首次预计恢复时间", "预计恢复时间", "预计恢复时间精度",
    "已超预计恢复时间", "实际恢复晚于首次预计（小时）", "最近更新时间", "距最近更新（小时）", "更新次数",
    "仍停电户数为上限（不超过）", "仍停电楼栋数为上限（不超过）", "仍停电户数为估计（约）",
    "仍停电楼栋数为估计（约）"
]
CURVE_ZH = [
    "范围", "街道编号", "街道（镇）", "起始时间", "仍停电户数", "仍停电楼栋数", "未恢复停电数",
    "户数未报的未恢复停电数", "楼栋数未报的未恢复停电数", "仍停电户数为下限（余）", "仍停电楼栋数为下限（余）",
    "仍停电户数为上限（不超过）", "仍停电楼栋数为上限（不超过）", "仍停电户数为估计（约）",
    "仍停电楼栋数为估计（约）", "户数不详的未恢复停电数", "楼栋数不详的未恢复停电数"
]


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def rows(response) -> list[list[str]]:  # noqa: ANN001
    """A CSV's or a workbook's rows as text."""
    assert response.status_code == 200
    if response.content_type.startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    return [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_english_timeline_and_curve_hold_no_chinese_gloss(viewer, rainstorm, fmt):
    switch_language(viewer, "en")
    timeline = rows(viewer.get(f"/events/{rainstorm.id}/timeline.{fmt}{AT}"))
    curve = rows(viewer.get(f"/events/{rainstorm.id}/curve.{fmt}{AT}"))
    assert [h for h in timeline[0] + curve[0] if CJK.search(h)] == []
    assert "Households still out: more than (lower bound)" in timeline[0]
    assert "Buildings still out: at most (upper bound)" in curve[0]
    # The curve's subdistricts by their English names, as the timeline's own lines and the page give them.
    assert {r[2] for r in curve[1:] if r[0] == "Subdistrict / town"} == {"Beidajie Subdistrict",
                                                                         "Yinxing Avenue Subdistrict"}
    assert [r for r in timeline[1:] + curve[1:] if any(CJK.search(c) for c in r)] == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_chinese_timeline_and_curve_unchanged(viewer, rainstorm, fmt):
    timeline = rows(viewer.get(f"/events/{rainstorm.id}/timeline.{fmt}{AT}"))
    curve = rows(viewer.get(f"/events/{rainstorm.id}/curve.{fmt}{AT}"))
    assert (timeline[0], curve[0]) == (TIMELINE_ZH, CURVE_ZH)
    assert {r[2] for r in curve[1:] if r[0] == "街道（镇）"} == {"北大街街道", "银杏大街街道"}


def test_the_json_names_each_group_and_curve_in_english_beside_chinese(viewer, rainstorm):
    """One JSON for both languages: a group's and a curve's subdistrict carries its English name, as its outages."""
    for url in (f"/events/{rainstorm.id}/timeline.json{AT}", f"/api/events/{rainstorm.id}/timeline{AT}"):
        data = viewer.get(url).get_json()
        named = {g["subdistrict_name"]: g["subdistrict_name_en"] for g in data["groups"]}
        assert named["北大街街道"] == "Beidajie Subdistrict", url
        curves = {c["subdistrict_name"]: c["subdistrict_name_en"] for c in data["curves_by_subdistrict"]}
        assert curves["北大街街道"] == "Beidajie Subdistrict", url
        assert data["curve"]["subdistrict_name_en"] is None  # the whole district's curve names no subdistrict
    curve = viewer.get(f"/events/{rainstorm.id}/curve.json{AT}").get_json()
    assert {c["subdistrict_name"]: c["subdistrict_name_en"] for c in curve["curves_by_subdistrict"]}[
        "北大街街道"] == "Beidajie Subdistrict"
