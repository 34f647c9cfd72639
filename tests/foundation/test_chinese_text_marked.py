"""On an English page, text people wrote in Chinese is marked lang=zh-CN: a screen reader reads it with a Chinese
voice, not letter by letter (or not at all) with the English one."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import sqlalchemy as sa

from incidents.models import Event, Report, ReportKind
from tests.conftest import event_id_of, switch_language

CJK = "特大暴雨"


def unmarked_chinese(html: str) -> list[str]:
    """Chinese text in <main> whose nearest lang is not Chinese."""
    doc = lxml.html.fromstring(html)
    found = []
    for el in doc.xpath("//main//*[text()]"):
        own = "".join(el.xpath("text()"))
        if any("\u4e00" <= c <= "\u9fff" for c in own):
            langs = el.xpath("ancestor-or-self::*[@lang][1]/@lang")
            if not (langs and langs[0].startswith("zh")):
                found.append(own.strip()[:40])
    return found


def test_chinese_notes_titles_and_descriptions_are_marked_on_english_pages(client, auth, seeded, make_user, database,
                                                                           session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    event = event_id_of(database, "wenfeng-2021-07-rainstorm")
    assert CJK in (session.get(Event, event).description or "")
    noted = session.scalar(sa.select(Report.id).where(Report.event_id == event, Report.note.is_not(None),
                                                      Report.source.is_not(None)).limit(1))
    activity = session.scalar(sa.select(Report.id).where(Report.event_id == event,
                                                         Report.kind == ReportKind.ACTIVITY).limit(1))
    area = session.scalar(sa.select(Report.area_id).where(Report.id == activity))
    for path in [f"/events/{event}", f"/events/{event}/reports", f"/reports/{noted}", f"/reports/{activity}",
                 f"/areas/{area}"]:
        html = client.get(path).get_data(as_text=True)
        assert unmarked_chinese(html) == [], path


def test_chinese_pages_add_no_marks(client, auth, seeded, make_user, database):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    event = event_id_of(database, "wenfeng-2021-07-rainstorm")
    html = client.get(f"/events/{event}").get_data(as_text=True)
    assert CJK in html and 'lang="zh-CN"' not in html.split("<main", 1)[1]


def unmarked_in(html: str, where: str = "//main") -> list[str]:
    """Chinese text under `where` whose nearest lang is not Chinese (SVG text aside: drawn, with the page's words)."""
    doc = lxml.html.fromstring(html)
    found = []
    for el in doc.xpath(f"{where}//*[text()]"):
        own = "".join(el.xpath("text()"))
        if any("\u4e00" <= c <= "\u9fff" for c in own) and not el.xpath("ancestor-or-self::svg"):
            langs = el.xpath("ancestor-or-self::*[@lang][1]/@lang")
            if not (langs and langs[0].startswith("zh")):
                found.append(own.strip()[:40])
    return found


def test_the_signed_in_name_and_chinese_on_the_history_timeline_and_brief_are_marked(client, auth, seeded, make_user,
                                                                                      database, session):
    """On English pages the header's 区应急办 刘洋 · Coordinator, a history's values (a note, a source, a place, who
    changed it), a timeline's place with no English name and a brief's activity log (区文广体旅局联合市文物局检查…
    (source: 《安阳日报》…)) were read with the English voice: only the report pages and lists marked them."""
    from incidents.auth.models import User
    from incidents.briefs.services import compile_once
    from incidents.models import Area

    make_user("co1", "coordinator")
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.username == "co1").values(display_name="区应急办 刘洋"))
    auth.login("co1")
    switch_language(client, "en")
    event = event_id_of(database, "wenfeng-2021-07-rainstorm")
    html = client.get(f"/events/{event}").get_data(as_text=True)
    assert "区应急办 刘洋" in html and unmarked_in(html, "//header") == []
    # One child in the link: the header's links are flex boxes, whose items lose the spaces at their edges (the
    # marked name and " · Coordinator" as two items read 区应急办 刘洋· Coordinator).
    who = lxml.html.fromstring(html).xpath('//a[@class="who"]')[0]
    assert len(who) == 1 and not (who.text or "").strip() and not (who[0].tail or "").strip(), lxml.html.tostring(who)
    noted = session.scalar(sa.select(Report.id).where(Report.event_id == event, Report.note.is_not(None),
                                                      Report.source.is_not(None)).limit(1))
    outage = session.scalar(sa.select(Report).where(Report.event_id == event, Report.kind == ReportKind.OUTAGE)
                            .limit(1))
    with database.transaction() as s:  # a place entered with no English name: its Chinese one stands in English
        s.execute(sa.update(Area).where(Area.id == outage.area_id).values(name_en=None))
    pages = [f"/history/reports/{noted}", f"/history/events/{event}", f"/history/areas/{outage.area_id}",
             f"/events/{event}/timeline"]
    # 26 July's brief logs the provincial weather office's warning, as the newspaper gave it, with its source.
    brief = compile_once(database, event, date(2021, 7, 26),
                         now=datetime(2021, 7, 27, 8, tzinfo=ZoneInfo("Asia/Shanghai"))).brief
    with_activity = [f"/briefs/{brief.id}"]
    assert 'class="wrap"' in client.get(with_activity[0]).get_data(as_text=True)
    for path in pages + with_activity[:2] + [with_activity[0] + "/print"]:
        html = client.get(path).get_data(as_text=True)
        assert any("\u4e00" <= c <= "\u9fff" for c in html.split("</header>", 1)[-1]), path
        assert unmarked_in(html, "//body") == [], path
    # The English words around them are not: "(source: " stays English, the title and source Chinese.
    html = client.get(with_activity[0]).get_data(as_text=True)
    assert "(source: " in html and '<span lang="zh-CN">(source' not in html


