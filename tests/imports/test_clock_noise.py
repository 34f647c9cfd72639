"""An XLSX time cell holding 21:00 less a hair imports as 21:00, not 20:59.

Excel keeps a time as a fraction of a day: after arithmetic on times (=A2+"3:00", a sum of durations) the cell
holds 0.874999999… for 21:00, which openpyxl reads as 20:59:59.999 and the sheet shows as 21:00. The import cut
it to the minute, 20:59. Now a cell is rounded to the nearest second first (what a spreadsheet shows), then read to
the minute: a time typed as 20:59:59 stays 20:59.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time

import sqlalchemy as sa

from incidents.imports.rows import cell_text, identity
from incidents.reports.models import ActivityEntry
from tests.imports.conftest import count_reports, problems

HEADER = ["area", "title", "observed_at"]
PLACE = "文峰区/北大街街道"
# 2021-07-24 21:00 as an Excel serial (days since 1899-12-30), and the same less what arithmetic leaves off.
SERIAL_2100 = 44401.875


def noisy_workbook() -> bytes:
    """A workbook whose time cells hold serials as Excel stores them, each shown as yyyy-mm-dd hh:mm."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for title, serial in (("减一纳日", SERIAL_2100 - 1e-9), ("减一亿分之一日", SERIAL_2100 - 1e-8),
                          ("20:59:59", SERIAL_2100 - 1 / 86400), ("20:59:59.4", SERIAL_2100 - 0.6 / 86400)):
        sheet.append([PLACE, title, serial])
        sheet.cell(sheet.max_row, 3).number_format = "yyyy-mm-dd hh:mm"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_time_cell_with_float_noise_imports_as_the_minute_the_sheet_shows(app, event, make_user, run, database):
    make_user("co", "coordinator")
    before = count_reports(database)
    outcome = run(noisy_workbook(), "co", event, kind="activity", filename="log.xlsx")
    assert problems(outcome) == [] and outcome.created == 4
    with database.read_session() as s:
        stored = dict(s.execute(sa.select(ActivityEntry.title, ActivityEntry.observed_at)
                                .where(ActivityEntry.event_id == event.id)).all())
    local = {title: stored[title].astimezone(UTC).strftime("%H:%M") for title in
             ("减一纳日", "减一亿分之一日", "20:59:59", "20:59:59.4")}
    # Asia/Shanghai is UTC+8: 21:00 there is 13:00 UTC.
    assert local == {"减一纳日": "13:00", "减一亿分之一日": "13:00", "20:59:59": "12:59", "20:59:59.4": "12:59"}
    assert count_reports(database) == before + 4


def test_cell_text_rounds_a_clock_to_the_second_before_the_minute():
    assert cell_text(datetime(2021, 7, 24, 20, 59, 59, 999000)) == "2021-07-24 21:00"
    assert cell_text(datetime(2021, 7, 24, 20, 59, 59, 500000)) == "2021-07-24 21:00"
    assert cell_text(datetime(2021, 7, 24, 20, 59, 59, 499000)) == "2021-07-24 20:59"
    assert cell_text(datetime(2021, 7, 24, 23, 59, 59, 999000)) == "2021-07-25 00:00"
    assert cell_text(time(20, 59, 59, 991000)) == "21:00"
    assert cell_text(time(20, 59, 59)) == "20:59"


def test_a_noisy_cells_row_identity_is_the_one_it_had_so_a_file_imported_before_adds_nothing():
    noisy, cut = datetime(2021, 7, 24, 20, 59, 59, 999000), datetime(2021, 7, 24, 20, 59)
    names = sorted(HEADER)
    assert identity("activity", 1, {"observed_at": noisy}, names) == identity("activity", 1, {"observed_at": cut},
                                                                               names)
