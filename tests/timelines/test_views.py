"""The timeline page, its exports and JSON endpoint through the real app (login, CSRF on)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from incidents.formatting import fmt_time
from incidents.timelines.views import time_text
from incidents.vague import Precision
from tests.conftest import switch_language, unspanned

from .conftest import T0


@pytest.fixture
def viewer(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    return client


def test_event_page_links_to_the_timeline(viewer, rainstorm):
    html = viewer.get(f"/events/{rainstorm.id}").get_data(as_text=True)
    assert f"/events/{rainstorm.id}/timeline" in html


def test_seed_page_at_1800_known_later(viewer, rainstorm):
    html = viewer.get(f"/events/{rainstorm.id}/timeline?at=2021-07-24T18:00&known=2021-07-31T00:00"
                      ).get_data(as_text=True)
    assert "供电恢复时间线" in html and "7月24日下午" in html
    outstanding = html.split('id="outstanding"')[1].split("</section>")[0]
    assert "彰德路64号院" in outstanding and "文峰汇·十二府" in outstanding
    assert "安彩嘉园二期" in outstanding and "北大街街道</th>" not in outstanding
    assert "停电后无后续报告（恢复情况未报）" in outstanding  # the shops: honest, not restored
    assert "仍停电" in html and "户数、栋数未报" in html  # the shops, as the brief says them
    # Outages still open, then how many were reported in all, said (a bare "3 / 4" read either way).
    # The three above still out, of the four reported by then (北大街街道's came back in the afternoon).
    assert '<dt>未恢复停电数</dt><dd>3</dd><dd class="note">累计报告4处</dd>' in html


def test_seed_page_now_shows_24_buildings_restored_and_the_shops_open(viewer, rainstorm):
    html = unspanned(viewer.get(f"/events/{rainstorm.id}/timeline").get_data(as_text=True))
    assert "峰值 24（7月23日 19:00）" in html  # buildings curve peak
    assert "7月25日 00:45" in html and "约1天5小时" in html
    assert 'class="tl-row open' in html and html.count('class="tl-row ') == 4
    assert "url(#tl-fuzz-in-" in html  # vague starts drawn fuzzy
    assert "所有停电均未报此数" in html  # households: no curve rather than a false zero
    # CSP-clean: scripts only from our static files (the outbox's), never inline; no inline styles.
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", html)) and 'style="' not in html


def test_english_page(viewer, rainstorm):
    switch_language(viewer, "en")
    html = viewer.get(f"/events/{rainstorm.id}/timeline?at=2021-07-25T01:00&known=2021-07-26T00:00"
                      ).get_data(as_text=True)
    assert "Power restoration timeline" in html and "Ancai Jiayuan Phase II" in html
    assert "1 d 5 h" in html and "size not reported" in html


@pytest.mark.parametrize("query, field", [("at=yesterday", "at"), ("known=2021-13-40T00:00", "known"),
                                          ("at=2999-01-01T00:00", "at"), ("sort=name", "sort")])
def test_bad_parameters_are_named_and_refused(viewer, rainstorm, query, field):
    response = viewer.get(f"/events/{rainstorm.id}/timeline?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    label = {"at": "截至时刻", "known": "掌握情况截至（可选）", "sort": "排序"}[field]
    assert 'class="error"' in html and label + "：" in html  # a Chinese colon in the Chinese page
    api = viewer.get(f"/api/events/{rainstorm.id}/timeline?{query}")
    assert api.status_code == 400 and field in api.get_json()["errors"]


def test_unknown_event_is_404(viewer, rainstorm):
    assert viewer.get("/events/999/timeline").status_code == 404
    assert viewer.get("/api/events/999/timeline").status_code == 404


def test_anonymous_is_sent_to_login_and_api_gets_401(app, rainstorm):
    anonymous = app.test_client()
    assert anonymous.get(f"/events/{rainstorm.id}/timeline").status_code == 302
    assert anonymous.get(f"/api/events/{rainstorm.id}/timeline").status_code == 401


def test_json_endpoint_matches_the_rule(viewer, rainstorm):
    data = viewer.get(f"/api/events/{rainstorm.id}/timeline?at=2021-07-25T01:00%2B08:00"
                      "&known=2021-07-26T00:00%2B08:00").get_json()
    assert data["at"] == "2021-07-24T17:00:00Z"
    outages = {o["area_name"]: o for o in data["outages"]}
    ancai = outages["安彩嘉园二期"]
    assert ancai["restored"] and ancai["buildings_out"] == 0 and ancai["buildings_affected"] == 24
    assert ancai["started_precision"] == "approximate" and 29 < ancai["duration_hours"] < 30
    assert outages["文峰汇·十二府"]["open"] and outages["文峰汇·十二府"]["households_out"] is None
    assert data["curve"]["buildings"]["peak"] == 24
    assert data["curve"]["buildings"]["reached"]["100"] == "2021-07-24T16:45:00Z"
    assert data["stats"]["buildings"]["unit_hours"] == pytest.approx(24 * 29.75)
    same = viewer.get(f"/events/{rainstorm.id}/timeline.json?at=2021-07-25T01:00%2B08:00"
                      "&known=2021-07-26T00:00%2B08:00").get_json()
    assert same == data


def _csv(response) -> list[dict[str, str]]:  # noqa: ANN001
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_exports_in_chinese(viewer, rainstorm):
    """Headers, yes/no and precisions in the reader's language; local times with their offset."""
    rows = _csv(viewer.get(f"/events/{rainstorm.id}/timeline.csv?at=2021-07-26T00:00"))
    assert [r["地点"] for r in rows] == ["北大街街道", "彰德路64号院", "文峰汇·十二府", "安彩嘉园二期"]
    shops = rows[2]
    assert shops["仍停电"] == "是" and shops["仍停电户数"] == "" and shops["恢复时间"] == ""
    ancai = rows[3]
    assert ancai["仍停电"] == "否" and ancai["恢复时间"] == "2021-07-25 00:45:00+08:00"
    assert ancai["停电时间精度"] == "约"
    assert float(ancai["停电时长（小时）"]) == pytest.approx(29.75)
    curve = _csv(viewer.get(f"/events/{rainstorm.id}/curve.csv?at=2021-07-26T00:00"))
    whole = [r for r in curve if r["范围"] == "全区"]
    assert max(int(r["仍停电楼栋数"]) for r in whole if r["仍停电楼栋数"]) == 24
    # 安彩嘉园二期 back at 00:45 leaves 文峰汇·十二府 alone open, its size never given: 未报 (empty), not 0.
    back = [r for r in whole if r["起始时间"] > "2021-07-25"][0]
    assert (back["起始时间"], back["仍停电楼栋数"], back["未恢复停电数"]) == ("2021-07-25 00:45:00+08:00", "", "1")
    assert {r["街道（镇）"] for r in curve if r["范围"] == "街道（镇）"} == {"北大街街道", "银杏大街街道"}
    curve_json = viewer.get(f"/events/{rainstorm.id}/curve.json?at=2021-07-26T00:00").get_json()
    assert curve_json["curve"]["open_outages_peak"] == 4


