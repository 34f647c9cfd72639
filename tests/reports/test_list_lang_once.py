"""The report list asks flask-babel for the reader's language once a render, not once per time, quantity or day
shown (LANG_ONCE: ~3 µs each, ~2,200 a page at a typhoon hour's scale)."""

from __future__ import annotations

import re
import sys

import flask_babel
import pytest

from tests.conftest import switch_language


@pytest.fixture
def lookups(monkeypatch):
    """Count the locale lookups the application makes (flask-babel's own, for gettext, left out)."""
    calls = []
    real = flask_babel.get_locale

    def counted():  # noqa: ANN202
        if sys._getframe(1).f_globals.get("__name__") != "flask_babel":
            calls.append(1)
        return real()

    monkeypatch.setattr(flask_babel, "get_locale", counted)
    return calls


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_list_asks_the_language_once_however_many_rows(client, auth, make_user, app, event, lookups, lang):
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, lang)
    counts = {}
    for size in (1, 1000):
        app.config["PAGE_SIZE"] = size
        lookups.clear()
        html = client.get(f"/events/{event.id}/reports").get_data(as_text=True)
        counts[size] = (len(lookups), len(re.findall(r'id="report-\d+"', html)))
    (few, one_row), (many, rows) = counts[1], counts[1000]
    assert one_row == 1 and rows > 10
    assert many == few <= 5, counts
    # Still in the reader's language: the list's times and quantities.
    page = client.get(f"/events/{event.id}/reports?kind=debris").get_data(as_text=True)
    assert ("30+ t" in page) if lang == "en" else ("30余吨" in page)


@pytest.mark.parametrize("lang, known", [("zh", "获知"), ("en", "known ")])
def test_the_templates_words_come_from_one_catalog_lookup_a_render(client, auth, make_user, app, event, monkeypatch,
                                                                    lang, known):
    """Jinja's _() reads the catalog the render resolved once, not flask-babel's per call (~14 µs each, ~180 a
    page of 50 reports: docs/performance.md, "gettext once a render")."""
    make_user("viewer1", "viewer")
    auth.login("viewer1")
    switch_language(client, lang)
    calls = []
    real = flask_babel.get_translations

    def counted():  # noqa: ANN202
        calls.append(1)
        return real()

    monkeypatch.setattr(flask_babel, "get_translations", counted)
    counts = {}
    for size in (1, 1000):
        app.config["PAGE_SIZE"] = size
        calls.clear()
        html = client.get(f"/events/{event.id}/reports").get_data(as_text=True)
        rows = len(re.findall(r'id="report-\d+"', html))
        # each row says when it was known (_('known %(t)s')), in the reader's language
        assert html.count('<span class="by">') == rows and html.count(known) >= rows
        counts[size] = (len(calls), rows)
    (few, one_row), (many, rows) = counts[1], counts[1000]
    assert one_row == 1 and rows > 10
    assert many == few <= 2, counts
