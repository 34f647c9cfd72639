"""Every field of a report's full history is labelled in the reader's language (a disinfection
report's "staff" showed as the raw column name), and the outage page's change log names a
restoration recorded by an update in words, not by its audit code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents import demo
from incidents.briefs.periods import current_period
from incidents.db import now_utc
from incidents.events.services import create_event
from incidents.labels import FIELD_LABELS
from incidents.models import Area, Base, Event, PowerOutage, Report, ReportKind
from tests.conftest import switch_language
from tests.reports.conftest import hidden

KINDS = ["outage", "outage_update", "pumping", "pumping_volume", "disinfection", "debris", "activity"]


def _field_labels(html: str) -> list[str]:
    """The field names of the history page: the changed rows' headings and the unchanged list's terms."""
    rows = re.findall(r'<th scope="row" class="field">(.*?)</th>', html, re.S)
    steady = re.search(r'<dl class="steady-list">(.*?)</dl>', html, re.S)
    terms = re.findall(r"<dt>(.*?)</dt>", steady.group(1), re.S) if steady else []
    return [re.sub(r"<[^>]+>", "", t).strip() for t in rows + terms]


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_a_reports_history_is_labelled_in_chinese(kind, seeded, session, make_user, auth, client):
    make_user("c", "coordinator")
    auth.login("c")
    report_id = session.scalar(sa.select(Report.id).where(Report.kind == ReportKind(kind)).order_by(Report.id))
    assert report_id is not None, kind
    labels = _field_labels(client.get(f"/history/reports/{report_id}").get_data(as_text=True))
    assert labels
    raw = [t for t in labels if re.fullmatch(r"[A-Za-z_ ()³/]+", t)]
    assert raw == [], f"{kind} #{report_id}: untranslated field labels {raw}"


def test_a_zero_reports_history_is_labelled_in_chinese(seeded, database, session, make_user, auth, client):
    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event_id = create_event(s, code="live-storm", name="在途暴雨", kind="rainstorm",
                                starts_at=now_utc() - timedelta(days=2), timezone="Asia/Shanghai",
                                area_id=district.id).id
    make_user("bdj", "reporter", scope="文峰区/北大街街道")
    auth.login("bdj")
    url = f"/events/{event_id}/reports/new/zero_report"
    page = client.get(url).get_data(as_text=True)
    area_id = session.scalar(sa.select(Area.id).where(Area.name == "北大街街道"))
    form = {"csrf_token": hidden(page, "csrf_token"), "token": hidden(page, "token"), "area_id": str(area_id),
            "period_day": current_period(session.get(Event, event_id), now_utc()).isoformat()}
    assert client.post(url, data=form).status_code == 302
    with database.read_session() as fresh:
        report_id = fresh.scalar(sa.select(Report.id).where(Report.kind == ReportKind.ZERO_REPORT))
    labels = _field_labels(client.get(f"/history/reports/{report_id}").get_data(as_text=True))
    assert "时段（日报所报日期）" in labels and "period_day" not in labels
    assert [t for t in labels if re.fullmatch(r"[A-Za-z_ ()³/]+", t)] == []


def test_every_column_a_record_page_traces_has_a_label(app):
    """The tables whose records have a page (reports of every kind, events, areas, users) label every
    column a history shows."""
    from incidents.audit import services

    unlabelled = {}
    for mapper in Base.registry.mappers:
        if mapper.base_mapper.local_table.name not in ("reports", "events", "areas", "users"):
            continue
        keys = [a.key for a in mapper.column_attrs if a.key not in services.SECRET_FIELDS]
        grouped = {c for k in keys for c in services.companions(k, keys)}
        missing = [k for k in keys if k not in grouped and k not in services.BOOKKEEPING and k not in FIELD_LABELS]
        if missing:
            unlabelled[mapper.class_.__name__] = missing
    assert unlabelled == {}


def test_an_outages_change_log_names_a_restoration_in_chinese(seeded, session, make_user, auth, client):
    make_user("v", "viewer")
    auth.login("v")
    restored = sa.select(PowerOutage.id).where(PowerOutage.restored_at.is_not(None)).order_by(PowerOutage.id)
    outage_id = session.scalar(restored)
    html = client.get(f"/reports/{outage_id}").get_data(as_text=True)
    log = re.search(r'<ol class="history">(.*?)</ol>', html, re.S).group(1)
    actions = [a.strip() for a in re.findall(r"<strong>(.*?)</strong>", log, re.S)]
    assert "由停电进展记录恢复" in actions and "restoration" not in actions


def test_a_history_page_reads_as_chinese_typesetting(seeded, session, make_user, auth, client):
    # Found by a newcomer: "示例数据导入 (demo-loader)" in half-width brackets, and "共 1 个版本。 改动的值…" with
    # spaces around the number and after the full stop, as English is spaced.
    make_user("c", "coordinator")
    auth.login("c")
    report_id = session.scalar(sa.select(Report.id).order_by(Report.id))
    html = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    assert "（demo-loader）" in html and " (demo-loader)" not in html
    assert re.search(r"共\d+个版本。改动", html), re.search(r"共.{0,12}版本.{0,6}", html)


def test_an_english_history_page_counts_its_versions_in_words(seeded, session, make_user, auth, client):
    """It read "Versions: 1." as a form's label; a person writes "1 version." (and "2 versions.")."""
    make_user("c", "coordinator")
    auth.login("c")
    switch_language(client, "en")
    report_id = session.scalar(sa.select(Report.id).where(Report.version == 1).order_by(Report.id))
    html = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    said = re.search(r'<p class="meta">(.*?)</p>', html, re.S)
    assert said and said.group(1).startswith("1 version. Changed values"), said and said.group(1)

def test_a_debris_history_gives_the_mass_in_tonnes_as_the_report_page(seeded, session, make_user, auth, client):
    """The report page read 清运量（吨） 30余吨; its history 重量（千克） 30,000余, a second unit for one figure."""
    make_user("c", "coordinator")
    auth.login("c")
    report_id = session.scalar(sa.select(Report.id).where(Report.kind == ReportKind.DEBRIS,
                                                          Report.note.contains("30余吨")).order_by(Report.id))
    report_id = report_id or session.scalar(sa.select(Report.id).where(Report.kind == ReportKind.DEBRIS)
                                            .order_by(Report.id))
    html = client.get(f"/history/reports/{report_id}").get_data(as_text=True)
    assert "清运量（吨）" in _field_labels(html) and "千克" not in html
    assert re.search(r">\s*30余\s*<", html) and "30,000" not in html
    rows = client.get(f"/history/reports/{report_id}/export.json").get_json()["rows"]
    assert next(r for r in rows if r.get("field") == "mass_t")["after"] == 30
    csv = client.get(f"/history/reports/{report_id}/export.csv").get_data(as_text=True)
    assert "清运量（吨）,,30" in csv and "30000" not in csv
