"""An account's previews waiting to be confirmed are bounded: each new one past the bound removes its oldest (an h1
audit, 7 December).

Found: every preview that offers its button keeps the file uploaded for a day (64 MB at most), and nothing bounded how
many. A reporter's one row followed by 28 MB of empty lines (read past, so the preview passes in 0.9 s) sent three
times left 86 MB in the instance folder: a script at that pace fills the disk the database lives on in an hour.
"""

from __future__ import annotations

from pathlib import Path

from incidents.imports import progress
from tests.conftest import csrf_from
from tests.imports.conftest import csv_bytes
from tests.imports.test_pages import upload
from tests.imports.test_rows import activity_rows


def _kept(app) -> int:  # noqa: ANN001
    return len(list((Path(app.instance_path) / "imports").rglob("*.data")))


def test_a_new_preview_past_the_bound_removes_the_accounts_oldest(app, client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    before = _kept(app) if (Path(app.instance_path) / "imports").exists() else 0
    previews = [upload(client, url, csv_bytes(activity_rows(2))) for _ in range(progress.MAX_WAITING + 1)]
    assert all(p.status_code == 200 for _t, p in previews)
    assert _kept(app) - before == progress.MAX_WAITING
    oldest, first_page = previews[0]
    gone = client.post(f"/imports/{oldest}/confirm", data={"csrf_token": csrf_from(first_page.get_data(as_text=True)),
                                                            "token": oldest})
    assert gone.status_code == 410
    newest, last_page = previews[-1]
    done = client.post(f"/imports/{newest}/confirm", data={"csrf_token": csrf_from(last_page.get_data(as_text=True)),
                                                           "token": newest})
    assert done.status_code == 302
