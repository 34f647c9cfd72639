"""A body that is no JSON at all is named as such: a missing brace, a trailing comma or bytes that are not UTF-8 were
"body: must be a JSON object", and the client looked for what in its object was not one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("body", "said"), [
    (b'{"kind": "activity", "title": "x",}', "不是有效的JSON（第1行第35列）"),
    (b'{"kind": "activity"', "不是有效的JSON（第1行第20列）"),
    ('{"kind": "activity", "title": "巡查"}'.encode("gb18030"), "不是有效的UTF-8文本"),
])
def test_a_body_that_is_no_json_says_so(coordinator_api, seeded, body, said):
    response = coordinator_api.post("/api/v1/events/1/reports", data=body, content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"] == {"body": said}


def test_json_that_is_not_an_object_is_still_named_so(coordinator_api, seeded):
    response = coordinator_api.post("/api/v1/events/1/reports", data=b"[1, 2]", content_type="application/json",
                                    headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"body": "must be a JSON object"}
