"""Child processes that take a step at the same instant: each says it is ready (its imports and engine done), then
all are told to go at once. Was a start time agreed in advance (now + 4 or 6 s): the children idled the rest of it
on a quiet machine, and on a loaded one some were still importing when it came, so the race was not run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "ready"


def spawn(module: str, args: Sequence[str], log: Path) -> subprocess.Popen:
    """python -m MODULE ARGS from the checkout; stderr to a file (a full pipe nobody reads would block the child)."""
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=log.open("w"), text=True)


def release(children: Sequence[subprocess.Popen]) -> None:
    """Wait until every child is ready, then tell them all to go."""
    for child in children:
        line = child.stdout.readline() if child.stdout else ""
        assert line.strip() == READY, (line, child.wait(timeout=60))
    for child in children:
        assert child.stdin
        child.stdin.write("go\n")
        child.stdin.flush()


def finish(children: Sequence[subprocess.Popen], logs: Sequence[Path]) -> list[str]:
    """Each child's output after it went, once it has exited without error."""
    outputs = [child.communicate(timeout=120)[0] for child in children]
    for child, log in zip(children, logs, strict=True):
        assert child.returncode == 0, log.read_text()[-3000:]
    return outputs


def wait_for_go() -> None:
    """In a child: say it is ready, and wait for the word."""
    print(READY, flush=True)
    sys.stdin.readline()
