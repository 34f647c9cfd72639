"""Sessions end when they should: logout ends this device's (a copied cookie stops working); the
account page ends another device's or all; a password change, an administrator's reset or a
deactivation ends every earlier session of that user."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.auth.models import User
from incidents.auth.views import SIGN_IN
from tests.conftest import PASSWORD, Auth, csrf_from, switch_language

NEW_PASSWORD = "a brand new passphrase"


def _logged_in(app, username: str, password: str = PASSWORD):  # noqa: ANN202
    client = app.test_client()
    assert Auth(client).login(username, password).status_code == 302
    assert client.get("/account").status_code == 200
    return client


def _copy(app, client):  # noqa: ANN001, ANN202
    """A second client holding a copy of the first one's session cookie (a stolen cookie)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/account").status_code == 200  # the copy works before
    return thief


def _refused(client) -> bool:  # noqa: ANN001
    response = client.get("/account")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_copied_before_logout_fails_after_it(app, make_user):
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    thief = _copy(app, client)
    page = client.get("/account").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert _refused(thief)
    assert _refused(client)
    assert _logged_in(app, "field1").get("/").status_code == 200  # a fresh login still works


def test_logout_ends_this_device_only_so_a_phones_outbox_keeps_sending(app, make_user):
    """A reporter logging out at the office found the phone logged out too, its outbox stuck mid-event."""
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    page = desktop.get("/account").get_data(as_text=True)
    out = desktop.post("/logout", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "其他设备仍保持登录" in out.get_data(as_text=True)  # told what logging out did and did not end
    assert _refused(desktop)
    assert phone.get("/account").status_code == 200


def _devices(client) -> list[str]:  # noqa: ANN001
    page = client.get("/account").get_data(as_text=True)
    section = page.split('id="sign-ins"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'action="/account/sign-ins/(\d+)/end"', section)


def test_the_account_page_lists_each_device_and_ends_one_from_another(app, make_user):
    make_user("field1", "reporter")
    phone = app.test_client()
    ua = {"User-Agent": "Mozilla/5.0 (Linux; Android 12; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/120.0.0.0 Mobile Safari/537.36"}
    page = phone.get("/login", headers=ua).get_data(as_text=True)
    assert phone.post("/login", data={"username": "field1", "password": PASSWORD, "csrf_token": csrf_from(page)},
                      headers=ua).status_code == 302
    desktop = _logged_in(app, "field1")
    page = desktop.get("/account").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)  # as read: the "·" opens a span with the system (templates/_links.html)
    assert "Chrome Mobile 120 · Android 12" in text and "本设备" in text
    devices = _devices(desktop)
    assert len(devices) == 2
    phone_id = min(devices, key=int)  # the phone logged in first
    ended = desktop.post(f"/account/sign-ins/{phone_id}/end", data={"csrf_token": csrf_from(page)})
    assert ended.status_code == 302 and ended.headers["Location"].endswith("#sign-ins")
    assert _refused(phone)
    assert "您的登录已结束" in phone.get("/account", follow_redirects=True).get_data(as_text=True)
    assert desktop.get("/account").status_code == 200 and len(_devices(desktop)) == 1
    again = desktop.post(f"/account/sign-ins/{phone_id}/end", data={"csrf_token": csrf_from(page)})
    assert again.status_code == 404  # already ended


def test_no_one_ends_another_accounts_device(app, make_user):
    make_user("field1", "reporter")
    make_user("field2", "reporter")
    victim, other = _logged_in(app, "field1"), _logged_in(app, "field2")
    (victim_device,) = _devices(victim)
    page = other.get("/account").get_data(as_text=True)
    assert other.post(f"/account/sign-ins/{victim_device}/end", data={"csrf_token": csrf_from(page)}).status_code == 404
    assert victim.get("/account").status_code == 200
    no_csrf = victim.post(f"/account/sign-ins/{victim_device}/end")
    assert no_csrf.status_code == 400 and victim.get("/account").status_code == 200


def test_ending_this_devices_sign_in_on_the_list_is_logging_out(app, make_user):
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    (here,) = _devices(client)
    page = client.get("/account").get_data(as_text=True)
    out = client.post(f"/account/sign-ins/{here}/end", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "已在本设备退出登录" in out.get_data(as_text=True)
    assert _refused(client)


def test_log_out_everywhere_ends_every_device_and_a_copied_cookie(app, make_user):
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    thief = _copy(app, phone)
    page = desktop.get("/account").get_data(as_text=True)
    out = desktop.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "所有设备上退出登录" in out.get_data(as_text=True)
    assert _refused(desktop) and _refused(phone) and _refused(thief)
    assert "您的登录已结束" in phone.get("/account", follow_redirects=True).get_data(as_text=True)
    assert _logged_in(app, "field1").get("/").status_code == 200


def test_logging_in_again_ends_the_login_this_browser_held(app, make_user):
    """A browser logged in anew (the same account, or another at a shared computer) left its earlier login
    open: a copy of the earlier cookie still worked, and My account listed the one browser twice."""
    make_user("field1", "reporter")
    make_user("field2", "reporter")
    client = _logged_in(app, "field1")
    thief = _copy(app, client)
    assert Auth(client).login("field1").status_code == 302
    assert _refused(thief)
    assert len(_devices(client)) == 1
    thief = _copy(app, client)
    assert Auth(client).login("field2").status_code == 302  # the next person at the office computer
    assert _refused(thief)
    assert len(_devices(_logged_in(app, "field1"))) == 1 and len(_devices(client)) == 1
    assert Auth(client).login("field2", "a wrong password").status_code == 401
    assert client.get("/account").status_code == 200  # a failed try ends nothing


def test_a_cookie_without_a_sign_in_does_not_log_in(app, make_user):
    """A cookie signed before sign-ins were recorded (or with its sign-in key removed) is not taken."""
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    with client.session_transaction() as s:
        del s[SIGN_IN]
    assert _refused(client)


def test_logout_keeps_the_language_the_user_reads(app, make_user):
    make_user("field1", "reporter")
    client = _logged_in(app, "field1")
    switch_language(client, "en")
    page = client.get("/account").get_data(as_text=True)
    login = client.post("/logout", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    text = login.get_data(as_text=True)
    assert "You are logged out" in text and "Log in" in text and "登录" not in text.split("<main", 1)[1]


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, make_user):
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    thief = _copy(app, phone)
    page = phone.get("/account").get_data(as_text=True)
    response = phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                            "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert phone.get("/account").status_code == 200  # the one who changed it stays in
    assert _refused(desktop) and _refused(thief)
    assert _logged_in(app, "field1", NEW_PASSWORD).get("/").status_code == 200


def test_a_request_in_flight_with_the_old_cookie_does_not_undo_a_password_change(app, make_user):
    """A phone's background fetch sent before the change and answered after it sets no cookie.

    In a browser both share one cookie jar: a Set-Cookie on the late answer (a flashed "your session
    ended") would put the old session back over the new one, and the person who just changed their
    password would find themselves logged out (seen in CI, tests/auth/test_browser.py).
    """
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    in_flight = _copy(app, phone)
    page = phone.get("/account").get_data(as_text=True)
    assert phone.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                        "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    late = in_flight.get("/account")
    assert late.status_code == 302 and "why=ended" in late.headers["Location"]
    assert not [c for c in late.headers.getlist("Set-Cookie") if c.startswith("session=")]
    login = in_flight.get(late.headers["Location"])
    assert "您的登录已结束" in login.get_data(as_text=True)  # told why, from the address
    assert not [c for c in login.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert phone.get("/account").status_code == 200


def _admin_edit(app, make_user, session, change: dict) -> tuple:  # noqa: ANN001
    user_id = make_user("field1", "reporter")
    make_user("boss", "admin")
    victim = _logged_in(app, "field1")
    admin = _logged_in(app, "boss")
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    user = session.get(User, user_id)
    data = {"csrf_token": csrf_from(page), "display_name": user.display_name, "role": "reporter",
            "scope_area_id": "", "active": "y", "password": "", "version": str(user.version), **change}
    data = {k: v for k, v in data.items() if v is not None}
    response = admin.post(f"/admin/users/{user_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return victim, user_id


def test_an_administrators_reset_ends_the_users_sessions(app, make_user, session):
    victim, _ = _admin_edit(app, make_user, session, {"password": NEW_PASSWORD})
    assert _refused(victim)
    assert _logged_in(app, "field1", NEW_PASSWORD).get("/").status_code == 200


def test_deactivation_ends_the_users_sessions_and_reactivation_does_not_revive_them(
        app, make_user, session, database):
    victim, user_id = _admin_edit(app, make_user, session, {"active": None})
    assert _refused(victim)
    with database.transaction() as s:
        s.execute(sa.update(User).where(User.id == user_id).values(active=True))
    assert _refused(victim)  # the old session stays dead when the account comes back
    assert _logged_in(app, "field1").get("/").status_code == 200


def test_an_unrelated_account_edit_keeps_the_session(app, make_user, session):
    victim, _ = _admin_edit(app, make_user, session, {"display_name": "Field One"})
    assert victim.get("/account").status_code == 200


def test_an_api_token_cannot_log_its_owners_browsers_out(app, make_user, database):
    """A leaked script token must not log the person out of every browser, again and again."""
    from incidents.auth import tokens

    user_id = make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    with database.transaction() as s:
        _row, secret = tokens.create_token(s, s.get(User, user_id), "script", None)
    script = app.test_client(use_cookies=False)
    (device,) = _devices(phone)
    for url in ("/logout", "/account/sign-ins/end-all", f"/account/sign-ins/{device}/end"):
        refused = script.post(url, headers={"Authorization": f"Bearer {secret}"})
        # A token opens no page (not logged in there): its form is refused as one sent without a login.
        assert refused.status_code == 400, url
    assert phone.get("/account").status_code == 200


def _token_made_on(client) -> str:  # noqa: ANN001
    """A token made through the account page's form, as whoever holds the session can (a lost phone's finder)."""
    page = client.get("/account").get_data(as_text=True)
    made = client.post("/account/tokens", data={"csrf_token": csrf_from(page), "name": "mine now", "once": "k1"})
    secret = re.search(r'id="new-token">([^<]+)<', made.get_data(as_text=True))
    assert made.status_code == 200 and secret, made.status_code
    return secret.group(1)


def _log_out_everywhere(client, **extra: str):  # noqa: ANN001, ANN202
    page = client.get("/account").get_data(as_text=True)
    return client.post("/account/sign-ins/end-all", data={"csrf_token": csrf_from(page), **extra},
                       follow_redirects=True)


def test_log_out_everywhere_can_revoke_a_token_made_from_a_lost_phone(app, make_user):
    """The account page's advice for a lost phone ends every sign-in, but a token its finder made in two taps
    went on opening the API, and the page said nothing of it."""
    make_user("field1", "reporter")
    phone, desktop = _logged_in(app, "field1"), _logged_in(app, "field1")
    api = app.test_client()
    secret = _token_made_on(phone)
    assert api.get("/api/v1/events", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert 'id="end_all_revoke_tokens"' in desktop.get("/account").get_data(as_text=True)  # offered beside the button
    out = _log_out_everywhere(desktop, revoke_tokens="y")
    assert "所有设备上退出登录" in out.get_data(as_text=True) and "1 个 API 令牌已吊销" in out.get_data(as_text=True)
    assert _refused(phone) and _refused(desktop)
    assert api.get("/api/v1/events", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_log_out_everywhere_says_which_tokens_still_work(app, make_user):
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    secret = _token_made_on(phone)
    out = _log_out_everywhere(phone).get_data(as_text=True)
    assert "您的 1 个 API 令牌仍然有效" in out  # not silent: the finder's token outlives the logout
    assert app.test_client().get("/api/v1/events", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def _session_cookies(response) -> list[str]:  # noqa: ANN001
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_a_background_fetch_answered_while_logged_out_sets_no_cookie(app, make_user):
    """The phone's service worker keeps the report forms fresh in the background: one in flight as the person
    logged out and in again (another tab) was sent on to the login page, and that page's new anonymous cookie,
    landing after the login's, logged them out again (seen in CI, test_expired_page_keeps_typed_browser.py)."""
    make_user("field1", "reporter")
    phone = _logged_in(app, "field1")
    page = phone.get("/account").get_data(as_text=True)
    assert phone.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    in_flight = _copy_of_cookie(app, phone)
    background = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
    refused = in_flight.get("/outbox", headers=background)
    assert refused.status_code == 302 and not _session_cookies(refused)
    login_page = in_flight.get(refused.headers["Location"], headers=background)
    assert login_page.status_code == 200 and not _session_cookies(login_page)
    # A person opening the login page gets the cookie its form's CSRF token lives in.
    opened = in_flight.get("/login", headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"})
    assert _session_cookies(opened)
    assert Auth(in_flight).login("field1", PASSWORD).status_code == 302
    assert in_flight.get("/account").status_code == 200


def _copy_of_cookie(app, client):  # noqa: ANN001, ANN202
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("session", cookie.value)
    return other
