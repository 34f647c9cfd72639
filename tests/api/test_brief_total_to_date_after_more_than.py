"""A day's change of a total to date that replaces a "more than" total is no exact figure.

Found by replaying Typhoon Lekima over 临海市 (tests/api/test_outsider_lekima_linhai_by_hand.py): 紫阳社区
sent 40余条 streets disinfected to date on 11 August and 36条 to date on the 12th. The 12th's change is 36 less at
least 40, a fall of more than 4 (at most −4), but the brief said 本日消杀街道减少4条, exact. Likewise 40余 then 60 is
at most 20 more (不超过20条), and 40余 then 60余 either way (约20条); 40 then 60余 stays 20余条. docs/domain.md,
"Field truth stays vague": exact less "more than" is "at most", as 60户 less 40余户 back is 不超过20户. And a fall
is read by its size: "at least −10" (30余 after 40) is a fall of at most 10, 减少不超过10条 and -不超过10条 in
二、分街道, never 减少10余条.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


@pytest.mark.parametrize(("first", "second", "marks", "words", "cell"), [
    ("40余条", "36条", (-4, False, False, True), "本日消杀街道减少4余条", "街道-4余条"),
    ("40余条", "60条", (20, False, False, True), "本日消杀街道不超过20条", "街道不超过20条"),
    ("40余条", "60余条", (20, False, True, False), "本日消杀街道约20条", "街道约20条"),
    ("40条", "60余条", (20, True, False, False), "本日消杀街道20余条", "街道20余条"),
    ("40条", "30余条", (-10, True, False, False), "本日消杀街道减少不超过10条", "街道-不超过10条"),
])
def test_a_total_to_date_replacing_a_more_than_one(database, coordinator_api: TokenClient, first: str, second: str,
                                                    marks: tuple[int, bool, bool, bool], words: str, cell: str):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url, compile_url = f"/api/v1/events/{b.event_id}/reports", f"/api/v1/events/{b.event_id}/briefs/compile"
    for count, day in ((first, "2021-07-01"), (second, "2021-07-02")):
        made = api.post(url, json={"kind": "disinfection", "area_id": b.areas["site-a"], "counts": {"street": count},
                                   "cumulative": True, "observed_at": f"{day} 17:00", "reported_at": f"{day} 17:20"})
        assert made.status_code == 201, made.get_json()
    compiled_brief(api, database, compile_url, {"day": "2021-07-01"})
    brief = compiled_brief(api, database, compile_url, {"day": "2021-07-02"})
    content = api.get(brief["formats"]["json"]).json["content"]
    streets = next(c["figure"] for c in content["disinfection"]["categories"] if c["code"] == "street")
    period = streets["period"]
    rows = {r["name"]: r for r in content["subdistricts"]}
    row = next(c["figure"]["period"] for c in rows["甲街道"]["disinfection"] if c["code"] == "street") \
        if "disinfection" in rows["甲街道"] else period
    for told in (period, row):
        assert (told["value"], told["lb"], told["approx"], told.get("ub", False)) == marks, told
    text = api.get(brief["formats"]["txt"]).get_data(as_text=True)
    # The day's sentence, and 二、分街道's cell of 甲街道 and of 合计 (a fall read by its size, its bound flipped).
    assert words in text and text.count(f"{cell}（含截至目前累计数） / {second}") == 2, text
