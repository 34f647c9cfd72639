"""The brief's quantities as data: a count as honestly as it is known, a period's figure, a time with its precision.

`OMIT_FALSE` marks a field added after briefs were first stored: left out of the JSON while false (content_json).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

OMIT_FALSE = {"omit_false": True}


@dataclass
class Qty:
    """A quantity as honestly as it is known."""

    value: int | None = None
    lb: bool = False
    approx: bool = False
    cum: bool = False
    ub: bool = field(default=False, metadata=OMIT_FALSE)

    @property
    def known(self) -> bool:
        """Something was reported."""
        return self.value is not None


@dataclass
class Figure:
    """A figure for this period beside the figure to date, and the previous brief's to-date."""

    period: Qty = field(default_factory=Qty)
    to_date: Qty = field(default_factory=Qty)
    previous: Qty | None = None
    fell: bool = False


@dataclass
class When:
    """A time with its precision (exact, approximate, afternoon, day...)."""

    at: datetime | None = None
    precision: str | None = None
