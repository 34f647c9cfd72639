"""Report forms: one per kind, phone-first; vague times and "more than" quantities are first-class.

The forms only read what was typed (their field types are form_fields.py's); every rule lives in
incidents/reports/validation.py, whose field errors are mapped back onto these fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.fields.core import Field

from incidents.forms import Form
from incidents.inputs import Checkbox
from incidents.labels import FIELD_LABELS
from incidents.reports.form_fields import ChoiceField, Quantity, QuantityField, VagueTime, VagueTimeField
from incidents.reports.models import Category, DebrisClearance, Report, ReportKind
from incidents.reports.parsing import (
    parse_day,
    parse_quantity_input,
    parse_time_input,
    parse_tonnes_input,
    tonnes,
)

# Field names as people read them (forms, detail pages, the history of a report): the words of labels.FIELD_LABELS,
# which a page's refusal names a field by, but where a report's form words a field more exactly than a record's column.
LABELS: dict[str, Any] = {
    **{key: FIELD_LABELS[key] for key in (
        "area_id", "event_id", "reported_at", "source", "note", "status", "status_reason", "started_at", "etr_at",
        "outage_id", "households_restored", "buildings_restored", "households_out", "buildings_out", "fully_restored",
        "team", "team_en", "staff", "people", "pumps", "capacity_m3h", "ended_at", "operation_id", "period_start",
        "period_end", "volume_m3", "person_times", "cumulative", "counts", "mass_kg", "mass_t", "truckloads",
        "vehicles", "title", "period_day", "reason")},
    "observed_at": _l("When"),
    "restored_at": _l("Fully restored at"),
    "households_affected": _l("Households without power"),
    "buildings_affected": _l("Buildings without power"),
}
# Counter words shown after a stored quantity on a report's page (300余户, 6栋).
UNITS: dict[str, Any] = {
    "households_affected": _l("households"), "households_restored": _l("households"),
    "households_out": _l("households"), "buildings_affected": _l("buildings"),
    "buildings_restored": _l("buildings"), "buildings_out": _l("buildings"), "people": _l("people"),
    "staff": _l("people"),
    "pumps": _l("pumps"), "person_times": _l("person-times"), "truckloads": _l("truckloads"),
    "vehicles": _l("vehicles"), "volume_m3": "m³", "capacity_m3h": "m³/h",
}
# What an audit entry did, as the history on a report's page says it.
ACTIONS: dict[str, Any] = {
    "create": _l("logged"), "update": _l("corrected"), "verify": _l("verified"), "return": _l("sent back"),
    "retract": _l("retracted"), "restore": _l("restored"),
    # An outage's restored time, set by one of its updates (reports/services.py).
    "restoration": _l("restoration recorded by an update"),
}
# The label of the observed time where a kind means something more specific by it.
OBSERVED_LABELS = {
    ReportKind.PUMPING: _l("Started"),
    ReportKind.DISINFECTION: _l("When (or as of)"),
}
PRECISION_CHOICES = [
    ("exact", _l("at")),
    ("approximate", _l("about")),
    ("morning", _l("morning")),
    ("afternoon", _l("afternoon")),
    ("evening", _l("evening")),
    ("night", _l("night (0–6 h)")),
    ("day", _l("that day (time unknown)")),
]


class ReportForm(Form):
    """What every report form has: a one-time token, the version being edited, place, source, note."""

    kind: ReportKind
    # Times and quantities in the order the form shows them; the template reads these lists.
    layout: list[str] = []
    # A problem above the form said by its sentence alone, no field named: the expired form's (csrf), none's ("").
    UNNAMED = frozenset({"", "csrf"})
    token = HiddenField()
    version = HiddenField()
    area_id = ChoiceField(LABELS["area_id"])
    source = StringField(LABELS["source"])
    note = TextAreaField(LABELS["note"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[Any] = []
        self.reused: Report | None = None  # the report this form's token already made, when sent changed
        self.ask_duplicate = False  # a near-duplicate of a recent report: ask before saving
        self.key_reused = False  # the one-time token already made a report from other values
        self.outside_parent: Report | None = None  # an outage or operation asked for (?outage=) outside scope
        self.parent_places: dict[str, int] = {}  # each open outage or operation offered (by id): its area
        self.suggestions: dict[str, list[str]] = {}  # a text field's earlier answers, offered as it is typed
        self.count_errors: list[Any] = []
        # Its selects' choices filled (form_pages.prepare_form): only a form shown needs them, not a POST saved.
        self.prepared = False

    def groups(self, names: list[str] | None = None) -> list[list[Field]]:
        """The kind's fields in order, neighbouring quantities grouped (two to a row on a phone)."""
        out: list[list[Field]] = []
        for field in (self[n] for n in (self.layout if names is None else names)):
            if field.name in ("outage_id", "operation_id"):
                continue
            if isinstance(field, QuantityField) and out and isinstance(out[-1][0], QuantityField):
                out[-1].append(field)
            else:
                out.append([field])
        return out

    def to_data(self, tz: ZoneInfo) -> tuple[dict[str, Any], dict[str, Any]]:
        """The field dict validate_report takes, and the typing errors found on the way."""
        data: dict[str, Any] = {"source": self.source.data, "note": self.note.data}
        errors: dict[str, Any] = {}
        data["area_id"] = _id(self.area_id.data)
        for field in self:
            if isinstance(field, VagueTimeField):
                v = field.data
                field.ask_which(tz)
                try:
                    parsed = parse_time_input(v.day, v.given_clock(), v.precision, tz, v.offset)
                except ValueError as exc:
                    errors[field.name] = exc.args[0]
                    continue
                data[field.name], data[_precision_name(field.name)] = parsed or (None, None)
            elif isinstance(field, QuantityField):
                if field.decimal:
                    try:
                        value, more = parse_tonnes_input(field.data.text, field.data.more)
                    except ValueError as exc:
                        errors[field.name] = exc.args[0]
                        continue
                    data["mass_kg"], data["mass_kg_lb"] = value, more
                elif field.name.startswith("count_"):
                    data.setdefault("counts", {})[field.name.removeprefix("count_")] = \
                        parse_quantity_input(field.data.text, field.data.more, field.units)
                else:
                    data[field.name], data[f"{field.name}_lb"] = parse_quantity_input(
                        field.data.text, field.data.more, field.units)
            elif isinstance(field, BooleanField):
                data[field.name] = bool(field.data)
            elif field.name in ("outage_id", "operation_id"):
                data[field.name] = _id(field.data)
            elif field.name in ("team", "team_en", "title"):
                data[field.name] = field.data
            elif field.name == "period_day":
                data[field.name] = parse_day(field.data)
        return data, errors

    def show_errors(self, errors: dict[str, Any]) -> None:
        """Put each rule's message on its field; what has no field is shown above the form."""
        for key, message in errors.items():
            name = ERROR_FIELDS.get(key, key)
            if name == "counts":
                self.count_errors.append(message)
            elif name in self._fields and name not in ("token", "version", "csrf_token"):
                self[name].errors = [*(self[name].errors or []), message]
            else:
                self.general_errors.append((key, message))

    def fill(self, report: Report, tz: ZoneInfo) -> None:
        """Show a stored report in the form (for editing), honestly vague where it was vague."""
        self.area_id.data = str(report.area_id)
        self.source.data = report.source or ""
        self.note.data = report.note or ""
        self.version.data = str(report.version)
        counts = {c.category_code: c for c in getattr(report, "counts", [])}
        for field in self:
            if isinstance(field, VagueTimeField):
                field.data = VagueTime.of(getattr(report, field.name), getattr(report, _precision_name(field.name)),
                                          tz)
                field.ask_which(tz)
            elif isinstance(field, QuantityField):
                if field.decimal:
                    # The one decimal field, mass_t, is on the debris clearance form only.
                    assert isinstance(report, DebrisClearance)
                    kg = report.mass_kg
                    text = "" if kg is None else str(tonnes(kg))
                    field.data = Quantity(text, bool(report.mass_kg_lb))
                elif field.name.startswith("count_"):
                    row = counts.get(field.name.removeprefix("count_"))
                    field.data = Quantity.of(row.count if row else None, row.count_lb if row else False)
                else:
                    field.data = Quantity.of(getattr(report, field.name), getattr(report, f"{field.name}_lb"))
            elif isinstance(field, BooleanField):
                field.data = bool(getattr(report, field.name))
            elif field.name in ("outage_id", "operation_id", "team", "team_en", "title"):
                value = getattr(report, field.name)
                field.data = "" if value is None else str(value)
            elif field.name == "period_day":
                field.data = getattr(report, field.name).isoformat()


