"""The figures above the map count every colour of its legend: the typhoon's one site, with only other reports (a
grey marker), read 1 个有报告的地点 · 0 停电 · 0 排涝 · 0 已恢复供电 · 0 本时段已消杀, and no figure for it."""

import pytest

from tests.conftest import browser_login, event_id_of

pytestmark = pytest.mark.browser


def test_the_maps_figures_count_the_grey_sites(phone, live_server, seeded, make_user, database):
    event_id = event_id_of(database, "wenfeng-2021-07-infa")
    make_user("v", "viewer")
    browser_login(phone, live_server, "v")
    phone.goto(f"{live_server}/events/{event_id}/map")
    figures = [" ".join(t.split()) for t in phone.locator("ul.map-totals li").all_inner_texts()]
    assert figures[0] == "1 个有报告的地点", figures
    assert "1 其他报告" in figures, figures
    legend = phone.locator("ul.map-legend li").all_inner_texts()
    assert "其他报告" in legend, legend
