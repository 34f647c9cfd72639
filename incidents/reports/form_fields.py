"""The report forms' field types: a vague time (day, clock, precision), a "more than" quantity, a select."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from wtforms import StringField
from wtforms.fields.core import Field
from wtforms.utils import unset_value

from incidents.formatting import fmt_offset
from incidents.inputs import ticked
from incidents.reports.parsing import parse_clock, parse_day
from incidents.reports.validation import COUNT_UNITS
from incidents.vague import CLOCKED, Precision, local_candidates, offset_text


@dataclass
class VagueTime:
    """What the inputs of a time hold: a day, a clock time, a precision (and, for a clock time the
    clocks showed twice, the UTC offset chosen; for a new report, the clock the page filled in itself)."""

    day: str = ""
    clock: str = ""
    precision: str = "exact"
    offset: str = ""
    prefilled: str = ""

    @classmethod
    def of(cls, at: datetime | None, precision: Precision | str | None, tz: ZoneInfo) -> VagueTime:
        """The inputs that show a stored time again (a part of the day shows no clock)."""
        if at is None:
            return cls()
        p = Precision(precision or Precision.EXACT)
        local = at.astimezone(tz)
        clock = local.strftime("%H:%M") if p in CLOCKED else ""
        return cls(local.date().isoformat(), clock, p.value, offset_text(local))

    def readings(self, tz: ZoneInfo) -> list[tuple[str, str]]:
        """(offset, "01:30 EDT (UTC−04:00)") for each instant the clock time names, when there are two."""
        if self.precision not in CLOCKED:
            return []
        day = parse_day(self.day)  # as parse_time_input reads it: 2021/11/7 too
        try:
            found = local_candidates(day, parse_clock(self.clock), tz) if isinstance(day, date) else []
        except ValueError:
            return []
        locals_ = [at.astimezone(tz) for at in found]
        return [(offset_text(t), f"{t:%H:%M} {fmt_offset(t)}") for t in locals_] if len(found) > 1 else []

    def given_clock(self) -> str:
        """The clock the worker gave: none beside a part of the day where it is still the one the page filled in."""
        # Without JavaScript the clock input stays shown beside 下午 and is sent: "now" left untouched there is no
        # clock anyone knew (20:00 下午 would be refused naming a time the worker never gave); a typed one is theirs.
        vague = self.precision not in CLOCKED
        return "" if vague and self.prefilled and self.clock.strip() == self.prefilled.strip() else self.clock


@dataclass
class Quantity:
    """What a quantity's inputs hold: the number as typed and the "more than" switch."""

    text: str = ""
    more: bool = False

    @classmethod
    def of(cls, value: int | None, lower_bound: bool) -> Quantity:
        """The inputs that show a stored quantity again."""
        return cls("" if value is None else str(value), bool(lower_bound))


class VagueTimeField(Field):
    """A time as precisely as it is known: `<name>-day`, `<name>-time`, `<name>-precision`."""

    kind = "time"

    def __init__(self, label: Any = None, required: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.required = required

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []  # wtforms appends each ValueError's first argument
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data if isinstance(data, VagueTime) else VagueTime()
        self.readings: list[tuple[str, str]] = []  # set by ask_which: the two readings to choose from
        names = [f"{self.name}-{part}" for part in ("day", "time", "precision", "offset", "prefilled")]
        self.raw_data = []
        if formdata is not None and any(n in formdata for n in names):
            self.raw_data = [formdata.get(n, "") for n in names]
            # Whole: cut to 40 characters, "2021-07-22", 30 spaces and "x" was read as that day.
            self.data = VagueTime(*(str(v) for v in self.raw_data))
            if not self.data.precision:
                self.data.precision = "exact"

    def _value(self) -> str:
        return ""

    def ask_which(self, tz: ZoneInfo) -> None:
        """Offer both readings of a clock time the clocks showed twice (the template shows them)."""
        self.readings = self.data.readings(tz)


class QuantityField(Field):
    """A whole number with a "more than" switch: `<name>` and `<name>-more`."""

    kind = "quantity"

    def __init__(self, label: Any = None, unit: Any = "", decimal: bool = False,
                 units: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.unit = unit
        self.decimal = decimal
        self._units = units

    @property
    def units(self) -> tuple[str, ...]:
        """The unit words this count may be typed with ("120人次"): its category's, else its field's."""
        return self._units if self._units is not None else COUNT_UNITS.get(self.name, ())

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []  # wtforms appends each ValueError's first argument
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data if isinstance(data, Quantity) else Quantity()
        self.raw_data = []
        if formdata is not None and (self.name in formdata or f"{self.name}-more" in formdata):
            self.raw_data = [formdata.get(self.name, ""), formdata.get(f"{self.name}-more", "")]
            # Whole: spaces group digits, and "12", 38 spaces and "345" cut to 40 characters was 12, not 12345.
            self.data = Quantity(str(self.raw_data[0]), ticked(self.raw_data[1], f"{self.name}-more"))

    def _value(self) -> str:
        return self.data.text if self.data else ""


class ChoiceField(StringField):
    """A select whose options the view sets (`choices`); the template renders it, the rules check it."""

    kind = "select"

    def __init__(self, label: Any = None, choices: list[tuple[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices = list(choices or [])
