"""A report form sent after its page's CSRF token went stale — the worker logged in again, or changed the password,
in another tab — comes back with every value typed, a fresh token and the reason: one tap sends it, one report."""

from __future__ import annotations

from incidents.models import Report
from tests.conftest import csrf_from
from tests.reports.conftest import count_reports, when
from tests.security.sweep import form_fields

NOTE = "东门积水处消杀，居民协助"


def _log_in_again(client, auth) -> None:  # noqa: ANN001
    """Another tab: log out, then in again (a fresh session, a new CSRF token)."""
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/lang/zh").get_data(as_text=True))})
    assert auth.login("li").status_code == 302


def _typed(forms, url: str, area_id) -> dict:  # noqa: ANN001
    return {**forms.open(url), "area_id": str(area_id("西钟楼巷")), **when("observed_at", "2021-07-27", "16:30"),
            "person_times": "12", "count_street": "3", "note": NOTE}


def _keeps(page: str, data: dict) -> None:
    shown = form_fields(page)
    for name, value in data.items():
        if name != "csrf_token":
            assert shown.get(name) == value, (name, shown.get(name), value)
    assert shown["csrf_token"] != data["csrf_token"]  # a fresh token: the form as shown sends


def test_new_report_after_logging_in_again_elsewhere_is_shown_again(client, auth, forms, event, make_user, area_id,
                                                                      database):
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/disinfection"
    data = _typed(forms, url, area_id)
    _log_in_again(client, auth)
    before = count_reports(database)
    refused = client.post(url, data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "页面已过期" in page and "未保存" in page
    _keeps(page, data)
    assert count_reports(database) == before
    # One tap: the page's own form as shown, twice (a double tap) — one report.
    again = form_fields(page)
    assert client.post(url, data=again).status_code == 302
    assert client.post(url, data=again).status_code == 302
    assert count_reports(database) == before + 1


def test_an_edit_after_logging_in_again_elsewhere_is_shown_again(client, auth, forms, event, make_user, area_id,
                                                                   database):
    make_user("li", "reporter")
    auth.login("li")
    created = client.post(f"/events/{event.id}/reports/new/disinfection",
                          data=_typed(forms, f"/events/{event.id}/reports/new/disinfection", area_id))
    report_id = int(created.headers["Location"].rsplit("/", 1)[1])
    url = f"/reports/{report_id}/edit"
    data = {**form_fields(client.get(url).get_data(as_text=True)), "person_times": "40", "note": NOTE + "（更正）"}
    _log_in_again(client, auth)
    refused = client.post(url, data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "页面已过期" in page
    _keeps(page, data)
    assert client.post(url, data=form_fields(page)).status_code == 302
    with database.read_session() as s:
        stored = s.get(Report, report_id)
        assert stored is not None and stored.note == NOTE + "（更正）" and stored.person_times == 40


def test_a_form_sent_after_its_login_ended_says_so(app, auth, forms, event, make_user, area_id, database):
    """Logged out (the cookie gone): nothing is shown to no one; the page says to log in, nothing saved."""
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/disinfection"
    data = _typed(forms, url, area_id)
    before = count_reports(database)
    refused = app.test_client().post(url, data=data)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "请重新登录" in page and NOTE not in page
    assert count_reports(database) == before
