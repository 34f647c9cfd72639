"""A report sent with a kind that is not one is refused as unknown, not as missing.

Found by replaying a flood through the API: `{"kind": "bogus"}` answered "kind: 必填" (required),
sending the client looking for a field it had sent.
"""

from __future__ import annotations

from tests.api.conftest import TokenClient
from tests.briefs.conftest import local, make_builder


def test_an_unknown_kind_is_named_unknown(database, coordinator_api: TokenClient):
    b = make_builder(database, starts=local("2021-07-01 00:00"))
    url = f"/api/v1/events/{b.event_id}/reports"
    headers = {"Accept-Language": "en"}
    for kind in ("bogus", 7):
        refused = coordinator_api.post(url, json={"kind": kind, "area_id": b.areas["a"]}, headers=headers)
        assert refused.status_code == 422, refused.json
        assert refused.json["errors"] == {"kind": "unknown kind of report"}, refused.json
    missing = coordinator_api.post(url, json={"area_id": b.areas["a"]}, headers=headers)
    assert missing.status_code == 422 and list(missing.json["errors"]) == ["kind"], missing.json
    assert missing.json["errors"]["kind"] != "unknown kind of report"
    chinese = coordinator_api.post(url, json={"kind": "bogus"}, headers={"Accept-Language": "zh"})
    assert chinese.json["errors"] == {"kind": "未知的报告类型"}, chinese.json