def _id(value: Any) -> int | str | None:
    """A select's or hidden input's value as an id, None when empty; anything else as typed, which the rules
    name as no valid id (read as None it was "required" beside a choice the person had made)."""
    text = str(value or "").strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else text


def _precision_name(name: str) -> str:
    from incidents.vague import precision_field

    return precision_field(name)


# Rule keys that belong to another input: a precision to its time, kilograms to the tonnes box.
ERROR_FIELDS = {
    "observed_precision": "observed_at", "started_precision": "started_at", "etr_precision": "etr_at",
    "ended_precision": "ended_at", "period_start_precision": "period_start",
    "period_end_precision": "period_end", "mass_kg": "mass_t",
}


class OutageForm(ReportForm):
    """A power outage: since when, how many buildings and households, the promised restoration."""

    kind = ReportKind.OUTAGE
    layout = ["started_at", "buildings_affected", "households_affected", "etr_at"]
    started_at = VagueTimeField(LABELS["started_at"], required=True)
    buildings_affected = QuantityField(LABELS["buildings_affected"])
    households_affected = QuantityField(LABELS["households_affected"])
    etr_at = VagueTimeField(LABELS["etr_at"])


class OutageUpdateForm(ReportForm):
    """A later word on an outage: restored so far, still out, more affected, a new ETR, or full."""

    kind = ReportKind.OUTAGE_UPDATE
    layout = ["outage_id", "observed_at", "fully_restored", "buildings_restored", "households_restored",
              "buildings_out", "households_out", "etr_at"]
    # Rarely needed: shown folded, under "more were affected".
    more = ["buildings_affected", "households_affected"]
    outage_id = ChoiceField(LABELS["outage_id"])
    observed_at = VagueTimeField(LABELS["observed_at"], required=True)
    fully_restored = Checkbox(LABELS["fully_restored"])
    buildings_restored = QuantityField(LABELS["buildings_restored"])
    households_restored = QuantityField(LABELS["households_restored"])
    buildings_out = QuantityField(LABELS["buildings_out"])
    households_out = QuantityField(LABELS["households_out"])
    buildings_affected = QuantityField(_l("Buildings affected now (new total)"))
    households_affected = QuantityField(_l("Households affected now (new total)"))
    etr_at = VagueTimeField(_l("New expected restoration"))


