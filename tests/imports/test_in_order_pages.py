"""Outage updates, zero reports and areas through the import page (CSRF on), on the request's own database.

They are checked by storing each row in file order (their rules read the rows above), so their
preview writes and rolls back: on SQLite it needs a write transaction from its start, never a
read transaction that would have to take the write lock halfway (SQLite refuses that at once,
"database is locked", whenever another connection holds the lock: the request's own included).
"""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
import sqlalchemy as sa

from incidents.areas.models import Area
from incidents.reports.models import Report, ReportKind
from tests.conftest import csrf_from
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows


def first_outage(database) -> int:
    with database.read_session() as s:
        return s.scalar(sa.select(Report.id).where(Report.kind == ReportKind.OUTAGE).order_by(Report.id))


def preview_then_confirm(client, database, url: str, data: bytes, kind: str, chosen: str) -> None:
    """Preview (200, nothing stored), then confirm (302, the one row stored)."""
    before = count_reports(database, kind=kind)
    token, preview = upload(client, url, data, kind=chosen)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[-2000:]
    assert f"/imports/{token}/confirm" in html
    assert count_reports(database, kind=kind) == before  # a preview stores nothing
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302
    assert count_reports(database, kind=kind) == before + 1


@pytest.mark.parametrize("chosen", ["outage_update", ""])  # the kind chosen, or read from the header
def test_an_outage_update_file_previews_and_imports_from_the_page(chosen, client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    data = (f"outage_id,observed_at,households_restored,households_affected\n"
            f"{first_outage(database)},2021-07-23 11:00,1,20\n").encode()
    preview_then_confirm(client, database, f"/events/{event.id}/import", data, "outage_update", chosen)


@pytest.mark.parametrize("chosen", ["zero_report", ""])
def test_a_scoped_reporters_zero_report_file_previews_and_imports_from_the_page(chosen, client, auth, event,
                                                                                 make_user, database):
    make_user("beidajie", "reporter", scope="文峰区/北大街街道")
    auth.login("beidajie")
    data = b"period_day,note\n2021-07-27,zz\n"
    preview_then_confirm(client, database, f"/events/{event.id}/import", data, "zero_report", chosen)


def test_a_refused_in_order_file_lists_its_errors_and_stores_nothing(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    outage = first_outage(database)
    # The second update restores more households than the outage affected as of then.
    data = (f"outage_id,observed_at,households_restored,households_affected\n"
            f"{outage},2021-07-23 11:00,1,20\n{outage},2021-07-23 12:00,30,20\n").encode()
    before = count_reports(database)
    token, preview = upload(client, f"/events/{event.id}/import", data, kind="outage_update")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422 and "<td>3</td>" in html
    assert f"/imports/{token}/confirm" not in html and count_reports(database) == before


def test_an_areas_preview_waits_for_another_writer_instead_of_failing(client, auth, seeded, make_user, database):
    make_user("admin", "admin")
    auth.login("admin")
    html = client.get("/areas/import").get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html).group(1)
    holding = threading.Event()

    def other_writer() -> None:  # a field reporter saving while the file is checked
        with database.transaction() as s:
            s.execute(sa.select(sa.func.count()).select_from(Area))  # BEGIN IMMEDIATE on SQLite: the lock
            holding.set()
            time.sleep(0.5)

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert holding.wait(10)
    preview = client.post("/areas/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(html), "token": token, "kind": "",
        "file": (io.BytesIO("path,households\n文峰区/北大街街道/新建小区,40\n".encode()), "areas.csv")})
    writer.join()
    assert preview.status_code == 200, preview.get_data(as_text=True)[-2000:]
    with database.read_session() as s:
        assert s.scalar(sa.select(Area.id).where(Area.name == "新建小区")) is None  # a preview stores nothing


def test_a_preview_checked_without_writing_never_begins_a_write_transaction(client, auth, event, make_user, database):
    if not database.is_sqlite:  # PostgreSQL's write session locks nothing (and looks the login up in it)
        pytest.skip("SQLite's write lock")
    make_user("co", "coordinator")
    auth.login("co")
    html = client.get(f"/events/{event.id}/import").get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html).group(1)
    begins: list[bool] = []

    def listener(conn: sa.Connection) -> None:
        begins.append(bool(conn.get_execution_options().get("sqlite_immediate")))  # a write session's BEGIN

    sa.event.listen(database.engine, "begin", listener)
    try:
        preview = client.post(f"/events/{event.id}/import", content_type="multipart/form-data", data={
            "csrf_token": csrf_from(html), "token": token, "kind": "",
            "file": (io.BytesIO(csv_bytes(activity_rows(3))), "log.csv")})
    finally:
        sa.event.remove(database.engine, "begin", listener)
    assert preview.status_code == 200 and begins and not any(begins)  # the write lock stays free for others
