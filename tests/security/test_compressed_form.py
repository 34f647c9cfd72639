"""A page's form sent with a Content-Encoding is a 415 naming what was sent, nothing saved (probed 5 December, evening),
as an API body is (415 naming Content-Encoding): no body is taken compressed.

The form's bytes were read as they came: a gzip-compressed form was refused naming its compressed bytes as a field
(\\x1f\\x8b…：不是有效的UTF-8文本), and a form said to be gzip but sent plain was saved, read otherwise than declared.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlencode

import pytest

from tests.security import sweep


@pytest.mark.parametrize("compress", [True, False])
def test_a_compressed_event_form_is_refused_naming_what_was_sent(app, database, ids, login_as, compress):
    coordinator = login_as("coordinator")
    form = sweep.form_fields(coordinator.get("/events/new").get_data(as_text=True))
    form.update(csrf_token=sweep.csrf_token(coordinator), code="gz-probe", name="压缩", kind="rainstorm",
                starts_at="2021-07-20T08:00")
    body = urlencode(form).encode()
    before = sweep.fingerprint(database.engine)
    response = coordinator.post("/events/new", data=gzip.compress(body) if compress else body,
                                content_type="application/x-www-form-urlencoded", headers={"Content-Encoding": "gzip"})
    assert response.status_code == 415, response.status_code
    assert "提交的内容：请发送未压缩的请求体" in response.get_data(as_text=True)
    assert sweep.fingerprint(database.engine) == before
    # Uncompressed, the same form saves.
    assert coordinator.post("/events/new", data=body, content_type="application/x-www-form-urlencoded").status_code \
        == 302
