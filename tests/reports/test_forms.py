"""Report forms through the test client with CSRF on: every kind created, corrected, verified and
retracted; vague times and lower bounds round-trip; stale edits get a 409, never an overwrite."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.models import AuditEntry, IdempotencyKey, Report, ReportStatus
from tests.conftest import switch_language, unspanned
from tests.reports.conftest import count_reports, hidden, when

SHANGHAI = ZoneInfo("Asia/Shanghai")


def demo_id(session, key: str) -> int:
    """The id of a seeded report by its demo key."""
    return session.get(IdempotencyKey, f"demo:{key}").entity_id


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


# Per kind: the place, what the form sends, what a correction changes, and what the correction stores.
KINDS = {
    "outage": ("西钟楼巷", {**when("started_at", "2021-07-23", "19:00", "approximate"),
                            "buildings_affected": "10", "households_affected": "300", "households_affected-more": "1"},
               {"households_affected": "350"}, ("households_affected", 350)),
    "outage_update": ("文峰汇·十二府", {"outage_id": "@wfh-outage-shops",
                                        **when("observed_at", "2021-07-27", precision="afternoon"),
                                        "fully_restored": "y"},
                      {"observed_at-precision": "evening"}, ("observed_precision", "evening")),
    "pumping": ("文峰汇·十二府", {"team": "区消防救援大队", **when("observed_at", "2021-07-25", precision="morning"),
                                  "people": "12", "pumps": "3"},
                {"people": "15", "people-more": "1"}, ("people_lb", True)),
    "pumping_volume": ("文峰汇·十二府", {"operation_id": "@hengshui-wfh-pumping",
                                         **when("period_start", "2021-07-27", precision="day"),
                                         **when("period_end", "2021-07-27", precision="evening"),
                                         "volume_m3": "8000", "volume_m3-more": "1"},
                       {"volume_m3": "9000", "volume_m3-more": ""}, ("volume_m3", 9000)),
    "disinfection": ("西钟楼巷", {**when("observed_at", "2021-07-27", "16:30"), "person_times": "12",
                                 "count_street": "1", "count_drain_grate": "40", "count_drain_grate-more": "1"},
                     {"count_street": "2"}, ("person_times", 12)),
    "debris": ("兴泰路", {**when("period_start", "2021-07-27", precision="morning"), "mass_t": "2.5",
                         "truckloads": "3", "truckloads-more": "1"},
               {"mass_t": "3"}, ("mass_kg", 3000)),
    "activity": ("天宁寺", {**when("observed_at", "2021-07-28", precision="day"), "title": "文物安全巡查"},
                 {"title": "文物防汛防火安全巡查"}, ("title", "文物防汛防火安全巡查")),
}


def resolve(data: dict, session) -> dict:
    """Replace "@demo-key" values with the seeded report's id."""
    return {k: (str(demo_id(session, v[1:])) if isinstance(v, str) and v.startswith("@") else v)
            for k, v in data.items()}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_created_corrected_verified_retracted(kind, client, auth, forms, event, make_user, area_id,
                                                        session, database):
    place, data, correction, (column, expected) = KINDS[kind]
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    before = count_reports(database)
    response = forms.submit(f"/events/{event.id}/reports/new/{kind}",
                            {**resolve(data, session), "area_id": area_id(place), "note": "现场核实"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert count_reports(database) == before + 1
    report_url = response.headers["Location"]
    report_id = int(report_url.rsplit("/", 1)[1])
    page = client.get(report_url).get_data(as_text=True)
    assert "报告已保存" in page and "现场核实" in page

    # Correct it: the edit form carries the version; the correction is version 2 with an audit row.
    edit_url = f"/reports/{report_id}/edit"
    html = client.get(edit_url).get_data(as_text=True)
    assert hidden(html, "version") == "1"
    fields = {**resolve(data, session), "area_id": str(area_id(place)), "note": "现场核实", **correction}
    response = forms.submit(edit_url, fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    with database.read_session() as s:
        report = s.get(Report, report_id)
        assert report.version == 2 and getattr(report, column) == expected
    assert "更正" in client.get(report_url).get_data(as_text=True)

    # A coordinator verifies it from the list.
    client.post("/logout", data={"csrf_token": hidden(client.get("/").get_data(as_text=True), "csrf_token")})
    auth.login("wang")
    list_url = f"/events/{event.id}/reports"
    # The row's button carries the version the list showed (2, the correction).
    response = forms.submit(f"/reports/{report_id}/status", {"action": "verify", "next": list_url, "version": "2"},
                            form_url=list_url)
    assert response.status_code == 302 and response.headers["Location"] == list_url
    assert "报告已核实" in client.get(list_url).get_data(as_text=True)

    # Retracted, not deleted: kept with its history, gone from the default list.
    response = forms.submit(f"/reports/{report_id}/status", {"action": "retract", "reason": "重复填报"},
                            form_url=report_url)
    assert response.status_code == 302
    with database.read_session() as s:
        report = s.get(Report, report_id)
        assert report.status is ReportStatus.RETRACTED and report.status_reason == "重复填报"
        actions = s.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity == "reports",
                                                                AuditEntry.entity_id == report_id)
                            .order_by(AuditEntry.id)).all()
    assert actions == ["create", "update", "verify", "retract"]
    assert f'id="report-{report_id}"' not in client.get(list_url).get_data(as_text=True)
    assert f'id="report-{report_id}"' in client.get(f"{list_url}?status=retracted").get_data(as_text=True)
    assert count_reports(database) == before + 1


def test_vague_times_and_lower_bounds_round_trip(client, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/outage", {
        "area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-23", "19:00", "approximate"),
        **when("etr_at", "2021-07-24", precision="afternoon"),
        "buildings_affected": "24+", "households_affected": "1,200", "households_affected-more": "1"})
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with database.read_session() as s:
        outage = s.get(Report, report_id)
        # "约19:00" keeps its clock; "下午" is stored as the middle of the afternoon (15:00 local).
        assert outage.started_at == local(2021, 7, 23, 19, 0) and outage.started_precision == "approximate"
        assert outage.etr_at == local(2021, 7, 24, 15, 0) and outage.etr_precision == "afternoon"
        assert (outage.buildings_affected, outage.buildings_affected_lb) == (24, True)
        assert (outage.households_affected, outage.households_affected_lb) == (1200, True)
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "7月23日 约19:00" in page and "7月24日下午" in page and "24余" in page and "1,200余" in page
    # The edit form shows it back as it was typed: no invented clock for the afternoon.
    html = client.get(f"/reports/{report_id}/edit").get_data(as_text=True)
    assert 'name="etr_at-day" value="2021-07-24"' in html and 'name="etr_at-time" value=""' in html
    assert '<option value="afternoon" selected>' in html and '<option value="approximate" selected>' in html
    assert 'name="buildings_affected" value="24"' in html and 'name="buildings_affected-more" value="1" checked' in html
    switch_language(client, "en")
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "≈19:00" in page and "24 Jul 2021 afternoon" in page and "24+" in page and "1,200+" in page


