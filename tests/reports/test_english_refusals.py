"""Two refusals an English reporter meets said a Chinese gloss in brackets: "report its progress instead (停电进展)"
and "must be a subdistrict or town (街道/镇)"; in English they name the kind and the levels in English."""

from __future__ import annotations

import re

import sqlalchemy as sa

from incidents.models import Area
from tests.conftest import switch_language
from tests.reports.conftest import hidden, when
from tests.reports.test_zero_reports import zero_reports

HAN = re.compile(r"[\u3400-\u9fff]")


def test_a_second_outage_is_asked_about_in_english(client, auth, forms, event, make_user, area_id):
    make_user("li", "reporter")
    auth.login("li")
    switch_language(client, "en")
    url = f"/events/{event.id}/reports/new/outage"
    data = {"area_id": area_id("西钟楼巷"), "households_affected": "1200"}
    assert forms.submit(url, {**data, **when("started_at", "2021-07-27", "08:00")}).status_code == 302
    again = forms.submit(url, {**data, **when("started_at", "2021-07-27", "08:01")})
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    said = html.split("is not restored yet", 1)[1].split("</", 1)[0]
    assert "report its progress instead (Outage update)" in said
    assert not HAN.search(said), said


def test_a_zero_report_for_a_site_is_refused_in_english(live, make_user, auth, client, database, session):
    make_user("coord", "coordinator")
    auth.login("coord")
    switch_language(client, "en")
    url = f"/events/{live.id}/reports/new/zero_report"
    page = client.get(url).get_data(as_text=True)
    site = session.scalar(sa.select(Area.id).where(Area.name == "彰德路64号院"))
    refused = client.post(url, data={"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"),
                                     "area_id": str(site)})
    assert refused.status_code == 422
    error = re.search(r'id="area_id-error"[^>]*>(.*?)</', refused.get_data(as_text=True), re.S).group(1)
    assert "Must be a subdistrict or town: a zero report answers for a whole one" in error
    assert not HAN.search(error), error
    assert zero_reports(database) == []
