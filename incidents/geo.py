"""Everything geopy: parse coordinates, geocode through one interface, measure distances."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import geodesic
from geopy.point import Point

from incidents.config import ROOT

GAZETTEER = ROOT / "data" / "gazetteer.csv"


def parse_point(text: str) -> tuple[float, float]:
    """Parse "36.0906, 114.3572" or DMS ("36°5′26″N 114°21′26″E") into WGS-84 (lat, lon)."""
    text = (text or "").strip()
    if not text:
        raise ValueError("coordinates: required")
    # geopy expects ASCII marks; phones paste typographic primes.
    normalised = text.replace("′", "'").replace("″", '"').replace("，", ",")
    try:
        point = Point.from_string(normalised)
    except ValueError as exc:
        raise ValueError(f"coordinates: cannot read {text!r} (use 36.0906, 114.3572)") from exc
    return point.latitude, point.longitude


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance on WGS-84, in kilometres."""
    return geodesic(a, b).kilometers


@dataclass(frozen=True)
class Place:
    """A geocoding result."""

    name: str
    latitude: float
    longitude: float


class OfflineGazetteer:
    """The default geocoder: exact or partial name matches from data/gazetteer.csv (no network)."""

    def __init__(self, path: Path = GAZETTEER) -> None:
        with path.open(encoding="utf-8") as f:
            self.places = [Place(r["name"], float(r["latitude"]), float(r["longitude"]))
                           for r in csv.DictReader(line for line in f if not line.startswith("#"))]

    def geocode(self, query: str) -> Place | None:
        """The best match for a name, exact first, then the shortest name containing it."""
        query = query.strip()
        exact = [p for p in self.places if p.name == query]
        partial = sorted((p for p in self.places if query and query in p.name), key=lambda p: len(p.name))
        found = exact or partial
        return found[0] if found else None
