"""A page's form said to be multipart that cannot be read as such is a 400 naming the body (probed 6 December, morning).

A script that sets `Content-Type: multipart/form-data` itself beside a FormData body (the boundary then missing, a
common fetch mistake) or sends a body that does not use the boundary it names was read as an empty form, and the
answer was CSRF's: "页面已过期（打开后有过重新登录或修改密码）… 您填写的内容保留在下方" — the session blamed, and the
form below empty, nothing of what was sent kept. Nothing was saved then either; now the answer says why.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import pytest

from tests.security import sweep


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=",
                                          "multipart/form-data; boundary=nowhere-in-the-body"])
def test_a_form_said_to_be_multipart_but_unreadable_names_the_body(app, database, ids, login_as, content_type):
    coordinator = login_as("coordinator")
    url, form = sweep.activity_form(coordinator, database, ids.event_id)
    form.update({"title": "巡查", "token": secrets.token_urlsafe(16)})
    before = sweep.fingerprint(database.engine)
    response = coordinator.post(url, data=urlencode(form).encode(), content_type=content_type)
    page = response.get_data(as_text=True)
    assert response.status_code == 400, response.status_code
    assert "提交的内容：" in page and "multipart/form-data" in page
    assert "页面已过期" not in page  # the session is not what went wrong
    assert sweep.fingerprint(database.engine) == before
    # The same fields as a browser sends them save.
    saved = coordinator.post(url, data=form)
    assert saved.status_code == 302, saved.status_code
