"""If-Match is `*` alone or a list of quoted entity tags (RFC 9110 §8.8.3); anything else is the 422 naming
version (probed 6 December, late morning).

`If-Match: 3`, `"3`, `3"`, `""3""`, `*, "2"` and `3, "3"` were read as version 3 (quotes stripped, commas split
anywhere), and an empty If-Match was a 412 on events and areas but no If-Match at all on reports (a verify then
checked nothing). A weak tag of the current version, `W/"3"`, still matches: the tag is the record's version, not its
bytes, and a proxy that compresses an answer weakens its ETag (docs/api-reports.md).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents.models import Area, Event, IdempotencyKey
from tests.security import sweep

REFUSED = ["{v}", '"{v}', '{v}"', '""{v}""', '{v}, "{v}"', '*, "{v}"', 'w/"{v}"', "'{v}'", '"{v}" "{v}"',
           '"{v}";', ""]
TAKEN = ['"{v}"', 'W/"{v}"', "*", '"999", "{v}"', '"{v}:gzip"', '"999",, W/"{v}" ,']


def _targets(database) -> list[str]:  # noqa: ANN001
    with database.read_session() as s:
        event = s.scalar(sa.select(Event.id).where(Event.code == "wenfeng-2021-07-rainstorm"))
        area = s.scalar(sa.select(Area.id).where(Area.name == "西钟楼巷"))
        report = s.get(IdempotencyKey, "demo:acjy2-outage").entity_id
    return [f"/api/v1/events/{event}", f"/api/v1/areas/{area}", f"/api/v1/reports/{report}"]


def _change(url: str) -> dict[str, object]:
    """A small change each record takes: a report's note, an event's issuer, an area's households."""
    return {"note": "改"} if "reports" in url else {"issuer": "区"} if "events" in url else {"households": 12}


def _version(client, url: str) -> int:  # noqa: ANN001
    return int(client.get(url).headers["ETag"].strip('"').split(":")[0])


def test_an_if_match_that_is_no_list_of_entity_tags_is_a_422_naming_version(app, database, seeded, login_as):
    client = login_as("coordinator")
    csrf = {"X-CSRFToken": sweep.csrf_token(client), "Accept-Language": "en"}
    before = sweep.fingerprint(database.engine)
    for url in _targets(database):
        v = _version(client, url)
        for spelling in REFUSED:
            header = spelling.format(v=v)
            for method, target, body in (("patch", url, _change(url)), ("post", f"{url}/verify", {})):
                if method == "post" and "reports" not in url:
                    continue
                answer = getattr(client, method)(target, json=body, headers={**csrf, "If-Match": header})
                assert answer.status_code == 422, (target, header, answer.status_code, answer.get_json())
                assert list(answer.get_json()["errors"]) == ["version"], (target, header, answer.get_json())
                assert "quotes" in answer.get_json()["errors"]["version"], (target, header, answer.get_json())
    assert sweep.fingerprint(database.engine) == before


@pytest.mark.parametrize("spelling", TAKEN)
def test_a_quoted_or_weak_tag_of_the_current_version_or_star_is_taken(app, database, seeded, login_as, spelling):
    client = login_as("coordinator")
    csrf = {"X-CSRFToken": sweep.csrf_token(client)}
    for url in _targets(database):
        header = spelling.format(v=_version(client, url))
        answer = client.patch(url, json=_change(url), headers={**csrf, "If-Match": header})
        assert answer.status_code == 200, (url, header, answer.status_code, answer.get_json())


def test_a_tag_of_thousands_of_digits_is_a_422_not_a_500(app, database, seeded, login_as):
    # Python refuses int() of over 4,300 digits: the report routes' reading of the tag raised it (a 500).
    client = login_as("coordinator")
    csrf = {"X-CSRFToken": sweep.csrf_token(client), "Accept-Language": "en"}
    report = _targets(database)[2]
    before = sweep.fingerprint(database.engine)
    for method, url, body in (("patch", report, {"note": "改"}), ("post", f"{report}/verify", {}),
                              ("patch", _targets(database)[0], {"issuer": "区"})):
        answer = getattr(client, method)(url, json=body, headers={**csrf, "If-Match": f'"{"1" * 5000}"'})
        assert answer.status_code == 422, (url, answer.status_code)
        assert list(answer.get_json()["errors"]) == ["version"]
    assert sweep.fingerprint(database.engine) == before
