"""A phone form asks first for what the field sees: the team's English name is folded away; a saved
report names its zone as people say it (北京时间), not by its tz-database name."""

from __future__ import annotations

import re

from tests.reports.conftest import when


def test_the_english_team_name_is_folded_away_until_filled(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/pumping"
    html = client.get(url).get_data(as_text=True)
    folded = re.search(r'<details class="more-fields">\s*<summary>[^<]*</summary>.*?name="team_en".*?</details>',
                       html, re.S)
    assert folded, "team_en is not inside a closed <details>"
    # Refused for another field, a form with the English name filled shows it open.
    again = forms.submit(url, {**when("observed_at", "2021-07-28", "10:00"), "team": "衡水消防",
                               "team_en": "Hengshui Fire Rescue", "people": "abc", "area_id": area_id("西钟楼巷")})
    assert again.status_code == 422
    assert re.search(r'<details class="more-fields" open>\s*<summary>[^<]*</summary>.*?name="team_en"',
                     again.get_data(as_text=True), re.S)


def test_a_saved_report_names_its_zone_as_people_say_it(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    saved = forms.submit(url, {**when("observed_at", "2021-07-28", "10:00"), "title": "巡查",
                               "area_id": area_id("西钟楼巷")}, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert "报告已保存" in page and "<dd>北京时间</dd>" in page and "<dd>Asia/Shanghai</dd>" not in page
