"""Everything geopy: parse coordinates, geocode through one interface, convert Chinese datums, measure distances.

The rest of the application calls `parse_point`, `distance_km`, `to_wgs84` and a `Geocoder`
(`geocoder_for` builds the configured one). Every coordinate that leaves this module is WGS-84.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import prcoords
from geopy.distance import geodesic
from geopy.extra.rate_limiter import RateLimiter
from geopy.point import Point

from incidents.config import ROOT, ConfigError

GAZETTEER = ROOT / "data" / "gazetteer.csv"

# ---- reading what people paste --------------------------------------------------------------


class CoordinatesError(ValueError):
    """Coordinates that cannot be stored; `reason` picks the message, `text` is what was typed."""

    REASONS = ("required", "unreadable", "latitude_range", "longitude_range", "swapped", "altitude", "out_of_range")

    def __init__(self, reason: str, text: str, value: float | str | None = None) -> None:
        self.reason, self.text, self.value = reason, text, value
        detail = {"required": "required",
                  "unreadable": f"cannot read {text!r} (use 36.0906, 114.3572)",
                  "latitude_range": f"latitude {value} is outside -90 to 90",
                  "longitude_range": f"longitude {value} is outside -180 to 180",
                  "swapped": f"latitude {value} is outside -90 to 90 (longitude first? the latitude comes first)",
                  "altitude": f"{text!r} has more than a latitude and a longitude",
                  "out_of_range": f"{value} is out of range (latitude -90 to 90, longitude -180 to 180)"}[reason]
        super().__init__(f"coordinates: {detail}")


# Words and marks as typed on Chinese phones and pasted from map apps, mapped to what geopy reads.
_MARKS = {"′": "'", "’": "'", "‘": "'", "´": "'", "″": '"', "”": '"', "“": '"', "〃": '"',
          "、": ",", "；": ";", "：": ":", "，": ",", "度": "°", "º": "°", "˚": "°", "分": "'", "秒": '"'}
_HEMISPHERE_WORDS = {"北纬": "N", "南纬": "S", "东经": "E", "西经": "W", "東經": "E", "西經": "W", "北緯": "N",
                     "南緯": "S"}
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
# The longest text read as a point: 北纬36°05′52.31″，东经114°23′33.12″ or 纬度: 36.097753 经度: 114.392456
# are under 40 characters; a map app's copied pair with words around it stays well under this.
MAX_POINT_TEXT = 100
_LABEL = re.compile(r"(纬度|緯度|经度|經度|lat(?:itude)?|lng|lon(?:gitude)?)\s*[:=]?\s*(" + _NUMBER + ")",
                    re.IGNORECASE)
# A number with an exponent (1e2, 3.6E1), standing alone: not 36.09E114.39N, a point with its hemisphere letters.
_EXPONENT = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")
_SPACED_DMS = re.compile(r"(\d+)\s+(\d+)\s+(\d+(?:\.\d+)?)\s*([NSEW])", re.IGNORECASE)


def _normalise(text: str) -> str:
    """Full-width digits and Chinese punctuation to ASCII; hemisphere words to letters."""
    # NFKC folds full-width digits, letters and punctuation (３６．０９ → 36.09) but splits ″ into ′′.
    text = unicodedata.normalize("NFKC", text).replace("′′", '"')
    text = _EXPONENT.sub(_plain_number, text)
    text = _labelled(text) or text
    for word, letter in _HEMISPHERE_WORDS.items():
        text = text.replace(word, f" {letter} ")
    for mark, ascii_mark in _MARKS.items():
        text = text.replace(mark, ascii_mark)
    # "36 05 52 N": geopy would read the last two numbers as the point; make it DMS first.
    text = _SPACED_DMS.sub(lambda m: f"{m[1]}°{m[2]}'{m[3]}\"{m[4].upper()}", text)
    text = re.sub(r"([NSEWnsew])(?=\d)", r"\1 ", text)  # "36.09N114.39E"
    return " ".join(text.split())


def _plain_number(match: re.Match[str]) -> str:
    """An exponent written out (3.6e1 as 36), which the readers below would take for two numbers."""
    value = float(match[0])
    if not math.isfinite(value) or abs(value) > 180:  # 1e309 is infinity to a float: no degree is that far
        raise CoordinatesError("out_of_range", match[0], match[0])
    return format(value, "f")


def _labelled(text: str) -> str | None:
    """纬度 36.09 经度 114.39 or lng: 114.39, lat: 36.09 as "lat, lon"; None when not labelled."""
    found = {("lat" if m[1].lower().startswith(("lat", "纬", "緯")) else "lon"): m[2] for m in _LABEL.finditer(text)}
    return f"{found['lat']}, {found['lon']}" if len(found) == 2 else None


def _degrees(text: str) -> list[float]:
    """The degree numbers of a point: those before ° in DMS, else every number."""
    marked = re.findall(r"(" + _NUMBER + r")\s*°", text)
    return [float(n) for n in (marked or re.findall(_NUMBER, text))]


def parse_point(text: str) -> tuple[float, float]:
    """Parse what people paste ("36.0906, 114.3572", DMS, 北纬/东经, full-width) into WGS-84 (lat, lon).

    Raises CoordinatesError (a ValueError whose message starts "coordinates:") for nonsense, a
    latitude or longitude out of range, a pair given longitude first, or a third number. geopy
    would quietly wrap a longitude of 190 to -170 and warn on a latitude over 90: both are refused.
    """
    raw = (text or "").strip()
    if not raw:
        raise CoordinatesError("required", raw)
    if len(" ".join(raw.split())) > MAX_POINT_TEXT:
        # Not a point anyone pastes; and the readers below take time growing with the square of the
        # text's length (a run of 12,000 digits: 13 s of a web worker; 2 MB, far past its timeout).
        raise CoordinatesError("unreadable", raw[:MAX_POINT_TEXT] + "…")
    normalised = _normalise(raw)
    degrees = _degrees(normalised)
    has_marks = any(c in normalised for c in "°'\"")
    if len(degrees) > 2 and not has_marks:
        raise CoordinatesError("altitude", raw)
    if len(degrees) == 2:
        lat, lon = degrees
        if abs(lat) > 90 and abs(lon) <= 90 and not re.search(r"[NSEWnsew]", normalised):
            raise CoordinatesError("swapped", raw, lat)
        if abs(lat) > 90:
            raise CoordinatesError("latitude_range", raw, lat)
        if abs(lon) > 180:
            raise CoordinatesError("longitude_range", raw, lon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # geopy warns before it raises on a latitude over 90
        try:
            point = Point.from_string(normalised)
        except ValueError as exc:
            raise CoordinatesError("unreadable", raw) from exc
    if point.altitude:
        raise CoordinatesError("altitude", raw)
    if not -90 <= point.latitude <= 90:
        raise CoordinatesError("latitude_range", raw, point.latitude)
    return point.latitude, point.longitude


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance on WGS-84, in kilometres."""
    return geodesic(a, b).kilometers


