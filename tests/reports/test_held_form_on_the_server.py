"""A form sent after its sign-in ended is held in the database, not in the session cookie: the cookie carries a random
handle only, so a long description comes back whole and nothing typed sits readable in a shared browser's cookie."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from incidents.auth.held import HELD
from incidents.auth.models import HeldForm
from incidents.db import now_utc
from tests.conftest import PASSWORD, csrf_from
from tests.reports.test_signed_out_form_kept import NOTE, _end_everywhere, _keeps, _log_in, _sent_out, _typed
from tests.security.sweep import form_fields


def _long_note(length: int = 20_000) -> str:
    rng = random.Random(20)  # barely compressible: 60 KB of text, 15 times what a cookie holds
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def _rows(database) -> list[HeldForm]:  # noqa: ANN001
    with database.read_session() as s:
        return list(s.scalars(sa.select(HeldForm)))


def _cookie(app, client) -> dict:  # noqa: ANN001
    """The session cookie as the app reads it: decoded with its own serializer."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)


def _age(database, hours: float) -> None:  # noqa: ANN001
    """Make every held form `hours` old."""
    with database.transaction() as s:
        s.execute(sa.update(HeldForm).values(created_at=now_utc() - timedelta(hours=hours)))


def _ready(client, app, auth, make_user, url: str) -> dict[str, str]:  # noqa: ANN001
    make_user("li", "reporter")
    auth.login("li")
    data = _typed(client, url)
    _end_everywhere(app, auth)
    return data


def test_a_long_description_comes_back_whole(client, app, auth, event, make_user, database):
    # Before, a cookie held about 4 KB: the note was blanked and named "too long to keep", typed again by hand.
    url = f"/events/{event.id}/reports/new/activity"
    data = {**_ready(client, app, auth, make_user, url), "title": "东门巡查", "note": _long_note()}
    login_url = _sent_out(client, url, data)
    assert "held-note" in client.get(login_url).get_data(as_text=True)
    assert _log_in(client, login_url).headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "重新登录前填写的内容已恢复：尚未保存" in page and "太长" not in page
    _keeps(page, data)
    assert form_fields(page)["note"] == data["note"]
    # Longer than a note may be: saving it says so, the text still in the form to cut, never lost.
    again = client.post(url, data=form_fields(page))
    assert again.status_code == 422 and form_fields(again.get_data(as_text=True))["note"] == data["note"]


def test_the_cookie_carries_no_field_only_a_random_handle(client, app, auth, event, make_user):
    url = f"/events/{event.id}/reports/new/outage"
    data = {**_ready(client, app, auth, make_user, url), "note": NOTE}
    _sent_out(client, url, data)
    cookie = _cookie(app, client)
    [handle] = cookie[HELD]
    assert isinstance(handle, str) and len(handle) >= 40
    shown = repr(cookie)
    for name, value in data.items():
        if name != "csrf_token" and len(value) > 3:
            assert value not in shown, name
    assert NOTE not in shown and "fields" not in shown


def test_a_form_given_back_keeps_its_row_until_it_is_saved(client, app, auth, event, make_user, database):
    # Deleted as it was read until 7 December: a give-back page lost on the way lost the form
    # (tests/reports/test_held_form_never_lost.py: saved or discarded, it goes).
    url = f"/events/{event.id}/reports/new/debris"
    data = _ready(client, app, auth, make_user, url)
    _log_in(client, _sent_out(client, url, data))
    assert len(_rows(database)) == 1  # carried over the login to its page
    _keeps(client.get(url).get_data(as_text=True), data)
    assert len(_rows(database)) == 1 and _cookie(app, client)[HELD]


def test_a_stale_form_met_on_the_login_page_is_deleted(client, app, auth, event, make_user, database):
    url = f"/events/{event.id}/reports/new/debris"
    login_url = _sent_out(client, url, _ready(client, app, auth, make_user, url))
    _age(database, app.config["SESSION_LIFETIME_HOURS"] + 1)
    assert "held-note" not in client.get(login_url).get_data(as_text=True)
    assert _rows(database) == []
    assert HELD not in _cookie(app, client)


def test_a_stale_form_of_another_browser_is_purged_at_the_next_hold(client, app, auth, event, make_user, database):
    url = f"/events/{event.id}/reports/new/debris"
    data = _ready(client, app, auth, make_user, url)
    _sent_out(client, url, {**data, "note": "旧的"})
    _age(database, app.config["SESSION_LIFETIME_HOURS"] + 1)
    other = app.test_client()  # another phone of the office, its sign-in ended too
    type(auth)(other).login("li")
    typed = _typed(other, url)
    _end_everywhere(app, auth)
    _sent_out(other, url, typed)
    rows = _rows(database)
    assert len(rows) == 1 and "旧的" not in repr(rows[0].fields)


