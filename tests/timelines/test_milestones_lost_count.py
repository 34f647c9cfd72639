"""The thresholds reached (50/90/95/100 % of the peak back) never count a moment whose figure is not known.

Two compounds of one subdistrict: 甲小区 (100 households, 5 buildings) out at 08:00, 乙小区 (200, 10) at 09:00;
甲 all back at 10:00 and out again at 12:00 with 40 households and no word on buildings (its 5 buildings' count is
lost: `curves.count_lost`); 乙 all back at 14:00. The timeline said every building was back at 14:00 (50/90/95/100%),
though 甲's buildings out were not known from 12:00: at most its 5 were out, so at least 10 of the peak's 15 were
back (66.7%): 50% by 14:00 is true, 90/95/100% not known (不详), not "not yet" and not 14:00.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from tests.timelines.conftest import T0, Builder

EVENING = "2021-07-23T18:00%2B08:00"


def _lost_buildings(build: Builder) -> int:
    a = build.outage("site-a", T0, households_affected=100, buildings_affected=5)
    b = build.outage("site-b", T0 + timedelta(hours=1), households_affected=200, buildings_affected=10)
    build.update(a, T0 + timedelta(hours=2), fully_restored=True)
    build.update(a, T0 + timedelta(hours=4), households_out=40)
    build.update(b, T0 + timedelta(hours=6), fully_restored=True)
    return a


@pytest.fixture
def viewer_of(client, auth, make_user):  # noqa: ANN001, ANN201
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def _timeline(client, build: Builder, at: str = EVENING) -> dict:  # noqa: ANN001
    answer = client.get(f"/api/events/{build.event_id}/timeline?at={at}")
    assert answer.status_code == 200
    return answer.get_json()


def test_a_lost_count_never_reaches_a_share_it_may_not_have(build, viewer_of):
    _lost_buildings(build)
    data = _timeline(viewer_of, build)
    (sub,) = data["curves_by_subdistrict"]
    for curve in (data["curve"], sub):
        buildings, households = curve["buildings"], curve["households"]
        assert (buildings["peak"], buildings["peak_at"]) == (15, "2021-07-23T01:00:00Z")
        assert buildings["restored_pct_of_peak"] is None and buildings["counts_lost"] == 1
        # At worst none of 甲's 5 buildings is back: 10 of 15 back at 14:00 (66.7%), no more known since.
        assert buildings["reached"] == {"50": "2021-07-23T06:00:00Z", "90": None, "95": None, "100": None}
        assert buildings["hours_from_peak"]["50"] == 5.0
        assert buildings["reached_not_known"] == [90, 95, 100]
        # The households gave their count all along: 40 of 300 out is 86.7% back, 90% not yet (and not unknown).
        assert households["reached"]["50"] == "2021-07-23T06:00:00Z" and households["reached"]["90"] is None
        assert households["reached_not_known"] == [] and households["counts_lost"] == 0
        # Each point says whether a count in it was lost: 甲's buildings from 12:00 on, its households never.
        lost = [(p["at"], p["buildings_lost"], p["households_lost"]) for p in curve["points"]]
        assert lost == [("2021-07-23T00:00:00Z", 0, 0), ("2021-07-23T01:00:00Z", 0, 0),
                        ("2021-07-23T02:00:00Z", 0, 0), ("2021-07-23T04:00:00Z", 1, 0),
                        ("2021-07-23T06:00:00Z", 1, 0), ("2021-07-23T10:00:00Z", 1, 0)], lost


def test_a_count_said_again_ends_the_unknown(build, viewer_of):
    a = _lost_buildings(build)
    build.update(a, T0 + timedelta(hours=8), buildings_out=1)   # 16:00: 14 of 15 back (93.3%)
    buildings = _timeline(viewer_of, build)["curve"]["buildings"]
    assert buildings["counts_lost"] == 0 and buildings["restored_pct_of_peak"] == 93.3
    assert buildings["reached"] == {"50": "2021-07-23T06:00:00Z", "90": "2021-07-23T08:00:00Z", "95": None,
                                    "100": None}
    assert buildings["reached_not_known"] == []
    # Before it was said again (at 15:00) only the 50% was known.
    early = _timeline(viewer_of, build, "2021-07-23T15:00%2B08:00")["curve"]["buildings"]
    assert early["reached"]["90"] is None and early["reached_not_known"] == [90, 95, 100]


def test_the_thresholds_table_and_curve_marks_say_so(build, viewer_of):
    _lost_buildings(build)
    page = viewer_of.get(f"/events/{build.event_id}/timeline?at={EVENING}").get_data(as_text=True)
    table = page[page.index('class="data stack tl-thresholds"'):]
    table = table[:table.index("</table>")]
    lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line)).strip()
             for line in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    buildings = [line for line in lines if " 栋 " in f" {line} "]
    assert len(buildings) == 2, lines   # the whole event's and 甲街道's
    for line in buildings:
        # Restored 不详, 50% at 14:00 (5 hours from the peak), 90/95/100% 不详: never "not yet" (尚未) nor 14:00.
        assert "100.0%" not in line and line.count("不详") == 4, line
        assert "尚未" not in line and line.count("14:00") == 1, line
    households = [line for line in lines if " 户 " in f" {line} "]
    assert households and all("尚未" in line and "不详" not in line for line in households), households
    # The buildings curve marks 50% where it was reached, and no 90/95/100%.
    figure = page[page.index('aria-label="停电楼栋"'):]
    figure = figure[:figure.index("</figure>")]
    assert re.findall(r'<text class="threshold"[^>]*>([^<]*)<', figure) == ["50%"], figure


def test_the_curve_download_says_which_counts_are_lost(build, viewer_of):
    _lost_buildings(build)
    answer = viewer_of.get(f"/events/{build.event_id}/curve.csv?at={EVENING}")
    assert answer.status_code == 200
    head, *lines = csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")))
    assert head[-2:] == ["户数不详的未恢复停电数", "楼栋数不详的未恢复停电数"], head
    whole = [dict(zip(head, line, strict=True)) for line in lines if line[0] == "全区"]
    assert [(r["起始时间"][11:16], r["仍停电楼栋数"], r["楼栋数不详的未恢复停电数"], r["户数不详的未恢复停电数"])
            for r in whole] == [("08:00", "5", "0", "0"), ("09:00", "15", "0", "0"), ("10:00", "10", "0", "0"),
                                ("12:00", "10", "1", "0"), ("14:00", "", "1", "0"), ("18:00", "", "1", "0")], whole


def test_a_lost_household_count_likewise(build, viewer_of):
    """The same with households: 甲 out again with 2 buildings and no word on households."""
    a = build.outage("site-a", T0, households_affected=100, buildings_affected=5)
    b = build.outage("site-b", T0 + timedelta(hours=1), households_affected=200, buildings_affected=10)
    build.update(a, T0 + timedelta(hours=2), fully_restored=True)
    build.update(a, T0 + timedelta(hours=4), buildings_out=2)
    build.update(b, T0 + timedelta(hours=6), fully_restored=True)
    households = _timeline(viewer_of, build)["curve"]["households"]
    # At most 甲's 100 of the peak's 300 out at 14:00: 66.7% back at least.
    assert households["reached"] == {"50": "2021-07-23T06:00:00Z", "90": None, "95": None, "100": None}
    assert households["reached_not_known"] == [90, 95, 100] and households["counts_lost"] == 1
