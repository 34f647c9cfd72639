"""The base of every form of the product: Flask-WTF's, with WTForms' own messages read once per language."""

from __future__ import annotations

import functools
from typing import Any

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@functools.cache
def wtforms_messages(locale: str) -> support.NullTranslations:
    """WTForms' own catalog (its validators' default messages) in one language, loaded once per process."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """A Flask-WTF form whose WTForms messages come from a catalog kept per process.

    Flask-WTF loads WTForms' catalog from disk for every request that builds a form (kept on the request only):
    a scoped field worker's report form POST spent 12% of its CPU reading it again, for the two hidden fields'
    labels (benches/ingest_profile.py --via form, 7 December).
    """

    class Meta:
        def get_translations(self, form: Any) -> Any:
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)  # type: ignore[misc]
            return wtforms_messages(str(get_locale()))
