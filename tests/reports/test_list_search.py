"""The report list finds a report by words: any part of its title, note, source, place or team, or its number.

Found by a newcomer's pass on the demo (6 December): someone after "the report about the 锦旗" or "#21" could only
guess its kind, place and day in the filters; the list had no search. `q` now narrows the page and its downloads.
"""

from __future__ import annotations

import json

from incidents.areas.models import Area
from tests.briefs.conftest import local, make_builder
from tests.conftest import switch_language
from tests.reports.test_list_filters import listed


def test_words_find_reports_by_title_note_source_place_team_and_number(database, client, auth, make_user):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    flag = b.report("activity", "site-a", local("2021-07-02 10:00"), observed_at=local("2021-07-02 09:00"),
                    title="业主代表赠送锦旗", source="《安阳日报》7月30日")
    patrol = b.report("activity", "site-b", local("2021-07-02 11:00"), observed_at=local("2021-07-02 10:00"),
                      title="巡查积水点", note="西侧路口积水50%_深")
    pumps = b.report("pumping", "site-b", local("2021-07-02 12:00"), observed_at=local("2021-07-02 11:00"),
                     team="河北衡水消防", team_en="Hengshui Fire Rescue", people=12)
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    url = f"/events/{b.event_id}/reports"

    assert listed(client, f"{url}?q=锦旗") == [flag]
    assert listed(client, f"{url}?q=安阳日报") == [flag]  # its source
    assert listed(client, f"{url}?q=50%25_") == [patrol]  # its note, % and _ as typed, not as wildcards
    assert listed(client, f"{url}?q=%25") == [patrol]
    assert sorted(listed(client, f"{url}?q=乙小区")) == sorted([patrol, pumps])  # its place
    assert listed(client, f"{url}?q=hengshui") == [pumps]  # a team's English name, any case
    assert listed(client, f"{url}?q=%23{flag}") == [flag]  # its number, as the list shows it
    assert listed(client, f"{url}?q=不存在的词") == []
    assert sorted(listed(client, f"{url}?q=")) == sorted([flag, patrol, pumps])

    page = client.get(f"{url}?q=锦旗").get_data(as_text=True)
    assert 'name="q" value="锦旗"' in page and "共1条报告" in page
    assert f'href="/events/{b.event_id}/reports/export.csv?q=%E9%94%A6%E6%97%97"' in page  # downloads keep it
    exported = json.loads(client.get(f"{url}/export.json?q=锦旗").data)
    assert exported["count"] == 1 and exported["filters"]["q"] == "锦旗"
    assert client.get(f"{url}?q={'x' * 201}").status_code == 400

    switch_language(client, "en")
    assert '<label for="f-q">Words or #number</label>' in client.get(url).get_data(as_text=True)


def test_a_place_named_with_a_separator_is_found_by_its_name_typed_without_it(database, client, auth, make_user):
    """文峰汇·十二府 typed 文峰汇十二府 or 文峰汇 十二府 (a phone has no ·): the list finds its reports as the place
    picker finds the place (areas/services.typed_key; found by a newcomer's pass, 6 December, night)."""
    from incidents.areas.services import create_area

    b = make_builder(database, starts=local("2021-07-01 00:00"))
    with database.transaction() as s:
        b.areas["dotted"] = create_area(s, name="锦绣·华府", level="site", parent=s.get(Area, b.areas["a"])).id
    there = b.report("activity", "dotted", local("2021-07-02 10:00"), observed_at=local("2021-07-02 09:00"),
                     title="巡查地下车库")
    b.report("activity", "site-a", local("2021-07-02 11:00"), observed_at=local("2021-07-02 10:00"), title="巡查")
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    url = f"/events/{b.event_id}/reports"

    for typed in ("锦绣华府", "锦绣 华府", "锦绣·华府"):
        assert listed(client, f"{url}?q={typed}") == [there], typed
