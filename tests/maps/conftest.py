"""Map fixtures: the demo scenario with plausible coordinates set on its places (geo adds the real ones)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.models import Event

# Plausible WGS-84 points in Wenfeng District, Anyang (around 36.09 N, 114.35 E), for tests and
# screenshots only; 官园社区 and 崔氏祠 are left without coordinates on purpose.
POINTS = {
    "文峰区": (36.0906, 114.3572),
    "文峰区/北大街街道": (36.1010, 114.3530),
    "文峰区/北大街街道/彰德路64号院": (36.1032, 114.3498),
    "文峰区/北大街街道/文峰汇·十二府": (36.0985, 114.3581),
    "文峰区/北大街街道/西钟楼巷": (36.1041, 114.3555),
    "文峰区/银杏大街街道": (36.0842, 114.3705),
    "文峰区/银杏大街街道/安彩嘉园社区": (36.0818, 114.3741),
    "文峰区/银杏大街街道/安彩嘉园社区/安彩嘉园二期": (36.0809, 114.3752),
    "文峰区/东关街道": (36.0960, 114.3660),
    "文峰区/光华路街道": (36.0880, 114.3420),
    "文峰区/宝莲寺镇": (36.0540, 114.3830),
    "文峰区/宝莲寺镇/文峰家园小区": (36.0570, 114.3790),
    "文峰区/富泉街": (36.0930, 114.3610),
    "文峰区/兴泰路": (36.0870, 114.3480),
    "文峰区/天宁寺": (36.1017, 114.3449),
    "文峰区/三官庙": (36.0990, 114.3500),
}
UNPLACED = ("文峰区/光华路街道/官园社区", "文峰区/崔氏祠")


def place(session, path: str, point: tuple[float, float] | None) -> int:
    """Set (or clear) an area's coordinates; its id."""
    area = demo._area_by_path(session, path)
    assert area is not None, path
    area.latitude, area.longitude = point if point else (None, None)
    return area.id


@pytest.fixture
def placed(seeded, database) -> dict[str, int]:
    """The demo with coordinates on its places (but two); area ids by path."""
    with database.transaction() as s:
        ids = {path: place(s, path, point) for path, point in POINTS.items()}
        ids.update({path: place(s, path, None) for path in UNPLACED})
        return ids


@pytest.fixture
def rainstorm_id(seeded, database) -> int:
    """The demo's July 2021 rainstorm."""
    with database.read_session() as s:
        return s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
