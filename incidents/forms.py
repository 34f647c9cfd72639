"""The base of every form of the product: Flask-WTF's, with WTForms' own messages read once per language."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.i18n import messages_path

from incidents.reports import messages
from incidents.reports.parsing import parse_day


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


# What a day field takes, said with its refusal: the spellings parse_day reads, in the rules' own words (the msgid is
# in the reports catalog; lazy here, as WTForms shows the message as it is).
NOT_A_DAY = _l(messages.NOT_A_DAY.msgid)


def day_shown(typed: str | None) -> tuple[str, str]:
    """A day input shown again: (value, input type), the day read as YYYY-MM-DD in a date input, else as typed."""
    # A date input shows only YYYY-MM-DD: "2021/7/24" sent back as typed came back empty after another field's
    # refusal, and "7/24" (no day) vanished beside its own. What is no day goes in a text input, still seen.
    text = typed or ""
    day = parse_day(text) if text.strip() else None
    if isinstance(day, date):
        return day.isoformat(), "date"
    return (text, "text") if text.strip() else ("", "date")


class DayField(DateField):
    """A date input whose day is read as every day the product reads (2026-12-31, 2026/12/31, 2026年12月31日,
    full-width digits: reports.parsing.parse_day), not DateField's strptime of YYYY-MM-DD only."""

    def __call__(self, **kwargs: Any) -> Any:
        if self.raw_data:  # as typed, shown again (day_shown): the day read, or the text in a text input
            value, kwargs["type"] = day_shown(" ".join(str(v) for v in self.raw_data))
            kwargs["value"] = value
        return super().__call__(**kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = " ".join(str(v) for v in valuelist).strip()
        day = parse_day(text) if text else None
        if day is not None and not isinstance(day, date):
            self.data = None
            raise ValueError(NOT_A_DAY)
        self.data = day
