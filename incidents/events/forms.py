"""Event form: name, kind, time zone, start and end in that zone, when the daily brief is compiled."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.utils import unset_value

from incidents.errors import ValidationError
from incidents.events.models import EventKind
from incidents.events.services import known_zone
from incidents.formatting import cldr_zone_name, fmt_offset, fmt_zone
from incidents.forms import Form
from incidents.reports.form_fields import ChoiceField
from incidents.reports.messages import NEVER_HAPPENED, TWICE_CHOOSE
from incidents.reports.parsing import spelling_problem
from incidents.vague import (
    AmbiguousLocalTime,
    LocalTimeError,
    SpellingError,
    iso_datetime,
    local_candidates,
    local_instant,
    offset_text,
    parse_offset,
)

KIND_CHOICES = [(kind.value, kind.value) for kind in EventKind]
# Zones offered first: where this office works; every IANA zone follows.
COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Tokyo", "UTC"]


def zone_choices(lang: str = "zh") -> list[tuple[str, str]]:
    """Every IANA zone, the usual ones first as the pages name them (北京时间（Asia/Shanghai）), then the rest
    by tz name, each named in the page's language (中欧时间（Europe/Paris）); the value stays the tz name."""
    return list(_zone_choices("en" if lang.startswith("en") else "zh"))


@lru_cache(maxsize=2)
def _zone_choices(lang: str) -> tuple[tuple[str, str], ...]:
    rest = sorted(z for z in available_timezones() if z not in COMMON_ZONES and "/" in z)
    first = [(z, _zone_label(z, named if (named := fmt_zone(z, lang)) != z else cldr_zone_name(z, lang), lang))
             for z in COMMON_ZONES]
    # Etc/GMT+5 and the like have no name but "Unknown Region (GMT+5) Time": the tz name alone (events may use one).
    return tuple(first + [(z, z if z.startswith("Etc/") else _zone_label(z, cldr_zone_name(z, lang), lang))
                          for z in rest])


def _zone_label(zone: str, name: str, lang: str) -> str:
    if name == zone:
        return zone
    return f"{name} ({zone})" if lang == "en" else f"{name}（{zone}）"


class LocalTimeField(StringField):
    """A date and time on the event's clocks (`<name>`, as a datetime-local input sends it), and
    `<name>-offset`: which reading was meant of a clock time the clocks showed twice (as the report forms)."""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        self.offset = str(formdata.get(f"{self.name}-offset", ""))[:40] if formdata is not None else ""
        self.readings: list[tuple[str, str]] = []  # the two readings to choose from, when there are two

    def show(self, at: datetime | None, tz: ZoneInfo) -> None:
        """Show a stored instant on the zone's clocks, with the reading it is (an edit keeps it)."""
        if at is None:
            self.data, self.offset, self.readings = "", "", []
            return
        local = at.astimezone(tz)
        self.data, self.offset = local.strftime("%Y-%m-%dT%H:%M"), offset_text(local)
        self.readings = _readings(local.replace(tzinfo=None), tz)

    def instant(self, tz: ZoneInfo | None) -> Any:
        """The instant (UTC) through the one parser of local times (vague.local_instant), None when empty, or
        the text as typed for the service to refuse by name; ValueError(Message) for a time the zone's
        clocks showed twice (both readings then offered) or skipped."""
        raw = (self.data or "").strip()
        self.readings = []
        if not raw:
            return None
        try:
            parsed = iso_datetime(raw)
        except SpellingError as exc:  # an offset with seconds: said so beside the field
            raise ValueError(spelling_problem(exc)) from None
        except ValueError:
            return raw
        # Outside 1900-2999 is a typing error; the service names it ("must be a date and time").
        if tz is None or not 1900 <= parsed.year < 3000:
            return raw
        if parsed.tzinfo is not None:  # sent with its offset: one instant already
            return parsed.astimezone(UTC)
        self.readings = _readings(parsed, tz)
        try:
            return local_instant(parsed.date(), parsed.time(), tz, parse_offset(self.offset))
        except LocalTimeError as exc:
            raise ValueError(TWICE_CHOOSE if isinstance(exc, AmbiguousLocalTime) else NEVER_HAPPENED) from None

    def choice(self) -> dict[str, Any]:
        """What templates/reports/_fields.html's `which_reading` reads: the name, both readings, the one chosen."""
        return {"name": self.name, "readings": self.readings, "data": {"offset": self.offset}}


