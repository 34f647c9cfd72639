"""The upload and confirm forms (Flask-WTF: CSRF on both)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, SelectField

from incidents.forms import Form


class UploadForm(Form):
    """A CSV or XLSX file and, optionally, the kind of rows it holds (else read from its header)."""

    token = HiddenField()
    kind = SelectField(_l("Kind of rows"), choices=[], validate_choice=False)
    file = FileField(_l("File (CSV or XLSX)"))


class ConfirmForm(Form):
    """Confirm a previewed upload: store it."""

    token = HiddenField()