def test_a_part_of_today_is_not_in_the_future(client, auth, forms, live, make_user, area_id, database):
    """"This afternoon" at 13:00 is stored as 15:00 and still accepted: only its earliest reading counts."""
    # A running event: today on one that ended in 2021 is over 7 days after its end.
    event = live
    make_user("li", "reporter")
    auth.login("li")
    today = datetime.now(SHANGHAI)
    part = {0: "night", 1: "morning", 2: "afternoon", 3: "evening"}[today.hour // 6]
    response = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("天宁寺"), **when("observed_at", today.date().isoformat(), precision=part),
        "title": "巡查"})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_stale_edit_gets_409_with_the_newer_version(client, app, auth, forms, event, make_user, area_id, database):
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"), "title": "巡查"})
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    mine = forms.open(f"/reports/{report_id}/edit")  # li opens the form at version 1 ...
    other = app.test_client()
    from tests.conftest import Auth

    Auth(other).login("wang")  # ... while a coordinator corrects it first
    their = Auth(other).post(f"/reports/{report_id}/edit", {
        "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"),
        "title": "文物安全巡查", "version": "1", "token": "x"})
    assert their.status_code == 302
    response = client.post(f"/reports/{report_id}/edit", data={
        **mine, "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"),
        "title": "我的修改"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "他人已先修改了这份报告" in html and "第1版" in html and "第2版" in html
    assert "文物安全巡查" in html and "wang" in html  # the newer version and who made it
    with database.read_session() as s:
        report = s.get(Report, report_id)
        assert report.title == "文物安全巡查" and report.version == 2


def test_send_back_needs_a_reason_and_a_correction_resubmits(client, auth, forms, event, make_user, area_id,
                                                             database):
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"), "title": "巡查"})
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    client.post("/logout", data={"csrf_token": hidden(client.get("/").get_data(as_text=True), "csrf_token")})
    auth.login("wang")
    list_url = f"/events/{event.id}/reports"
    refused = forms.submit(f"/reports/{report_id}/status", {"action": "return", "reason": " ", "next": list_url},
                           form_url=list_url)
    # A 422 on the report's page, its reason named (not a redirect that reads as done).
    assert refused.status_code == 422 and "退回报告时必须填写" in refused.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.SUBMITTED
    forms.submit(f"/reports/{report_id}/status", {"action": "return", "reason": "请写明巡查单位",
                                                  "next": list_url}, form_url=list_url)
    assert "请写明巡查单位" in client.get(list_url).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": hidden(client.get("/").get_data(as_text=True), "csrf_token")})
    auth.login("li")
    forms.submit(f"/reports/{report_id}/edit", {"area_id": area_id("天宁寺"),
                                                **when("observed_at", "2021-07-28", precision="day"),
                                                "title": "区文广体旅局巡查"})
    with database.read_session() as s:
        report = s.get(Report, report_id)
        assert report.status is ReportStatus.SUBMITTED and report.title == "区文广体旅局巡查"


def test_who_may_do_what(client, auth, forms, event, make_user, area_id, session, app):
    make_user("li", "reporter", scope="文峰区/北大街街道")
    make_user("zhao", "reporter")
    make_user("viewer1", "viewer")
    seeded_id = demo_id(session, "bdj-disinfection")
    auth.login("viewer1")
    assert client.get(f"/events/{event.id}/reports/new/activity").status_code == 403
    assert client.get(f"/events/{event.id}/reports").status_code == 200
    client.post("/logout", data={"csrf_token": hidden(client.get("/").get_data(as_text=True), "csrf_token")})
    auth.login("li")
    # Someone else's report: read yes, correct no, verify no.
    assert client.get(f"/reports/{seeded_id}").status_code == 200
    assert client.get(f"/reports/{seeded_id}/edit").status_code == 403
    response = forms.submit(f"/reports/{seeded_id}/status", {"action": "verify"}, form_url=f"/reports/{seeded_id}")
    assert response.status_code == 403
    # The form only offers places in scope; a tampered one is refused on the field.
    html = client.get(f"/events/{event.id}/reports/new/activity").get_data(as_text=True)
    assert "彰德路64号院" in html and "东关街道" not in html
    response = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("东关街道"), **when("observed_at", "2021-07-28", precision="day"), "title": "巡查"})
    assert response.status_code == 403 and "不在您负责的区域内" in response.get_data(as_text=True)