def _readings(wall: datetime, tz: ZoneInfo) -> list[tuple[str, str]]:
    """(offset, "01:30 EDT (UTC−04:00)") for each instant a wall time names, when there are two."""
    found = [at.astimezone(tz) for at in local_candidates(wall.date(), wall.time(), tz)]
    return [(offset_text(t), f"{t:%H:%M} {fmt_offset(t)}") for t in found] if len(found) > 1 else []


class EventForm(Form):
    """An emergency the office responds to."""

    version = HiddenField()
    # In the page's order: a refused form names its fields to check in this order (reports/_fields.html refusal).
    name = StringField(_l("Name"))
    name_en = StringField(_l("English name"))
    code = StringField(_l("Short code (stable, e.g. wenfeng-2021-07-rainstorm)"))
    kind = ChoiceField(_l("Kind"), choices=KIND_CHOICES)
    timezone = ChoiceField(_l("Time zone"), choices=[], default="Asia/Shanghai")
    starts_at = LocalTimeField(_l("Starts (local time)"))
    ends_at = LocalTimeField(_l("Ends (local time, if over)"))
    brief_time = StringField(_l("Daily brief compiled at (local time)"), default="08:00")
    area_id = ChoiceField(_l("District"), choices=[])
    issuer = StringField(_l("Office that issues the briefs"))
    issuer_en = StringField(_l("Its English name"))
    description = TextAreaField(_l("Description"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[tuple[str, Any]] = []
        # A local time the zone cannot place by itself: named on its field, over the service's message.
        self.time_errors: dict[str, Any] = {}

    def to_data(self) -> dict[str, Any]:
        """The field dict the event services take; unreadable values pass on for the service to name."""
        zone_name = self.timezone.data or "Asia/Shanghai"
        # As the API: an unknown zone is named by the service; the times are read meanwhile in the default
        # zone, not refused as "must be a date and time" beside it.
        tz = known_zone(zone_name) or ZoneInfo("Asia/Shanghai")
        data: dict[str, Any] = {
            "code": (self.code.data or "").strip(), "name": (self.name.data or "").strip(),
            "name_en": (self.name_en.data or "").strip() or None, "kind": self.kind.data, "timezone": zone_name,
            "issuer": (self.issuer.data or "").strip() or None,
            "issuer_en": (self.issuer_en.data or "").strip() or None,
            "description": (self.description.data or "").strip() or None,
        }
        self.time_errors = {}
        for field in (self.starts_at, self.ends_at):
            # A local time the clocks showed twice or skipped is not guessed (vague.local_instant): the
            # text goes on (the service refuses it) and the message that says why is kept for the field.
            try:
                data[field.name] = field.instant(tz)
            except ValueError as exc:
                data[field.name] = field.data
                self.time_errors[field.name] = exc.args[0]
        # As typed: the service reads it (HH:MM), for the form and the API alike.
        data["brief_time"] = (self.brief_time.data or "").strip() or None
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
        self.starts_at.show(event.starts_at, event.tz)
        self.ends_at.show(event.ends_at, event.tz)
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
        """Each message on its field (a local time's own reason over the service's); the rest above the form."""
        for key, message in {**errors, **self.time_errors}.items():
            if key in self._fields and key not in ("version", "csrf_token"):
                self[key].errors = [*(self[key].errors or []), message]
            else:
                self.general_errors.append((key, message))


class CloseEventForm(Form):
    """When an event ended (local time in its zone; the form offers now)."""

    ends_at = LocalTimeField(_l("Ended at (local time)"))

    def ends_at_in(self, tz: ZoneInfo) -> Any:
        """The end as an aware time (the one parser: never guessed), or the raw text for the service to
        refuse by name; ValidationError on `ends_at` for a time the clocks showed twice or skipped."""
        try:
            return self.ends_at.instant(tz)
        except ValueError as exc:
            raise ValidationError({"ends_at": exc.args[0]}) from None
