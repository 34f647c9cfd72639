"""A page names a refused field by the name a person reads, not its key; the API keeps the key.

District staff read "area_id：不在您负责的区域内", "version：…", "role：…" on pages: the internal key where the page
means 地点 (Place), 版本, 角色. Every page that says "field：problem" now asks incidents.labels.field_problem, in
the reader's language. The API's problem still names `area_id` (machine-read).
"""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from incidents.auth.models import User
from incidents.events.models import Event
from tests.api.test_reports_api import rid, stored
from tests.conftest import Auth, csrf_from, switch_language

BDJ = "文峰区/北大街街道"


def _message(response) -> str:  # noqa: ANN001
    """What the page says: its error paragraph or flashes, tags stripped."""
    page = html.unescape(response.get_data(as_text=True))
    main = page[page.find("<main"):]
    return re.sub(r"<[^>]+>", " ", main)


def _scoped_coordinator(app, make_user, language: str):  # noqa: ANN001, ANN202
    make_user(f"c-{language}", "coordinator", scope=BDJ)
    client = app.test_client()
    Auth(client).login(f"c-{language}")
    if language == "en":
        switch_language(client, "en")
    return client


def test_a_status_change_outside_ones_areas_names_the_place_in_chinese(app, seeded, database, make_user):
    outside = rid(database, "acjy2-outage")  # 银杏大街街道, not 北大街街道
    before = stored(database, outside)
    client = _scoped_coordinator(app, make_user, "zh")
    token = csrf_from(client.get(f"/reports/{outside}").get_data(as_text=True))
    refused = client.post(f"/reports/{outside}/status",
                          data={"csrf_token": token, "action": "verify", "version": before[0]})
    said = _message(refused)
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert "地点：不在您负责的区域内" in said, said[:800]
    assert "area_id" not in said
    assert stored(database, outside) == before


def test_a_status_change_outside_ones_areas_names_the_place_in_english(app, seeded, database, make_user):
    outside = rid(database, "acjy2-outage")
    before = stored(database, outside)
    client = _scoped_coordinator(app, make_user, "en")
    token = csrf_from(client.get(f"/reports/{outside}").get_data(as_text=True))
    refused = client.post(f"/reports/{outside}/status",
                          data={"csrf_token": token, "action": "verify", "version": before[0]})
    said = _message(refused)
    assert refused.status_code == 403
    assert "Place: is outside the areas you report for" in said, said[:800]
    assert "area_id" not in said
    assert stored(database, outside) == before


def test_the_api_still_names_the_key(app, seeded, database, make_user):
    outside = rid(database, "acjy2-outage")
    client = _scoped_coordinator(app, make_user, "zh")
    token = csrf_from(client.get("/account").get_data(as_text=True))
    refused = client.post(f"/api/v1/reports/{outside}/verify", json={"version": stored(database, outside)[0]},
                          headers={"X-CSRFToken": token})
    assert refused.status_code == 403 and list(refused.get_json()["errors"]) == ["area_id"]


def test_a_garbled_version_on_an_account_is_named_as_version_not_its_key(app, client, auth, make_user, database):
    make_user("admin1", "admin")
    make_user("alice", "reporter")
    with database.read_session() as s:
        alice = s.scalar(sa.select(User).where(User.username == "alice"))
        alice_id, name = alice.id, alice.display_name
    auth.login("admin1")
    for language, said in (("zh", "版本：表单的版本号无法识别"),
                           ("en", "Version: the form's version cannot be read")):
        if language == "en":
            switch_language(client, "en")
        page = client.get(f"/admin/users/{alice_id}").get_data(as_text=True)
        answer = client.post(f"/admin/users/{alice_id}", data={
            "csrf_token": csrf_from(page), "display_name": name, "role": "reporter", "scope_area_id": "",
            "active": "y", "version": "abc"})
        assert answer.status_code == 400
        assert said in _message(answer), _message(answer)[:800]


def test_a_key_with_no_label_is_still_named(app):
    from incidents.labels import field_label, field_problem

    with app.test_request_context():
        assert field_label("area_id") == "地点" and field_label("no_such_field") == "no_such_field"
        assert field_problem("no_such_field", "坏了") == "no_such_field：坏了"
        assert field_problem("area_id", "x", {"area_id": "Where"}) == "Where：x"  # the page's own label first
        assert field_problem("", "only the sentence") == "only the sentence"


def test_an_english_problem_goes_on_after_its_label_in_lower_case(app):
    from flask_babel import force_locale

    from incidents.labels import field_problem
    from incidents.limits import GARBLED_VERSION

    with app.test_request_context(), force_locale("en"):
        assert field_problem("version", GARBLED_VERSION).startswith("Version: the form's version cannot be read")
        assert field_problem("area_id", "A place is needed") == "Place: a place is needed"
        # A name keeps its capitals (a word of capitals, a value, "I"), and a sentence alone its first capital.
        for kept in ("WeCom robots need a key", "SMTP is not set up", "Asia/Mars is no time zone", "I cannot"):
            assert field_problem("area_id", kept) == f"Place: {kept}"
        assert field_problem("", GARBLED_VERSION).startswith("The form's version")
    with app.test_request_context(), force_locale("zh"):  # Chinese has no capitals to lower: a text stays as said
        assert field_problem("area_id", "The WGS-84 point") == "地点：The WGS-84 point"


def _coordinator(app, make_user, language: str):  # noqa: ANN001, ANN202
    make_user(f"k-{language}", "coordinator")
    client = app.test_client()
    Auth(client).login(f"k-{language}")
    if language == "en":
        switch_language(client, "en")
    return client


# Text that is no UTF-8 is refused before any form reads it (web.py's error page, inputs.BadField), by the field's
# key: the page said coordinates：…, current_password：…, started_at-day：…, address：…
UNDECODABLE = [("/areas/new", "coordinates", "坐标（WGS-84）", "Coordinates (WGS-84)"),
               ("/account", "new_password", "新密码", "New password"),
               ("/events/{event}/reports/new/outage", "started_at-day", "停电时间", "Power went off"),
               ("/events/{event}/recipients", "address", "邮箱地址或 Webhook 地址", "E-mail address or webhook URL")]


def test_text_that_is_no_utf8_is_refused_by_the_fields_label(app, seeded, database, make_user):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).order_by(Event.id))
    for language in ("zh", "en"):
        client = _coordinator(app, make_user, language)
        token = csrf_from(client.get("/account").get_data(as_text=True))
        for url, key, zh, en in UNDECODABLE:
            answer = client.post(url.format(event=event), data=f"csrf_token={token}&{key}=%FF%FE",
                                 content_type="application/x-www-form-urlencoded")
            said = _message(answer)
            assert answer.status_code == 400, (url, answer.status_code)
            expected = f"{zh}：不是有效的UTF-8文本" if language == "zh" else f"{en}: is not valid UTF-8 text"
            assert expected in said and f"{key}:" not in said and f"{key}：" not in said, said[:600]


def test_a_brief_day_refused_names_the_day_in_english(app, seeded, database, make_user):
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).order_by(Event.id))
    client = _coordinator(app, make_user, "en")
    token = csrf_from(client.get(f"/events/{event}/briefs").get_data(as_text=True))
    for day, said in (("24/07/2021", "Day: must be a date, e.g. 2026-12-07, 2026/12/7 or 2026年12月7日"),
                      ("2031-07-01", "Day: after the event ended")):
        answer = client.post(f"/events/{event}/briefs/compile", data={"csrf_token": token, "day": day})
        assert answer.status_code == 400
        assert said in _message(answer) and "day:" not in _message(answer), _message(answer)[:600]
