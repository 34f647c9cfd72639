"""The first request a new process serves: a token create before anything else in it has queried."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import TokenClient

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter, as a new gunicorn worker is: the app made, then at once one token POST (the
# login builds the owner from a plain row, before any ORM query has set the models up).
_FIRST = """
import json, sys
from incidents import create_app
url, folder, path, token, body = sys.argv[1:6]
app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "SECRET_KEY": "first"})
answer = app.test_client().post(path, json=json.loads(body),
                                headers={"Authorization": "Bearer " + token, "Idempotency-Key": "first"})
print(answer.status_code, answer.get_data(as_text=True)[:500])
"""


def test_the_first_request_of_a_new_process_creates_its_report(where, db_url: str, reporter_api: TokenClient,
                                                                 tmp_path: Path) -> None:
    url, area = where
    body = {"kind": "activity", "area_id": area, "observed_at": "2021-07-30 14:30", "title": "巡查"}
    done = subprocess.run([sys.executable, "-c", _FIRST, db_url, str(tmp_path / "instance"), url, reporter_api.token,
                           json.dumps(body)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("201 "), done.stdout + done.stderr[-3000:]
    made = json.loads(done.stdout[4:])
    assert reporter_api.get(f"/api/v1/reports/{made['id']}").json["area_id"] == area  # stored, and readable