def test_csv_exports_in_english(viewer, rainstorm):
    switch_language(viewer, "en")
    rows = _csv(viewer.get(f"/events/{rainstorm.id}/timeline.csv?at=2021-07-26T00:00"))
    ancai = rows[3]
    # A flag's word stands alone in its cell as the code labels beside it do: "No" beside "About", not "no".
    assert ancai["Place"] == "Ancai Jiayuan Phase II" and ancai["Still out"] == "No"
    assert ancai["Restored at"] == "2021-07-25 00:45:00+08:00" and ancai["Precision of the start"] == "About"
    assert rows[2]["Still out"] == "Yes"
    curve = _csv(viewer.get(f"/events/{rainstorm.id}/curve.csv?at=2021-07-26T00:00"))
    assert {r["Scope"] for r in curve} >= {"Whole event", "Subdistrict / town"}
    # The page's table of time to restore names its measure as a column's value: "Buildings", not "buildings".
    page = viewer.get(f"/events/{rainstorm.id}/timeline?at=2021-07-26T00:00").get_data(as_text=True)
    thresholds = page.split('tl-thresholds" aria-labelledby')[1].split("</table>")[0]
    measures = set(re.findall(r'</th><td[^>]*>([^<]+)</td>', thresholds))
    assert measures and measures <= {"Households", "Buildings"}, measures
    assert re.findall(r'<span class="badge">([^<]+)</span>', thresholds) in ([], ["Not yet"] * len(
        re.findall(r'<span class="badge">', thresholds)))