def test_defaults_are_the_last_place_and_no_time_on_an_ended_event(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("三官庙"), **when("observed_at", "2021-07-28", precision="day"), "title": "巡查"})
    html = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    assert f'<option value="{area_id("三官庙")}" selected>' in html
    # The seeded event has ended: its time is not now, after its end (test_ended_event_time.py; a running one's is).
    assert 'name="observed_at-day" value=""' in html
    # "New report" goes straight to the last event used.
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event.id}/reports/new")


def test_seeded_disinfection_reads_back_exactly(client, auth, event, make_user, session):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    html = unspanned(client.get(f"/reports/{demo_id(session, 'bdj-disinfection')}").get_data(as_text=True))
    for text in ("北大街街道", "7月28日", "80人次", "街道</span> <strong>24条", "小区楼院</span> <strong>13个",
                 "大杂院</span> <strong>66个", "垃圾箱堆放处</span> <strong>68处", "下水道箅子</span> <strong>86个",
                 "喷壶</span> <strong>11个", "喷雾器</span> <strong>6个", "截至目前，各社区建立专班消杀队伍"):
        assert text in html, text


def test_forms_and_pages_in_english(client, auth, event, make_user, session):
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    html = client.get(f"/events/{event.id}/reports/new/disinfection").get_data(as_text=True)
    for text in ("Place", "When (or as of)", "Personnel (person-times)", "Streets", "more than", "Save report",
                 "times in Beijing time", "pinyin initials"):
        assert text in html, text
    html = client.get(f"/reports/{demo_id(session, 'sanitation-centre-disinfection')}").get_data(as_text=True)
    assert "roadside litter bins</span> <strong>2,700+" in html and "700+" in html


def test_a_stale_edit_shows_the_text_it_did_not_save(client, app, auth, forms, event, make_user, area_id):
    # A note typed on a phone is not lost with the refused edit: the 409 page shows it to copy.
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    response = forms.submit(f"/events/{event.id}/reports/new/activity", {
        "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"), "title": "巡查"})
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    mine = forms.open(f"/reports/{report_id}/edit")
    from tests.conftest import Auth

    other = app.test_client()
    Auth(other).login("wang")
    assert Auth(other).post(f"/reports/{report_id}/edit", {
        "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"),
        "title": "文物安全巡查", "version": "1", "token": "x"}).status_code == 302
    response = client.post(f"/reports/{report_id}/edit", data={
        **mine, "area_id": area_id("天宁寺"), **when("observed_at", "2021-07-28", precision="day"),
        "title": "文物安全巡查", "note": "天宁寺东侧围墙有裂缝，已拉警戒线", "source": "村委会"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    typed = html[html.index('class="typed"'):]
    assert "天宁寺东侧围墙有裂缝，已拉警戒线" in typed and "村委会" in typed
    assert "文物安全巡查" not in typed  # the same as the newer version: nothing to copy
