"""The server side of the outbox: a report form sent with X-Outbox is answered in JSON; a replayed key returns the
first report, the same key with another body is refused by name; who is logged in, the user's places with
pinyin initials, the service worker and the offline page."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from incidents.models import Report
from incidents.offline.services import files_version
from tests.reports.conftest import count_reports, when

OUTBOX = {"X-Outbox": "queue", "Accept": "application/json"}


def _activity(forms, event, area_id, title: str = "巡查西钟楼巷积水点") -> tuple[str, dict]:
    url = f"/events/{event.id}/reports/new/activity"
    return url, {**forms.open(url), "area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
                 "title": title}


def test_a_replayed_key_returns_the_first_report(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url, data = _activity(forms, event, area_id)
    data["token"] = "outbox-key-0123456789"  # a key the phone made
    before = count_reports(database)
    first = client.post(url, data=data, headers=OUTBOX)
    again = client.post(url, data=data, headers=OUTBOX)  # the answer was lost: the phone sends it again
    assert first.status_code == 201 and again.status_code == 200
    assert first.json["id"] == again.json["id"] and first.json["created"] and not again.json["created"]
    assert first.json["url"] == f"/reports/{first.json['id']}"
    assert count_reports(database) == before + 1
    with database.read_session() as s:
        report = s.get(Report, first.json["id"])
        # Observed time is the worker's; reported_at is when the server received it.
        assert report.observed_at.isoformat().startswith("2021-07-27T08:30")
        assert first.json["reported_at"] == report.reported_at.isoformat()
    # Sent from the queue: no flash message waits for a page the user never opened.
    assert "报告已保存" not in client.get(first.json["url"]).get_data(as_text=True)


def test_the_same_key_with_another_body_is_refused(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url, data = _activity(forms, event, area_id)
    first = client.post(url, data=data, headers=OUTBOX)
    before = count_reports(database)
    changed = client.post(url, data={**data, "title": "另一件事"}, headers=OUTBOX)
    assert changed.status_code == 409 and changed.json["key_reused"]
    assert changed.json["report"] == {"id": first.json["id"], "url": first.json["url"]}
    assert [e["field"] for e in changed.json["errors"]] == ["token"]
    assert "此表单已保存为一份报告（内容不同）" in changed.json["errors"][0]["message"]
    assert count_reports(database) == before


def test_a_refused_form_names_each_field(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    url, data = _activity(forms, event, area_id)
    before = count_reports(database)
    bad = client.post(url, data={**data, **when("observed_at", "2030-01-01", "09:00"), "title": ""},
                      headers=OUTBOX)
    assert bad.status_code == 422
    by_field = {e["field"]: e for e in bad.json["errors"]}
    assert by_field["observed_at"]["message"] == "不能晚于当前时间"
    assert by_field["title"]["message"] == "必填"
    assert by_field["observed_at"]["label"]
    assert count_reports(database) == before


def test_an_expired_session_is_told_not_redirected(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    assert client.get("/offline/me", headers={"X-Outbox": "1"}).status_code == 401
    url = f"/events/{event.id}/reports/new/activity"
    assert client.post(url, data={"title": "x"}, headers={"X-Outbox": "queue"}).status_code in (400, 401)
    assert client.get("/offline/me").status_code == 302  # a person is still sent to the login page


def test_me_says_who_and_which_forms_to_keep(client, auth, event, make_user, database):
    from incidents.models import Event, User

    user_id = make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    me = client.get("/offline/me", headers={"X-Outbox": "1"}).json
    assert me["user_id"] == user_id and me["csrf_token"]
    with database.read_session() as s:
        latest = s.scalar(sa.select(Event.id).order_by(Event.starts_at.desc()).limit(1))
    # Every event is over: the latest one's forms are kept.
    assert me["forms"][:2] == [f"/events/{latest}/reports/new", f"/events/{latest}/reports/new/outage"]
    with database.transaction() as s:
        s.get(User, user_id).last_event_id = event.id
    me = client.get("/offline/me", headers={"X-Outbox": "1"}).json
    assert me["forms"][:2] == [f"/events/{event.id}/reports/new", f"/events/{event.id}/reports/new/outage"]
    assert me["version"] in client.get("/sw.js").get_data(as_text=True)


def test_the_places_kept_for_offline_are_the_users_with_initials(client, auth, event, make_user, session):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    auth.login("li")
    areas = client.get("/offline/areas").json["areas"]
    by_name = {a["name"]: a for a in areas}
    assert "xzlx" in by_name["西钟楼巷"]["key"]  # 西钟楼巷 by its pinyin initials, as the online search
    assert by_name["西钟楼巷"]["path"].startswith("北大街街道")
    from incidents.models import Area
    outside = session.scalar(sa.select(Area.name).where(Area.name != "北大街街道", Area.level == "subdistrict"))
    assert outside not in by_name


def test_service_worker_and_offline_page(client):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw.mimetype == "text/javascript"
    assert sw.headers["Service-Worker-Allowed"] == "/" and "no-cache" in sw.headers["Cache-Control"]
    assert "__VERSION__" not in sw.get_data(as_text=True)
    page = client.get("/offline").get_data(as_text=True)
    assert "离线" in page and "Offline" in page and "<script" not in page
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.json["name"] == "防汛救灾信息平台" and manifest.json["scope"] == "/"
    for icon in manifest.json["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_version_changes_with_any_static_file(tmp_path: Path):
    (tmp_path / "app.css").write_text("a {}")
    first = files_version([tmp_path])
    assert files_version([tmp_path]) == first
    (tmp_path / "app.css").write_text("a { color: red }")
    assert files_version([tmp_path]) != first


def test_the_icon_answers_where_browsers_look_for_it_logged_in_or_not(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/png" and icon.data[:4] == b"\x89PNG"


def test_offline_new_report_opens_the_running_event_not_an_ended_last_one(client, auth, event, live, make_user,
                                                                          database):
    """新报告 without a network opens the first form kept: the last event's, even ended while another ran, where
    the online 新报告 opens the running one (tests/reports/test_event_choice.py). Now both open the running event;
    the ended one's forms are still kept, for a late report."""
    from incidents.models import User

    user_id = make_user("li", "reporter", scope="文峰区/北大街街道")
    with database.transaction() as s:
        s.get(User, user_id).last_event_id = event.id
    auth.login("li")
    forms = client.get("/offline/me", headers={"X-Outbox": "1"}).json["forms"]
    assert forms[0] == f"/events/{live.id}/reports/new", forms[:2]
    assert f"/events/{event.id}/reports/new" in forms
    online = client.get("/reports/new")
    assert online.status_code == 302 and online.headers["Location"].endswith(forms[0])
