"""WTForms' own messages (a validator's default) follow each request's language, its catalog read once per process."""

from __future__ import annotations

from flask import session

from incidents import forms
from incidents.auth.forms import LoginForm


def _required_said(app, lang: str) -> list[str]:  # noqa: ANN001
    with app.test_request_context("/login", method="POST", data={"username": "", "password": "secret"}):
        session["lang"] = lang  # as the language switch leaves it
        form = LoginForm(meta={"csrf": False})
        assert not form.validate()
        return list(form.username.errors)


def test_a_default_message_is_in_each_requests_language_and_its_catalog_read_once(app, monkeypatch):
    reads: list[str] = []
    load = forms.support.Translations.load

    def counted(dirname, locales, domain):  # noqa: ANN001, ANN202
        reads.append(str(locales[0]))
        return load(dirname, locales, domain)

    forms.wtforms_messages.cache_clear()
    monkeypatch.setattr(forms.support.Translations, "load", counted)
    for _ in range(3):  # the languages in turn, one process: neither answers in the other's words
        assert _required_said(app, "zh") == ["该字段是必填字段。"]
        assert _required_said(app, "en") == ["This field is required."]
    assert sorted(reads) == ["en", "zh"], reads  # once a language, not once a request (7 December: every request)
