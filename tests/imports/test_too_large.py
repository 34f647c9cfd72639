"""An upload over the import's limit says the limit, in the reader's language (an h2 audit).

Found: the 413 page said only "What you sent is too large.": a clerk with a 70 MB workbook could not
tell what size would pass (64 MB for a file, 2 MB for any other form).
"""

from __future__ import annotations

from incidents.imports import views
from tests.conftest import switch_language
from tests.imports.test_pages import upload


def test_a_file_over_the_limit_is_told_the_limit(client, auth, event, make_user, monkeypatch):
    monkeypatch.setattr(views, "MAX_BYTES", 1024 * 1024)
    make_user("co", "coordinator")
    auth.login("co")
    _token, refused = upload(client, f"/events/{event.id}/import", b"x" * (1024 * 1024 + 1))
    assert refused.status_code == 413
    assert "提交的内容过大：最多 1 MB，未保存任何内容。" in refused.get_data(as_text=True)
    switch_language(client, "en")
    _token, refused = upload(client, f"/events/{event.id}/import", b"x" * (1024 * 1024 + 1))
    assert "What you sent is too large: at most 1 MB. Nothing was saved." in refused.get_data(as_text=True)


def test_a_form_over_the_limit_is_told_its_limit(client, auth, make_user):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, "en")
    response = client.post("/account", data={"x": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "at most 2 MB" in response.get_data(as_text=True)
