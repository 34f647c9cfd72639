"""Areas found by path in a file: as the path is written, and as the lookalike rule reads its names."""

from __future__ import annotations

from incidents.areas.services import name_key

# A path as the lookalike rule reads each of its names, marked so it is never taken for a path or a code.
READS = "\x00"


def path_reads(path: str) -> str:
    """A path (place_key's spelling) as the lookalike rule reads it (areas.services.name_key): the key under which
    the stored places are also found, so "北大街\u00a0街道" in a file is the stored 北大街 街道 (and the other way)."""
    return READS + "/".join(name_key(part) for part in path.split("/"))


def find_place(places: dict[str, int | None], path: str) -> int | None:
    """The stored (or earlier row's) area of a path in place_key's spelling: as written, else as the names read."""
    found = places.get(path)
    return found if found is not None else places.get(path_reads(path))


def add_place(places: dict[str, int | None], path: str, area_id: int) -> None:
    """Record an area under its path and how the path reads (two areas reading alike: neither by the reading)."""
    places[path] = area_id
    reads = path_reads(path)
    places[reads] = area_id if places.get(reads, area_id) == area_id else None
