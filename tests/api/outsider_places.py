"""The place tree an outside replay enters through the API before its reports: a city, its 街道 and their 社区."""

from __future__ import annotations

from typing import Any


class Places:
    """Areas made through POST /api/v1/areas by name: each one's id, and the 街道 each lies in."""

    def __init__(self, desk: Any) -> None:
        self.desk = desk
        self.ids: dict[str, int] = {}
        self.sub_of: dict[str, str] = {}

    def add(self, name: str, level: str, parent: str | None, **more: Any) -> None:
        """One area under `parent` (by name), as a desk enters it; refused is a failure of the replay."""
        made = self.desk.post("/api/v1/areas", json={"name": name, "level": level, **more,
                                                     **({"parent_id": self.ids[parent]} if parent else {})})
        assert made.status_code == 201, made.get_json()
        self.ids[name] = made.json["id"]
        self.sub_of[name] = name if level == "subdistrict" else self.sub_of.get(parent or "", name)

    def city(self, name: str, code: str, subs: list[str], codes: dict[str, str],
             communities: dict[str, list[str]]) -> None:
        """A city, each 街道 under it with its code, each 社区 under its 街道: the tree as a desk enters it."""
        self.add(name, "district", None, code=code)
        for sub in subs:
            self.add(sub, "subdistrict", name, code=codes[sub])
            for community in communities.get(sub, []):
                self.add(community, "community", sub)
