"""Configuration: defaults in code, overrides from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The repository: templates/, static/ and data/ live beside the package.
ROOT = Path(__file__).resolve().parent.parent

# Environment variables read at start-up, with their meaning (README lists them too).
ENV_VARS = {
    "DATABASE_URL": "SQLAlchemy URL; default sqlite:///<instance>/incidents.sqlite3",
    "SECRET_KEY": "session signing key; default generated once into <instance>/secret_key",
    "INCIDENTS_INSTANCE": "instance folder (database, secret key); default ./instance",
    "SESSION_COOKIE_SECURE": "1 when served over HTTPS",
    "INCIDENTS_DEBUG": "1 turns on Flask debug (never in production)",
    "GEOCODER": "offline (default) or nominatim",
    "INCIDENTS_SCHEDULER": "embedded (default for `incidents serve`) or off",
}


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
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def load_config(overrides: dict | None = None) -> dict:
    """Build the config dict from defaults, the environment and explicit overrides."""
    overrides = dict(overrides or {})
    folder = Path(overrides.get("INSTANCE_PATH") or instance_path())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(f"instance folder {folder} is not writable: {exc.strerror}") from exc
    env = os.environ
    config: dict = {
        "INSTANCE_PATH": str(folder),
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{folder / 'incidents.sqlite3'}",
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "DEBUG": env.get("INCIDENTS_DEBUG") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["zh_Hans_CN", "en"],
        "GEOCODER": env.get("GEOCODER", "offline"),
        "LOGIN_MAX_FAILURES": 5,
        # Per address: higher, since a whole office may sit behind one address.
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_WINDOW_SECONDS": 60,
        "PASSWORD_MIN_LENGTH": 10,
        "PAGE_SIZE": 50,
        "DB_ECHO": False,
    }
    config.update(overrides)
    config["SESSION_COOKIE_SECURE"] = bool(config["SESSION_COOKIE_SECURE"])
    if config["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we ship; the bare scheme would ask for psycopg2.
        config["DATABASE_URL"] = "postgresql+psycopg://" + config["DATABASE_URL"].split("://", 1)[1]
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _secret_key(folder)
    return config
