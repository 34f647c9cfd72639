"""Every other list's downloads: events, the area tree, an event's briefs, the timeline, a record's trail."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from incidents.areas.services import create_area
from incidents.models import Area, Brief, Event, Report
from tests.exports.conftest import ids_of, read_csv, read_xlsx

FORMATS = ("csv", "xlsx", "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_list_has_every_event_with_its_figures(reader, event, session, fmt):
    response = reader.get(f"/events/export.{fmt}")
    assert response.status_code == 200 and f'"events.{fmt}"' in response.headers["Content-Disposition"]
    events = list(session.scalars(sa.select(Event).order_by(Event.starts_at.desc())))
    assert ids_of(response.data, fmt) == [e.id for e in events]
    if fmt == "json":
        row = next(r for r in json.loads(response.data)["rows"] if r["id"] == event.id)
        counted = session.scalar(sa.select(sa.func.count()).select_from(Report).where(Report.event_id == event.id))
        assert row["code"] == event.code and row["reports"] == counted and row["kind"] == "rainstorm"


def test_home_links_to_the_events_downloads(reader, event):
    html = reader.get("/").get_data(as_text=True)
    assert all(f"/events/export.{fmt}" in html for fmt in FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_area_tree_branch_and_level_filters(reader, event, session, fmt):
    from incidents.areas.tree import subtree_ids

    bdj = session.scalar(sa.select(Area).where(Area.name == "北大街街道"))
    everything = ids_of(reader.get(f"/areas/export.{fmt}").data, fmt)
    assert sorted(everything) == sorted(session.scalars(sa.select(Area.id)))
    branch = ids_of(reader.get(f"/areas/export.{fmt}?under={bdj.id}").data, fmt)
    assert sorted(branch) == sorted(session.scalars(subtree_ids(session, bdj.id))) and branch[0] == bdj.id
    subs = ids_of(reader.get(f"/areas/export.{fmt}?level=subdistrict").data, fmt)
    assert sorted(subs) == sorted(session.scalars(sa.select(Area.id).where(Area.level == "subdistrict")))


def test_area_tree_is_in_tree_order_with_paths(reader, event):
    rows = read_csv(reader.get("/areas/export.csv").data)
    paths = [r[rows[0].index("路径")] for r in rows[1:]]
    # Each area follows its parent: every path's parent path appears before it.
    seen: set[str] = set()
    for p in paths:
        parent = p.rsplit(" › ", 1)[0] if " › " in p else None
        assert parent is None or parent in seen
        seen.add(p)


def test_area_filters_are_checked_by_name(reader, event):
    assert reader.get("/areas/export.csv?under=999999").status_code == 400
    bad = reader.get("/areas/export.csv?level=planet")
    assert bad.status_code == 400 and "level" in bad.get_data(as_text=True)


def test_formula_area_names_are_neutralised(reader, event, database, session):
    with database.transaction() as s:
        root = s.scalar(sa.select(Area).where(Area.parent_id.is_(None)))
        evil = create_area(s, name="=1+2", level="subdistrict", parent=root, households=12)
    rows = read_csv(reader.get(f"/areas/export.csv?under={evil.id}").data)
    assert rows[1][rows[0].index("名称")] == "'=1+2" and rows[1][rows[0].index("户数")] == "12"
    cells = read_xlsx(reader.get(f"/areas/export.xlsx?under={evil.id}").data)
    assert cells[1][3] == "=1+2" and cells[1][9] == 12


@pytest.fixture
def briefs(database, event):
    """Three briefs of the event: two revisions of 7/23 (one signed off), one of 7/24."""
    with database.transaction() as s:
        def brief(day: str, revision: int, status: str) -> int:
            from datetime import date

            start = event.starts_at
            b = Brief(event_id=event.id, day=date.fromisoformat(day), revision=revision, number=1,
                      period_start=start, period_end=start + timedelta(days=1), cutoff=start + timedelta(days=1),
                      status=status, content={})
            s.add(b)
            s.flush()
            return b.id
        return [brief("2021-07-23", 1, "compiled"), brief("2021-07-23", 2, "published"),
                brief("2021-07-24", 1, "compiled")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_briefs_list_newest_day_first_and_status_filter(reader, event, briefs, fmt):
    first, second, third = briefs
    assert ids_of(reader.get(f"/events/{event.id}/briefs/export.{fmt}").data, fmt) == [third, second, first]
    assert ids_of(reader.get(f"/events/{event.id}/briefs/export.{fmt}?status=published").data, fmt) == [second]
    assert reader.get(f"/events/{event.id}/briefs/export.{fmt}?status=lost").status_code == 400


def test_briefs_page_links_to_its_downloads(reader, event):
    html = reader.get(f"/events/{event.id}/briefs").get_data(as_text=True)
    assert f"/events/{event.id}/briefs/export.xlsx" in html


def test_timeline_xlsx_matches_its_csv(reader, event):
    csv_rows = read_csv(reader.get(f"/events/{event.id}/timeline.csv").data)
    response = reader.get(f"/events/{event.id}/timeline.xlsx")
    assert response.status_code == 200 and ".xlsx" in response.headers["Content-Disposition"]
    xlsx_rows = read_xlsx(response.data)
    assert xlsx_rows[0] == csv_rows[0] and len(xlsx_rows) == len(csv_rows) > 1
    ids = [r[0] for r in xlsx_rows[1:]]
    assert all(isinstance(i, int) for i in ids) and ids == [int(r[0]) for r in csv_rows[1:]]
    curve = read_xlsx(reader.get(f"/events/{event.id}/curve.xlsx").data)
    assert len(curve) == len(read_csv(reader.get(f"/events/{event.id}/curve.csv").data))
    # The timeline's filters apply to every format alike: a bad moment is refused by name.
    assert reader.get(f"/events/{event.id}/timeline.xlsx?at=yesterday-ish").status_code == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_reports_trail_lists_each_change(client, auth, make_user, event, session, fmt):
    make_user("coord1", "coordinator")
    auth.login("coord1")
    report = session.scalar(sa.select(Report).where(Report.kind == "activity").order_by(Report.id))
    page = client.get(f"/events/{event.id}/reports")
    from tests.conftest import csrf_from

    client.post(f"/reports/{report.id}/status", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                                      "action": "return", "reason": "=cmd|x",
                                                      "version": str(report.version)})
    response = client.get(f"/history/reports/{report.id}/export.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        rows = json.loads(response.data)["rows"]
        returned = [r for r in rows if r["action"] == "return"]
        assert {(r["field"], r.get("before"), r.get("after")) for r in returned} >= {
            ("status", "submitted", "returned"), ("status_reason", None, "=cmd|x")}
        assert rows[0]["action"] == "create"
    elif fmt == "csv":
        rows = read_csv(response.data)
        assert "'=cmd|x" in [r[-1] for r in rows]  # the reason, neutralised
    else:
        rows = read_xlsx(response.data)
        assert "=cmd|x" in [r[-1] for r in rows]
    assert client.get(f"/history/login_attempts/1/export.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_list_gives_debris_in_tonnes_as_the_home_page(reader, event, fmt):
    """The home page reads 清运 30余吨; its download said 清运量（kg） 30000."""
    body = reader.get(f"/events/export.{fmt}").data
    if fmt == "json":
        data = json.loads(body)
        assert {c["key"]: c["zh"] for c in data["columns"]}["mass_t"] == "清运量（吨）"
        row = next(r for r in data["rows"] if r["id"] == event.id)
        assert (row["mass_t"], row["mass_t_lb"], row["mass_t_approx"]) == (30, True, False)
    else:
        rows = read_csv(body) if fmt == "csv" else read_xlsx(body)
        head = rows[0]
        assert not any("kg" in str(h) for h in head)
        row = next(r for r in rows[1:] if str(r[0]) == str(event.id))
        assert str(row[head.index("清运量（吨）")]) == "30"
    assert "30余吨" in reader.get("/").get_data(as_text=True)


def test_the_events_download_names_the_brief_as_the_pages_do(reader, event):
    """Its heading said 简报时间 where the event form says 日报编制时间 and every page 日报."""
    head = read_csv(reader.get("/events/export.csv").data)[0]
    assert "日报编制时间" in head and "日报发布单位" in head and not any("简报" in h for h in head)
