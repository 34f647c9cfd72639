"""A reporter whose report was sent back (退回) is told: on the home page and the event page, a count linking
to their returned reports; the correction form shows the coordinator's reason; the save says it went back
for review (services.correct_report makes a corrected returned report 'submitted' again)."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from incidents.models import Report, ReportStatus
from tests.conftest import Auth

from .conftest import Forms, hidden, when

NOTICE = "您有1份报告被退回，待更正"
SEEN = when("observed_at", datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat(), precision="day")
REASON = "请写明巡查单位"


def log_out(client) -> None:  # noqa: ANN001
    client.post("/logout", data={"csrf_token": hidden(client.get("/").get_data(as_text=True), "csrf_token")})


def notice_link(page: str) -> str:
    """The address the notice links to."""
    match = re.search(r'<a href="([^"]+)">[^<]*' + NOTICE, page)
    assert match, "no returned-report notice on the page"
    return htmllib.unescape(match.group(1))


def test_a_sent_back_report_is_announced_listed_explained_and_resubmitted(app, client, auth, forms, live,
                                                                          make_user, area_id, database):
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    url = f"/events/{live.id}/reports/new/activity"
    mine = forms.submit(url, {"area_id": area_id("天宁寺"), **SEEN,
                              "title": "巡查"})
    report_id = int(mine.headers["Location"].rsplit("/", 1)[1])
    other = forms.submit(url, {"area_id": area_id("天宁寺"), **SEEN,
                               "title": "另一次巡查", "confirm_duplicate": "1"})
    other_id = int(other.headers["Location"].rsplit("/", 1)[1])
    assert "被退回" not in client.get("/").get_data(as_text=True)

    coordinator = app.test_client()
    Auth(coordinator).login("wang")
    sent = Forms(coordinator).submit(f"/reports/{report_id}/status", {"action": "return", "reason": REASON},
                                     form_url=f"/reports/{report_id}")
    assert sent.status_code == 302
    # The coordinator has sent nothing back of their own: no notice for them.
    assert "被退回" not in coordinator.get("/").get_data(as_text=True)

    home = client.get("/").get_data(as_text=True)
    assert NOTICE in home
    event_page = client.get(f"/events/{live.id}").get_data(as_text=True)
    assert NOTICE in event_page
    listed = client.get(notice_link(home))
    assert listed.status_code == 200
    page = listed.get_data(as_text=True)
    assert f'href="/reports/{report_id}"' in page and f'href="/reports/{other_id}"' not in page

    form = client.get(f"/reports/{report_id}/edit").get_data(as_text=True)
    top = form.split('class="report-form"')[0]
    assert "此报告已被退回" in top and REASON in top

    # Saved unchanged, it is not corrected and says so.
    same = forms.submit(f"/reports/{report_id}/edit", {"area_id": area_id("天宁寺"), "title": "巡查",
                                                       **SEEN},
                        follow_redirects=True)
    assert "报告仍处于退回状态" in same.get_data(as_text=True)
    saved = forms.submit(f"/reports/{report_id}/edit", {"area_id": area_id("天宁寺"), "title": "区文广体旅局巡查",
                                                        **SEEN},
                         follow_redirects=True)
    assert "报告已重新提交，等待审核" in saved.get_data(as_text=True)
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.SUBMITTED
    assert "被退回" not in client.get("/").get_data(as_text=True)
    assert "被退回" not in client.get(f"/events/{live.id}").get_data(as_text=True)


def test_a_verified_report_changed_by_its_reporter_says_it_awaits_review_again(app, client, auth, forms, live,
                                                                               make_user, area_id, database):
    make_user("li", "reporter")
    make_user("wang", "coordinator")
    auth.login("li")
    made = forms.submit(f"/events/{live.id}/reports/new/activity", {"area_id": area_id("天宁寺"), **SEEN,
                                                                    "title": "巡查"})
    report_id = int(made.headers["Location"].rsplit("/", 1)[1])
    coordinator = app.test_client()
    Auth(coordinator).login("wang")
    assert Forms(coordinator).submit(f"/reports/{report_id}/status", {"action": "verify"},
                                     form_url=f"/reports/{report_id}").status_code == 302
    saved = forms.submit(f"/reports/{report_id}/edit", {"area_id": area_id("天宁寺"), "title": "区文广体旅局巡查",
                                                        **SEEN}, follow_redirects=True)
    assert "报告已重新提交，等待审核" in saved.get_data(as_text=True)  # not a bare "saved" over a lost 已核实
    with database.read_session() as s:
        assert s.get(Report, report_id).status is ReportStatus.SUBMITTED
