"""An account's import progress files are bounded, the expiry sweep is cheap, and a client-chosen token of another
shape than the page's is refused (an audit, 7 December, early morning).

Found: every preview wrote a progress file under the token its form carried, which the client chooses, with no bound
per account: a script could leave millions a day in the instance folder, and every visit of an import page read the
whole folder to remove the expired ones.
"""

from __future__ import annotations

import html as htmllib
import io
import os
import secrets
import time
from pathlib import Path

from incidents.imports import progress
from tests.conftest import csrf_from
from tests.imports.conftest import csv_bytes

BAD = csv_bytes([["地点", "事项", "时间"], ["文峰区/北大街街道", "巡查", "不是时间"]])


def _post(client, url: str, html: str, token: str):  # noqa: ANN001, ANN202
    return client.post(url, data={"csrf_token": csrf_from(html), "token": token, "kind": "",
                                  "file": (io.BytesIO(BAD), "log.csv")}, content_type="multipart/form-data")


def _progress_files(app) -> list[Path]:  # noqa: ANN001
    return list((Path(app.instance_path) / "imports").rglob("*.progress.json"))


def test_tokens_a_script_chooses_leave_at_most_the_bound_of_progress_files(app, client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    before = len(_progress_files(app))
    tokens = [secrets.token_urlsafe(18) for _ in range(progress.MAX_PROGRESS + 3)]
    for token in tokens:  # each a token of the page's shape, none the page gave
        assert _post(client, url, html, token).status_code == 422
    assert len(_progress_files(app)) - before == progress.MAX_PROGRESS
    assert client.get(f"/imports/{tokens[-1]}/progress").get_json()["phase"] == "checked"
    assert client.get(f"/imports/{tokens[0]}/progress").status_code == 404  # the oldest went


def test_a_token_of_another_shape_is_refused_and_writes_nothing(app, client, auth, event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    html = client.get(url).get_data(as_text=True)
    before = len(_progress_files(app))
    for token in ("A" * 16, "A" * 64, secrets.token_urlsafe(18) + "x"):  # of the alphabet, not of the length
        answer = _post(client, url, html, token)
        assert answer.status_code == 400
        assert "表单编号：表单的上传编号无法识别" in htmllib.unescape(answer.get_data(as_text=True))
    assert len(_progress_files(app)) == before


def test_a_page_visit_sweeps_its_own_accounts_files_and_the_rest_at_most_every_sweep_interval(app, client, auth,
                                                                                                event, make_user):
    make_user("co", "coordinator")
    auth.login("co")
    url = f"/events/{event.id}/import"
    client.get(url)
    day_ago = time.time() - 2 * progress.EXPIRES_S - 60  # a progress file outlives its upload a day
    base = Path(app.instance_path) / "imports"
    others = base / "999999"
    others.mkdir(parents=True, exist_ok=True)
    stale = others / f"{secrets.token_urlsafe(18)}.progress.json"
    stale.write_text("{}")
    os.utime(stale, (day_ago, day_ago))
    # Swept a moment ago: another account's folder is not read at this visit, nor at the next.
    assert client.get(url).status_code == 200 and stale.exists()
    html = client.get(url).get_data(as_text=True)
    own_token = secrets.token_urlsafe(18)
    _post(client, url, html, own_token)
    own = next(base.rglob(f"{own_token}.progress.json"))
    os.utime(own, (day_ago, day_ago))
    assert client.get(url).status_code == 200
    assert not own.exists() and stale.exists()  # the visitor's own folder is swept at each visit
    last = base / progress.SWEPT
    os.utime(last, (time.time() - progress.SWEEP_S - 1,) * 2)
    assert client.get(url).status_code == 200 and not stale.exists()
