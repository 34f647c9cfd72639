"""What the report pages show beside the forms: places as paths, a kind's fields and labels, a report's
history row by row, messages in the reader's language."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from incidents.areas.models import Area
from incidents.audit import services as audit
from incidents.auth.policy import page_refusal
from incidents.errors import Message
from incidents.formatting import fmt_number
from incidents.formatting import reader_lang as lang
from incidents.labels import field_problem
from incidents.reports.forms import LABELS, OBSERVED_LABELS
from incidents.reports.models import Category, Report, ReportKind
from incidents.vague import precision_field

# Above this many areas the list's place filter offers the places of the chosen subdistrict only:
# 5,250 options made every page of a province's list 420 KB and ~8x its bare rendering
# (benches/pages_bench.py, the report list).
PLACE_FILTER_LIMIT = 500

# Up to a month of days the list's day filter is a select; beyond, a date input with the event's first and last
# days as its bounds: an event left open since July 2021 listed 1,984 options no one could scroll on a phone.
DAY_SELECT_LIMIT = 31


def day_select(days: list[date]) -> bool:
    """Whether the list's day filter lists its days (a select) rather than takes one typed (a date input)."""
    return len(days) <= DAY_SELECT_LIMIT


def translate(message: Any) -> str:
    """A rule's message in the reader's language (numbers in the reader's locale)."""
    if isinstance(message, Message):
        return message.localize(_, lambda n: fmt_number(n, lang()))
    return str(message)


def refusal_said(field: str, message: Any) -> str:
    """A refusal as a page says it: its sentence alone (policy.PAGE_SENTENCES), else "label：reason"."""
    name, said = page_refusal(field, message)
    return field_problem(name, translate(said))


def categories(db: sa.orm.Session) -> list[Category]:
    return list(db.scalars(sa.select(Category).order_by(Category.kind, Category.sort, Category.code)))


def area_paths(db: sa.orm.Session, within: sa.Select | None = None, walk_up: bool = False) -> list[tuple[int, str]]:
    """(id, "北大街街道 › 彰德路64号院") for every area (in scope), in tree order (areas/tree.tree_key).

    walk_up: read only the areas in `within` and those above them (a few of a big district's), not every area.
    """
    from incidents.areas.tree import tree_key

    columns = (Area.id, Area.parent_id, Area.name, Area.name_en, Area.code)
    if within is not None and walk_up:
        # PLACES_WALKED_UP: the paths of a subdistrict's places need its ~20 rows and the two above them,
        # not the 5,250 a province's district holds (docs/performance.md).
        up = sa.select(*columns).where(Area.id.in_(within)).cte("shown_with_ancestors", recursive=True)
        parent = Area.__table__.alias("parent")  # a table's alias, not the ORM's: cheaper to build (areas/tree.py)
        up = up.union(sa.select(*(parent.c[c.key] for c in columns)).where(parent.c.id == up.c.parent_id))
        rows = db.execute(sa.select(up)).all()
    else:
        rows = db.execute(sa.select(*columns)).all()
    by_id = {r.id: r for r in rows}
    allowed = set(db.scalars(within)) if within is not None else None
    en = lang() == "en"

    def chain(area_id: int) -> list[Any]:
        out, node = [], by_id.get(area_id)
        while node is not None:
            out.append(node)
            node = by_id.get(node.parent_id)
        return list(reversed(out))

    paths = []
    for r in rows:
        if allowed is not None and r.id not in allowed:
            continue
        names = [(a.name_en if en and a.name_en else a.name) for a in chain(r.id)]
        # The district is the root of everything: leave it out unless it is the place itself.
        shown = names[1:] if len(names) > 1 else names
        paths.append((r.id, " › ".join(shown), tree_key(r, by_id)))
    paths.sort(key=lambda p: p[2])
    return [(i, label) for i, label, _ in paths]


def place_choices(db: sa.orm.Session, subdistrict_id: int | None, area_id: int | None
                  ) -> tuple[list[tuple[int, str]], bool]:
    """The place filter's options, and whether they are only the chosen subdistrict's (a big district)."""
    from incidents.areas.tree import subtree_ids

    if (db.scalar(sa.select(sa.func.count()).select_from(Area)) or 0) <= PLACE_FILTER_LIMIT:
        return area_paths(db), False
    if subdistrict_id is None and area_id is None:
        return [], True  # nothing chosen: no place to offer yet (the hint says to choose a subdistrict)
    within = sa.select(Area.id).where(Area.id == (area_id or 0))
    if subdistrict_id is not None:
        within = sa.union(within, subtree_ids(db, subdistrict_id)).subquery().select()
    return area_paths(db, within=within, walk_up=True), True


