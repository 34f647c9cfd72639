"""The key figures' 本日 cell is 未报 when a report reached the day and gave no figure, "—" only when none did.

Found by an outside typhoon replay: a clearance of 5 t with no people, vehicles or truckloads gave the key
figures' 清运人员 row "— / 未报" (本日 nothing to tell, 累计 not reported) in the same brief, though the one
report behind both cells was the day's; docs/briefs.md: `value` null with `reports_in_period` above 0 is 未报.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient, compiled_brief
from tests.briefs.conftest import local, make_builder


def _row(markdown: str, item: str) -> list[str]:
    """The cells of the key figures' row for `item` (item, unit, 本日, 累计, 上期累计, 备注)."""
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == item:
            return cells
    raise AssertionError(f"no row {item!r} in:\n{markdown}")


def test_a_report_of_the_day_without_a_figure_is_not_reported_not_nothing(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    for body in ({"kind": "debris", "area_id": b.areas["site-a"], "mass_t": 5, "period_start": "2021-07-01 08:00",
                  "period_end": "2021-07-01 12:00", "reported_at": "2021-07-01 13:00"},
                 {"kind": "disinfection", "area_id": b.areas["site-a"], "observed_at": "2021-07-01 10:00",
                  "counts": {"street": [4, False]}, "reported_at": "2021-07-01 13:00"}):
        made = api.post(url, json=body)
        assert made.status_code == 201, made.get_data(as_text=True)
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    content = api.get(brief["formats"]["json"]).json["content"]
    assert content["debris"]["reports_in_period"] == 1
    assert content["debris"]["people"]["period"]["value"] is None
    zh = api.get(brief["formats"]["md"]).get_data(as_text=True)
    for item in ("清运车数", "清运人员", "清运车辆", "消杀人员"):
        assert _row(zh, item)[2:4] == ["未报", "未报"], item
    assert _row(zh, "清运量")[2:4] == ["5", "5"]
    en = api.get(brief["formats"]["md"] + "?lang=en").get_data(as_text=True)
    assert _row(en, "Clearance personnel")[2:4] == ["Not reported", "Not reported"]


def test_a_day_no_report_reached_keeps_its_dash(database, coordinator_api: TokenClient):
    api = coordinator_api
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    made = api.post(f"/api/v1/events/{b.event_id}/reports", json={
        "kind": "debris", "area_id": b.areas["site-a"], "mass_t": 5, "period_start": "2021-07-01 08:00",
        "period_end": "2021-07-01 12:00", "reported_at": "2021-07-01 13:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-01"})
    brief = compiled_brief(api, database, f"/api/v1/events/{b.event_id}/briefs/compile", {"day": "2021-07-02"})
    zh = api.get(brief["formats"]["md"]).get_data(as_text=True)
    assert _row(zh, "清运人员")[2:5] == ["—", "未报", "未报"]
    assert _row(zh, "清运量")[2:5] == ["—", "5", "5"]
