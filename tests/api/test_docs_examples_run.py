"""The examples of docs/api.md, run as an outside client copies them, against the demo (`./scripts/serve-demo`).

The curl example sent `"operation_id": 8`, which in the demo is an outage update: copied, it was a 422
("report #8 is an outage update, not a pumping operation"), not the 201 its comment shows; and its answer's
`reported_at` was shown to the second, which a server-stamped time is not."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from incidents import demo

pytestmark = pytest.mark.any_database  # the docs' examples, as a client copies them (tests/conftest.py)

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _curl_example() -> tuple[str, dict[str, str], dict, int, dict]:
    """The curl example: its path, headers, body, and the status and answer its comment shows."""
    text = API_MD.read_text(encoding="utf-8")
    block = re.search(r"## Example: a report with curl\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "docs/api.md has its curl example"
    lines = block.group(1).splitlines()
    command = " ".join(line.rstrip("\\") for line in lines if not line.startswith(("#", "TOKEN=")))
    words = shlex.split(command)
    url = next(w for w in words if w.startswith("https://"))
    headers = dict(h.split(": ", 1) for flag, h in zip(words, words[1:], strict=False) if flag == "-H")
    body = json.loads(words[words.index("-d") + 1])
    comment = " ".join(line.lstrip("# ") for line in lines if line.startswith("# ")).strip()
    status, answer = comment.split(" ", 1)
    return re.sub(r"^https://[^/]+", "", url), headers, body, int(status), json.loads(answer)


def test_the_curl_example_does_what_its_comment_says(coordinator_api, database):
    # Loaded as serve-demo loads it (replayed, its briefs compiled): the ids the example names are that load's.
    with database.transaction() as s:
        demo.load_file(s, briefs=True)
    path, headers, body, status, answer = _curl_example()
    headers.pop("Authorization")  # the client sends its own token
    first = coordinator_api.post(path, data=json.dumps(body), headers=headers)
    assert first.status_code == status, first.get_json()
    got = first.get_json()
    assert set(got) == set(answer)
    for name in ("id", "kind", "status", "version", "event_id", "area_id", "url", "replayed"):
        assert got[name] == answer[name], name
    # The server's clock stamps reported_at to the microsecond: the example showed it to the second, and a
    # client reading it with that one pattern failed on every real answer.
    for stamped in (got["reported_at"], answer["reported_at"]):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", stamped), stamped
    # The Idempotency-Key it sends makes a retry the first answer, as the docs say.
    again = coordinator_api.post(path, data=json.dumps(body), headers=headers)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == got["id"]


def _section(title: str) -> str:
    """One `## ` section of docs/api.md, or the Times bullet when title is "Times"."""
    text = API_MD.read_text(encoding="utf-8")
    if title == "Times":
        return re.search(r"- \*\*Times\*\*:(.*?)\n- |\n## ", text, re.S).group(1)  # type: ignore[union-attr]
    return re.search(rf"## {re.escape(title)}\n(.*?)\n## ", text, re.S).group(1)  # type: ignore[union-attr]


def test_the_report_time_spellings_the_docs_give_are_taken(coordinator_api, where):
    """`~14:30` and `afternoon` were given as spellings a report takes: alone, without a day, each was a 422."""
    url, area = where
    said = re.search(r"reports also take (.*?);", _section("Times"), re.S)
    assert said, "the Times bullet names the spellings reports take"
    spellings = re.findall(r"`([^`]+)`", said.group(1))
    assert len(spellings) >= 3
    for spelling in spellings:
        answer = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "started_at": spelling})
        assert answer.status_code == 201, (spelling, answer.get_json())
    alone = re.search(r"a time without its day, (.*?) alone, is a 422 naming the field", _section("Times"), re.S)
    assert alone, "the Times bullet says a time without its day is refused"
    for spelling in re.findall(r"`([^`]+)`", alone.group(1)):
        answer = coordinator_api.post(url, json={"kind": "outage", "area_id": area, "started_at": spelling})
        assert answer.status_code == 422 and "started_at" in answer.get_json()["errors"], spelling


def test_an_area_saved_without_coordinates_answers_what_the_docs_say(coordinator_api, where):
    """The docs said such an area answers "pending"; with the offline gazetteer (the default) the answer already
    carries the geocoder's: `geocoded` for a name it knows, `not_found` for one it does not."""
    section = _section("Areas: coordinates and where they came from")
    parent = coordinator_api.get(f"/api/v1/areas/{where[1]}").get_json()["parent_id"]
    for name in ("天宁寺", "无名小区"):
        answer = coordinator_api.post("/api/v1/areas", json={"name": name, "level": "site", "parent_id": parent})
        assert answer.status_code == 201, answer.get_json()
        state = answer.get_json()["location_state"]
        assert f'"location_state": "{state}"' in section, (name, state)
        assert coordinator_api.get(f"/api/v1/areas/{answer.get_json()['id']}").get_json()["location_state"] == state
