"""Configuration: defaults in code, overrides from the environment."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

# The repository: templates/, static/ and data/ live beside the package.
ROOT = Path(__file__).resolve().parent.parent
# The disinfection categories shipped: reference data `incidents upgrade` loads, documented in the API.
CATEGORIES_FILE = ROOT / "data" / "categories.yaml"

# Environment variables read at start-up, with their meaning (README lists them too).
ENV_VARS = {
    "DATABASE_URL": "SQLAlchemy URL; default sqlite:///<instance>/incidents.sqlite3",
    "SECRET_KEY": "session signing key; default generated once into <instance>/secret_key",
    "INCIDENTS_INSTANCE": "instance folder (database, secret key); default ./instance",
    "SESSION_COOKIE_SECURE": "1 when served over HTTPS (the cookie Secure, and Strict-Transport-Security sent)",
    "INCIDENTS_SESSION_HOURS": "hours a login lasts before the user logs in again; default 168 (a week)",
    "INCIDENTS_DEBUG": "1 turns on Flask debug (never in production)",
    "INCIDENTS_GEOCODER": "offline (default: the gazetteer in data/), nominatim, photon or baidu; see docs/geo.md",
    "INCIDENTS_GEOCODER_USER_AGENT": "application name and contact sent to nominatim/photon (required for them)",
    "INCIDENTS_GEOCODER_KEY": "the service's key (baidu: the ak)",
    "INCIDENTS_GEOCODER_CONTEXT": "region put before every query, e.g. 河南省安阳市",
    "INCIDENTS_GEOCODER_DOMAIN": "the service's host, for a self-hosted Nominatim",
    "INCIDENTS_GEOCODER_TIMEOUT": "seconds before a query counts as failed (area stays pending); default 5",
    "INCIDENTS_SCHEDULER": "embedded (default for `incidents serve`) or off",
    "INCIDENTS_BACKUP_DIR": "folder for `incidents backup` archives; set, the scheduler backs up nightly into it",
    "INCIDENTS_BACKUP_AT": "local time of the nightly backup, HH:MM in BABEL_DEFAULT_TIMEZONE; default 02:30",
    "INCIDENTS_BACKUP_KEEP": "how many nightly archives to keep in the folder; default 14",
    "INCIDENTS_PROXIES": "how many reverse proxies stand in front (X-Forwarded-* trusted that deep); default 0",
    "INCIDENTS_REQUEST_LOG": "0 turns off the one-JSON-line-per-request log on stderr",
    "INCIDENTS_MAP_TILES": "tile URL template (https://tiles.example/{z}/{x}/{y}.png) for the optional tile map "
                           "under the SVG map; off when unset, and the CSP then allows no other site",
    "INCIDENTS_MAP_ATTRIBUTION": "the tile layer's attribution (its licence usually requires one)",
}

DEFAULT_BACKUP_AT = "02:30"
DEFAULT_BACKUP_KEEP = 14


class ConfigError(RuntimeError):
    """A configuration problem the operator must fix; printed as one line."""


def instance_path() -> Path:
    """The instance folder: INCIDENTS_INSTANCE or ./instance."""
    return Path(os.environ.get("INCIDENTS_INSTANCE", "instance")).resolve()


def _secret_key(folder: Path) -> str:
    # Generated once and kept, so sessions survive restarts and every worker agrees.
    path = folder / "secret_key"
    if path.exists():
        return path.read_text().strip()
    # Written whole under a name of its own, then linked into place: gunicorn's workers start at
    # once, and a worker must never read the file between its creation and its content.
    key = secrets.token_hex(32)
    with tempfile.NamedTemporaryFile("w", dir=folder, prefix=".secret_key-", delete=False) as f:
        f.write(key)
    try:
        os.link(f.name, path)
    except FileExistsError:  # another worker was first: its key is the one
        key = path.read_text().strip()
    finally:
        os.unlink(f.name)
    return key


def _backup_settings(env: Mapping[str, str]) -> dict:
    """The nightly backup's folder, time and count from the environment; a ConfigError naming a bad one."""
    # Checked at start-up: a typo in the time must not silently mean "no backups tonight".
    at = env.get("INCIDENTS_BACKUP_AT") or DEFAULT_BACKUP_AT
    hour, _, minute = at.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
        raise ConfigError(f"INCIDENTS_BACKUP_AT={at!r}: give a time of day as HH:MM, e.g. 02:30")
    keep = env.get("INCIDENTS_BACKUP_KEEP") or str(DEFAULT_BACKUP_KEEP)
    if not keep.isdigit() or int(keep) < 1:
        raise ConfigError(f"INCIDENTS_BACKUP_KEEP={keep!r}: give how many archives to keep, 1 or more")
    folder = env.get("INCIDENTS_BACKUP_DIR")
    return {"BACKUP_DIR": str(Path(folder).resolve()) if folder else None,
            "BACKUP_AT": f"{int(hour):02d}:{minute}", "BACKUP_KEEP": int(keep)}


