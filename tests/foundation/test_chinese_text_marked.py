"""On an English page, text people wrote in Chinese is marked lang=zh-CN: a screen reader reads it with a Chinese
voice, not letter by letter (or not at all) with the English one."""

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
