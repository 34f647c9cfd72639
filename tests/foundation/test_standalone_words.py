"""An English word standing alone as a badge, a link or a cell's value reads as a name: capitalised."""

from __future__ import annotations

import re

from incidents.auth.models import User
from incidents.models import Report
from incidents.tables import Column, Table, to_csv, to_xlsx
from tests.conftest import switch_language
from tests.exports.conftest import read_xlsx


def test_the_users_page_badges_read_as_its_roles_beside_them(client, auth, make_user, database):
    # A newcomer at 360 px: "Reporter disabled cannot log in" on the users page.
    make_user("root", "admin")
    off = make_user("gone", "reporter")
    with database.transaction() as s:
        user = s.get(User, off)
        user.active = False
        user.password_hash = None
    auth.login("root")
    switch_language(client, "en")
    badges = re.findall(r'<span class="badge">([^<]+)</span>', client.get("/admin/users").get_data(as_text=True))
    assert "Disabled" in badges and "Cannot log in" in badges, badges
    switch_language(client, "zh")
    badges = re.findall(r'<span class="badge">([^<]+)</span>', client.get("/admin/users").get_data(as_text=True))
    assert "已停用" in badges, badges


def test_the_report_forms_link_to_another_event_as_a_name(client, auth, seeded, make_user, session):
    # "Wenfeng rainstorm · another event" on the kinds' page, "… reopen the event. another event" on an ended
    # event's form.
    import sqlalchemy as sa

    from incidents.events.models import Event

    event = session.scalar(sa.select(Event).order_by(Event.id).limit(1))
    assert event.ends_at is not None  # the demo's July 2021 rainstorm: the form's flash says so
    make_user("lin", "reporter")
    auth.login("lin")
    switch_language(client, "en")
    for url in (f"/events/{event.id}/reports/new", f"/events/{event.id}/reports/new/outage"):
        page = client.get(url).get_data(as_text=True)
        links = re.findall(r'<a class="tap" href="/reports/new\?choose=1">([^<]+)</a>', page)
        assert links == ["Another event"], (url, links)


def test_a_spreadsheets_flag_words_are_capitalised_in_csv_and_xlsx():
    # The timeline's CSV said "no" beside "About" in one row: the flag words take the same rule as a code's label.
    table = Table([Column("open", "仍停电", "Still out")], [[True], [False]])
    assert "".join(to_csv(table, "en")).splitlines()[1:] == ["Yes", "No"]
    assert "".join(to_csv(table, "zh")).splitlines()[1:] == ["是", "否"]
    assert [r[0] for r in read_xlsx(to_xlsx(table, "en"))[1:]] == ["Yes", "No"]


HEADINGS = {"en": {400: "400 · Bad Request", 404: "404 · Not Found"},
            "zh": {400: "400 · 请求有误", 404: "404 · 找不到"}}


def test_every_error_page_heads_with_its_code_and_name_in_both_languages(client, auth, make_user):
    # 403 said "403 · Forbidden" where 404 said only "404" (the Chinese page dropped every name).
    make_user("lin", "reporter")
    auth.login("lin")
    for lang in ("en", "zh"):
        switch_language(client, lang)
        for code, response in ((404, client.get("/nope")), (400, client.post(f"/lang/{lang}"))):
            assert response.status_code == code
            html = response.get_data(as_text=True)
            assert re.findall(r"<h1>(.*?)</h1>", html) == [HEADINGS[lang][code]], (lang, code)
            assert f"<title>{HEADINGS[lang][code]}" in html, (lang, code)


def test_the_demo_has_a_community_worker_who_sees_and_reports_for_its_community_only(app, seeded, client, auth,
                                                                                      session):
    # The product's users include a 社区's workers; the demo had none (district, subdistrict, site only).
    import sqlalchemy as sa

    from incidents.areas.models import Area
    from incidents.cli import ensure_demo_accounts
    from incidents.events.models import Event

    passwords = ensure_demo_accounts(app)
    assert "shequ" in passwords
    user = session.scalar(sa.select(User).where(User.username == "shequ"))
    names = dict(session.execute(sa.select(Area.id, Area.name)).all())
    assert (user.role, names[user.scope_area_id]) == ("reporter", "安彩嘉园社区")
    auth.login("shequ", passwords["shequ"])
    event = session.scalar(sa.select(Event.id).order_by(Event.id).limit(1))
    # A scope limits writing, not reading (docs/domain.md): the worker reads the whole event's reports.
    listed = client.get(f"/events/{event}/reports").get_data(as_text=True)
    assert "安彩嘉园二期" in listed and "彰德路64号院" in listed
    form = client.get(f"/events/{event}/reports/new/activity").get_data(as_text=True)
    select = re.search(r'<select id="area_id".*?</select>', form, re.S)
    assert select is not None
    offered = {names[int(v)] for v in re.findall(r'<option value="(\d+)"', select.group(0))}
    assert offered == {"安彩嘉园社区", "安彩嘉园二期"}, offered
    # The neighbouring community (官园社区, under 光华路街道) sent by hand: refused by name, nothing stored.
    neighbour = next(i for i, n in names.items() if n == "官园社区")
    before = session.scalar(sa.select(sa.func.count(Report.id)))
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    refused = client.post(f"/events/{event}/reports/new/activity",
                          data={**fields, "area_id": neighbour, "title": "官园社区排水",
                                "observed_at-day": "2021-07-24", "observed_at-time": "10:00"})
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", refused.get_data(as_text=True)))
    assert refused.status_code == 403 and "不在您负责的区域内" in said, (refused.status_code, said[:3000])
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(Report.id))) == before


def test_the_english_recipient_form_names_dingtalks_signing_by_its_english_ui(client, auth, make_user, live):
    # "DingTalk robots with 加签 only": DingTalk's English help and console call it "Sign request".
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, "en")
    page = client.get(f"/events/{live.id}/recipients").get_data(as_text=True)
    assert "Sign request" in page and "加签" not in page
    switch_language(client, "zh")
    assert "加签" in client.get(f"/events/{live.id}/recipients").get_data(as_text=True)
