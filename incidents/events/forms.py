"""Event form: name, kind, time zone, start and end in that zone, when the daily brief is compiled."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from incidents.events.models import EventKind
from incidents.reports.forms import ChoiceField
from incidents.vague import local_instant

KIND_CHOICES = [(kind.value, kind.value) for kind in EventKind]
# Zones offered first: where this office works; every IANA zone follows.
COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Tokyo", "UTC"]


def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, the usual ones first."""
    rest = sorted(z for z in available_timezones() if z not in COMMON_ZONES and "/" in z)
    return [(z, z) for z in COMMON_ZONES + rest]


class EventForm(FlaskForm):
    """An emergency the office responds to."""

    version = HiddenField()
    code = StringField(_l("Short code (stable, e.g. wenfeng-2021-07-rainstorm)"))
    name = StringField(_l("Name"))
    name_en = StringField(_l("English name"))
    kind = ChoiceField(_l("Kind"), choices=KIND_CHOICES)
    timezone = ChoiceField(_l("Time zone"), choices=[], default="Asia/Shanghai")
    starts_at = StringField(_l("Starts (local time)"))
    ends_at = StringField(_l("Ends (local time, if over)"))
    brief_time = StringField(_l("Daily brief compiled at (local time)"), default="08:00")
    area_id = ChoiceField(_l("District"), choices=[])
    issuer = StringField(_l("Office that issues the briefs"))
    issuer_en = StringField(_l("Its English name"))
    description = TextAreaField(_l("Description"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[tuple[str, Any]] = []

    def to_data(self) -> dict[str, Any]:
        """The field dict the event services take; unreadable values pass on for the service to name."""
        zone_name = self.timezone.data or "Asia/Shanghai"
        try:
            tz: ZoneInfo | None = ZoneInfo(zone_name)
        except (ValueError, KeyError, OSError):
            tz = None
        data: dict[str, Any] = {
            "code": (self.code.data or "").strip(), "name": (self.name.data or "").strip(),
            "name_en": (self.name_en.data or "").strip() or None, "kind": self.kind.data, "timezone": zone_name,
            "issuer": (self.issuer.data or "").strip() or None,
            "issuer_en": (self.issuer_en.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
        }
        for name in ("starts_at", "ends_at"):
            raw = (self[name].data or "").strip()
            if not raw:
                data[name] = None
                continue
            try:
                parsed = datetime.fromisoformat(raw)
                # Outside 1900-2999 is a typing error; the service names it ("must be a date and time").
                # A local time the clocks showed twice or skipped is not guessed (vague.local_instant).
                data[name] = (parsed if parsed.tzinfo else local_instant(parsed.date(), parsed.time(), tz)) \
                    if tz is not None and 1900 <= parsed.year < 3000 else raw
            except ValueError:
                data[name] = raw
        raw = (self.brief_time.data or "").strip()
        try:
            data["brief_time"] = time.fromisoformat(raw) if raw else None
        except ValueError:
            data["brief_time"] = raw
        raw = (self.area_id.data or "").strip()
        # Anything but a plausible id is -1, which the service names: unknown area.
        data["area_id"] = (int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else -1) if raw else None
        return data

    def fill(self, event: Any) -> None:
        """Show a stored event in the form (times in its own zone)."""
        for name in ("code", "name", "name_en", "issuer", "issuer_en", "description"):
            self[name].data = getattr(event, name) or ""
        self.kind.data = event.kind.value
        self.timezone.data = event.timezone
        self.starts_at.data = event.starts_at.astimezone(event.tz).strftime("%Y-%m-%dT%H:%M")
        self.ends_at.data = event.ends_at.astimezone(event.tz).strftime("%Y-%m-%dT%H:%M") if event.ends_at else ""
        self.brief_time.data = event.brief_time.strftime("%H:%M")
        self.area_id.data = str(event.area_id) if event.area_id else ""
        self.version.data = str(event.version)

    def text_errors(self) -> dict[str, Any]:
        """Control characters (PostgreSQL refuses NUL) are refused by name before any service sees them."""
        from incidents.errors import Message
        from incidents.reports.validation import CONTROL_CHARS

        names = ("code", "name", "name_en", "issuer", "issuer_en", "description")
        return {name: Message("contains control characters") for name in names
                if CONTROL_CHARS.search(self[name].data or "")}

    def show_errors(self, errors: dict[str, Any]) -> None:
        """Each message on its field; what has no field is shown above the form."""
        for key, message in errors.items():
            if key in self._fields and key not in ("version", "csrf_token"):
                self[key].errors = [*(self[key].errors or []), message]
            else:
                self.general_errors.append((key, message))


class CloseEventForm(FlaskForm):
    """When an event ended (local time in its zone; the form offers now)."""

    ends_at = StringField(_l("Ended at (local time)"))

    def ends_at_in(self, tz: ZoneInfo) -> Any:
        """The end as an aware time, or the raw text for the service to refuse by name."""
        raw = (self.ends_at.data or "").strip()
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            return raw or None
        return parsed.replace(tzinfo=tz) if parsed.tzinfo is None and 1900 <= parsed.year < 3000 else raw