def test_sorting_by_duration_and_households(viewer, build, make_user):
    a = build.outage("site-a", households_affected=10)
    b = build.outage("site-b", start=T0 + timedelta(hours=1), households_affected=300)
    build.update(a, T0 + timedelta(hours=2), fully_restored=True)
    build.update(b, T0 + timedelta(hours=8), fully_restored=True)
    at = (T0 + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M")
    html = viewer.get(f"/events/{build.event_id}/timeline?at={at}&sort=duration&dir=desc").get_data(
        as_text=True)
    group = html.split('id="timeline"')[1]
    assert group.index("乙小区") < group.index("甲小区")
    html = viewer.get(f"/events/{build.event_id}/timeline?at={at}&sort=households").get_data(as_text=True)
    group = html.split('id="timeline"')[1]
    assert group.index("甲小区") < group.index("乙小区")


def test_etr_marks_slips_and_overdue(viewer, build):
    oid = build.outage(households_affected=100, etr_at=T0 + timedelta(hours=4), etr_precision="exact")
    build.update(oid, T0 + timedelta(hours=3), etr_at=T0 + timedelta(hours=6), etr_precision="exact",
                 households_restored=40)
    at = (T0 + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M")
    html = viewer.get(f"/events/{build.event_id}/timeline?at={at}").get_data(as_text=True)
    assert 'class="tl-slip later"' in html and "tl-etr current overdue" in html
    assert "已逾期" in html and "共 2 次预计" in html
    data = viewer.get(f"/api/events/{build.event_id}/timeline?at={at}").get_json()
    [row] = data["outages"]
    assert row["overdue"] and [m["slip"] for m in row["etrs"]] == [None, 2.0]
    assert row["households_out"] == 60 and data["stats"]["overdue"] == 1


def test_empty_event(viewer, build):
    html = viewer.get(f"/events/{build.event_id}/timeline").get_data(as_text=True)
    assert "截至该时刻没有停电报告。" in html
    assert json.loads(viewer.get(f"/api/events/{build.event_id}/timeline").data)["outages"] == []


def test_subdistrict_links_lead_to_their_groups(viewer, rainstorm):
    html = viewer.get(f"/events/{rainstorm.id}/timeline").get_data(as_text=True)
    nav = html.split('class="tl-jump"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#(sub-[^"]+)"', nav)
    assert len(targets) == 2 and "北大街街道" in nav and "银杏大街街道" in nav
    assert all(f'id="{t}"' in html for t in targets)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Europe/Berlin"])
def test_page_times_read_as_everywhere_else(zone):
    """The page formats thousands of times its own fast way: the same text as fmt_time."""
    tz = ZoneInfo(zone)
    instants = [datetime(2021, 3, 28, h, m, tzinfo=UTC) for h in (0, 1, 2, 13, 23) for m in (0, 7, 59)]
    for lang in ("zh", "en"):
        vt = time_text(tz, lang)
        for at in instants:
            for precision in [*Precision, "exact", None]:
                assert vt(at, precision) == fmt_time(at, precision, tz, lang)
                assert vt(at, precision) == fmt_time(at, precision, tz, lang)  # from its memory
        assert vt(None, None) == fmt_time(None, None, tz, lang)


def test_an_open_outage_says_not_yet_restored_not_unreported(viewer, rainstorm, session):
    # Found by a newcomer: a still-open outage's page said 全部恢复时间 未报, as if a restoration time were
    # missing from the report; nothing is missing, it is not back yet.
    from incidents.models import PowerOutage

    outages = session.scalars(sa.select(PowerOutage).where(PowerOutage.event_id == rainstorm.id)).all()
    still_out = next(o for o in outages if o.restored_at is None)
    back = next(o for o in outages if o.restored_at is not None)
    html = viewer.get(f"/reports/{still_out.id}").get_data(as_text=True)
    row = html[html.index("全部恢复时间"):][:200]
    assert "尚未恢复" in row and "未报" not in row, row
    row = viewer.get(f"/reports/{back.id}").get_data(as_text=True)
    assert "尚未恢复" not in row


def test_downloads_take_the_apis_names_for_the_moments_too(viewer, rainstorm):
    # Found replaying an event through the API: `timeline.csv?as_of=…` (the API's name) answered 200 with the
    # timeline of now, the moment silently dropped.
    base = f"/events/{rainstorm.id}/timeline.csv"
    evening = viewer.get(base, query_string={"at": "2021-07-24T22:00", "known": "2021-07-24T22:00"}).get_data()
    assert viewer.get(base, query_string={"as_of": "2021-07-24T22:00",
                                          "known_at": "2021-07-24T22:00"}).get_data() == evening
    assert viewer.get(base).get_data() != evening
    bad = viewer.get(base, query_string={"as_of": "yesterday-ish"})
    assert bad.status_code == 400 and "as_of" in bad.get_data(as_text=True)
    page = viewer.get(f"/events/{rainstorm.id}/timeline", query_string={"as_of": "2021-07-24T22:00"})
    assert page.status_code == 200 and 'value="2021-07-24T22:00"' in page.get_data(as_text=True)


def test_each_outage_still_out_links_to_its_report(viewer, rainstorm, session):
    """仍在停电 listed 52 outages by place and nothing more: the way to one's page (and its 填报进展) was to find it
    again in the report list."""
    import re

    import sqlalchemy as sa

    from incidents.models import PowerOutage

    html = viewer.get(f"/events/{rainstorm.id}/timeline").get_data(as_text=True)
    outstanding = html.split('id="outstanding"')[1].split("</section>")[0]
    linked = {int(i) for i in re.findall(r'<th scope="row"><a [^>]*href="/reports/(\d+)"', outstanding)}
    open_ids = set(session.scalars(sa.select(PowerOutage.id).where(PowerOutage.event_id == rainstorm.id,
                                                                   PowerOutage.restored_at.is_(None))))
    assert linked and linked <= open_ids, (linked, open_ids)
