"""The HTTP API through a token, the incidents command beside this Python, a revision asked for, the command line."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests

INCIDENTS = os.path.join(os.path.dirname(sys.executable), "incidents")


class Api:
    """The HTTP API through a token."""

    def __init__(self, base: str, token: str):
        self.root = base.rstrip("/")
        self.s = requests.Session()
        self.s.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "zh"})

    def call(self, method: str, path: str, body: Any = None, want: tuple[int, ...] = (200, 201),
             params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> requests.Response:
        """One request; anything but a wanted status ends the replay."""
        url = self.root + path if path.startswith("/api/") else self.root + "/api/v1" + path
        r = self.s.request(method, url, json=body, params=params, headers=headers)
        if r.status_code not in want:
            raise SystemExit(f"{method} {path} {body!r} -> {r.status_code} {r.text[:600]}")
        return r


def parse_utc(text: str) -> datetime:
    """A time the API wrote, as UTC."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def recompiled(api: Api, brief: int) -> dict[str, Any]:
    """Ask for a revision of a brief and run the scheduler once: the job as it ended (brief_url when done)."""
    asked = api.call("POST", f"/briefs/{brief}/recompile", {}, want=(202,))
    subprocess.run([INCIDENTS, "scheduler", "--once"], check=True, capture_output=True)
    job: dict[str, Any] = api.call("GET", asked.headers["Location"]).json()
    return job


def main(doc: str, base: str, run: Callable[..., int], quick: bool = False) -> None:
    """Parse --base, --token (and --quick where the replay has one), run, exit with its status."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--base", default=base)
    ap.add_argument("--token", required=True)
    if quick:
        ap.add_argument("--quick", action="store_true", help="recompile one day only")
    a = ap.parse_args()
    sys.exit(run(a.base, a.token, a.quick) if quick else run(a.base, a.token))
