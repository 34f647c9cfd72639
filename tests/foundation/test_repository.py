"""The repository stands alone: no file points outside it, and its design notes are where the README says."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = "../" + "shared"  # spelled in two parts so this file does not match itself
SKIP = {".git", ".venv", "instance", "artifacts", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache"}


def repository_files() -> list[Path]:
    """Every text file of the checkout (not the virtualenv, caches or run-time folders)."""
    files = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.is_file() and not parts & SKIP and not any(p.endswith(".egg-info") for p in parts) \
                and path.suffix not in (".mo", ".png", ".pdf", ".ico", ".sqlite3"):
            files.append(path)
    return files


def test_no_file_points_outside_the_repository() -> None:
    files = repository_files()
    assert len(files) > 50, "the walk found too few files: it is broken"
    pointing = [str(p.relative_to(ROOT)) for p in files if OUTSIDE in p.read_text(encoding="utf-8", errors="ignore")]
    assert pointing == []


def test_the_readme_links_the_design_notes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for note in ("docs/architecture.md", "docs/domain.md", "docs/briefs.md"):
        assert note in readme and (ROOT / note).exists(), note
