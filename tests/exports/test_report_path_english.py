"""The report list's place path in English: each area by its English name where it has one, as the pages name
places (北大街街道 › 彰德路64号院 -> Beidajie Subdistrict › No. 64 Zhangde Road compound); the Chinese as it was."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.models import Area, Event, User
from incidents.reports.services import create_report
from tests.conftest import switch_language
from tests.english import CJK
from tests.exports.conftest import read_csv, read_xlsx

FORMATS = ("csv", "xlsx", "json")


def paths(response, fmt: str) -> dict[int, str]:  # noqa: ANN001
    """Report id -> its place path, in a download of any format."""
    assert response.status_code == 200
    if fmt == "json":
        return {row["id"]: row["place_path"] for row in json.loads(response.data)["rows"]}
    rows = read_csv(response.data) if fmt == "csv" else read_xlsx(response.data)
    at = [i for i, header in enumerate(rows[0]) if header in ("Place path", "地点层级")][0]
    return {int(row[0]): row[at] for row in rows[1:]}


@pytest.fixture
def unnamed(event, database, session) -> int:
    """A report at a compound typed with no English name, under a subdistrict that has one."""
    with database.transaction() as s:
        bdj = s.scalar(sa.select(Area).where(Area.name == "北大街街道"))
        place = create_area(s, name="新建小区", level="site", parent=bdj)
        user = s.scalar(sa.select(User).where(User.username == "demo-loader"))
        at = event.starts_at + timedelta(hours=30)
        return create_report(s, "activity", {"event_id": event.id, "area_id": place.id, "title": "巡查",
                                             "observed_at": at, "observed_precision": "exact"},
                             user.id, reported_at=at).id


@pytest.mark.parametrize("fmt", FORMATS)
def test_english_paths_name_each_area_in_english(reader, event, session, unnamed, fmt):
    typhoon = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-infa"))
    switch_language(reader, "en")
    found = paths(reader.get(f"/events/{event.id}/reports/export.{fmt}"), fmt)
    assert "Beidajie Subdistrict › No. 64 Zhangde Road compound" in found.values()
    assert "Yinxing Avenue Subdistrict › Ancai Jiayuan Community › Ancai Jiayuan Phase II" in found.values()
    # An area with no English name keeps its own, the names above it in English.
    assert found[unnamed] == "Beidajie Subdistrict › 新建小区"
    assert [p for i, p in found.items() if i != unnamed and CJK.search(p)] == []
    district = paths(reader.get(f"/events/{typhoon}/reports/export.{fmt}"), fmt)
    assert set(district.values()) == {"Wenfeng District"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_chinese_paths_unchanged(reader, event, unnamed, fmt):
    found = paths(reader.get(f"/events/{event.id}/reports/export.{fmt}"), fmt)
    assert "北大街街道 › 彰德路64号院" in found.values() and found[unnamed] == "北大街街道 › 新建小区"
    assert "银杏大街街道 › 安彩嘉园社区 › 安彩嘉园二期" in found.values()
