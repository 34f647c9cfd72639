"""Reports for machines (issue 13): the JSON of a stored report of every kind, and cursor paging.

Domain-level: the API routes (tests/api/) only add HTTP around these functions.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from incidents.errors import ValidationError
from incidents.models import Area, IdempotencyKey, Report, User
from incidents.reports import listing, payloads, services
from incidents.reports.models import ReportKind
from incidents.reports.validation import FIELDS


def seeded_report(session, key: str) -> Report:
    return session.get(Report, session.get(IdempotencyKey, f"demo:{key}").entity_id)


def walk(session, event, args: dict[str, str]) -> list[int]:
    """Every id the pages give for a query, following the cursors."""
    ids: list[int] = []
    cursor = ""
    while True:
        query = listing.parse_query(session, event, {**args, "cursor": cursor})
        page = listing.page_reports(session, event, query)
        ids += [r.id for r in page.reports]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_every_kind_serialises_every_field_with_its_flags_and_precisions(event, session):
    reports = list(session.scalars(sa.select(Report).where(Report.event_id == event.id)))
    seen = set()
    for report in reports:
        data = payloads.report_payload(report)
        seen.add(report.kind)
        assert data["kind"] == report.kind.value and data["version"] == report.version
        assert data["reporter"]["username"] == "demo-loader"
        assert data["reported_at"].endswith("Z") and data["observed_precision"]
        for name, ftype in FIELDS[report.kind].items():
            assert name in data, (report.kind, name)
            if ftype == "count":
                assert isinstance(data[f"{name}_lb"], bool)
            if ftype == "time":
                assert name.removesuffix("_at") + "_precision" in data
    # Every kind the seed holds: all but the zero report (its newspaper text reports none; the zero
    # report's payload is tested through the API in test_zero_reports.py).
    assert seen == set(ReportKind) - {ReportKind.ZERO_REPORT}
    # A lower bound and a vague time are given as reported: 30余 stays "more than", 下午 stays afternoon.
    debris = [payloads.report_payload(r) for r in reports if r.kind is ReportKind.DEBRIS]
    assert any(d["mass_kg_lb"] for d in debris) or any(d["truckloads_lb"] for d in debris)
    assert any(payloads.report_payload(r)["observed_precision"] not in ("exact",) for r in reports)
    disinfection = next(r for r in reports if r.kind is ReportKind.DISINFECTION and r.counts)
    counts = payloads.report_payload(disinfection)["counts"]
    assert counts == {c.category_code: [c.count, c.count_lb] for c in disinfection.counts}


def test_a_payload_sent_back_unchanged_changes_nothing(event, database):
    """GET → PUT of the same JSON goes through the rules and stores the same values (a new version)."""
    with database.transaction() as s:
        for report in list(s.scalars(sa.select(Report).where(Report.event_id == event.id))):
            before = payloads.report_payload(report)
            data, problems = payloads.edit_data(report, before, replace=True)
            assert problems == {}, (report.kind, problems)
            services.correct_report(s, report, data, report.reporter_id, expected_version=report.version)
            after = payloads.report_payload(report)
            skip = {"version", "updated_at"}
            assert {k: v for k, v in after.items() if k not in skip} == {
                k: v for k, v in before.items() if k not in skip}, report.kind


def test_edit_data_names_unknown_fields_and_refuses_another_kind(event, session):
    report = seeded_report(session, "bdj-outage-compounds")
    _data, problems = payloads.edit_data(report, {"kind": "debris", "househods_out": 3}, replace=False)
    assert set(problems) == {"kind", "househods_out"}


def test_cursor_pages_give_every_report_once_while_reports_arrive(event, database, session):
    loader = session.scalar(sa.select(User).where(User.username == "demo-loader"))
    site = session.scalar(sa.select(Area).where(Area.name == "文峰汇·十二府"))
    everything = walk(session, event, {"status": "all"})
    assert everything == sorted(everything) and len(everything) == len(set(everything))
    seen: list[int] = []
    cursor = ""
    added: list[int] = []
    while True:
        query = listing.parse_query(session, event, {"limit": "4", "status": "all", "cursor": cursor})
        page = listing.page_reports(session, event, query)
        seen += [r.id for r in page.reports]
        if len(added) < 3:
            # A report arrives between two pages, one learned "in the past" (a coordinator may say so).
            with database.transaction() as s:
                added.append(services.create_report(
                    s, "activity", {"event_id": event.id, "area_id": site.id, "title": f"巡查{len(added)}",
                                    "observed_at": datetime(2021, 7, 23, 2, tzinfo=UTC)},
                    loader.id, reported_at=datetime(2021, 7, 23, 3, tzinfo=UTC)).id)
            session.rollback()  # read the next page in a fresh snapshot
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(everything + added) and len(seen) == len(set(seen))


def test_filters_match_the_html_list(event, session):
    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    for args, kw in [({"kind": "outage_update"}, {"kind": "outage_update"}),
                     ({"area": str(bdj.id)}, {"area_id": bdj.id}),
                     ({"day": "2021-07-24"}, {"day": datetime(2021, 7, 24).date()}),
                     ({"status": "all"}, {"status": "all"})]:
        html, _total = listing.list_reports(session, event, page_size=1000, **kw)
        assert sorted(walk(session, event, {**args, "limit": "3"})) == sorted(r.id for r in html), args
    since = datetime(2030, 1, 1, tzinfo=UTC).isoformat()
    assert walk(session, event, {"updated_since": since}) == []


@pytest.mark.parametrize(("args", "field"), [
    ({"kind": "flood"}, "kind"), ({"status": "gone"}, "status"), ({"day": "2021-13-01"}, "day"),
    ({"day": "2020-01-01"}, "day"), ({"area": "x"}, "area"), ({"area": "999999"}, "area"),
    ({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"), ({"limit": "ten"}, "limit"),
    ({"updated_since": "yesterday"}, "updated_since"), ({"reporter": "-3"}, "reporter"),
    ({"cursor": "not-a-cursor"}, "cursor"),
])
def test_bad_parameters_are_named(event, session, args, field):
    with pytest.raises(ValidationError) as exc:
        listing.parse_query(session, event, args)
    assert set(exc.value.errors) == {field}


def test_a_cursor_is_good_only_for_its_own_filters(event, session):
    page = listing.page_reports(session, event, listing.parse_query(session, event, {"limit": "2"}))
    assert page.next_cursor
    with pytest.raises(ValidationError) as exc:
        listing.parse_query(session, event, {"limit": "2", "kind": "outage", "cursor": page.next_cursor})
    assert set(exc.value.errors) == {"cursor"}
    # Another page size is the same list: the cursor holds.
    listing.parse_query(session, event, {"limit": "5", "cursor": page.next_cursor})