def history_rows(db: sa.orm.Session, report: Report) -> list[dict[str, Any]]:
    """The audit trail of a report: who, when, what, and which fields changed from what to what."""
    from incidents.auth.models import User

    skip = {"updated_at", "version", "created_at", "verified_at", "verified_by_id", "status", "status_reason"}
    entries = audit.history(db, "reports", report.id)
    users = {u.id: u for u in db.scalars(sa.select(User).where(User.id.in_({e.user_id for e in entries})))}
    # Looked up once for the whole trail, not once per changed field.
    types = {**field_types(report.kind), "counts": "counts", "area_id": "area"}
    cats = categories(db)
    names = {c.code: (c.name_en if lang() == "en" else c.name_zh) for c in cats}
    # Each category's unit, as the report's fields show it (街道5条, area disinfected 500 m²); English counts of
    # things have none (unit_en ""), their names carry it.
    units = {c.code: (c.unit_en if lang() == "en" else c.unit_zh) for c in cats}
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        # A time and its precision, a quantity and its "more than" switch, change as one field.
        owner = {precision_field(k): k for k in after if precision_field(k) in after and k != precision_field(k)}
        changed: list[str] = []
        if entry.before is not None:
            for key in after:
                if key in skip or before.get(key) == after.get(key):
                    continue
                base = owner.get(key) or (key.removesuffix("_lb") if key.endswith("_lb") else key)
                if base not in changed:
                    changed.append(base)
        changes = [change_row(db, types, names, k, before, after, units) for k in changed]
        user = users.get(entry.user_id) if entry.user_id is not None else None  # None: the system did it
        rows.append({"entry": entry, "user": user, "changes": changes,
                     "reason": after.get("status_reason") if entry.action in ("return", "retract") else None})
    return rows


def field_types(kind: ReportKind) -> dict[str, str]:
    """The fields a detail page shows for a kind, in order, with their types."""
    from incidents.reports.forms import FORMS
    from incidents.reports.validation import COMMON, COUNT, FIELDS, TIME

    derived = kind in (ReportKind.OUTAGE, ReportKind.PUMPING_VOLUME, ReportKind.DEBRIS, ReportKind.ZERO_REPORT)
    types = {} if derived else {"observed_at": TIME}
    if kind is ReportKind.PUMPING:
        types = {"team": "text", "observed_at": TIME}
    fields = FIELDS[kind]
    form = FORMS.get(kind)
    if form is not None:
        # The counts in the order the form asks them, in the counts' places: an outage's 停电楼栋 then 停电户数 (the
        # page read households first, the form and the brief's key figures buildings first).
        asked = [*form.layout, *getattr(form, "more", [])]
        counts = iter(sorted((n for n, t in fields.items() if t == COUNT and n in asked), key=asked.index))
        fields = {(next(counts) if t == COUNT and n in asked else n): t for n, t in fields.items()}
    types.update({k: v for k, v in fields.items() if k not in types})
    if kind is ReportKind.OUTAGE:
        types["restored_at"] = TIME
    types.update({k: v for k, v in COMMON.items() if k not in types and k != "observed_at"})
    return types


def kind_labels(kind: ReportKind) -> dict[str, Any]:
    """Field labels as a kind's form words them (a pumping's observed time is its start)."""
    return {**LABELS, "observed_at": OBSERVED_LABELS.get(kind, LABELS["observed_at"])}


def change_row(db: sa.orm.Session, types: dict[str, str], names: dict[str, str], key: str,
               before: dict[str, Any], after: dict[str, Any], units: dict[str, str] | None = None) -> dict[str, Any]:
    """One changed field of an audit entry, with what its display needs (times parsed, names looked up)."""
    from datetime import datetime

    ftype = types.get(key, "text")
    change: dict[str, Any] = {"field": key, "type": ftype}
    for side, values in (("before", before), ("after", after)):
        value = values.get(key)
        if ftype == "time" and isinstance(value, str):
            value = datetime.fromisoformat(value)
        change[side] = value
        change[f"{side}_p"] = values.get(precision_field(key))
        change[f"{side}_lb"] = values.get(f"{key}_lb")
        if ftype == "area" and isinstance(value, int):
            area = db.get(Area, value)
            change[f"{side}_area"] = area.name if area else None
    if ftype == "counts":
        change["names"], change["units"] = names, units or {}
    return change
