"""An import's progress and its uploaded file, kept in the instance folder under a one-time token.

A file beside the upload, not a row: the import's own transaction holds SQLite's write lock until it
commits, so a progress row could not be written meanwhile; a small JSON file any worker on the host
can read can. It is rewritten at most a few times a second and replaced atomically.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from pathlib import Path
from typing import Any

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Rewrites of the progress file at most this often: the page polls twice a second.
INTERVAL_S = 0.25
# How long a previewed upload waits for its confirmation: a preview is confirmed within minutes, a day
# covers one left open overnight. Older ones are refused and removed: each may be 64 MB, and nothing
# else ever deleted one that was never confirmed.
EXPIRES_S = 24 * 3600
# How many previews one account may have waiting (a few tabs, files compared): past it a new one removes its oldest.
# Unbounded, a reporter's one row and 28 MB of empty lines (read past, a preview of 0.9 s) sent again and again
# filled the disk the database lives on.
MAX_WAITING = 5


def new_token() -> str:
    """A one-time token naming an upload (unguessable: it is the only key to the stored file)."""
    return secrets.token_urlsafe(18)


def folder(instance_path: str) -> Path:
    """Where uploads wait between the preview and the confirmation."""
    path = Path(instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def valid(token: str) -> bool:
    """Whether a token has the shape new_token makes (never a path)."""
    return bool(TOKEN_RE.fullmatch(token or ""))


def save_upload(instance_path: str, token: str, data: bytes, meta: dict[str, Any]) -> None:
    """Keep an uploaded file and what it is for (user, event, kind, name) until it is confirmed; the uploader's
    oldest waiting ones past MAX_WAITING are removed (their confirm is then the 410 of an upload gone)."""
    base = folder(instance_path)
    (base / f"{token}.data").write_bytes(data)
    _write(base / f"{token}.meta.json", meta)
    waiting = []
    for path in base.glob("*.meta.json"):
        try:
            if json.loads(path.read_text()).get("user_id") == meta.get("user_id"):
                waiting.append((path.stat().st_mtime_ns, path.name.removesuffix(".meta.json")))
        except (OSError, ValueError):  # confirmed or removed meanwhile by another worker
            continue
    for _at, older in sorted(waiting, reverse=True)[MAX_WAITING:]:
        if older != token:
            discard(instance_path, older)


def load_upload(instance_path: str, token: str) -> tuple[bytes, dict[str, Any]] | None:
    """The file and its meta under a token; None when unknown, already used or expired (then removed)."""
    base = folder(instance_path)
    try:
        if _expired(base / f"{token}.data", time.time()):
            discard(instance_path, token)
            return None
        return (base / f"{token}.data").read_bytes(), json.loads((base / f"{token}.meta.json").read_text())
    except (OSError, ValueError):
        return None


def discard(instance_path: str, token: str) -> None:
    """Remove an upload once stored (its progress stays readable: the page's last poll reads it)."""
    base = folder(instance_path)
    for name in (f"{token}.data", f"{token}.meta.json"):
        (base / name).unlink(missing_ok=True)


def remove_expired(instance_path: str) -> None:
    """Remove every upload, progress file and leftover older than EXPIRES_S (the import pages call this)."""
    now = time.time()
    for path in folder(instance_path).iterdir():
        try:
            if _expired(path, now):
                path.unlink()
        except OSError:  # removed meanwhile by another worker's visit
            continue


def _expired(path: Path, now: float) -> bool:
    """Whether a file was last written over EXPIRES_S ago (OSError when it is gone)."""
    return path.stat().st_mtime < now - EXPIRES_S


class Reporter:
    """Writes (phase, done, total) to the token's progress file, throttled; the callback services take.

    The file names its uploader: read_progress answers no one else.
    """

    def __init__(self, instance_path: str, token: str, user_id: int) -> None:
        self.path = folder(instance_path) / f"{token}.progress.json"
        self.user_id = user_id
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Record how far a phase got (always the last step of a phase)."""
        now = time.monotonic()
        if done < total and now - self.last < INTERVAL_S:
            return
        self.last = now
        _write(self.path, {"phase": phase, "done": done, "total": total, "user_id": self.user_id})

    def finish(self, phase: str, **more: Any) -> None:
        """Mark the import finished ("done") or refused ("refused"), with what else its pages say of it."""
        _write(self.path, {"phase": phase, "done": 1, "total": 1, **more, "user_id": self.user_id})


def read_progress(instance_path: str, token: str, user_id: int) -> dict[str, Any] | None:
    """The last progress written under a token ({"phase": "waiting"} before the first); None when another
    user's upload wrote it."""
    try:
        found = dict(json.loads((folder(instance_path) / f"{token}.progress.json").read_text()))
    except (OSError, ValueError):
        return {"phase": "waiting", "done": 0, "total": 0}
    if found.pop("user_id", None) != user_id:
        return None
    return found


def _write(path: Path, value: dict[str, Any]) -> None:
    """Replace a JSON file atomically: a reader never sees half of it."""
    # Named by process and thread: two confirms of one import in one process (threads) shared a name, and one's
    # rename took the other's file away (a 500; tests/imports/test_progress_written_by_two_threads.py).
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(value))
    os.replace(tmp, path)