# ---- coordinate systems ---------------------------------------------------------------------

WGS84, GCJ02, BD09 = "wgs84", "gcj02", "bd09"
CRS_NAMES = {WGS84: "WGS-84", GCJ02: "GCJ-02", BD09: "BD-09"}


def to_wgs84(latitude: float, longitude: float, crs: str) -> tuple[float, float]:
    """A point in WGS-84, GCJ-02 (Gaode, Tencent) or BD-09 (Baidu) as WGS-84; ValueError for any other.

    prcoords' "bored" inverses iterate to well under a metre, where the one-step inverse is off by
    up to about two.
    """
    if crs == WGS84:
        return latitude, longitude
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # outside China the datums are WGS-84 already: returned as-is
        if crs == GCJ02:
            wgs = prcoords.gcj_wgs_bored((latitude, longitude))
        elif crs == BD09:
            wgs = prcoords.bd_wgs_bored((latitude, longitude))
        else:
            raise ValueError(f"coordinates in {crs!r} cannot be converted to WGS-84 (known: {', '.join(CRS_NAMES)})")
    return wgs.lat, wgs.lon


# ---- geocoding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A geocoding result, always WGS-84; `crs` is what the source gave before conversion."""

    name: str
    latitude: float
    longitude: float
    source: str
    approximate: bool = False
    precision_m: int | None = None
    crs: str = WGS84


class Geocoder(Protocol):
    """One interface for every geocoder: a place for a name and the names above it, or None.

    A service that cannot answer now raises a geopy.exc.GeocoderServiceError (GeocoderTimedOut,
    GeocoderUnavailable, ...): the caller marks the area "location pending" and tries again later.
    """

    name: str
    local: bool

    def geocode(self, name: str, within: Sequence[str] = ()) -> Place | None:
        """The place called `name` inside the areas `within` (outermost first), or None."""