class PumpingForm(ReportForm):
    """A pumping operation: team, people, pumps, from when until when."""

    kind = ReportKind.PUMPING
    layout = ["team", "team_en", "observed_at", "ended_at", "people", "pumps", "capacity_m3h"]
    team = StringField(LABELS["team"])
    team_en = StringField(LABELS["team_en"])
    observed_at = VagueTimeField(OBSERVED_LABELS[ReportKind.PUMPING], required=True)
    ended_at = VagueTimeField(LABELS["ended_at"])
    people = QuantityField(LABELS["people"])
    pumps = QuantityField(LABELS["pumps"])
    capacity_m3h = QuantityField(LABELS["capacity_m3h"])


class PumpingVolumeForm(ReportForm):
    """Volume pumped by an operation over an interval."""

    kind = ReportKind.PUMPING_VOLUME
    layout = ["operation_id", "period_start", "period_end", "volume_m3"]
    operation_id = ChoiceField(LABELS["operation_id"])
    period_start = VagueTimeField(LABELS["period_start"], required=True)
    period_end = VagueTimeField(LABELS["period_end"], required=True)
    volume_m3 = QuantityField(LABELS["volume_m3"])
    period_starts = ""  # a new one's: JSON {operation id: [day, clock, precision]}, for reports.js


