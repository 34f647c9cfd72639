"""A page's message ("报告已保存") waits for the page the person opens: a background fetch answered in between (the
service worker keeping the report forms, the outbox page) neither shows it nor takes it away."""

from __future__ import annotations

from tests.conftest import PASSWORD, csrf_from
from tests.reports.conftest import when

BACKGROUND = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}
PAGE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


def test_a_report_saved_is_said_on_its_page_though_the_forms_were_fetched_in_between(
        client, auth, forms, event, make_user, area_id):
    """The forms kept for offline use were fetched between the save and its page: the kept copy said 报告已保存 (to be
    shown offline later, about nothing) and the report's page said nothing, the message taken (and a cookie set)."""
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    saved = forms.submit(url, {**when("observed_at", "2021-07-28", "10:00"), "title": "巡查",
                               "area_id": area_id("西钟楼巷")}, headers=PAGE)
    assert saved.status_code == 302, saved.status_code
    for kept in (url, f"/events/{event.id}/reports/new", "/outbox"):
        answer = client.get(kept, headers=BACKGROUND)
        assert answer.status_code == 200, (kept, answer.status_code)
        assert "报告已保存" not in answer.get_data(as_text=True), kept
        assert not answer.headers.getlist("Set-Cookie"), (kept, answer.headers.getlist("Set-Cookie"))
    assert "报告已保存" in client.get(saved.headers["Location"], headers=PAGE).get_data(as_text=True)


def test_a_password_change_is_said_on_the_account_page_though_the_outbox_was_fetched_in_between(client, auth,
                                                                                               make_user):
    make_user("li", "reporter")
    auth.login("li")
    page = client.get("/account", headers=PAGE).get_data(as_text=True)
    new = "a brand new passphrase"
    changed = client.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                            "new_password": new, "confirm": new}, headers=PAGE)
    assert changed.status_code == 302
    assert "密码已修改" not in client.get("/outbox", headers=BACKGROUND).get_data(as_text=True)
    assert "密码已修改" in client.get("/account", headers=PAGE).get_data(as_text=True)
