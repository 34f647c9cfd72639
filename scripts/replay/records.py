"""What a replay sent: each report as it stands now, and the world of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Rec:
    """One report as sent, and as it stands now."""
    key: str
    kind: str
    sub: int                 # index of its subdistrict in the replay's SUBS
    place: str               # a community, or a subdistrict's name (zero reports)
    reported: datetime
    data: dict[str, Any]
    id: int = 0
    live: bool = True
    by: str = "office"
    changes: list[tuple[datetime, str]] = field(default_factory=list)  # (moment in the replay, fix / retract / restore)
    before: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)  # (moment of a fix, data before it)

    def observed(self) -> datetime:
        """When what it tells was observed (or began)."""
        when: datetime = self.data.get("at") or self.data["start"]
        return when


@dataclass
class World:
    """Every report sent so far, by key."""
    recs: dict[str, Rec] = field(default_factory=dict)

    def known(self, cutoff: datetime, kind: str) -> list[Rec]:
        """The live reports of a kind received by cutoff."""
        return [r for r in self.recs.values() if r.kind == kind and r.live and r.reported <= cutoff]

    def counted(self, r: Rec) -> bool:
        """Whether r counts: it is live, and so is its outage or operation (docs/briefs.md, Which reports)."""
        parent = self.recs.get(r.data.get("outage") or r.data.get("op") or "")
        return r.live and (parent is None or parent.live)

    def ups(self, cutoff: datetime, o: Rec) -> list[Rec]:
        """An outage's updates received by cutoff, in the order observed."""
        return sorted((u for u in self.known(cutoff, "outage_update") if u.data["outage"] == o.key),
                      key=lambda u: u.data["at"])
