"""The API reference calls the app and its briefs what every other page calls them: 防汛救灾信息平台 (the
app's title, from the core catalog) and 日报, never 事件日志 or 简报."""

from __future__ import annotations

import re

from flask_babel import force_locale, gettext

from tests.api.conftest import TokenClient


def test_the_api_reference_uses_the_apps_own_names(app, viewer_api: TokenClient, client, auth, make_user):
    with app.test_request_context(), force_locale("zh"):
        title = gettext("Incident Log")
    assert title == "防汛救灾信息平台"
    spec = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "zh"}).json
    assert spec["info"]["title"] == f"{title} API"
    assert spec["info"]["description"].startswith(title)
    make_user("reader", "viewer")
    auth.login("reader")
    page = client.get("/api/docs").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", page)
    assert f"{title} API" in text and "日报" in text
    assert "事件日志" not in text and "简报" not in text
    english = viewer_api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    assert english["info"]["title"] == "Incident Log API"
