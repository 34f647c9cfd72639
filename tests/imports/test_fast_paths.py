"""Each fast path of an import gives what its plain path gives (docs/imports.md, "3 December, afternoon"):
a row's digest (against the digests stored before it), a time's verdict remembered per file (TIMES_CHECKED_ONCE against
validate_report without a frame), the totals test and the CSV reader's unquoting; and ("3 December, evening") rows
stored many to an INSERT (SQLITE_MULTIROW), printable texts let through (PRINTABLE_TEXT), audit rows made in place."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from incidents.audit.services import snapshot_rows, snapshot_values
from incidents.db import json_text
from incidents.errors import Message, ValidationError
from incidents.imports import csv_reading, reading
from incidents.imports.cells import REFUSED
from incidents.imports.rows import identifier, identity
from incidents.imports.speedups import insert_rows
from incidents.models import Area, Report
from incidents.reports.models import ReportKind, ReportStatus
from incidents.reports.parsing import parse_json_time
from incidents.reports.validation import EventFrame, validate_report
from incidents.vague import Precision

CELLS: list[dict[str, Any]] = [
    {"area": " 文峰区/北大街街道 ", "period_start": "2021-07-24 08:00", "mass_t": "30余"},
    {"area": "文峰区", "period_start": datetime(2021, 7, 24), "mass_t": 12, "source": True},
    {"area": "文峰区", "period_start": datetime(2021, 7, 24, 9, 5), "period_end": date(2021, 7, 24),
     "note": time(9, 30), "source": False, "people": 2.5},
    {"area": "", "period_start": None, "source": "   "},
    {"area": "文峰区\ud800", "period_start": "2021-07-24 afternoon"},
    {},
]


# The digests of CELLS as the import wrote them before its fast path (d598e7e's identity()): a row key stored
# then must match a row read now, or a file imported before would be imported again.
STORED_DIGESTS = {
    7: ["f9e560c09dd9d891", "96df0e9d6f6a8881", "e44b59d33136cd64", "3d1d0d8ac2d88bd9", "7d0ff24a9e49ae9f",
        "3d1d0d8ac2d88bd9"],
    None: ["19843896991f66a9", "b37234f2bff69739", "997dc1e3868dcf83", "485d04ce0ac481c8", "7625c7fe3adee8f3",
           "485d04ce0ac481c8"],
}


def test_the_row_digest_is_identitys_to_the_byte():
    names = sorted({"area", "period_start", "period_end", "mass_t", "note", "source", "people"})
    for event_id in (7, None):
        digest = identifier("debris", event_id, names)
        for cells, stored in zip(CELLS, STORED_DIGESTS[event_id], strict=True):
            assert digest(cells)[0] == identity("debris", event_id, cells, names)
            assert digest(cells)[0][:16] == stored, cells


def _verdict(session, kind: ReportKind, data: dict[str, Any], now: datetime, reported_at: datetime,
             frame: EventFrame | None) -> Any:
    """What validate_report says, comparable: clean values with each instant's zone, or each error's text and params."""
    try:
        clean = validate_report(session, kind, dict(data), now=now, reported_at=reported_at, frame=frame)
    except ValidationError as exc:
        return "refused", [(k, str(v), getattr(v, "params", None)) for k, v in exc.errors.items()]
    return "valid", [(k, v, getattr(v, "tzinfo", None), getattr(v, "fold", None)) for k, v in clean.items()]


def test_a_times_verdict_remembered_for_the_file_is_the_rules_own(event, session):
    area = session.scalar(sa.select(Area.id).where(Area.parent_id.is_(None)).order_by(Area.id))
    tz = event.tz
    now = datetime(2021, 7, 25, 12, tzinfo=UTC)
    texts = ["2021-07-24 08:00", "2021-07-24 ~21:00", "2021-07-24 afternoon", "2021-07-24", "2021-07-25 evening",
             "2021-07-26 08:00", "2021-06-01 08:00", "2021-09-30 evening", "2021-07-24T08:00:00+00:00"]
    times = [parse_json_time(text, None, tz) for text in texts]
    # The same instant in another zone, and a precision that is no precision: each kept as sent.
    times += [(datetime(2021, 7, 24, 0, tzinfo=UTC), Precision.EXACT),
              (datetime(2021, 7, 24, 8, tzinfo=tz), Precision.EXACT),
              (datetime(2021, 7, 24, 8, tzinfo=tz), "abc"), (Message("twice"), None), ("junk", None)]
    rows: list[tuple[ReportKind, dict[str, Any]]] = []
    for (start, start_p) in times:
        for (end, end_p) in times[:6]:
            rows.append((ReportKind.DEBRIS, {"event_id": event.id, "area_id": area, "period_start": start,
                                             "period_start_precision": start_p, "period_end": end,
                                             "period_end_precision": end_p, "mass_kg": 3000}))
        rows.append((ReportKind.OUTAGE, {"event_id": event.id, "area_id": area, "started_at": start,
                                         "started_precision": start_p, "etr_at": times[5][0],
                                         "etr_precision": times[5][1], "households_affected": 3}))
        rows.append((ReportKind.ACTIVITY, {"event_id": event.id, "area_id": area, "title": "巡查",
                                           "observed_at": start, "observed_precision": start_p}))
    frame = EventFrame.of(event)
    # Another clock beside the same reported_at, and another reported_at beside the same clock: what one
    # verdict remembered must not answer for the other.
    for moment in (now, now + timedelta(days=1)):
        for reported_at in (moment, now + timedelta(hours=8), moment - timedelta(hours=30)):
            for _turn in range(2):  # the second turn answers from what the first remembered
                for kind, data in rows:
                    plain = _verdict(session, kind, data, moment, reported_at, None)
                    assert _verdict(session, kind, data, moment, reported_at, frame) == plain, (kind, data)
    assert frame.checked  # the fast path was taken


def test_the_totals_test_and_the_csv_unquoting_read_as_before():
    for text in ["合计", "合 计：", "Total", "TOTAL:", "'合计", "文峰区/北大街街道", "sum", "Subtotal", "合计x"]:
        plain = reading.header_key(text.lstrip("'")).rstrip(":") in reading.TOTALS_WORDS
        assert reading._says_total(text) == plain
    data = "地点,来源\n'-1层停车场,'@Home\n文峰区,plain\n".encode()
    rows = list(csv_reading.csv_rows(data))
    assert rows == [(1, ["地点", "来源"]), (2, ["-1层停车场", "@Home"]), (3, ["文峰区", "plain"])]


def test_audit_rows_converted_column_by_column_are_snapshot_values_own():
    tz = ZoneInfo("Asia/Shanghai")
    at = datetime(2021, 7, 24, 8, tzinfo=UTC)
    rows: list[dict[str, Any]] = [
        {"id": 1, "kind": ReportKind.DEBRIS, "observed_at": at, "status": ReportStatus.SUBMITTED,
         "day": date(2021, 7, 24), "mass": Decimal("1.50"), "flag": True, "password_hash": "x"},
        {"id": 2, "kind": "debris", "observed_at": at.astimezone(tz), "status": ReportStatus.SUBMITTED, "day": None,
         "mass": Decimal("1.5"), "flag": 1, "password_hash": "y"},
        {"id": 3, "kind": ReportKind.OUTAGE, "observed_at": None, "status": None, "day": datetime(2021, 7, 24),
         "mass": None, "flag": None, "password_hash": None},
    ]
    special = ["kind", "observed_at", "status", "day", "mass", "flag", "password_hash", "absent"]
    plain = [snapshot_values(row, {}, special) for row in rows]
    fast = snapshot_rows(rows, {}, special)
    assert [json_text(a) for a in fast] == [json_text(a) for a in plain]
    assert [list(a.items()) for a in fast] == [list(a.items()) for a in plain]
    # A key some rows lack goes row by row, as snapshot_values takes it.
    ragged = [{**rows[0], "verified_at": at}, rows[1]]
    assert snapshot_rows(ragged, {}, [*special, "verified_at"]) == [snapshot_values(r, {}, [*special, "verified_at"])
                                                                     for r in ragged]
    # IN_PLACE: rows the caller gives up become their `after`, the same to the key order.
    owned = [dict(row) for row in rows]
    fast = snapshot_rows(owned, {}, special, in_place=True)
    assert [list(a.items()) for a in fast] == [list(a.items()) for a in plain]
    assert all(a is row for a, row in zip(fast, owned, strict=True))


def test_rows_stored_many_to_a_statement_are_a_core_inserts_own(app, event, database, make_user):
    """SQLITE_MULTIROW: 2,500 reports in statements of many rows (a last short one included), as Core's executemany
    stores them, on SQLite in 3 statements of 1,000 rows at most (PostgreSQL: one COPY)."""
    from incidents.imports import speedups

    user = make_user("co", "coordinator")
    with database.read_session() as s:
        areas = list(s.scalars(sa.select(Area.id).order_by(Area.id)))
    at = datetime(2021, 7, 24, 21, 30, 15, 123456, tzinfo=UTC)
    tz = ZoneInfo("Asia/Shanghai")
    names = ["id", "kind", "event_id", "area_id", "observed_at", "observed_precision", "reported_at", "reporter_id",
             "source", "note", "status", "created_at", "updated_at", "version"]
    table = Report.__table__
    statements: list[str] = []

    def rows(first: int) -> list[tuple[Any, ...]]:
        return [(first + i, ReportKind.ACTIVITY, event.id, areas[i % len(areas)],
                 (at + timedelta(minutes=i % 97)).astimezone(tz if i % 2 else UTC),
                 Precision.APPROXIMATE if i % 3 else Precision.EXACT, at, user, f"来源 {i}" if i % 5 else None,
                 "'@x\n" if i == 7 else None, ReportStatus.SUBMITTED, at, at, 1) for i in range(2500)]

    with database.transaction() as s:
        top = s.scalar(sa.select(sa.func.max(Report.id))) or 0
        s.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows(top + 1)])
        sa.event.listen(s.connection(), "before_cursor_execute",
                        lambda *args: statements.append(args[2]) if "reports" in args[2] else None)
        insert_rows(s, table, names, rows(top + 2501))
    with database.engine.connect() as conn:  # as the database holds them, unconverted
        stored = conn.exec_driver_sql(f"SELECT {', '.join(names[1:])} FROM reports WHERE id > {top} "
                                      "ORDER BY id").all()
    assert stored[:2500] == stored[2500:]
    if database.engine.dialect.name == "sqlite":
        assert len(statements) == 3 and speedups.SQLITE_ROWS_PER_INSERT == 1000
        assert [sql.count("(?") for sql in statements] == [1000, 1000, 500]


def test_a_printable_text_is_one_the_text_checks_pass_whole():
    """PRINTABLE_TEXT: check_text skips text_problem for a printable text without a blank-looking character
    (limits.BLANK_LOOKING); over every code point, alone and between letters, text_problem finds nothing in one (a
    one-line field and a free text alike), and a text it refuses is refused by check_text the same."""
    from incidents.limits import BLANK_LOOKING
    from incidents.reports.validation import check_text, text_problem

    printable = 0
    for point in range(0x110000):
        c = chr(point)
        for text in (c.strip(), f"a{c}b", f"文{c}{c}"):
            if not text or not text.isprintable() or BLANK_LOOKING.search(text):
                continue
            printable += 1
            assert text_problem(text, "source") is None and text_problem(text, "note") is None, hex(point)
    assert printable > 3 * 100_000
    for text in ["a\u200bb", "\u200b\u200c", "a\u202eb", "a\x07b", "a\ud800", "a\nb", "a\tb", "a\u3000b", "a\u2028",
                 "\u3164", "a\u3164b", "\u2800\u034f", "\ufe0f"]:
        for name in ("source", "note"):
            errors: dict[str, Any] = {}
            check_text(text, name, errors)
            assert str(errors.get(name)) == str(text_problem(text.strip(), name)), (text, name)
    assert str(text_problem("a\u200bb", "source")) != "None" and text_problem("a\nb", "note") is None


def test_a_count_and_a_time_checked_inline_are_values_own(event, session):
    """FIELD_PLAN (4 December): validate_report takes a count in range and a time judged for the file inline;
    over a grid of counts and "more than" flags (in range, 0余, negative, too large, a bool, a float, a text,
    a Message) each verdict is values._check_count's, and an absent time (with or without a precision) is
    _check_time's, with and without the file's frame."""
    from incidents.limits import MAX_COUNT
    from incidents.reports.fields import COUNT_LIMITS, LB_FIELDS
    from incidents.reports.values import _check_count, _check_time

    area = session.scalar(sa.select(Area.id).where(Area.parent_id.is_(None)).order_by(Area.id))
    now = datetime(2021, 7, 25, 12, tzinfo=UTC)
    frame = EventFrame.of(event)
    base = {"event_id": event.id, "area_id": area, "period_start": datetime(2021, 7, 24, 8, tzinfo=event.tz),
            "period_start_precision": Precision.EXACT}
    values = [0, 1, 7, 10**7, 10**7 + 1, 10**10, 10**10 + 1, -1, True, False, 1.5, Decimal(2), "3", "", None,
              Message("in another unit")]
    flags = [None, True, False, "yes", 1, 0]
    checked = 0
    for name in ("mass_kg", "people"):
        flag = LB_FIELDS[name]
        for value in values:
            for lb in flags:
                data = {**base, name: value, flag: lb}
                errors: dict[str, Any] = {}
                clean: dict[str, Any] = {}
                _check_count(errors, clean, data, name, COUNT_LIMITS.get(name, MAX_COUNT))
                for given in (None, frame):
                    verdict, found = _verdict(session, ReportKind.DEBRIS, data, now, now, given)
                    found = {k: (v, t) for k, v, t, _fold in found} if verdict == "valid" else \
                        {k: (text, params) for k, text, params in found}
                    if errors:
                        assert verdict == "refused", (name, value, lb)
                        for key, message in errors.items():
                            assert found[key] == (str(message), getattr(message, "params", None)), (name, value, lb)
                    else:
                        assert verdict == "valid", (name, value, lb, found)
                        for key, kept in clean.items():
                            assert found[key][0] == kept and type(found[key][0]) is type(kept), (name, value, lb)
                    checked += 1
    assert checked > 300
    for value, precision in [(None, None), ("", None), (None, "abc"), (None, Precision.DAY), ("", "afternoon"),
                             (None, False)]:
        errors, clean = {}, {}
        _check_time(errors, clean, {"period_end": value, "period_end_precision": precision}, "period_end", now,
                    event.tz, now)
        data = {**base, "period_end": value, "period_end_precision": precision}
        for given in (None, frame):
            verdict, found = _verdict(session, ReportKind.DEBRIS, data, now, now, given)
            if errors:
                assert verdict == "refused" and {k for k, *_ in found} == set(errors), (value, precision)
            else:
                assert verdict == "valid" and {k: v for k, v, *_ in found if k in clean} == clean, (value, precision)


def test_a_csv_row_blank_once_unquoted_is_read_past_as_before():
    """CSV_BLANKS_ONCE (4 December): the CSV reader alone reads past blank rows, a row blank only once its cells
    are unquoted ('\\t: a tab, formula-like, after our quote) included, as the per-cell test after it did."""
    data = "地点,来源\n'\t,\n,  \n文峰区,'\t\n\"'\t\",'\t\n".encode()
    assert list(reading._rows("f.csv", data, [])) == [(1, ["地点", "来源"]), (4, ["文峰区", "\t"])]


def test_json_values_stored_in_bulk_are_a_core_inserts_own(database, make_user):
    """NONE_ONCE (4 December): audit rows whose `before` is empty (every one of an import's) and whose `after` holds
    a row, stored by insert_rows, are stored as a Core INSERT stores them, as the database holds them."""
    from incidents.audit.models import AuditEntry

    user = make_user("co", "coordinator")
    at = datetime(2021, 7, 24, 21, 30, tzinfo=UTC)
    names = ["at", "user_id", "action", "entity", "entity_id", "before", "after"]
    table = AuditEntry.__table__

    def rows(first: int) -> list[tuple[Any, ...]]:
        return [(at, user, "import", "reports", first + i, None if i % 3 else {"note": None, "n": i},
                 {"id": first + i, "source": f"来源 {i}", "note": None} if i % 4 else None) for i in range(30)]

    with database.transaction() as s:
        s.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows(0)])
        insert_rows(s, table, names, rows(0))
    with database.engine.connect() as conn:  # as the database holds them, unconverted
        stored = conn.exec_driver_sql('SELECT entity_id, "before" IS NULL, CAST("before" AS TEXT), '
                                      'CAST("after" AS TEXT) FROM audit_entries '
                                      "WHERE action = 'import' ORDER BY id").all()
    assert len(stored) == 60 and stored[:30] == stored[30:]  # an empty `before` (20 of 30) and a filled one alike


def test_a_totals_row_told_by_its_first_filled_cell_as_before():
    """FIRST_CELL_FIRST (4 December): a row's first cell, filled text, is the first filled cell the search finds."""
    cases = {("合计", "3"): True, ("  ", "合计"): True, (None, "Total:"): True, (REFUSED, "小计"): True,
             ("文峰区", "合计"): False, (" 合 计： ", ""): True, (3, "合计"): False, (): False, ("", "", ""): False}
    for cells, total in cases.items():
        assert reading._is_totals(list(cells)) is total, cells
