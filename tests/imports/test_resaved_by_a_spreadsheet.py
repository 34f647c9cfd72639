"""A CSV opened in a spreadsheet, a row added and saved again, imports only the new row.

Excel and WPS write a date-time cell of a CSV they save in their own way (2019/8/10 7:00 for 2019-08-10 07:00, the
seconds 07:00:00), and a clerk's path may end with a separator (大洋街道/). A row's identity was its text as typed:
the file saved again re-imported every old row, and the brief counted each twice (found replaying Typhoon Lekima).
The identity now reads these as the row's values read them; a file imported before still adds nothing."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from incidents.audit.models import IdempotencyKey
from incidents.reports.models import ActivityEntry, Report
from tests.imports.conftest import count_reports, csv_bytes, problems

HEADER = ["area", "title", "observed_at"]
TYPED = [HEADER,
         ["文峰区/北大街街道", "东门积水点巡查", "2021-07-24 07:00"],
         ["文峰区/北大街街道", "东门积水点巡查", "2021-07-24 07:00"],  # twice, two patrols logged alike
         ["文峰区 > 北大街街道", "排水泵站值守", "2021-07-24 09:30"],
         ["文峰区/北大街街道", "全天巡查", "2021-07-24"]]
# As a spreadsheet saves it: its own date-times and seconds, and a separator left at a path's end.
RESAVED = [HEADER,
           ["文峰区/北大街街道/", "东门积水点巡查", "2021/7/24 7:00"],
           ["文峰区/北大街街道", "东门积水点巡查", "2021/7/24 7:00:00"],
           ["文峰区／北大街街道", "排水泵站值守", "2021/7/24 9:30"],
           ["文峰区/北大街街道", "全天巡查", "2021/7/24"],
           ["文峰区/北大街街道", "新增：南关积水巡查", "2021/7/24 10:15"]]


def test_a_file_saved_again_by_a_spreadsheet_adds_only_its_new_row(app, event, make_user, run, database):
    make_user("co", "coordinator")
    first = run(csv_bytes(TYPED), "co", event, kind="activity")
    assert problems(first) == [] and first.created == 4
    again = run(csv_bytes(RESAVED), "co", event, kind="activity")
    assert problems(again) == []
    assert (again.created, again.skipped) == (1, 4)
    with database.read_session() as s:
        titles = sorted(s.scalars(sa.select(ActivityEntry.title).where(ActivityEntry.event_id == event.id,
                                                                      ActivityEntry.title.like("%巡查%"))))
    assert titles.count("东门积水点巡查") == 2 and titles.count("新增：南关积水巡查") == 1


def test_a_whole_day_and_a_time_on_it_stay_two_rows(app, event, make_user, run, database):
    """2021/7/24 (the whole day) is not 2021-07-24 00:00 (a time): each is its own fact."""
    make_user("co", "coordinator")
    before = count_reports(database)
    run(csv_bytes([HEADER, ["文峰区/北大街街道", "夜间巡查", "2021-07-24 00:00"]]), "co", event, kind="activity")
    outcome = run(csv_bytes([HEADER, ["文峰区/北大街街道", "夜间巡查", "2021/7/24"]]), "co", event, kind="activity")
    assert outcome.created == 1 and count_reports(database) == before + 2


def _typed_digest(event_id: int, cells: dict[str, str]) -> str:
    """A row's identity as earlier versions wrote it (docs/imports.md): its cells' text as typed, by canonical name."""
    parts = ["activity", str(event_id)] + [f"{name}={cells[name].strip()}" for name in sorted(cells)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def test_a_file_imported_before_the_change_still_adds_nothing(app, event, make_user, run, database):
    """Rows stored under their typed identity (an import before this version) are found by it."""
    make_user("co", "coordinator")
    row = {"area": "文峰区/北大街街道/", "title": "旧版导入的巡查", "observed_at": "2021/7/24 7:00"}
    first = run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="activity")
    assert first.created == 1
    with database.transaction() as s:  # the key as the earlier version stored it
        stored = s.scalars(sa.select(IdempotencyKey).where(IdempotencyKey.key.like(f"import:{event.id}:%"))).all()
        assert len(stored) == 1
        stored[0].key = f"import:{event.id}:{_typed_digest(event.id, row)}:1"
    before = count_reports(database)
    again = run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="activity")
    assert (again.created, again.skipped) == (0, 1) and count_reports(database) == before


def test_an_outage_update_resaved_with_excels_true_adds_nothing(app, event, make_user, run, database):
    """Excel writes a CSV's true back as TRUE: the same update, not a second one."""
    make_user("co", "coordinator")
    outage = run(csv_bytes([["area", "started_at", "households_affected"],
                            ["文峰区/北大街街道", "2021-07-24 07:00", "120"]]), "co", event, kind="outage")
    assert outage.created == 1
    with database.read_session() as s:
        outage_id = s.scalar(sa.select(sa.func.max(Report.id)).where(Report.kind == "outage"))
    header = ["outage_id", "observed_at", "fully_restored"]
    first = run(csv_bytes([header, [str(outage_id), "2021-07-25 18:00", "true"]]), "co", event, kind="outage_update")
    assert problems(first) == [] and first.created == 1
    again = run(csv_bytes([header, [str(outage_id), "2021/7/25 18:00", "TRUE"]]), "co", event, kind="outage_update")
    assert (again.created, again.skipped) == (0, 1)
