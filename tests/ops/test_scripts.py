"""scripts/serve-demo and scripts/test install the package only when the venv is missing or pyproject.toml changed
since its last install (INSTALL_STAMP, scripts/ensure-venv): a newcomer's first run still makes the venv and
installs, a later run goes straight to serving (or testing). Run on a copy of the scripts whose python3 makes a
venv of stubs that log what they are asked (a real install asks the package index for a minute)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# python3 -m venv .venv: a venv whose python and incidents only log their arguments (pip fails when asked to).
PYTHON3 = """#!/bin/sh
echo "python3 $*" >> "$CALLS"
mkdir -p .venv/bin && cp "$STUBS/tool" .venv/bin/python && cp "$STUBS/tool" .venv/bin/incidents
"""
TOOL = """#!/bin/sh
echo "$(basename "$0") $*" >> "$CALLS"
case "$*" in *"pip install"*) [ -z "$PIP_FAILS" ] || exit 1 ;; esac
"""
# The system lists scripts/test looks in, the line it looks for first and more after (as fc-list and ldconfig
# write theirs in chunks, so a reader that stops at the first match breaks their pipe).
LISTS = {"fc-list": "NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular\n"
                    "HanaMinB.ttf: HanaMinB:style=Regular\nNotoColorEmoji.ttf: Noto Color Emoji:style=Regular",
         "ldconfig": "libpangoft2-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpangoft2-1.0.so.0"}
LIST = """#!/bin/sh
echo "{line}"; sleep 0.2; seq 20000
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the scripts and pyproject.toml, as on a new machine (no .venv)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "scripts", repo / "scripts")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    lists = {name: LIST.format(line=line) for name, line in LISTS.items()}
    for name, text in {"python3": PYTHON3, "tool": TOOL, "apt-get": TOOL, **lists}.items():
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    return repo


def run(repo: Path, script: str, *args: str, pip_fails: bool = False) -> list[str]:
    """Run a script of the copy; the commands it ran (python3, apt-get, the venv's python and incidents)."""
    calls = repo.parent / "calls.log"
    calls.unlink(missing_ok=True)
    stubs = repo.parent / "stubs"
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}", "STUBS": str(stubs), "CALLS": str(calls),
           "PIP_FAILS": "1" if pip_fails else "", "PYTEST_WORKERS": "3"}
    done = subprocess.run([repo / "scripts" / script, *args], cwd=repo.parent, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == (1 if pip_fails else 0), done.stderr
    return calls.read_text().splitlines()


PIP = "python -m pip install -q --disable-pip-version-check -e"


def test_a_newcomers_serve_demo_installs_once_then_serves_at_once(checkout):
    assert run(checkout, "serve-demo", "--port", "5001") == [
        "python3 -m venv .venv", f"{PIP} .", "incidents serve --demo --port 5001"]
    assert run(checkout, "serve-demo") == ["incidents serve --demo"]


def test_the_test_script_installs_the_test_extras_once_and_nothing_from_apt(checkout):
    assert run(checkout, "serve-demo") == ["python3 -m venv .venv", f"{PIP} .", "incidents serve --demo"]
    # The demo's install lacks the test extras: the first test run adds them, the next goes straight to pytest.
    assert run(checkout, "test", "-q") == [f"{PIP} .[test]", "python -m pytest -n 3 --dist worksteal -q"]
    assert run(checkout, "test", "-q") == ["python -m pytest -n 3 --dist worksteal -q"]
    assert run(checkout, "serve-demo") == ["incidents serve --demo"]  # the test extras include the package


def test_a_changed_pyproject_or_a_removed_venv_installs_again(checkout):
    run(checkout, "test")
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"gunicorn>=23",', '"gunicorn>=23.1",'))
    assert run(checkout, "serve-demo") == [f"{PIP} .", "incidents serve --demo"]
    assert run(checkout, "test") == [f"{PIP} .[test]", "python -m pytest -n 3 --dist worksteal"]
    shutil.rmtree(checkout / ".venv")
    assert run(checkout, "serve-demo")[:2] == ["python3 -m venv .venv", f"{PIP} ."]


def test_a_failed_install_is_tried_again_next_time(checkout):
    assert run(checkout, "serve-demo", pip_fails=True) == ["python3 -m venv .venv", f"{PIP} ."]
    assert run(checkout, "serve-demo") == [f"{PIP} .", "incidents serve --demo"]
