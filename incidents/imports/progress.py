"""An import's progress and its uploaded file, kept in the instance folder under a one-time token.

A file beside the upload, not a row: the import's own transaction holds SQLite's write lock until it
commits, so a progress row could not be written meanwhile; a small JSON file any worker on the host
can read can. It is rewritten at most a few times a second and replaced atomically.

Each account's files are in a folder of its own (`imports/<user id>/`): its bounds (MAX_WAITING, MAX_PROGRESS) and
its sweep read that folder only, never every account's.
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

# What new_token makes: 18 random bytes, 24 characters. The upload form's token is the client's to send, so any other
# shape is refused before a file is named by it.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{24}$")
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
# How many progress files one account keeps: a preview writes two (its upload form's token, its kept file's), so
# twice MAX_WAITING keeps every waiting preview's and as many again for previews not kept and imports stored. Past it
# a new one removes its oldest (that token's progress then answers 404, its confirm 404). Unbounded, each preview
# wrote one under a token the client chose: a script could leave millions a day.
MAX_PROGRESS = 4 * MAX_WAITING
# Every account's folder is swept for expired files at most this often (the marker SWEPT's mtime says when it
# last was); a visitor's own folder at each visit of an import page.
SWEEP_S = 3600
SWEPT = ".swept"


def new_token() -> str:
    """A one-time token naming an upload (unguessable: it is the only key to the stored file)."""
    return secrets.token_urlsafe(18)


def folder(instance_path: str, user_id: int) -> Path:
    """Where an account's uploads wait between the preview and the confirmation, beside their progress."""
    path = Path(instance_path) / "imports" / str(int(user_id))
    path.mkdir(parents=True, exist_ok=True)
    return path


def valid(token: str) -> bool:
    """Whether a token has the shape new_token makes (never a path)."""
    return bool(TOKEN_RE.fullmatch(token or ""))


def save_upload(instance_path: str, token: str, data: bytes, meta: dict[str, Any]) -> None:
    """Keep an uploaded file and what it is for (user, event, kind, name) until it is confirmed; the uploader's
    oldest waiting ones past MAX_WAITING are removed (their confirm is then the 410 of an upload gone)."""
    base = folder(instance_path, meta["user_id"])
    (base / f"{token}.data").write_bytes(data)
    _write(base / f"{token}.meta.json", meta)
    for older in _oldest_past(base, ".meta.json", MAX_WAITING):
        if older != token:
            discard(instance_path, meta["user_id"], older)


def load_upload(instance_path: str, user_id: int, token: str) -> tuple[bytes, dict[str, Any]] | None:
    """The account's file and its meta under a token; None when unknown, already used or expired (then removed)."""
    base = folder(instance_path, user_id)
    try:
        if _expired(base / f"{token}.data", time.time()):
            discard(instance_path, user_id, token)
            return None
        return (base / f"{token}.data").read_bytes(), json.loads((base / f"{token}.meta.json").read_text())
    except (OSError, ValueError):
        return None


def discard(instance_path: str, user_id: int, token: str) -> None:
    """Remove an upload once stored (its progress stays readable: the page's last poll reads it)."""
    base = folder(instance_path, user_id)
    for name in (f"{token}.data", f"{token}.meta.json"):
        (base / name).unlink(missing_ok=True)


def remove_expired(instance_path: str, user_id: int) -> None:
    """Remove the account's expired uploads, progress files and leftovers (_sweep), and every account's when
    the last such sweep is SWEEP_S old (the import pages call this at each visit)."""
    now = time.time()
    _sweep(folder(instance_path, user_id), now)
    base = folder(instance_path, user_id).parent
    marker = base / SWEPT
    try:
        if marker.stat().st_mtime > now - SWEEP_S:
            return
    except OSError:  # never swept
        pass
    marker.touch()  # first: a second worker's visit meanwhile does not sweep too
    _sweep(base, now)  # files of the flat layout before 7 December
    for path in base.iterdir():
        if path.is_dir():
            _sweep(path, now)


def _sweep(base: Path, now: float) -> None:
    """Remove a folder's files older than EXPIRES_S, progress files twice that (not its folders, nor the marker)."""
    for path in base.iterdir():
        # A progress file outlives its upload a day: the confirm of an expired upload says so (410), not "unknown".
        older = now - EXPIRES_S if path.name.endswith(".progress.json") else now
        try:
            if path.name != SWEPT and path.is_file() and _expired(path, older):
                path.unlink()
        except OSError:  # removed meanwhile by another worker's visit
            continue


def _oldest_past(base: Path, suffix: str, keep: int) -> list[str]:
    """The tokens of an account's files of a kind past the newest `keep`, oldest last."""
    found = []
    for path in base.glob(f"*{suffix}"):
        try:
            found.append((path.stat().st_mtime_ns, path.name.removesuffix(suffix)))
        except OSError:  # confirmed or removed meanwhile by another worker
            continue
    return [token for _at, token in sorted(found, reverse=True)[keep:]]


def _expired(path: Path, now: float) -> bool:
    """Whether a file was last written over EXPIRES_S ago (OSError when it is gone)."""
    return path.stat().st_mtime < now - EXPIRES_S


class Reporter:
    """Writes (phase, done, total) to the token's progress file in its uploader's folder, throttled; the callback
    services take. Its first write removes the uploader's oldest progress files past MAX_PROGRESS."""

    def __init__(self, instance_path: str, token: str, user_id: int) -> None:
        self.base = folder(instance_path, user_id)
        self.path = self.base / f"{token}.progress.json"
        self.token = token
        self.last = 0.0
        self.bounded = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Record how far a phase got (always the last step of a phase)."""
        now = time.monotonic()
        if done < total and now - self.last < INTERVAL_S:
            return
        self.last = now
        self._write({"phase": phase, "done": done, "total": total})

    def finish(self, phase: str, **more: Any) -> None:
        """Mark the import finished ("done") or refused ("refused"), with what else its pages say of it."""
        self._write({"phase": phase, "done": 1, "total": 1, **more})

    def _write(self, value: dict[str, Any]) -> None:
        _write(self.path, value)
        if not self.bounded:
            self.bounded = True
            for older in _oldest_past(self.base, ".progress.json", MAX_PROGRESS):
                if older != self.token:
                    (self.base / f"{older}.progress.json").unlink(missing_ok=True)


def read_progress(instance_path: str, token: str, user_id: int) -> dict[str, Any] | None:
    """The last progress the account's upload under a token wrote; None when it wrote none (another account's
    token, one never used, one gone past MAX_PROGRESS or EXPIRES_S)."""
    try:
        return dict(json.loads((folder(instance_path, user_id) / f"{token}.progress.json").read_text()))
    except (OSError, ValueError):
        return None


def _write(path: Path, value: dict[str, Any]) -> None:
    """Replace a JSON file atomically: a reader never sees half of it."""
    # Named by process and thread: two confirms of one import in one process (threads) shared a name, and one's
    # rename took the other's file away (a 500; tests/imports/test_progress_written_by_two_threads.py).
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(value))
    os.replace(tmp, path)
