"""Distribution settings from the environment: the SMTP server, the site's address, timings, allowed bot hosts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from incidents.config import ConfigError

# The official group-robot hosts; others (a test server, an intranet relay) must be named.
BOT_HOSTS = ("qyapi.weixin.qq.com", "oapi.dingtalk.com")

ENV_VARS = {
    "INCIDENTS_SMTP_HOST": "SMTP server for briefs by e-mail; unset, e-mail deliveries fail with that reason",
    "INCIDENTS_SMTP_PORT": "SMTP port; default 587 (starttls), 465 (tls), 25 (none)",
    "INCIDENTS_SMTP_SECURITY": "starttls (default), tls or none",
    "INCIDENTS_SMTP_USER": "SMTP login, if the server wants one",
    "INCIDENTS_SMTP_PASSWORD": "SMTP password",
    "INCIDENTS_SMTP_FROM": "sender address, e.g. yjb@example.gov.cn",
    "INCIDENTS_SMTP_FROM_NAME": "sender name shown, e.g. 文峰区应急管理局",
    "INCIDENTS_BASE_URL": "the site's address, for links to the full brief, e.g. https://incidents.example.gov.cn",
    "INCIDENTS_REMIND_BEFORE": "minutes before a brief's cut-off that silent subdistricts are reminded; default 60",
    "INCIDENTS_PUMPING_SILENT_HOURS": "hours a pumping operation may go without a volume report; default 6",
    "INCIDENTS_WEBHOOK_HOSTS": "more hosts group-robot webhooks may point at, comma-separated",
    "INCIDENTS_SEND_ATTEMPTS": "tries per delivery before it is marked failed; default 5",
}


@dataclass(frozen=True)
class Settings:
    """Everything distribution reads from outside; tests build one directly."""

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "incidents@localhost"
    smtp_from_name: str = "Incident Log"
    base_url: str = "http://localhost:5000"
    remind_before: timedelta = timedelta(hours=1)
    pumping_silent: timedelta = timedelta(hours=6)
    bot_hosts: tuple[str, ...] = field(default=BOT_HOSTS)
    attempts: int = 5
    backoff: timedelta = timedelta(minutes=1)
    timeout: float = 15.0


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name) or str(default)
    if not value.isdigit():
        raise ConfigError(f"{name}={value!r}: give a whole number")
    return int(value)


def from_env(env: Mapping[str, str]) -> Settings:
    """Settings from environment variables (a ConfigError naming a bad one)."""
    security = (env.get("INCIDENTS_SMTP_SECURITY") or "starttls").lower()
    if security not in ("starttls", "tls", "none"):
        raise ConfigError(f"INCIDENTS_SMTP_SECURITY={security!r}: give starttls, tls or none")
    port = _number(env, "INCIDENTS_SMTP_PORT", {"starttls": 587, "tls": 465, "none": 25}[security])
    extra = tuple(h.strip().lower() for h in (env.get("INCIDENTS_WEBHOOK_HOSTS") or "").split(",") if h.strip())
    return Settings(
        smtp_host=env.get("INCIDENTS_SMTP_HOST") or None, smtp_port=port, smtp_security=security,
        smtp_user=env.get("INCIDENTS_SMTP_USER") or None, smtp_password=env.get("INCIDENTS_SMTP_PASSWORD") or None,
        smtp_from=env.get("INCIDENTS_SMTP_FROM") or Settings.smtp_from,
        smtp_from_name=env.get("INCIDENTS_SMTP_FROM_NAME") or Settings.smtp_from_name,
        base_url=(env.get("INCIDENTS_BASE_URL") or Settings.base_url).rstrip("/"),
        remind_before=timedelta(minutes=_number(env, "INCIDENTS_REMIND_BEFORE", 60)),
        pumping_silent=timedelta(hours=_number(env, "INCIDENTS_PUMPING_SILENT_HOURS", 6)),
        bot_hosts=BOT_HOSTS + extra, attempts=max(1, _number(env, "INCIDENTS_SEND_ATTEMPTS", 5)))
