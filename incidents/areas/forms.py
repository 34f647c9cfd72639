"""Area form: where it sits, what it is called, where it is, how many households and buildings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField

from incidents.areas.models import AreaLevel
from incidents.forms import Form
from incidents.reports.form_fields import ChoiceField
from incidents.reports.parsing import exact_count
from incidents.reports.validation import COUNT_UNITS

LEVEL_CHOICES = [(level.value, level.value) for level in AreaLevel]



class AreaForm(Form):
    """An area of the tree; coordinates in one box ("36.0906, 114.3572" or degrees-minutes-seconds)."""

    version = HiddenField()
    parent_id = ChoiceField(_l("Under"), choices=[])
    level = ChoiceField(_l("Level"), choices=LEVEL_CHOICES)
    name = StringField(_l("Name"))
    name_en = StringField(_l("English name"))
    code = StringField(_l("Administrative code"))
    coordinates = StringField(_l("Coordinates (WGS-84)"))
    households = StringField(_l("Households"))
    buildings = StringField(_l("Buildings"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[tuple[str, Any]] = []

    def to_data(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The field dict the area services take, and the typing errors found on the way."""
        from incidents.areas.services import coordinates_message
        from incidents.geo import CoordinatesError, parse_point

        errors: dict[str, Any] = {}
        data: dict[str, Any] = {
            "name": (self.name.data or "").strip(), "name_en": (self.name_en.data or "").strip() or None,
            "code": (self.code.data or "").strip() or None, "level": self.level.data,
        }
        raw = (self.parent_id.data or "").strip()
        # Anything but a plausible id is -1, which the service names: unknown area.
        data["parent_id"] = (int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else -1) if raw else None
        text = (self.coordinates.data or "").strip()
        data["latitude"] = data["longitude"] = None
        if text:
            try:
                data["latitude"], data["longitude"] = parse_point(text)
            except CoordinatesError as exc:
                errors["coordinates"] = coordinates_message(exc)
        for name in ("households", "buildings"):
            # As a report's counts are read ("1,200户", "1.2万", full-width digits; "1,5" refused); a sign and any
            # length pass as a number, so the service says "negative" or "too large".
            data[name] = exact_count(self[name].data or "", COUNT_UNITS[f"{name}_affected"])
        return data, errors

    def text_errors(self) -> dict[str, Any]:
        """Control characters (PostgreSQL refuses NUL) are refused by name before any service sees them."""
        from incidents.errors import Message
        from incidents.reports.validation import CONTROL_CHARS

        return {name: Message("contains control characters") for name in ("name", "name_en", "code")
                if CONTROL_CHARS.search(self[name].data or "")}

    def show_errors(self, errors: dict[str, Any]) -> None:
        """Each message on its field; latitude and longitude belong to the coordinates box."""
        for key, message in errors.items():
            name = "coordinates" if key in ("latitude", "longitude") else key
            if name in self._fields and name not in ("version", "csrf_token"):
                self[name].errors = [*(self[name].errors or []), message]
            else:
                self.general_errors.append((key, message))
