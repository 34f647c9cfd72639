"""A reporter scoped below a subdistrict (the demo's shequ, 安彩嘉园社区) cannot answer for a whole subdistrict:
the kinds to log no longer offer a zero report it could never save (its form's place list was empty and every
Save said 必填), and the form, opened by its address, says why instead of an empty list."""

from __future__ import annotations

import re

from tests.conftest import switch_language


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