def test_a_description_in_both_languages_marks_its_chinese_only(client, auth, seeded, make_user, database):
    """The demo drill's description says it in both languages (演练（示例数据）：…。Drill (example data): …): marked
    whole, its English sentence was read with the Chinese voice on the English page."""
    make_user("viewer1", "viewer")
    event = event_id_of(database, "wenfeng-2021-07-rainstorm")
    with database.transaction() as s:
        s.get(Event, event).description = ("演练（示例数据）：供试用各类报告表单。"
                                           "Drill (example data): for trying the report forms.")
    auth.login("viewer1")
    switch_language(client, "en")
    doc = lxml.html.fromstring(client.get(f"/events/{event}").get_data(as_text=True))
    para = doc.xpath('//main//p[contains(., "Drill (example data)")]')[0]
    assert unmarked_in(lxml.html.tostring(para, encoding="unicode"), "/") == []
    english = para.xpath('.//text()[contains(., "Drill (example data)")]/..')[0]
    assert not english.xpath("ancestor-or-self::*[@lang][1][starts-with(@lang, 'zh')]"), lxml.html.tostring(para)


def test_a_chinese_run_takes_the_date_or_number_it_starts_with():
    """"2021年7月24日北大街" left 2021 outside the Chinese run: a screen reader said it in English, then 年7月…."""
    from markupsafe import Markup

    from incidents.written import written_runs

    assert str(written_runs("2021年7月24日北大街 (source: x)", "en")) == (
        '<span lang="zh-CN">2021年7月24日北大街</span> (source: x)')
    assert str(written_runs("At 3号楼 and 2021-07-24北区", "en")) == (
        'At <span lang="zh-CN">3号楼</span> and <span lang="zh-CN">2021-07-24北区</span>')
    # Figures that belong to English words stay English: "A3" is a code, "&#34;" an escaped quote's.
    assert str(written_runs(Markup("A3号 &#34;北"), "en")) == (
        'A3<span lang="zh-CN">号</span> &#34;<span lang="zh-CN">北</span>')


def test_a_run_inside_a_marked_span_is_not_marked_again():
    """A Chinese span holding an element (a no-break figure, a link) had the Chinese after it marked again, a
    lang=zh-CN span inside another."""
    from markupsafe import Markup

    from incidents.written import as_written, written_runs

    for html in (Markup('<span lang="zh-CN">北大街<b>x</b>街道</span>'),
                 as_written(Markup('北大街<span class="nb">30户</span>以上'), "en"),
                 Markup('<p lang="zh-CN">北<a href="/x">大街</a>街道</p> and 南<span class="nb">3号</span>')):
        out = str(written_runs(html, "en"))
        doc = lxml.html.fromstring(f"<div>{out}</div>")
        assert doc.xpath('//*[starts-with(@lang, "zh")]//*[starts-with(@lang, "zh")]') == [], out
        assert unmarked_chinese(f"<main>{out}</main>") == [], out
        assert str(written_runs(Markup(out), "en")) == out  # marking twice changes nothing
