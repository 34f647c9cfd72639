"""An outage logged again at a place already out (another phone, or the form's start a minute later, so no twin)
was saved as a second outage and doubled every figure (1.2千户 twice: 2,400户 in the brief and timeline). The form now
asks first (409, naming the open outage, with its progress form one tap away); ticked, it is saved; the API stores as
sent; once the first is restored, a new outage there is saved without a question."""

from __future__ import annotations

from incidents.models import OutageUpdate, PowerOutage
from tests.reports.conftest import count_reports, when


def _outage(forms, event, area_id, clock: str, **extra):  # noqa: ANN001, ANN003, ANN202
    return forms.submit(f"/events/{event.id}/reports/new/outage",
                        {"area_id": area_id("西钟楼巷"), **when("started_at", "2021-07-27", clock),
                         "households_affected": "1.2千户", **extra})


def test_a_second_outage_at_a_place_already_out_is_asked_about(client, auth, forms, event, make_user, area_id,
                                                               database):
    make_user("li", "reporter")
    auth.login("li")
    first = _outage(forms, event, area_id, "08:00")
    assert first.status_code == 302
    first_id = int(first.headers["Location"].rsplit("/", 1)[1])
    before = count_reports(database)
    again = _outage(forms, event, area_id, "08:01")
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert f"此地点的停电#{first_id}（自7月27日 08:00起）尚未恢复" in html
    assert f"/reports/new/outage_update?outage={first_id}" in html and 'name="confirm_duplicate"' in html
    assert count_reports(database) == before
    ticked = _outage(forms, event, area_id, "08:01", confirm_duplicate="y")
    assert ticked.status_code == 302
    assert count_reports(database) == before + 1


def test_once_restored_a_new_outage_there_needs_no_question(client, auth, forms, event, make_user, area_id,
                                                           database):
    make_user("li", "reporter")
    auth.login("li")
    first = _outage(forms, event, area_id, "08:00")
    first_id = int(first.headers["Location"].rsplit("/", 1)[1])
    back = forms.submit(f"/events/{event.id}/reports/new/outage_update",
                        {"outage_id": str(first_id), **when("observed_at", "2021-07-27", "12:00"),
                         "fully_restored": "y"})
    assert back.status_code == 302, back.get_data(as_text=True)[:2000]
    assert _outage(forms, event, area_id, "18:00").status_code == 302
    with database.read_session() as s:
        here = s.query(PowerOutage).filter_by(event_id=event.id, area_id=area_id("西钟楼巷"))
        assert here.count() == 2
        assert s.query(OutageUpdate).filter_by(outage_id=first_id).count() == 1


def test_the_questions_next_steps_are_a_thumbs_targets(client, auth, forms, event, make_user, area_id):
    """The notice's four ways on (报告 #N · 更正该报告 · 报告其停电进展 · 新报告) were links in a line of text,
    22 px tall and a dot apart on a phone; each is now a stand-alone tap target (a.tap: 44 px)."""
    import re

    make_user("li", "reporter")
    auth.login("li")
    _outage(forms, event, area_id, "08:00")
    html = _outage(forms, event, area_id, "08:01").get_data(as_text=True)
    notice = re.search(r'<div class="flash flash-error" role="alert">.*?</div>', html, re.S).group(0)
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", notice)
    assert [text for _, text in links][1:] == ["更正该报告", "报告其停电进展", "新报告"]
    assert all('class="tap"' in attrs for attrs, _ in links), links
