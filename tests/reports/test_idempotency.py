"""One report per one-time token: a double tap, a resubmit, a retry after a lost response, or the same
Idempotency-Key, in sequence or at the same moment (threads), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from incidents.models import IdempotencyKey, Report
from incidents.reports import once, services
from tests.reports.conftest import count_reports, hidden, when


def _form(forms, event, area_id) -> tuple[str, dict]:
    url = f"/events/{event.id}/reports/new/disinfection"
    data = {**forms.open(url), "area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"),
            "person_times": "12", "count_street": "1"}
    return url, data


def test_same_post_twice_in_sequence_is_one_report(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    url, data = _form(forms, event, area_id)
    before = count_reports(database)
    first = client.post(url, data=data)
    again = client.post(url, data=data)  # the back button and "send again", or a retry
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert count_reports(database) == before + 1
    assert "这份报告已经保存过" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_fixed_mistake_keeps_the_token(client, auth, forms, event, make_user, area_id, database):
    """An error page keeps the same token: fixing and sending (twice) is still one report."""
    make_user("li", "reporter")
    auth.login("li")
    url, data = _form(forms, event, area_id)
    bad = client.post(url, data={**data, "person_times": "-1"})
    assert bad.status_code == 422 and hidden(bad.get_data(as_text=True), "token") == data["token"]
    before = count_reports(database)
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data).status_code == 302
    assert count_reports(database) == before + 1


def _clients_sharing_login(app, client, n: int) -> list:
    cookie = client.get_cookie("session")
    clients = []
    for _ in range(n):
        other = app.test_client()
        other.set_cookie("session", cookie.value, domain=cookie.domain)
        clients.append(other)
    return clients


def _at_once(calls: list) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_same_post_at_the_same_moment_is_one_report(app, client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    url, data = _form(forms, event, area_id)
    before = count_reports(database)
    clients = _clients_sharing_login(app, client, 6)
    responses = _at_once([lambda c=c: c.post(url, data=data) for c in clients])
    assert [r.status_code for r in responses] == [302] * 6
    assert len({r.headers["Location"] for r in responses}) == 1
    assert count_reports(database) == before + 1


def test_racing_writers_meet_at_the_unique_key(database, event, make_user, area_id):
    """The second writer waits on the first's uncommitted key, then returns the first's report."""
    user_id = make_user("li", "reporter")
    data = {"event_id": event.id, "area_id": area_id("西钟楼巷"), "observed_at": event.starts_at,
            "observed_precision": "day", "title": "巡查"}
    before = count_reports(database)
    first = database.write_session()
    report, created = services.create_report_once(first, "activity", dict(data), user_id, "race-1")
    assert created
    outcome: dict = {}

    def second() -> None:
        with database.write_session() as s:
            found, made = services.create_report_once(s, "activity", dict(data), user_id, "race-1")
            s.commit()
            outcome.update(id=found.id, created=made)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.5)  # let the second writer reach the key (PostgreSQL) or the write lock (SQLite)
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert outcome == {"id": report.id, "created": False}
    assert count_reports(database) == before + 1
    with database.read_session() as s:
        assert s.get(IdempotencyKey, once.idempotency_key(user_id, "race-1")).entity_id == report.id


def _json_headers(client, key: str | None) -> dict:
    token = hidden(client.get("/").get_data(as_text=True), "csrf_token")
    headers = {"X-CSRFToken": token}
    if key:
        headers["Idempotency-Key"] = key
    return headers


def test_json_idempotency_key_in_sequence_and_at_once(app, client, auth, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    body = {"kind": "disinfection", "area_id": area_id("西钟楼巷"), "observed_at": "2021-07-27 afternoon",
            "person_times": "20+", "counts": {"street": 3, "garbage_point": "10+"}}
    url = f"/api/v1/events/{event.id}/reports"
    before = count_reports(database)
    headers = _json_headers(client, "phone-42-a")
    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true" and first.json["id"] == again.json["id"]
    assert count_reports(database) == before + 1
    with database.read_session() as s:
        report = s.get(Report, first.json["id"])
        assert (report.person_times, report.person_times_lb, report.observed_precision) == (20, True, "afternoon")
        assert {c.category_code: (c.count, c.count_lb) for c in report.counts} == {
            "street": (3, False), "garbage_point": (10, True)}
    headers = _json_headers(client, "phone-42-b")
    clients = _clients_sharing_login(app, client, 5)
    responses = _at_once([lambda c=c: c.post(url, json=body, headers=headers) for c in clients])
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 201]
    assert len({r.json["id"] for r in responses}) == 1
    assert count_reports(database) == before + 2


def test_json_errors_name_the_field_and_store_nothing(client, auth, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    before = count_reports(database)
    response = client.post(f"/api/v1/events/{event.id}/reports", headers=_json_headers(client, "k1"),
                           json={"kind": "pumping_volume", "area_id": area_id("文峰汇·十二府"),
                                 "operation_id": 999999, "period_start": "2021-07-27",
                                 "period_end": "2021-07-26", "volume_m3": -3})
    assert response.status_code == 422
    # Every error at once: the field's own beside the rules its other fields break (one round trip, not three).
    assert response.json["errors"] == {"volume_m3": "不能为负数", "operation_id": "未知的报告",
                                       "period_end": "早于开始时间"}
    response = client.post(f"/api/v1/events/{event.id}/reports", headers=_json_headers(client, "k1"),
                           json={"kind": "pumping_volume", "area_id": area_id("文峰汇·十二府"),
                                 "operation_id": 999999, "period_start": "2021-07-27",
                                 "period_end": "2021-07-26", "volume_m3": 3})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"operation_id", "period_end"}
    assert count_reports(database) == before
    # The key was not spent on a failure: the corrected request goes through under it.
    with database.read_session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)
                        .where(IdempotencyKey.key.like("user:%"))) == 0


# ---- the same token with another submission (issue 11 item 8), Back and Save again (issue 10 item 13) ----

def test_json_key_with_another_body_kind_or_event_is_refused(client, auth, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    body = {"kind": "activity", "area_id": area_id("西钟楼巷"), "observed_at": "2021-07-27 16:30", "title": "巡查"}
    url = f"/api/v1/events/{event.id}/reports"
    headers = _json_headers(client, "phone-7")
    first = client.post(url, json=body, headers=headers)
    assert first.status_code == 201
    before = count_reports(database)
    with database.read_session() as s:
        other_event = s.scalar(sa.select(Report.event_id).where(Report.event_id != event.id).limit(1))
    for changed_url, changed in ((url, {**body, "title": "巡查并抽排"}),
                                 (url, {"kind": "disinfection", "area_id": body["area_id"],
                                        "observed_at": body["observed_at"], "person_times": 3}),
                                 (f"/api/v1/events/{other_event}/reports", body)):
        response = client.post(changed_url, json=changed, headers=headers)
        assert response.status_code == 422, response.json
        assert f"#{first.json['id']}" in response.json["errors"]["idempotency_key"]
        assert count_reports(database) == before
    # The very same body is still a replay; key order and spacing do not make it another.
    again = client.post(url, json=dict(reversed(list(body.items()))), headers=headers)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    with database.read_session() as s:
        assert s.get(Report, first.json["id"]).title == "巡查"


def test_form_sent_again_with_changed_fields_says_the_changes_were_not_saved(client, auth, forms, event, make_user,
                                                                            area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    url, data = _form(forms, event, area_id)
    first = client.post(url, data=data)
    assert first.status_code == 302
    before = count_reports(database)
    changed = client.post(url, data={**data, "person_times": "15"})
    assert changed.status_code == 422
    page = changed.get_data(as_text=True)
    assert "您的修改没有保存" in page and first.headers["Location"] in page
    assert count_reports(database) == before
    with database.read_session() as s:
        report_id = int(first.headers["Location"].rsplit("/", 1)[1])
        assert s.get(Report, report_id).person_times == 12


def test_back_then_save_again_keeps_the_pages_token(client, auth, forms, event, make_user, area_id, database):
    """Back refetches the form (no-store) at the address the page's script gave it: the same token."""
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    token = forms.open(url)["token"]
    values = {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"), "title": "巡查"}
    before = count_reports(database)
    first = client.post(f"{url}?form={token}", data={**forms.open(f"{url}?form={token}"), **values})
    assert first.status_code == 302
    back = forms.open(f"{url}?form={token}")  # the page Back returns to
    assert back["token"] == token
    again = client.post(f"{url}?form={token}", data={**back, **values})
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert count_reports(database) == before + 1
    assert forms.open(url)["token"] != token  # a new form is a new report


def test_a_near_duplicate_under_a_new_token_asks_before_saving(client, auth, forms, event, make_user, area_id,
                                                              database):
    """Without the page's address (no script), Back gives a new token: the same figures ask first."""
    make_user("li", "reporter")
    auth.login("li")
    url = f"/events/{event.id}/reports/new/activity"
    values = {"area_id": area_id("西钟楼巷"), **when("observed_at", "2021-07-27", "16:30"), "title": "巡查"}
    assert forms.submit(url, values).status_code == 302
    before = count_reports(database)
    asked = forms.submit(url, values)
    assert asked.status_code == 409
    assert 'name="confirm_duplicate"' in asked.get_data(as_text=True)
    assert count_reports(database) == before
    token = hidden(asked.get_data(as_text=True), "token")
    confirmed = client.post(url, data={**forms.open(url), "token": token, **values, "confirm_duplicate": "1"})
    assert confirmed.status_code == 302
    assert count_reports(database) == before + 1
    # Other figures are another report: no question.
    assert forms.submit(url, {**values, "title": "巡查并抽排"}).status_code == 302