class DisinfectionBase(ReportForm):
    """A disinfection round: person-times and one count per category, in one report."""

    kind = ReportKind.DISINFECTION
    layout = ["observed_at", "cumulative", "person_times", "staff"]
    observed_at = VagueTimeField(OBSERVED_LABELS[ReportKind.DISINFECTION], required=True)
    cumulative = Checkbox(LABELS["cumulative"])
    person_times = QuantityField(LABELS["person_times"])
    staff = QuantityField(LABELS["staff"])
    categories: list[Category] = []


class DebrisForm(ReportForm):
    """A clearance run: when, tonnes, truckloads, people, vehicles."""

    kind = ReportKind.DEBRIS
    layout = ["period_start", "period_end", "mass_t", "truckloads", "people", "vehicles"]
    period_start = VagueTimeField(LABELS["period_start"], required=True)
    period_end = VagueTimeField(LABELS["period_end"])
    mass_t = QuantityField(LABELS["mass_t"], decimal=True)
    truckloads = QuantityField(LABELS["truckloads"])
    people = QuantityField(LABELS["people"])
    vehicles = QuantityField(LABELS["vehicles"])


class ActivityForm(ReportForm):
    """An activity-log entry: a line for the day's log."""

    kind = ReportKind.ACTIVITY
    layout = ["observed_at", "title"]
    observed_at = VagueTimeField(LABELS["observed_at"], required=True)
    title = StringField(LABELS["title"])


class ZeroReportForm(ReportForm):
    """零报告: this subdistrict or town has nothing to report for the period."""

    kind = ReportKind.ZERO_REPORT
    layout = ["period_day"]
    period_day = ChoiceField(LABELS["period_day"])


FORMS: dict[ReportKind, type[ReportForm]] = {
    ReportKind.OUTAGE: OutageForm,
    ReportKind.OUTAGE_UPDATE: OutageUpdateForm,
    ReportKind.PUMPING: PumpingForm,
    ReportKind.PUMPING_VOLUME: PumpingVolumeForm,
    ReportKind.DEBRIS: DebrisForm,
    ReportKind.ACTIVITY: ActivityForm,
    ReportKind.ZERO_REPORT: ZeroReportForm,
}
# The field each kind's "when" defaults to (now) on a new report.
MAIN_TIME = {
    ReportKind.OUTAGE: "started_at", ReportKind.OUTAGE_UPDATE: "observed_at", ReportKind.PUMPING: "observed_at",
    ReportKind.PUMPING_VOLUME: "period_end", ReportKind.DISINFECTION: "observed_at",
    ReportKind.DEBRIS: "period_start", ReportKind.ACTIVITY: "observed_at",
}


def form_class(kind: ReportKind, categories: Callable[[], list[Category]]) -> type[ReportForm]:
    """The form of a kind; the disinfection form has one count per category of the reference list (read only
    for it: every other kind's form, shown or saved, asked the database for the list and read none of it)."""
    if kind is not ReportKind.DISINFECTION:
        return FORMS[kind]
    listed = categories()
    attrs: dict[str, Any] = {f"count_{c.code}": QuantityField(c.name_en, units=c.units)
                             for c in listed}
    attrs["categories"] = listed
    return type("DisinfectionForm", (DisinfectionBase,), attrs)


class StatusForm(Form):
    """Verify, send back (with a reason), retract or restore a report."""

    action = HiddenField()
    reason = StringField(LABELS["reason"])
    next = HiddenField()
    version = HiddenField()  # the version the page showed: a report changed since is not acted on unseen


class ZeroTapForm(Form):
    """The 零报告 button: which subdistrict, which period, its one-time token, where to go back, whether confirmed."""

    area_id = HiddenField()
    period_day = HiddenField()
    token = HiddenField()
    next = HiddenField()
    confirmed = HiddenField()  # "1" once asked (static/zero.js, or the confirm page without JavaScript)