def tile_origin(url: str) -> str:
    """The origin (scheme://host[:port]) a tile URL template loads from; a ConfigError when it is not one."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username is not None or any(
            f"{{{k}}}" not in url for k in "zxy") or any(c in url for c in " ;,'\"\\"):
        raise ConfigError(f"INCIDENTS_MAP_TILES={url!r}: give an http(s) URL with {{z}}, {{x}} and {{y}}, "
                          "e.g. https://tiles.example/{z}/{x}/{y}.png")
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _count(value: str, name: str) -> int:
    """A small non-negative whole number from the environment, or a ConfigError naming the variable."""
    if not value.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(value)


def _switch(value: str, name: str) -> bool:
    """1 (on) or 0 (off) from the environment, or a ConfigError naming the variable.

    Read leniently, SESSION_COOKIE_SECURE=true was off, unsaid: the session cookie then went over plain HTTP.
    """
    if value.strip() not in ("0", "1"):
        raise ConfigError(f"{name} must be 1 (on) or 0 (off), not {value!r}")
    return value.strip() == "1"


def load_config(overrides: dict | None = None) -> dict:
    """Build the config dict from defaults, the environment and explicit overrides."""
    overrides = dict(overrides or {})
    folder = Path(overrides.get("INSTANCE_PATH") or instance_path())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A probe of its own: gunicorn's workers start at once, and a shared name was unlinked by one
        # worker under another, which then refused to boot (the whole server stopped).
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        # What to do, not only what failed: "not writable: File exists" left a newcomer with neither.
        elsewhere = "set INCIDENTS_INSTANCE to a folder this account can write, e.g. INCIDENTS_INSTANCE=~/incidents"
        if folder.is_file():
            raise ConfigError(f"instance folder {folder} is a file, not a folder: {elsewhere}") from exc
        raise ConfigError(f"instance folder {folder} is not writable ({exc.strerror}): {elsewhere}") from exc
    env = os.environ
    config: dict = {
        "INSTANCE_PATH": str(folder),
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{folder / 'incidents.sqlite3'}",
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "DEBUG": env.get("INCIDENTS_DEBUG") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _switch(env.get("SESSION_COOKIE_SECURE") or "0", "SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # A form's one limit is the body's: Werkzeug's own 500 KB for a multipart text field was the 413 "at most
        # 2 MB" for a form that was not (an import's file is a file part, which this does not bound).
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["zh_Hans_CN", "en"],
        # GEOCODER is the name of earlier releases.
        "GEOCODER": env.get("INCIDENTS_GEOCODER") or env.get("GEOCODER") or "offline",
        "GEOCODER_USER_AGENT": env.get("INCIDENTS_GEOCODER_USER_AGENT") or None,
        "GEOCODER_KEY": env.get("INCIDENTS_GEOCODER_KEY") or None,
        "GEOCODER_CONTEXT": env.get("INCIDENTS_GEOCODER_CONTEXT") or "",
        "GEOCODER_DOMAIN": env.get("INCIDENTS_GEOCODER_DOMAIN") or None,
        "GEOCODER_TIMEOUT": _count(env.get("INCIDENTS_GEOCODER_TIMEOUT") or "5", "INCIDENTS_GEOCODER_TIMEOUT"),
        # A login lasts a week: a field worker is not sent to the login page mid-typhoon, and a copied
        # cookie stops working. Logout and a password change end sessions sooner (session_version).
        "SESSION_LIFETIME_HOURS": _count(env.get("INCIDENTS_SESSION_HOURS") or "168", "INCIDENTS_SESSION_HOURS"),
        "LOGIN_MAX_FAILURES": 5,
        # Per address: higher, since a whole office may sit behind one address.
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_WINDOW_SECONDS": 60,
        "PASSWORD_MIN_LENGTH": 10,
        "PAGE_SIZE": 50,
        # How long a phone waits for a report form before showing the copy it kept (static/sw.js).
        "OFFLINE_NETWORK_WAIT_MS": 6000,
        "DB_ECHO": False,
        **_backup_settings(env),
        "PROXIES": _count(env.get("INCIDENTS_PROXIES", "0"), "INCIDENTS_PROXIES"),
        "REQUEST_LOG": env.get("INCIDENTS_REQUEST_LOG", "1") != "0",
        # The optional tile map: off by default (the SVG map needs no other site).
        "MAP_TILE_URL": env.get("INCIDENTS_MAP_TILES") or None,
        "MAP_TILE_ATTRIBUTION": env.get("INCIDENTS_MAP_ATTRIBUTION") or "",
    }
    config.update(overrides)
    config["SESSION_COOKIE_SECURE"] = bool(config["SESSION_COOKIE_SECURE"])
    # Over HTTPS the cookie is __Host- prefixed: a browser then takes it only Secure, from this host alone, for
    # every path, so another host of the office's domain (not ours) cannot plant one ours would read and sign
    # a person in to the planter's account. Over plain HTTP (a laptop's demo) browsers refuse the prefix.
    # Deploying it renames the cookie: every browser logs in once more.
    config.setdefault("SESSION_COOKIE_NAME", "__Host-session" if config["SESSION_COOKIE_SECURE"] else "session")
    # The cookie lasts as long as the login (auth/views: a login is a permanent session): a phone whose
    # browser restarts mid-typhoon stays signed in; the server still ends it after SESSION_LIFETIME_HOURS.
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_LIFETIME_HOURS"])
    # Set at login only, so the cookie ends when the login does: refreshed on every answer, a request
    # still in flight when a phone's cookies were cleared (or a session ended) put the login back.
    config["SESSION_REFRESH_EACH_REQUEST"] = False
    if config["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we ship; the bare scheme would ask for psycopg2.
        config["DATABASE_URL"] = "postgresql+psycopg://" + config["DATABASE_URL"].split("://", 1)[1]
    if config["MAP_TILE_URL"]:
        tile_origin(config["MAP_TILE_URL"])  # refused at start-up, not on the first map
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _secret_key(folder)
    return config
