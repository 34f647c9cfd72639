"""The import page through the test client, CSRF on: upload → preview → confirm; progress; permissions."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

from tests.conftest import csrf_from, switch_language
from tests.imports.conftest import count_reports, csv_bytes
from tests.imports.test_rows import activity_rows


def upload(client, url: str, data: bytes, filename: str = "log.csv", kind: str = "", html: str = ""):  # noqa: ANN201
    """Open the page (or use its `html`), post the file with its upload form's CSRF token and upload token;
    the token its preview's confirm form carries (the upload's when it has none) and the preview."""
    html = html or client.get(url).get_data(as_text=True)
    token = re.findall(r'name="token"[^>]*value="([^"]+)"', html)[-1]  # the upload form is the page's last
    preview = client.post(url, data={"csrf_token": csrf_from(html), "token": token, "kind": kind,
                                     "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
    confirm = re.search(r'action="/imports/([^/"]+)/confirm"', preview.get_data(as_text=True))
    return (confirm.group(1) if confirm else token), preview


def test_preview_then_confirm_stores_the_file(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    before = count_reports(database)
    token, preview = upload(client, url, csv_bytes(activity_rows(30)))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "巡查 0" in html and "30" in html
    assert count_reports(database) == before  # a preview stores nothing
    assert client.get(f"/imports/{token}/progress").get_json()["phase"] == "checked"
    confirm = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert confirm.status_code == 302 and count_reports(database) == before + 30
    assert client.get(f"/imports/{token}/progress").get_json()["phase"] == "done"
    again = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    # A second tap: said on its own page (it was a redirect home with a flash), with the way to what was stored.
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and count_reports(database) == before + 30
    assert "此文件已导入" in page and "新增 30" in page and f'href="/events/{event.id}/reports"' in page


def test_a_confirm_stores_the_file_its_page_previewed_not_one_uploaded_after(client, auth, event, make_user,
                                                                             database):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    token_a, page_a = upload(client, url, csv_bytes(activity_rows(1)))
    html_a = page_a.get_data(as_text=True)
    assert "导入 1 行" in html_a
    # The preview page's own "upload another file" form, then back to A's page and its button.
    token_b, page_b = upload(client, url, csv_bytes(activity_rows(4)[:1] + activity_rows(4)[2:]), html=html_a)
    assert "导入 3 行" in page_b.get_data(as_text=True)
    before = count_reports(database)
    # The confirm form as a browser sends it: its own hidden token.
    form_a = re.search(r'action="/imports/([^/"]+)/confirm".*?name="token"[^>]*value="([^"]+)"', html_a, re.S)
    assert form_a.groups() == (token_a, token_a)
    done = client.post(f"/imports/{token_a}/confirm", data={"csrf_token": csrf_from(html_a), "token": token_a})
    assert done.status_code == 302 and count_reports(database) == before + 1
    done = client.post(f"/imports/{token_b}/confirm", data={"csrf_token": csrf_from(html_a), "token": token_b})
    assert done.status_code == 302 and count_reports(database) == before + 4


def test_a_confirm_without_csrf_is_refused(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(activity_rows(2)))
    before = count_reports(database)
    assert client.post(f"/imports/{token}/confirm", data={"token": token}).status_code == 400
    assert count_reports(database) == before


def test_errors_are_listed_by_line_and_column_and_nothing_can_be_confirmed(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    rows = activity_rows(5)
    rows[3][0] = "文峰区/无此街道"
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert re.search(r"<td>4</td><td>地点</td><td>[^<]*无此街道", html)
    assert f"/imports/{token}/confirm" not in html


def test_another_user_cannot_confirm_my_upload(client, auth, event, make_user, database):
    make_user("co", "coordinator")
    make_user("co2", "coordinator")
    auth.login("co")
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(activity_rows(2)))
    client.post("/logout", data={"csrf_token": csrf_from(preview.get_data(as_text=True))})
    auth.login("co2")
    html = client.get(f"/events/{event.id}/import").get_data(as_text=True)
    before = count_reports(database)
    answer = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert answer.status_code == 404 and count_reports(database) == before


def test_only_the_uploader_may_read_an_uploads_progress(client, auth, event, make_user):
    make_user("co", "coordinator")
    make_user("v", "viewer")
    auth.login("co")
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(activity_rows(2)))
    assert client.get(f"/imports/{token}/progress").get_json()["phase"] == "checked"
    client.post("/logout", data={"csrf_token": csrf_from(preview.get_data(as_text=True))})
    auth.login("v")
    assert client.get(f"/imports/{token}/progress").status_code == 404


def test_viewers_cannot_import_and_reporters_cannot_import_areas(client, auth, event, make_user):
    make_user("v", "viewer")
    make_user("rep", "reporter")
    auth.login("v")
    assert client.get(f"/events/{event.id}/import").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    auth.login("rep")
    assert client.get(f"/events/{event.id}/import").status_code == 200
    assert client.get("/areas/import").status_code == 403


def test_a_file_larger_than_a_form_post_is_read(client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    rows = activity_rows(1)
    rows[1][3] = "x" * (3 * 1024 * 1024)  # 3 MB: over the 2 MB a form post may carry
    token, preview = upload(client, f"/events/{event.id}/import", csv_bytes(rows))
    assert preview.status_code == 422  # read and checked (the source is too long), not 413
    said = re.search(r'class="flash flash-error import-file-problem".*?</div>', preview.get_data(as_text=True), re.S)
    assert said and "第 2 行无法按 CSV 读取" in said.group(0)


def test_a_file_of_only_its_header_is_said_to_have_no_rows_and_the_area_page_helps_with_areas(client, auth, event,
                                                                                             make_user):
    make_user("co", "coordinator")
    auth.login("co")
    header_only = csv_bytes(activity_rows(1))
    header_only = header_only.split(b"\n", 1)[0] + b"\n\n"
    _token, preview = upload(client, f"/events/{event.id}/import", header_only, kind="activity")
    html = preview.get_data(as_text=True)
    # It used to say every row was already imported: of a file that never had one.
    assert "没有可导入的数据行" in html and "每一行都已导入过" not in html
    areas = client.get("/areas/import").get_data(as_text=True)
    assert "路径" in areas and "级别" in areas and "下午" not in areas  # no report times on the areas page


def test_a_preview_expires_after_a_day_and_its_file_is_removed(app, client, auth, event, make_user, database):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    token, preview = upload(client, url, csv_bytes(activity_rows(2)))
    html = preview.get_data(as_text=True)
    stored = next((Path(app.instance_path) / "imports").rglob(f"{token}.data"))
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(stored, (day_ago, day_ago))
    before = count_reports(database)
    answer = client.post(f"/imports/{token}/confirm", data={"csrf_token": csrf_from(html), "token": token})
    assert answer.status_code == 410 and count_reports(database) == before
    assert "已过期" in answer.get_data(as_text=True)
    assert not stored.exists()
    # One never confirmed goes at the next visit of an import page; a fresh one stays.
    old, _preview = upload(client, url, csv_bytes(activity_rows(3)))
    fresh, _preview = upload(client, url, csv_bytes(activity_rows(4)))
    left = next((Path(app.instance_path) / "imports").rglob(f"{old}.data"))
    os.utime(left, (day_ago, day_ago))
    assert client.get(url).status_code == 200
    assert not left.exists() and (left.parent / f"{fresh}.data").exists()


def test_the_confirm_button_counts_one_row_in_english(client, auth, event, make_user):
    # "Import 1 rows" on the button of a one-row file.
    make_user("co", "coordinator")
    auth.login("co")
    switch_language(client, "en")
    url = f"/events/{event.id}/import"
    _, one = upload(client, url, csv_bytes(activity_rows(1)))
    assert ">Import 1 row<" in one.get_data(as_text=True)
    _, many = upload(client, url, csv_bytes(activity_rows(1200)))
    assert ">Import 1,200 rows<" in many.get_data(as_text=True)


def test_the_hints_example_times_are_on_the_events_own_days(client, auth, make_user, seeded, database):
    """Every event's import page gave its example times on 2021-07-24, the demo's day: a clerk importing a
    December storm's log read 时间按事件所在时区：2021-07-24 21:00…. The examples are on today while it runs (on
    its fourth day a clerk was shown its first)."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from incidents import demo
    from incidents.events.services import create_event

    with database.transaction() as s:
        event = create_event(s, code="dec-storm", name="十二月暴雨", kind="rainstorm",
                             starts_at=datetime.now(UTC) - timedelta(days=3),
                             timezone="Asia/Shanghai", area_id=demo._area_by_path(s, "文峰区").id)
        event_id = event.id
    make_user("co", "coordinator")
    auth.login("co")
    page = client.get(f"/events/{event_id}/import").get_data(as_text=True)
    day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert f"时间按事件所在时区：{day} 21:00、{day} ~21:00（约）、{day} 下午或 {day}（全天）" in page
    assert "2021-07-24" not in page


def test_an_unknown_place_is_quoted_in_its_problem(client, auth, make_user, event):
    """“unknown area No such place”: where the message ended and the cell began was anyone's guess, and in Chinese
    it said 区域 of what the column and every page call a 地点. The cell is quoted, as forms quote what was typed."""
    make_user("co", "coordinator")
    auth.login("co")
    rows = [["area", "title", "observed_at", "source"], ["No such place", "Patrol", "2021-07-24 08:00", "test"]]
    switch_language(client, "en")
    html = upload(client, f"/events/{event.id}/import", csv_bytes(rows))[1].get_data(as_text=True)
    assert "unknown area “No such place”" in html, re.findall(r"unknown area[^<]*", html)
    switch_language(client, "zh")
    html = upload(client, f"/events/{event.id}/import", csv_bytes(rows))[1].get_data(as_text=True)
    assert "未知地点“No such place”" in html, re.findall(r"未知[^<]*", html)