class OfflineGazetteer:
    """The default geocoder: names in data/gazetteer.csv, each with its source (no network)."""

    name = "gazetteer"
    local = True

    def __init__(self, path: Path = GAZETTEER) -> None:
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
        self.entries = [(row.get("parent") or "", Place(
            row["name"], float(row["latitude"]), float(row["longitude"]), source=row["source"],
            approximate=row.get("approximate", "").strip().lower() in ("1", "yes", "true"),
            precision_m=int(row["precision_m"]) if row.get("precision_m") else None)) for row in rows]
        for _, place in self.entries:
            if not place.source:
                raise ValueError(f"{path}: {place.name} has no source")
        self.places = [place for _, place in self.entries]

    def geocode(self, name: str, within: Sequence[str] = ()) -> Place | None:
        """An entry with this exact name whose parent (if it names one) is among `within`."""
        name = name.strip()
        for parent, place in self.entries:
            if place.name == name and (not parent or not within or parent in within):
                return place
        return None


# Which geopy geocoders we drive, and the coordinate system each returns (Baidu: BD-09 unless asked).
SERVICES: dict[str, tuple[str, str]] = {"nominatim": ("Nominatim", WGS84), "photon": ("Photon", WGS84),
                                        "baidu": ("BaiduV3", BD09)}


class ServiceGeocoder:
    """A geopy geocoder behind a RateLimiter; answers converted to WGS-84 from the service's datum."""

    local = False

    def __init__(self, service: str, geocode: Callable[..., Any], crs: str, context: str = "",
                 min_delay_seconds: float = 1.0) -> None:
        self.name, self.crs, self.context = service, crs, context
        # No retries and no swallowing: a timeout must reach the caller (the area stays pending and
        # the scheduler tries again), not turn into "no such place".
        self._geocode = RateLimiter(geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                                    swallow_exceptions=False)

    def query(self, name: str, within: Sequence[str] = ()) -> str:
        """The text sent: the configured region, the areas above, the name ("河南省安阳市 文峰区 北大街街道")."""
        return " ".join(filter(None, [self.context, *within, name]))

    def geocode(self, name: str, within: Sequence[str] = ()) -> Place | None:
        """Ask the service; convert its answer to WGS-84."""
        found = self._geocode(self.query(name, within))
        if found is None:
            return None
        lat, lon = to_wgs84(found.latitude, found.longitude, self.crs)
        return Place(name, lat, lon, source=f"{self.name}: {found.address}"[:300], crs=self.crs)


def geocoder_for(config: Mapping[str, Any]) -> Geocoder:
    """The configured geocoder (INCIDENTS_GEOCODER); ConfigError names a missing or unknown setting."""
    service = (config.get("GEOCODER") or "offline").lower()
    if service == "offline":
        return OfflineGazetteer()
    if service not in SERVICES:
        raise ConfigError(f"INCIDENTS_GEOCODER={service!r}: use offline, {', '.join(SERVICES)}")
    from geopy import geocoders

    class_name, crs = SERVICES[service]
    options: dict[str, Any] = {"timeout": float(config.get("GEOCODER_TIMEOUT") or 5)}
    agent = config.get("GEOCODER_USER_AGENT")
    if service in ("nominatim", "photon"):
        if not agent:
            # The OSM usage policy asks for an agent naming the application and a contact.
            raise ConfigError(f"INCIDENTS_GEOCODER={service} needs INCIDENTS_GEOCODER_USER_AGENT "
                              "(the office's application name and a contact address)")
        options["user_agent"] = agent
    if service == "baidu":
        if not config.get("GEOCODER_KEY"):
            raise ConfigError("INCIDENTS_GEOCODER=baidu needs INCIDENTS_GEOCODER_KEY (the Baidu Maps ak)")
        options["api_key"] = config["GEOCODER_KEY"]
        if agent:
            options["user_agent"] = agent
    if config.get("GEOCODER_DOMAIN"):
        options["domain"] = config["GEOCODER_DOMAIN"]
    client = getattr(geocoders, class_name)(**options)
    return ServiceGeocoder(service, client.geocode, crs, context=config.get("GEOCODER_CONTEXT") or "",
                           min_delay_seconds=float(config.get("GEOCODER_MIN_DELAY") or 1.0))
