"""A sheet re-saved with its numbers spelled otherwise imports only its new rows.

Excel and WPS write a count back as 1,200 (a cell formatted with thousands), a clerk's copy may hold full-width
digits (１２００) or 1.2万 for 12000, and the tonnes column 12.50 for 12.5. The product reads each as the same figure
(reports.parsing, the forms' and the import's one number parser), but a row's identity digested the number as
typed: the re-saved sheet imported every old row again and the brief counted each twice. A row stored before this
version (its identity as typed) is still found."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from incidents.audit.models import IdempotencyKey
from tests.imports.conftest import count_reports, csv_bytes, problems, xlsx_bytes

HEADER = ["area", "started_at", "households_affected"]
TYPED = [HEADER,
         ["文峰区/北大街街道", "2021-07-24 07:00", "1200"],
         ["文峰区/北大街街道", "2021-07-24 08:00", "12000"],
         ["文峰区/北大街街道", "2021-07-24 09:00", "30+"]]
RESAVED = [HEADER,
           ["文峰区/北大街街道", "2021-07-24 07:00", "1,200"],
           ["文峰区/北大街街道", "2021-07-24 08:00", "1.2万"],
           ["文峰区/北大街街道", "2021-07-24 09:00", "30余"],
           ["文峰区/北大街街道", "2021-07-24 10:00", "１２０"]]


def test_an_outage_sheet_with_its_counts_respelled_adds_only_its_new_row(app, event, make_user, run, database):
    make_user("co", "coordinator")
    first = run(csv_bytes(TYPED), "co", event, kind="outage")
    assert problems(first) == [] and first.created == 3
    again = run(csv_bytes(RESAVED), "co", event, kind="outage")
    assert problems(again) == []
    assert (again.created, again.skipped) == (1, 3)


def test_full_width_digits_and_a_number_cell_are_the_figure_typed(app, event, make_user, run, database):
    """１２００ in a CSV, then the same row from an XLSX whose cell holds the number 1200: one report."""
    make_user("co", "coordinator")
    row = ["文峰区/北大街街道", "2021-07-25 07:00", "１２００"]
    assert run(csv_bytes([HEADER, row]), "co", event, kind="outage").created == 1
    again = run(xlsx_bytes([HEADER, [row[0], row[1], 1200]]), "co", event, kind="outage")
    assert problems(again) == [] and (again.created, again.skipped) == (0, 1)


def test_tonnes_respelled_are_the_same_figure(app, event, make_user, run, database):
    make_user("co", "coordinator")
    header = ["area", "period_start", "mass_t"]
    first = run(csv_bytes([header, ["文峰区/北大街街道", "2021-07-25 10:00", "12.5"]]), "co", event, kind="debris")
    assert problems(first) == [] and first.created == 1
    again = run(csv_bytes([header, ["文峰区/北大街街道", "2021-07-25 10:00", "１２．５０"]]), "co", event,
              kind="debris")
    assert problems(again) == [] and (again.created, again.skipped) == (0, 1)


def test_different_figures_stay_different_rows(app, event, make_user, run, database):
    """1,200 and 1200+ are not one figure (a lower bound); 1,5 is refused, never read as 15."""
    make_user("co", "coordinator")
    first = run(csv_bytes([HEADER, ["文峰区/北大街街道", "2021-07-26 07:00", "1,200"]]), "co", event, kind="outage")
    assert first.created == 1
    more = run(csv_bytes([HEADER, ["文峰区/北大街街道", "2021-07-26 07:00", "1200+"]]), "co", event, kind="outage")
    assert problems(more) == [] and more.created == 1


def _typed_digest(event_id: int, cells: dict[str, str]) -> str:
    """A row's identity as earlier versions wrote it (docs/imports.md): its cells' text as typed, by canonical name."""
    parts = ["outage", str(event_id)] + [f"{name}={cells[name].strip()}" for name in sorted(cells)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _key_stored_as(database, event_id: int, digest: str) -> None:
    """The event's one imported row's key rewritten to an earlier version's identity `digest`."""
    with database.transaction() as s:
        stored = s.scalars(sa.select(IdempotencyKey).where(IdempotencyKey.key.like(f"import:{event_id}:%"))).all()
        assert len(stored) == 1
        stored[0].key = f"import:{event_id}:{digest}:1"


def test_a_row_stored_with_its_count_as_typed_is_still_found(app, event, make_user, run, database):
    """An import before this version stored 1,200 as typed: the same file again adds nothing."""
    make_user("co", "coordinator")
    row = {"area": "文峰区/北大街街道", "started_at": "2021-07-27 07:00", "households_affected": "1,200"}
    assert run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="outage").created == 1
    _key_stored_as(database, event.id, _typed_digest(event.id, row))  # as the earlier version stored it
    before = count_reports(database)
    again = run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="outage")
    assert (again.created, again.skipped) == (0, 1) and count_reports(database) == before


def test_a_row_stored_before_figures_were_spelled_is_still_found(app, event, make_user, run, database):
    """An import of this morning (times spelled, figures as typed) stored a re-saved sheet's row: the same sheet again
    adds nothing, its time and its count both re-spelled."""
    make_user("co", "coordinator")
    row = {"area": "文峰区/北大街街道", "started_at": "2021/7/28 7:00", "households_affected": "1,200"}
    assert run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="outage").created == 1
    # The key as this morning's version stored it.
    _key_stored_as(database, event.id, _typed_digest(event.id, {**row, "started_at": "2021-07-28 07:00"}))
    before = count_reports(database)
    again = run(csv_bytes([HEADER, [row[h] for h in HEADER]]), "co", event, kind="outage")
    assert (again.created, again.skipped) == (0, 1) and count_reports(database) == before
