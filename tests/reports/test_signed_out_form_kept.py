"""A report form sent without JavaScript after its sign-in ended elsewhere (logged out on every device, the lifetime
over) comes back after the login, filled with what was typed and said to be unsaved: never in the address, never to
another account, the cookie kept under a browser's 4 KB, and nothing saved until it is sent again (the form is held in
the database, the cookie carries its handle: tests/reports/test_held_form_on_the_server.py)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.auth.held import HELD
from incidents.auth.models import HeldForm
from incidents.auth.views import SIGNED_IN_AT
from incidents.db import now_utc
from incidents.models import Report
from tests.conftest import PASSWORD, csrf_from, switch_language, unspanned
from tests.reports.conftest import count_reports, when
from tests.security.sweep import form_fields

NEW_PASSWORD = "涨水时的新口令-2021-07-27"
NOTE = "东门积水处消杀，居民张桂芳协助（文峰路12号）"
KINDS = ["outage", "outage_update", "pumping", "pumping_volume", "disinfection", "debris", "activity", "zero_report"]
COOKIE_LIMIT = 4096  # what a browser keeps of one cookie, name and attributes included


def _end_everywhere(app, auth) -> None:  # noqa: ANN001
    """Another device: log in as li and log out on every device (a lost phone's advice)."""
    other = app.test_client()
    token = csrf_from(other.get("/login").get_data(as_text=True))
    assert other.post("/login", data={"username": "li", "password": PASSWORD, "csrf_token": token}).status_code == 302
    page = other.get("/account").get_data(as_text=True)
    assert other.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)}).status_code == 302


def _log_in(client, login_url: str, name: str = "li"):  # noqa: ANN001, ANN202
    """Log in on the page the login redirect led to, as a person would (its address's next= kept)."""
    token = csrf_from(client.get(login_url).get_data(as_text=True))
    return client.post(login_url, data={"username": name, "password": PASSWORD, "csrf_token": token})


def _cookie_size(client) -> int:  # noqa: ANN001
    cookie = client.get_cookie("session")
    return len(cookie.key) + len(cookie.value) + 120  # name, value and the attributes a browser stores


