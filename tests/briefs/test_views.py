"""Brief pages: list with revisions, one brief, print, downloads; compile, recompile, publish (coordinators)."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from incidents.briefs import queue, services
from incidents.models import AuditEntry, Brief
from tests.conftest import switch_language

from .conftest import briefs, day_of, local


def _first_brief(database, event_id: int, day: str) -> Brief:
    with database.read_session() as s:
        return s.scalars(sa.select(Brief).where(Brief.event_id == event_id, Brief.day == day_of(day))
                         .order_by(Brief.revision.desc())).first()


def test_event_page_links_to_briefs_and_list_shows_revisions(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00"))
    services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-28 08:00"),
                          new_revision=True)
    auth.login("viewer1")
    assert f"/events/{rainstorm.id}/briefs" in client.get(f"/events/{rainstorm.id}").get_data(as_text=True)
    html = client.get(f"/events/{rainstorm.id}/briefs").get_data(as_text=True)
    assert "第3期" in html and "第1版" in html and "第2版" in html
    # The day as every other date on the page reads (beside "2021年7月25日 08:00" due), its ISO form kept for machines.
    assert '<time datetime="2021-07-24">2021年7月24日</time>' in html
    assert "立即编制" not in html  # viewers do not get the compile form


def test_show_print_and_english(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    html = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "文峰区防汛救灾工作日报" in html and "第3期" in html and "一、总体情况" in html
    assert "约21:00恢复" in html and "五、数据质量" in html and "<svg" in html
    assert "重新编制" not in html  # no coordinator actions for a viewer
    printed = client.get(f"/briefs/{brief.id}/print").get_data(as_text=True)
    assert "briefs.css" in printed and "briefs.js" in printed and 'id="print-button"' in printed
    assert "<script>" not in printed and "style=" not in printed  # CSP: no inline script or style
    switch_language(client, "en")
    html = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "Wenfeng District rainstorm and flood response daily brief" in html and "≈21:00" in html


def test_downloads(client, auth, make_user, database, rainstorm):
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    text = client.get(f"/briefs/{brief.id}/export/txt")
    assert text.mimetype == "text/plain" and "文峰区防汛救灾工作日报" in text.get_data(as_text=True)
    md = client.get(f"/briefs/{brief.id}/export/md").get_data(as_text=True)
    assert md.startswith("# 文峰区防汛救灾工作日报") and "| 街道（镇） |" in md
    csv = client.get(f"/briefs/{brief.id}/export/csv?table=subdistricts")
    assert csv.headers["Content-Disposition"].startswith("attachment")
    assert csv.get_data(as_text=True).startswith("\ufeff街道（镇）,")
    data = json.loads(client.get(f"/briefs/{brief.id}/export/json").get_data(as_text=True))
    assert data["revision"] == 1 and data["content"]["header"]["number"] == 3
    docx = client.get(f"/briefs/{brief.id}/export/docx")
    assert docx.data[:2] == b"PK" and docx.headers["Content-Disposition"].endswith('.docx"')
    assert client.get(f"/briefs/{brief.id}/export/xlsx").status_code == 404
    bad_table = client.get(f"/briefs/{brief.id}/export/csv?table=nope")
    assert bad_table.status_code == 400 and "table" in bad_table.get_data(as_text=True)
    assert client.get("/briefs/9999").status_code == 404


def test_coordinator_compiles_recompiles_and_publishes(client, auth, make_user, database, rainstorm):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    url = f"/events/{rainstorm.id}/briefs/compile"
    response = auth.post(url, {"day": "2021-07-24"}, form_url=f"/events/{rainstorm.id}/briefs")
    assert response.status_code == 303
    queue.run_queued(database)  # the scheduler's queue job compiles it, off the request
    response = client.get(response.headers["Location"])
    brief = _first_brief(database, rainstorm.id, "2021-07-24")
    assert response.headers["Location"].endswith(f"/briefs/{brief.id}")
    # Compiled by a person, today (long after the day): the first final brief takes the nominal cut-off.
    assert brief.compiled_by_id is not None and brief.cutoff == local("2021-07-25 08:00")
    assert brief.status.value == "compiled"
    # Compiling the same day again opens the existing brief: no second revision.
    again = auth.post(url, {"day": "2021-07-24"}, form_url=f"/events/{rainstorm.id}/briefs")
    queue.run_queued(database)
    assert client.get(again.headers["Location"]).headers["Location"].endswith(f"/briefs/{brief.id}")
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]
    recompiled = auth.post(f"/briefs/{brief.id}/recompile", {}, form_url=f"/briefs/{brief.id}")
    assert recompiled.status_code == 303
    queue.run_queued(database)
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled"),
                                              (day_of("2021-07-24"), 2, "compiled")]
    # Revision 1 is replaced: its page offers the newest instead of signing, and signing it is refused.
    with database.read_session() as s:
        newest = s.scalar(sa.select(Brief).where(Brief.event_id == rainstorm.id, Brief.revision == 2))
    old_page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "/publish" not in old_page and f'href="/briefs/{newest.id}">打开最新版本' in old_page
    refused = auth.post(f"/briefs/{brief.id}/publish", {}, form_url=f"/briefs/{brief.id}")
    # A 409 on the old revision's page, the reason and the link to the newest beside it: not a redirect.
    refused_page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "第2版取代了本版：请签发第2版。" in refused_page
    assert f'href="/briefs/{newest.id}">打开最新版本' in refused_page
    published = auth.post(f"/briefs/{newest.id}/publish", {}, form_url=f"/briefs/{newest.id}")
    assert published.status_code == 303
    with database.read_session() as s:
        assert s.get(Brief, brief.id).status.value == "compiled"
        assert s.get(Brief, newest.id).status.value == "published" and s.get(Brief, newest.id).published_at
        actions = [a for (a,) in s.execute(sa.select(AuditEntry.action).where(AuditEntry.entity == "briefs")
                                           .order_by(AuditEntry.id))]
        assert actions == ["compile", "compile", "publish"]


def test_bad_day_names_the_field_and_saves_nothing(client, auth, make_user, database, rainstorm):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    url = f"/events/{rainstorm.id}/briefs/compile"
    # The demo rainstorm ended on 2021-07-31: a later day is refused as after its end.
    for day, words in (("24/07/2021", "日期：须为日期，如 2026-12-07、2026/12/7 或 2026年12月7日"),
                       ("2021-07-01", "早于事件开始"), ("2031-07-01", "晚于事件结束")):
        response = auth.post(url, {"day": day}, form_url=f"/events/{rainstorm.id}/briefs")
        assert response.status_code == 400, day
        assert words in response.get_data(as_text=True)
    assert briefs(database, rainstorm.id) == []


def test_provisional_brief_cannot_be_published(client, auth, make_user, database, rainstorm):
    make_user("coord1", "coordinator")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-24 19:00")).brief
    auth.login("coord1")
    html = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "临时稿" in html and "发布</button>" not in html
    response = auth.post(f"/briefs/{brief.id}/publish", {}, form_url=f"/briefs/{brief.id}")
    # A refusal is a 4xx on the brief's own page, the reason on top, not a redirect that reads as signed.
    assert response.status_code == 409
    assert "临时稿不能签发" in response.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Brief, brief.id).status.value == "provisional"


def test_writes_need_coordinate_and_csrf(client, auth, make_user, database, rainstorm):
    make_user("reporter1", "reporter")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("reporter1")
    assert client.get(f"/briefs/{brief.id}").status_code == 200
    assert auth.post(f"/events/{rainstorm.id}/briefs/compile", {"day": "2021-07-25"},
                     form_url=f"/briefs/{brief.id}").status_code == 403
    assert auth.post(f"/briefs/{brief.id}/publish", {}, form_url=f"/briefs/{brief.id}").status_code == 403
    make_user("coord1", "coordinator")
    client.post("/logout", data={})
    auth.login("coord1")
    no_token = client.post(f"/briefs/{brief.id}/recompile", data={})
    assert no_token.status_code == 400
    assert briefs(database, rainstorm.id) == [(day_of("2021-07-24"), 1, "compiled")]


def test_every_brief_route_declares_its_permission(app):
    from incidents.auth.permissions import COORDINATE, READ

    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("briefs."):
            view = app.view_functions[rule.endpoint]
            wanted = COORDINATE if "POST" in rule.methods else READ
            assert getattr(view, "required_permission", None) == wanted, rule.endpoint


def test_every_download_has_a_name_of_its_own(client, auth, make_user, database, rainstorm):
    """The English file beside the Chinese one, and each CSV table beside the others, keep their own names."""
    make_user("viewer1", "viewer")
    brief = services.compile_once(database, rainstorm.id, day_of("2021-07-24"), now=local("2021-07-25 08:00")).brief
    auth.login("viewer1")
    stem = "brief-wenfeng-2021-07-rainstorm-2021-07-24-r1"
    names = {}
    for query in ("docx?lang=zh", "docx?lang=en", "csv?table=figures&lang=zh", "csv?table=subdistricts&lang=zh",
                  "csv?table=subdistricts&lang=en", "md?lang=en", "json"):
        disposition = client.get(f"/briefs/{brief.id}/export/{query}").headers["Content-Disposition"]
        names[query] = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert names == {
        "docx?lang=zh": f"{stem}.docx", "docx?lang=en": f"{stem}-en.docx",
        "csv?table=figures&lang=zh": f"{stem}-figures.csv",
        "csv?table=subdistricts&lang=zh": f"{stem}-subdistricts.csv",
        "csv?table=subdistricts&lang=en": f"{stem}-subdistricts-en.csv", "md?lang=en": f"{stem}-en.md",
        "json": f"{stem}.json"}
