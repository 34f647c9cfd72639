"""The brief's small map tells a place without coordinates (无坐标) from one whose stored point is doubtful (位置可疑,
farther than areas/far.FAR_KM from the event's place), as the event's map page does (maps/services.Site.doubtful).

Found 7 December: the brief named a doubtful point's place under 无坐标、未画在图上, telling the office to add
coordinates a place already had, where the map page said to correct them.
"""

from __future__ import annotations

from datetime import date

from incidents.briefs.charts import brief_map
from incidents.briefs.content import BriefContent
from incidents.briefs.render import Reading
from tests.briefs.test_ledger import compile_day
from tests.maps.conftest import place, placed, rainstorm_id  # noqa: F401


def test_the_brief_names_a_doubtful_point_apart_from_one_without_coordinates(placed, rainstorm_id,  # noqa: F811
                                                                              database):
    with database.transaction() as s:
        place(s, "文峰区/北大街街道/彰德路64号院", (36.1032, -114.3498))   # the longitude's sign lost
        place(s, "文峰区/北大街街道/文峰汇·十二府", None)                  # no coordinates
    brief = compile_day(database, rainstorm_id, date(2021, 7, 24))
    points = {p.name: p for p in BriefContent.from_json(brief.content).map}
    assert points["彰德路64号院"].doubtful and not points["文峰汇·十二府"].doubtful
    # The stored JSON leaves the flag out while false, as the content's other marks.
    assert all("doubtful" not in p or p["doubtful"] for p in brief.content["map"])
    c = BriefContent.from_json(brief.content)
    zh, en = brief_map(Reading(c, "zh")), brief_map(Reading(c, "en"))
    assert zh is not None and en is not None
    assert "无坐标、未画在图上：文峰汇·十二府" in zh.note and "彰德路64号院" not in zh.note.split("位置可疑")[0]
    assert "位置可疑、未画在图上：彰德路64号院" in zh.note
    assert "Without coordinates, not drawn: " in en.note and "Doubtful location, not drawn: " in en.note
    assert "No. 64 Zhangde Road compound" in en.note.split("Doubtful location")[1]
    # Neither is drawn: the numbered key lists only the places with good points.
    assert all(name not in {"彰德路64号院", "文峰汇·十二府"} for _i, name, _s in zh.placed)