def _sent_out(client, url: str, data: dict) -> str:  # noqa: ANN001
    """Send the form after the sign-in ended: the login page, nothing typed in its address; that address."""
    response = client.post(url, data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert NOTE not in response.headers["Location"] and "note" not in response.headers["Location"]
    assert _cookie_size(client) < COOKIE_LIMIT
    return response.headers["Location"]


def _typed(client, url: str) -> dict[str, str]:  # noqa: ANN001
    fields = form_fields(client.get(url).get_data(as_text=True))
    assert "note" in fields, url
    return {**fields, "note": NOTE}


def _keeps(page: str, data: dict) -> None:
    shown = form_fields(page)
    for name, value in data.items():
        if name != "csrf_token":
            assert shown.get(name) == value, (name, shown.get(name), value)
    assert shown["csrf_token"] != data["csrf_token"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_report_sent_after_the_sign_in_ended_is_back_after_logging_in(client, app, auth, event, make_user,
                                                                             area_id, database, kind):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/{kind}"
    data = _typed(client, url)
    _end_everywhere(app, auth)
    before = count_reports(database)
    login_url = _sent_out(client, url, data)
    page = client.get(login_url).get_data(as_text=True)
    assert "登录后" in page and "尚未保存" in page and NOTE not in page
    logged_in = _log_in(client, login_url)
    assert logged_in.status_code == 302 and logged_in.headers["Location"].endswith(url)
    # The service worker keeping its copies after the login (a fetch, not the person's page) does not take it.
    assert NOTE not in client.get(url, headers={"Sec-Fetch-Mode": "same-origin"}).get_data(as_text=True)
    back = client.get(url, headers={"Sec-Fetch-Mode": "navigate"})
    page = back.get_data(as_text=True)
    assert back.status_code == 200 and "重新登录前填写的内容已恢复：尚未保存" in page
    assert back.headers["X-Held-Form"] == "1"  # static/sw.js keeps no copy of the typed page for offline use
    _keeps(page, data)
    assert count_reports(database) == before  # nothing saved until it is sent again
    assert NOTE in client.get(url).get_data(as_text=True)  # given back again until it is saved or discarded
    if kind == "activity":  # sent as shown, twice (a double tap): one report, then the form as ever
        again = form_fields(page)
        again.update({"title": "东门消杀", "area_id": str(area_id("西钟楼巷")),
                      **when("observed_at", "2021-07-27", "16:30")})
        assert client.post(url, data=again).status_code == 302
        assert client.post(url, data=again).status_code == 302
        assert count_reports(database) == before + 1
        assert NOTE not in client.get(url).get_data(as_text=True)


def test_a_correction_sent_after_the_sign_in_ended_is_back_and_saved(client, app, auth, forms, event, make_user,
                                                                     area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    created = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": str(area_id("西钟楼巷")), **when("observed_at", "2021-07-27", "16:30"), "title": "巡查"})
    report_id = int(created.headers["Location"].rsplit("/", 1)[1])
    url = f"/reports/{report_id}/edit"
    data = {**form_fields(client.get(url).get_data(as_text=True)), "title": "巡查（更正）", "note": NOTE}
    _end_everywhere(app, auth)
    login_url = _sent_out(client, url, data)
    with database.read_session() as s:
        assert s.get(Report, report_id).note != NOTE
    assert _log_in(client, login_url).headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "重新登录前填写的内容已恢复：尚未保存" in page
    _keeps(page, data)
    assert client.post(url, data=form_fields(page)).status_code == 302
    with database.read_session() as s:
        stored = s.get(Report, report_id)
        assert stored.note == NOTE and stored.title == "巡查（更正）" and stored.version == 2


def test_the_lifetime_over_keeps_the_form_too(client, app, auth, event, make_user):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/debris"
    data = _typed(client, url)
    with client.session_transaction() as s:
        s[SIGNED_IN_AT] = int(time.time()) - (app.config["SESSION_LIFETIME_HOURS"] + 1) * 3600
    assert "why=expired" in _sent_out(client, url, data)
    auth.login("li")
    _keeps(client.get(url).get_data(as_text=True), data)


def test_a_form_held_longer_than_a_login_lasts_is_neither_promised_nor_kept(client, app, auth, event, make_user,
                                                                            database):
    # Before, the login page said 已为您保留 of a form too old for any login to take back, and the cookie kept its
    # text, readable by whoever used the browser next, until someone logged in there.
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/disinfection"
    data = _typed(client, url)
    _end_everywhere(app, auth)
    login_url = _sent_out(client, url, data)
    assert "held-note" in client.get(login_url).get_data(as_text=True)
    with database.transaction() as s:
        s.execute(sa.update(HeldForm).values(
            created_at=now_utc() - timedelta(hours=app.config["SESSION_LIFETIME_HOURS"] + 1)))
    assert "held-note" not in client.get(login_url).get_data(as_text=True)
    with client.session_transaction() as s:
        assert HELD not in s
    assert _log_in(client, login_url).status_code == 302
    assert NOTE not in client.get(url).get_data(as_text=True)


def test_another_account_logging_in_on_that_browser_never_sees_it(client, app, auth, event, make_user):
    make_user("li", "reporter")
    make_user("wang", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage"
    data = _typed(client, url)
    _end_everywhere(app, auth)
    assert _log_in(client, _sent_out(client, url, data), "wang").status_code == 302
    assert NOTE not in client.get(url).get_data(as_text=True)
    assert NOTE not in client.get(url).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/account").get_data(as_text=True))})
    auth.login("li")  # dropped at the other login, not kept for later
    assert NOTE not in client.get(url).get_data(as_text=True)


def test_a_post_without_its_csrf_token_is_not_held(client, app, auth, event, make_user):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage"
    data = {**_typed(client, url), "csrf_token": "forged"}
    _end_everywhere(app, auth)
    assert client.post(url, data=data).status_code == 400
    auth.login("li")
    assert NOTE not in client.get(url).get_data(as_text=True)


def test_said_in_english_too(client, app, auth, event, make_user):
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    url = f"/events/{event.id}/reports/new/activity"
    data = _typed(client, url)
    _end_everywhere(app, auth)
    login_url = _sent_out(client, url, data)
    page = unspanned(client.get(login_url).get_data(as_text=True))
    assert "The form you sent is not saved yet, and it is kept" in page
    _log_in(client, login_url)
    page = unspanned(client.get(url).get_data(as_text=True))
    assert "What you typed before logging in again is back: it is not saved yet." in page
    _keeps(page, data)


def test_a_password_changed_on_another_device_keeps_the_form_too(client, app, auth, event, make_user):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/pumping"
    data = _typed(client, url)
    other = app.test_client()
    assert type(auth)(other).login("li").status_code == 302
    page = other.get("/account").get_data(as_text=True)
    changed = other.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                           "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    login_url = _sent_out(client, url, data)
    assert "why=ended" in login_url
    token = csrf_from(client.get(login_url).get_data(as_text=True))
    client.post(login_url, data={"username": "li", "password": NEW_PASSWORD, "csrf_token": token})
    _keeps(client.get(url).get_data(as_text=True), data)


def _log_out_here(client) -> None:  # noqa: ANN001
    """Log out on this device from another tab (its header's 退出 button), the form's tab still open."""
    page = client.get("/account").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302


@pytest.mark.parametrize("how", ["logout", "end_all"])
def test_a_form_sent_after_logging_out_on_this_device_is_kept_too(client, app, auth, forms, event, make_user,
                                                                  area_id, database, how):
    make_user("li", "reporter")
    make_user("wang", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/disinfection"
    data = _typed(client, url)
    if how == "logout":
        _log_out_here(client)
    else:  # 在所有设备上退出登录, pressed on this device
        page = client.get("/account").get_data(as_text=True)
        assert client.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)}).status_code == 302
    client.get("/login")  # the login page it landed on makes an anonymous CSRF secret of its own
    before = count_reports(database)
    login_url = _sent_out(client, url, data)  # was the 400 登录已失效 page, all typed lost
    page = client.get(login_url).get_data(as_text=True)
    assert "尚未保存" in page and NOTE not in page
    assert _log_in(client, login_url).headers["Location"].endswith(url)
    back = client.get(url).get_data(as_text=True)
    assert "重新登录前填写的内容已恢复：尚未保存" in back
    _keeps(back, data)
    assert count_reports(database) == before
    # Another account logging in on that browser after the logout never sees it.
    _log_out_here(client)
    assert client.post(url, data=form_fields(back)).status_code == 302
    assert _log_in(client, "/login", "wang").status_code == 302
    assert NOTE not in client.get(url).get_data(as_text=True)


def test_after_a_logout_a_token_not_from_this_browsers_login_is_still_refused(client, app, auth, event, make_user):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/outage"
    data = _typed(client, url)
    other = app.test_client()  # another browser's page: its token is no proof this browser typed the form
    type(auth)(other).login("li")
    _log_out_here(client)
    forged = {**data, "csrf_token": csrf_from(other.get(url).get_data(as_text=True))}
    assert client.post(url, data=forged).status_code == 400
    assert client.post(url, data={**data, "csrf_token": ""}).status_code == 400
    auth.login("li")
    assert NOTE not in client.get(url).get_data(as_text=True)
