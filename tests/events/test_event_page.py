"""The event page's table by subdistrict (issue 10, item 16): outages counted as outages (not their
reports and updates), open ones shown, and 全区 a total of every row, apart from the reports filed
at district level."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Event, Report
from incidents.reports.services import LIVE
from tests.conftest import switch_language


def _rows(html: str) -> dict[str, list[str]]:
    """{row heading: [cell texts]} of the by-subdistrict table."""
    table = re.search(r'<table class="data [^"]*by-area">.*?</table>', html, re.S).group(0)
    rows = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        head = re.search(r"<th[^>]*scope=\"row\"[^>]*>(.*?)</th>", tr, re.S)
        if head:
            name = re.sub(r"<[^>]+>", "", head.group(1)).strip()
            rows[name] = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    return rows


def test_outages_are_counted_as_outages_and_the_district_row_is_a_total(seeded, session, make_user, auth,
                                                                        client):
    make_user("v", "viewer")
    auth.login("v")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    rows = _rows(client.get(f"/events/{event.id}").get_data(as_text=True))
    # 北大街街道: its compounds, 彰德路64号院 and 文峰汇·十二府 — three outages (two restored by
    # updates, which are not outages); 文峰汇·十二府 was never reported restored.
    assert rows["北大街街道"][0] == "3（1处未恢复）"
    assert rows["银杏大街街道"][0] == "1"
    # Pumping: one operation each (the 50,000 m³ volume is a report on 衡水's operation, not another).
    assert rows["北大街街道"][1] == "1" and rows["银杏大街街道"][1] == "1"
    total = rows["全区"]
    assert total[0] == "4（1处未恢复）"
    live = session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.event_id == event.id, Report.status.in_(LIVE)))
    assert total[-1] == str(live)
    assert sum(int(r[-1]) for name, r in rows.items() if name != "全区") == live
    # Reports filed for the district itself or places directly under it are a row of their own.
    assert "区级（未归街道）" in rows
    # The column names the kind as the forms and the kind chooser do (排涝作业), not another word for it.
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<th>排涝作业</th>" in page and "排水作业" not in page


def test_times_are_said_to_be_in_beijing_time_or_in_the_events_own_zone(seeded, database, make_user, auth, client):
    """People call China's zone 北京时间; another zone by its name in the CLDR, as the event form names it (one rule:
    formatting.fmt_zone)."""
    make_user("v", "viewer")
    auth.login("v")
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        event_id = event.id
    meta = r'<p class="meta">.*?</p>'
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "北京时间" in re.search(meta, html, re.S).group(0) and "Asia/Shanghai" not in html
    assert "时间为北京时间。" in html.split("<footer")[1]
    assert "时间为北京时间" in client.get(f"/events/{event_id}/reports").get_data(as_text=True)
    with database.transaction() as s:
        s.get(Event, event_id).timezone = "Europe/Berlin"
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "中欧时间" in re.search(meta, html, re.S).group(0) and "北京时间" not in html
    switch_language(client, "en")
    html = client.get(f"/events/{event_id}/reports").get_data(as_text=True)
    assert "times in Central European Time" in html


def test_the_latest_reports_are_the_latest_received_however_long_ago_seen(seeded, session, make_user, auth,
                                                                          client, database):
    from incidents.reports.services import create_report

    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    reporter = make_user("li", "reporter")
    with database.transaction() as s:
        # Seen on the first morning, reported only now: the newest arrival, among the oldest sightings.
        create_report(s, "activity", {"event_id": event.id, "area_id": 1, "title": "补报：首日巡查记录",
                                      "observed_at": event.starts_at}, reporter)
    make_user("v", "viewer")
    auth.login("v")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    latest = html.split("最新收到的报告", 1)[1]
    assert latest.index("补报：首日巡查记录") < latest.index('class="report ', latest.index('class="report ') + 1)


def test_a_new_event_says_it_has_no_reports_instead_of_an_empty_table(seeded, database, make_user, auth, client):
    """A drill's new event showed the table's header row over nothing (no row, no 全区): it looked broken."""
    from datetime import UTC, datetime

    from incidents.areas.models import Area
    from incidents.events.services import create_event

    with database.transaction() as s:
        district = s.scalar(sa.select(Area).where(Area.level == "district"))
        event_id = create_event(s, code="drill", name="演练暴雨", kind="rainstorm",
                                starts_at=datetime(2021, 8, 1, tzinfo=UTC), area_id=district.id).id
    make_user("v", "viewer")
    auth.login("v")
    html = client.get(f"/events/{event_id}").get_data(as_text=True)
    section = html[html.index("分街道（镇）情况"):html.index("最新收到的报告")]
    assert 'by-area' not in section and "暂无报告。" in section


def test_a_past_years_event_page_gives_the_year_of_its_start_and_end(seeded, session, make_user, auth, client):
    """台风“烟花”'s page read 7月29日 23:59结束（自7月26日起） in 2026 — this July to a reader — while its
    report cards below gave 2021年: the one rule (formatting.shows_year) now dates the heading too."""
    make_user("v", "viewer")
    auth.login("v")
    event = session.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
    meta = re.search(r'<p class="meta">(.*?)</p>', client.get(f"/events/{event.id}").get_data(as_text=True),
                     re.S).group(1)
    text = re.sub(r"<[^>]+>", "", meta)
    assert "2021年7月31日 23:59结束" in text and "自2021年7月22日起" in text, text


def test_an_event_with_no_reports_says_what_to_do(seeded, database, make_user, auth, client):
    """A new event's page said 暂无报告。 twice and offered nothing: the first report and an import are a tap away."""
    from datetime import timedelta

    from incidents.areas.models import Area
    from incidents.db import now_utc
    from incidents.events.services import create_event

    with database.transaction() as s:
        district = s.scalar(sa.select(Area).where(Area.parent_id.is_(None)))
        event_id = create_event(s, code="fresh-storm", name="新暴雨", kind="rainstorm", timezone="Asia/Shanghai",
                                starts_at=now_utc() - timedelta(hours=2), area_id=district.id).id
    make_user("c", "coordinator")
    make_user("v", "viewer")
    auth.login("c")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    section = page[page.index('<dl class="figures wide">'):]
    assert f'href="/events/{event_id}/reports/new"' in section and f'href="/events/{event_id}/import"' in section
    assert "填报第一份报告，或导入报告文件" in section
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    auth.login("v")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/reports/new"' not in page and "暂无报告" in page


