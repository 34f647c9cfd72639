"""A reporter scoped below a subdistrict (the demo's shequ, 安彩嘉园社区) cannot answer for a whole subdistrict:
the kinds to log no longer offer a zero report it could never save (its form's place list was empty and every
Save said 必填), and the form, opened by its address, says why instead of an empty list: the reason and a way
back, no form and Save button that could only be refused (the demo's shequ saw both under the reason)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Area, ZeroReport
from tests.conftest import csrf_from, switch_language


def _kinds(html: str) -> list[str]:
    return re.findall(r'/reports/new/(\w+)"', html)


def test_a_community_worker_is_not_offered_a_zero_report(client, auth, make_user, event):
    make_user("shequ", "reporter", scope="文峰区/银杏大街街道/安彩嘉园社区")
    auth.login("shequ")
    kinds = _kinds(client.get(f"/events/{event.id}/reports/new").get_data(as_text=True))
    assert "outage" in kinds and "zero_report" not in kinds, kinds
    form = client.get(f"/events/{event.id}/reports/new/zero_report").get_data(as_text=True)
    assert "零报告针对整个街道（镇）" in form, form
    switch_language(client, "en")
    form = client.get(f"/events/{event.id}/reports/new/zero_report").get_data(as_text=True)
    assert "A zero report answers for a whole subdistrict or town" in form, form


def test_a_subdistricts_reporter_still_is(client, auth, make_user, event):
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    assert "zero_report" in _kinds(client.get(f"/events/{event.id}/reports/new").get_data(as_text=True))
    answer = client.get(f"/events/{event.id}/reports/new/zero_report")
    form = answer.get_data(as_text=True)
    # Its own subdistrict offered to answer for (not only the words left out: an error page leaves them out too).
    assert answer.status_code == 200 and re.search(r'<option value="\d+"[^>]*>[^<]*北大街街道', form), form
    assert "零报告针对整个街道（镇）" not in form


def test_the_zero_report_address_shows_the_reason_and_a_way_back_not_a_form(client, auth, make_user, event,
                                                                              database):
    make_user("shequ", "reporter", scope="文峰区/银杏大街街道/安彩嘉园社区")
    auth.login("shequ")
    url = f"/events/{event.id}/reports/new/zero_report"
    for lang, reason, back in (("zh", "零报告针对整个街道（镇）", "填报其他类型"),
                               ("en", "A zero report answers for a whole subdistrict or town", "Log another kind")):
        switch_language(client, lang)
        page = client.get(url).get_data(as_text=True)
        assert reason in page, lang
        assert 'class="report-form"' not in page and 'name="area_id"' not in page, lang  # no form to fill
        assert not re.search(r'<button type="submit" class="primary">', page), lang  # no Save
        way_back = re.search(rf'<a [^>]*href="/events/{event.id}/reports/new"[^>]*>([^<]*)</a>', page)
        assert way_back and back in way_back.group(1), (lang, way_back)
    # Sent anyway (an old tab, a script): refused as before, for the subdistrict and for the worker's own place.
    token = csrf_from(client.get(f"/events/{event.id}/reports/new/outage").get_data(as_text=True))
    with database.read_session() as s:
        places = [s.scalar(sa.select(Area.id).where(Area.name == name)) for name in ("银杏大街街道", "安彩嘉园社区")]
    for place in places:
        refused = client.post(url, data={"csrf_token": token, "token": f"t{place}", "area_id": str(place)})
        assert refused.status_code in (403, 422), refused.status_code
    with database.read_session() as s:
        assert s.scalars(sa.select(ZeroReport)).all() == []
