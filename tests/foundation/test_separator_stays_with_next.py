"""A list of links never leaves its separator at a line's end: "›" or "·" stays with the item after it.

Found on a 360 px phone: breadcrumbs read "Typhoon In-Fa › Recipients ›" with the brief's crumb on the next line, an
area's ended "Wenfeng District ›" above its heading, and the 400 page "Open this page without its filters ·" over
"Back to the events". One rule, in one place (templates/_links.html): each separator opens a span with its item,
which does not break inside (.then, static/app.css); no separator trails a list.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event
from incidents.reports.models import Disinfection, OutageUpdate, PowerOutage
from incidents.reports.services import create_report
from tests.conftest import browser_language, browser_login, browser_login_in, screenshot, switch_language

SEPARATORS = "›·"


def loose_separators(html: str) -> list[str]:
    """The separators of `html` not opening their item's span: each with the words around it (a dot inside a name,
    文峰汇·十二府, is the name's)."""
    kept = re.sub(r'<span class="then">[›·] ', "", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", kept))
    return [text[max(0, m.start() - 30):m.start() + 30] for m in re.finditer(f"[{SEPARATORS}](?=\\s|$)", text)]


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_separators_stay_with_the_item_after_them(lang, seeded, session, make_user, auth, client):
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    make_user("c1", "coordinator")
    auth.login("c1")
    if lang == "en":
        switch_language(client, "en")
    pages = {
        # The 400 page's two ways on, the filters' way first.
        f"/events/{event_id}/reports?page=x": r'<p><a class="tap".*?</p>',
        f"/events/{event_id}/deliveries": r'<p class="crumbs">.*?</p>',
        f"/events/{event_id}/reports": r'<p class="downloads">.*?</p>',
        f"/events/{event_id}/timeline": r'<p class="tl-exports">.*?</p>',
        f"/areas/{area_id}": r'<nav class="crumbs".*?<dl',
    }
    for url, pattern in pages.items():
        answer = client.get(url)
        assert answer.status_code == (400 if "page=x" in url else 200), (url, answer.status_code)
        links = part(answer.get_data(as_text=True), pattern)
        assert links.count('class="then"') >= 1, (url, links)
        assert loose_separators(links) == [], (url, links)


def test_a_line_of_facts_keeps_its_separators_with_the_fact_after_them(seeded, session, make_user, auth, client):
    """A line of facts joined by "·" follows the links' rule: "1 open of 3 ·" over "still out: …" on a phone."""
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("a1", "admin")  # the users page is an administrator's
    auth.login("a1")
    switch_language(client, "en")
    pages = [
        (f"/events/{event_id}/timeline", r'<h3>Beidajie Subdistrict <span class="count">.*?</h3>'),
        ("/admin/users", r'<div class="who-line">.*?</div>\s*<div class="what-line">.*?</div>'),
        (f"/events/{event_id}/map", r'<span class="facts">.*?</span></li>'),
        # The events' cards, the event's own line and its latest reports' when, the report list's count and by-lines.
        ("/", r'<article class="card event">.*?<p class="meta">[^\n]*'),
        (f"/events/{event_id}", r'</h1>\s*<p class="meta">[^\n]*'),
        (f"/events/{event_id}", r'<span class="when">[^\n]*happened[^\n]*'),
        (f"/events/{event_id}/reports", r'</h1>\s*<p class="meta">[^\n]*'),
        (f"/events/{event_id}/reports", r'<span class="by">[^\n]*'),
    ]
    for url, pattern in pages:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        facts = part(answer.get_data(as_text=True), pattern)
        assert facts.count('class="then"') >= 1, (url, facts)
        assert loose_separators(facts) == [], (url, facts)


# Each "·" or "›" in <main> whose next letter sits on a lower line: a line a person reads ending in a separator, with
# the words around it. A dot inside a name (文峰汇·十二府, no space after it) is the name's, not a separator.
LINE_ENDS_WITH_SEPARATOR = r"""() => {
  const found = [], walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const box = (n, i) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                          return r.getBoundingClientRect(); };
  let pending = null;  // the last separator seen, waiting for the next letter
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const s = n.textContent;
    for (let i = 0; i < s.length; i++) {
      if (/\s/.test(s[i])) continue;
      const b = box(n, i);
      if (!b.width) continue;
      if (pending && b.top >= pending.bottom - 2) found.push(pending.words + ' | ' + s.slice(i, i + 20));
      const separator = '·›'.includes(s[i]) && (i + 1 === s.length || /\s/.test(s[i + 1]));
      pending = separator ? {bottom: b.bottom, words: s.slice(Math.max(0, i - 20), i + 1)} : null;
    }
  }
  return found; }"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_ends_with_a_separator_on_a_phone(phone, live_server, seeded, session, make_user, lang):
    """The event's meta line (暴雨 · 2021年7月31日 23:59结束（自…起） · / 每日 08:00 编发日报), its latest reports' when
    lines, the events' cards and the report list's lines on a 360 px phone: a separator starts its fact's line."""
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    make_user("zhou", "coordinator")
    browser_login_in(phone, live_server, "zhou", lang)
    loose = {}
    # A correction's heading too: "Correct report #33 ·" over "Disinfection".
    disinfection_id = session.scalar(sa.select(Disinfection.id).order_by(Disinfection.id))
    for path in ("/", f"/events/{event_id}", f"/events/{event_id}/reports", f"/reports/{disinfection_id}/edit"):
        phone.goto(f"{live_server}{path}")
        loose[path] = phone.evaluate(LINE_ENDS_WITH_SEPARATOR)
    screenshot(phone, f"foundation-separators-{lang}")
    assert loose == {path: [] for path in loose}


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_timeline_line_ends_with_a_separator(request, live_server, seeded, session, database, make_user, device,
                                                lang):
    """A bar's facts, written in Python for speed (timelines/views.py), keep each "·" with the fact after it as the
    templates do: "≈15 h (14 h 30 min–15 h 30 min) ·" over "24 buildings" at 1280 px."""
    page = request.getfixturevalue(device)
    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    outage_id = session.scalar(sa.select(PowerOutage.id).join(Area, PowerOutage.area_id == Area.id)
                               .where(Area.name == "安彩嘉园二期"))
    # Restored earlier than the seed says, as a field worker logged it: the bar's facts read
    # "≈15 h (14 h 30 min–15 h 30 min) · 24 buildings", and at 1280 px in English broke after the "·".
    at = datetime(2021, 7, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    reporter = make_user("field", "reporter")
    with database.transaction() as s:
        create_report(s, "outage_update", {"event_id": event_id, "outage_id": outage_id, "observed_at": at,
                                           "observed_precision": "exact", "fully_restored": True},
                      reporter, reported_at=at)
    make_user("zhou", "coordinator")
    browser_login(page, live_server, "zhou")
    browser_language(page, live_server, lang, f"/events/{event_id}/timeline")
    loose = page.evaluate(LINE_ENDS_WITH_SEPARATOR)
    screenshot(page, f"foundation-timeline-separators-{device}-{lang}")
    assert loose == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_updates_outage_reads_as_one_line_on_a_phone(phone, live_server, seeded, session, make_user, lang):
    """An update's page names its outage (停电 · 安彩嘉园二期 · 7月23日 约19:00) in a tap-sized link: at 360 px it
    stood as two columns, "Power outage · / Ancai Jiayuan Phase II ·" beside the date, each line ending in a "·"."""
    update_id, outage_id = session.execute(
        sa.select(OutageUpdate.id, OutageUpdate.outage_id).join(Area, OutageUpdate.area_id == Area.id)
        .where(Area.name == "安彩嘉园二期")).first()
    make_user("zhou", "coordinator")
    browser_login(phone, live_server, "zhou")
    browser_language(phone, live_server, lang, f"/reports/{update_id}")
    link = phone.locator(f'main a[href="/reports/{outage_id}"]')
    # One piece in the tap-sized (flex) link: its date follows the words before it, not in a column of its own.
    pieces = link.evaluate("a => [...a.childNodes].filter(n => n.nodeType === 1 || n.textContent.trim()).length")
    loose = phone.evaluate(LINE_ENDS_WITH_SEPARATOR)
    screenshot(phone, f"foundation-update-outage-name-{lang}")
    assert (pieces, loose) == (1, [])


# Demo-like facts long enough to wrap on a phone: an event's full name, a place's, a subdistrict's (a reminder's), a
# long reason. Each was
# measured against the pages before their "·" kept with the fact after them, and left a "·" at a line's end.
LONG_EVENT = ("2021年7月河南特大暴雨文峰区城区内涝抢险", "July 2021 Henan torrential rain, Wenfeng urban flooding")
LONG_PLACE = ("文峰汇·十二府东区三期", "Wenfenghui Shi'erfu East Phase III")
SUBDISTRICT = ("文峰区北大街街道（安彩嘉园社区）", "Beidajie Subdistrict (Ancai Jiayuan Community)")
LONG_REASON = "重复上报：与同一小区上午的停电报告重复，已合并到先报的一条，请勿再次提交"


def _long_facts(database, session, make_user) -> dict[str, str]:
    """The seed with the facts above, a published brief's second revision, a delivery and a reminder, a duplicate
    outage retracted, every place with coordinates and the open outage's sizes told: the pages showing them."""
    from incidents.briefs import compiling
    from incidents.distribution import services as distribution
    from incidents.distribution.models import NoticeKind, Recipient
    from incidents.models import Brief
    from incidents.reports.models import ReportStatus
    from incidents.reports.statuses import set_status
    from tests.briefs.conftest import local
    from tests.distribution.helpers import add, compile_day

    event_id = session.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
    coordinator = make_user("zhou", "coordinator")
    compile_day(database, event_id, "2021-07-24", local("2021-07-25 08:00"))
    brief_id = compile_day(database, event_id, "2021-07-24", local("2021-07-25 09:00"), new_revision=True)
    recipient = add(database, event_id, "区防指", "email", "fzb@wenfeng.example")
    place_id, outage_id = session.execute(sa.select(Area.id, PowerOutage.id).join(Area, PowerOutage.area_id == Area.id)
                                          .where(Area.name == "文峰汇·十二府")).one()
    at = datetime(2021, 7, 30, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with database.transaction() as s:
        event = s.get(Event, event_id)
        event.name, event.name_en = LONG_EVENT
        place = s.get(Area, place_id)
        place.name, place.name_en = LONG_PLACE
        brief = compiling.publish(s, s.get(Brief, brief_id), coordinator)
        distribution.brief_signed(s, brief)
        distribution.tell(s, event_id, NoticeKind.REMINDER, f"reminder:2021-07-24:{place_id}",
                          {"area": SUBDISTRICT[0], "area_en": SUBDISTRICT[1], "day": "2021-07-24"},
                          [s.get(Recipient, recipient)])
        # The open outage's sizes told (the timeline's "still without power": buildings · households), and the same
        # outage reported twice, the second retracted.
        create_report(s, "outage_update", {"event_id": event_id, "outage_id": outage_id, "observed_at": at,
                                           "observed_precision": "exact", "households_affected": 1260,
                                           "buildings_affected": 24, "households_restored": 400,
                                           "buildings_restored": 8}, coordinator, reported_at=at)
        twice = create_report(s, "outage", {"event_id": event_id, "area_id": place_id, "started_at": at,
                                            "started_precision": "exact", "households_affected": 1260}, coordinator,
                              reported_at=at)
        set_status(s, twice, ReportStatus.RETRACTED, coordinator, LONG_REASON)
        # Every place a few hundred metres apart around the district's point, as a geocoder would place them: the
        # district's page lists the places near it.
        district = s.scalar(sa.select(Area).where(Area.name == "文峰区"))
        for i, area in enumerate(s.scalars(sa.select(Area).where(Area.latitude.is_(None)).order_by(Area.id))):
            area.latitude, area.longitude = district.latitude + .002 * (i % 7), district.longitude + .002 * (i // 7)
            area.location_state = "entered"
    return {"report form": f"/events/{event_id}/reports/new/outage", "kinds": f"/events/{event_id}/reports/new",
            "brief": f"/briefs/{brief_id}", "nearby": f"/areas/{district.id}", "retracted": "/audit/retracted",
            "deliveries": f"/events/{event_id}/deliveries", "timeline": f"/events/{event_id}/timeline"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_of_facts_keeps_its_separators_with_the_fact_after_them(lang, session, database, make_user, seeded,
                                                                         auth, client):
    """Each line of facts the pages below show, as written: those a phone happens not to break at its "·" as well (the
    timeline's legend, its longest outage: ≥9天11小时 · 文峰汇·十二府)."""
    pages = _long_facts(database, session, make_user)
    auth.login("zhou")
    if lang == "en":
        switch_language(client, "en")
    lines = [
        ("report form", r'</h1>\s*<p class="meta">[^\n]*'),
        ("kinds", r'</h1>\s*<p class="meta">[^\n]*'),
        ("brief", r'<div class="brief-bar">.*?</p>'),
        ("brief", r'>CSV .*?</a>'),
        ("nearby", r'<ol class="nearby-list">.*?</ol>'),
        ("retracted", r'<ul class="retracted">.*?</ul>'),
        ("deliveries", r'<td class="what">.*?</td>'),
        ("timeline", r'<table class="data stack tl-outstanding">.*?</table>'),
        ("timeline", r'<div class="tl-legend">.*?</div>'),
        ("timeline", r'<dl class="tl-stats">.*?</dl>'),
    ]
    loose = {}
    for name, pattern in lines:
        answer = client.get(pages[name])
        assert answer.status_code == 200, (name, answer.status_code)
        facts = part(answer.get_data(as_text=True), pattern)
        assert facts.count('class="then"') >= 1, (name, facts)
        loose[name, pattern] = loose_separators(facts)
    assert loose == {key: [] for key in loose}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_still_out_sizes_keep_each_figure_with_its_unit(lang, session, database, make_user, seeded, auth, client):
    """The timeline's "still without power" sizes, joined in Python: at 360 px in English "16 buildings · 860" stood
    over "households" (formatting.keep_units, as the templates' qty filter)."""
    pages = _long_facts(database, session, make_user)
    auth.login("zhou")
    if lang == "en":
        switch_language(client, "en")
    page = client.get(pages["timeline"]).get_data(as_text=True)
    table = part(page, r'<table class="data stack tl-outstanding">.*?</table>')
    sizes = {"zh": ["16栋", "860户"], "en": ["16 buildings", "860 households"]}[lang]
    assert [size for size in sizes if f'<span class="nb">{size}</span>' in table] == sizes, table


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_of_facts_ends_with_a_separator(request, live_server, seeded, session, database, make_user, device,
                                                lang):
    """The report form's and the kinds' meta lines (event · times in …), a brief's (issued · revisions · history),
    an area's nearby places, the retracted reports, the deliveries and the timeline's still-out sizes, with facts
    long enough to wrap: each "·" starts its fact's line."""
    page = request.getfixturevalue(device)
    pages = _long_facts(database, session, make_user)
    browser_login(page, live_server, "zhou")
    browser_language(page, live_server, lang)
    loose = {}
    for name, path in pages.items():
        page.goto(f"{live_server}{path}")
        loose[name] = page.evaluate(LINE_ENDS_WITH_SEPARATOR)
        screenshot(page, f"foundation-facts-separators-{name.replace(' ', '-')}-{device}-{lang}")
    assert loose == {name: [] for name in loose}