def test_a_forged_or_unknown_handle_gives_nothing_and_no_error(client, app, auth, event, make_user, database):
    url = f"/events/{event.id}/reports/new/outage"
    data = _ready(client, app, auth, make_user, url)
    login_url = _sent_out(client, url, data)
    # A forged one, an unknown one, and a form a cookie held before this table (its text goes from the browser).
    for handle in ("forged", "x" * 43, 12, None, {"path": url, "user": 1, "at": 0, "fields": [["note", NOTE]]}):
        with client.session_transaction() as s:
            s[HELD] = handle
        page = client.get(login_url)
        assert page.status_code == 200 and "held-note" not in page.get_data(as_text=True)
        assert HELD not in _cookie(app, client)
    assert _log_in(client, login_url).status_code == 302
    back = client.get(url)
    assert back.status_code == 200 and NOTE not in back.get_data(as_text=True)
    assert "X-Held-Form" not in back.headers


def test_a_replayed_cookie_holds_a_few_forms_at_most(client, app, auth, event, make_user, database):
    # The cookie of an ended sign-in, sent again and again without the handle each answer sets: each post would
    # otherwise be another row of up to MAX_CONTENT_LENGTH for SESSION_LIFETIME_HOURS.
    url = f"/events/{event.id}/reports/new/outage"
    data = _ready(client, app, auth, make_user, url)
    replayed = client.get_cookie("session").value
    for _ in range(8):
        client.set_cookie("session", replayed)
        assert client.post(url, data=data).status_code == 302
    assert 1 <= len(_rows(database)) <= 3


def test_a_copy_of_the_ended_cookie_never_pushes_the_authors_held_form_out(client, app, auth, event, make_user,
                                                                         database):
    # The author's form, told kept on the login page, is theirs until their login takes it: forms sent on a copy of
    # the same ended cookie (a script, another device's copy) are held no more once the account has a few, and
    # never in its place (until 7 December the oldest row was deleted: the author's).
    url = f"/events/{event.id}/reports/new/pumping"
    data = _ready(client, app, auth, make_user, url)
    copy = client.get_cookie("session").value
    login_url = _sent_out(client, url, data)
    authors = client.get_cookie("session").value
    for n in range(6):
        client.set_cookie("session", copy)
        sent = client.post(url, data={**data, "note": f"第{n}份"})
        assert sent.status_code == 302
    assert len(_rows(database)) <= 3
    # The one not kept is told so on the login page, not left to think it waits.
    assert "kept=no" in sent.headers["Location"]
    assert "您发送的表单未保存，也无法为您保留" in client.get(sent.headers["Location"]).get_data(as_text=True)
    client.set_cookie("session", authors)
    _log_in(client, login_url)
    _keeps(client.get(url).get_data(as_text=True), data)


def test_another_account_logging_in_deletes_the_row(client, app, auth, event, make_user, database):
    make_user("wang", "reporter")
    url = f"/events/{event.id}/reports/new/outage"
    login_url = _sent_out(client, url, _ready(client, app, auth, make_user, url))
    token = csrf_from(client.get(login_url).get_data(as_text=True))
    logged_in = client.post(login_url, data={"username": "wang", "password": PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    assert _rows(database) == []


def test_logging_out_before_taking_it_back_deletes_the_row(client, app, auth, event, make_user, database):
    url = f"/events/{event.id}/reports/new/outage"
    _log_in(client, _sent_out(client, url, _ready(client, app, auth, make_user, url)))
    assert len(_rows(database)) == 1  # carried to this login; its page not opened yet
    page = client.get("/account").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert _rows(database) == []


def test_a_body_over_the_request_limit_is_refused_and_holds_nothing(client, app, auth, event, make_user, database):
    # What bounds a row: a logged-out post is read to MAX_CONTENT_LENGTH and no further (the 413 before any hold).
    url = f"/events/{event.id}/reports/new/activity"
    data = {**_ready(client, app, auth, make_user, url), "note": "积" * (app.config["MAX_CONTENT_LENGTH"] // 3 + 1)}
    assert client.post(url, data=data).status_code == 413
    assert _rows(database) == []
    data["note"] = "积" * (app.config["MAX_CONTENT_LENGTH"] // 9 - 1000)  # %E7%A7%AF: 9 bytes a character sent
    assert client.post(url, data=data).status_code == 302
    assert len(_rows(database)) == 1
