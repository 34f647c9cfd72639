"""A disinfection's counts by category: their field names, the category list's codes and units, and its rule."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents.errors import Message
from incidents.limits import count_problem
from incidents.reports.messages import NOT_A_FLAG
from incidents.reports.models import Category
from incidents.reports.unjudged import Unjudged

# The keyword babel extracts: every message below lands in the reports catalog.
_l = Message

# A category's count is named as the form's field (count_street), its "more than" flag with _lb after it;
# the API names them as its body does (payloads.json_errors: counts.street).
COUNT_PREFIX = "count_"


def count_field(code: str) -> str:
    """The field a category's count is named by in the rules' errors, the forms and an import's columns."""
    return f"{COUNT_PREFIX}{code}"


def disinfection_rules(session: Session, clean: dict[str, Any], data: dict[str, Any],
                        errors: dict[str, str]) -> None:
    counts = data.get("counts")
    counts = {} if counts is None else counts
    if not isinstance(counts, dict):  # [] or "" is not "no counts": the sender meant something else
        errors["counts"] = _l("must be an object mapping each category code to a count")
        return
    known = category_codes(session)
    clean_counts: dict[str, tuple[int, bool]] = {}
    for code, value in counts.items():
        count, lb = value if isinstance(value, tuple | list) and len(value) == 2 else (value, False)
        field = count_field(code)
        if code not in known:
            errors[field] = _l("unknown category")
        elif count is None or count == "":
            continue
        elif (problem := count_problem(count)) is not None:  # another unit than the category's: parsing says so
            errors[field] = problem
        elif not isinstance(lb, bool | None):
            errors[f"{field}_lb"] = NOT_A_FLAG
        else:
            clean_counts[code] = (count, bool(lb))
    try:
        if not errors and not clean_counts and clean.get("person_times") is None and clean.get("staff") is None:
            errors["counts"] = _l("give person-times or at least one count")
    except Unjudged:  # a count that could not be read was given: "give one" would not be true
        pass
    clean["counts"] = clean_counts


# An import checks thousands of disinfection rows against one category list: it lends the list to
# the session for the file's duration (imports/speedups.py); everyone else reads the table.
CATEGORY_CODES = "incidents.category_codes"


def category_codes(session: Session) -> set[str]:
    """The codes of the category reference list (the session's loaned copy during an import)."""
    cached = session.info.get(CATEGORY_CODES)
    return set(cached) if cached is not None else set(session.scalars(sa.select(Category.code)))


def category_units(session: Session | None) -> dict[str, tuple[str, ...]]:
    """Each category's unit words by code (Category.units): what a typed count of it may carry."""
    if session is None:
        return {}
    return {c.code: c.units for c in session.scalars(sa.select(Category))}