def _footer_in(zone: str, database, make_user, auth, client) -> str:  # noqa: ANN001
    """The rainstorm's event page's footer, to a viewer, once its event is moved to `zone`."""
    make_user("v", "viewer")
    auth.login("v")
    with database.transaction() as s:
        event = s.scalar(sa.select(Event).where(Event.code == "wenfeng-2021-07-rainstorm"))
        event.timezone = zone
        event_id = event.id
    return client.get(f"/events/{event_id}").get_data(as_text=True).split("<footer")[1]


def test_the_forms_other_first_zones_are_named_as_people_say_them(seeded, database, make_user, auth, client):
    """The event form offers 香港、台北、东京 first, and a Tokyo event then read 时间为Asia/Tokyo。 on every page."""
    from incidents.formatting import fmt_zone

    assert fmt_zone("Asia/Tokyo", "zh") == "东京时间" and fmt_zone("Asia/Tokyo", "en") == "Tokyo time"
    assert fmt_zone("Asia/Hong_Kong", "zh") == "香港时间" and fmt_zone("Asia/Taipei", "zh") == "台北时间"
    footer = _footer_in("Asia/Tokyo", database, make_user, auth, client)
    assert "时间为东京时间。" in footer and "Asia/Tokyo" not in footer


def test_a_zone_not_offered_first_is_named_as_the_event_form_names_it(seeded, database, make_user, auth, client):
    """A typhoon office in Manila chose Asia/Manila (菲律宾时间（Asia/Manila） in the event form), and every page then
    said 时间为Asia/Manila。: the pages name it as the form does; a zone with no name (Etc/GMT-8) stays its tz name."""
    from incidents.formatting import fmt_zone

    assert fmt_zone("Asia/Manila", "zh") == "菲律宾时间" and fmt_zone("Asia/Manila", "en") == "Philippine Time"
    assert fmt_zone("Etc/GMT-8", "zh") == "Etc/GMT-8" and fmt_zone("UTC", "zh") == "UTC"
    footer = _footer_in("Asia/Manila", database, make_user, auth, client)
    assert "时间为菲律宾时间。" in footer and "Asia/Manila" not in footer
