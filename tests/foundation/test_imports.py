"""The package's modules import each other without a cycle (lazy imports inside functions included)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import incidents

PACKAGE = Path(incidents.__file__).parent


def module_name(path: Path) -> str:
    """The dotted name of a source file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package but the migration scripts (Alembic loads those by path)."""
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "versions" not in p.parts}


def imports_of(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The package's modules a file imports, wherever in the file the import stands."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                # `from incidents.briefs import services` imports the submodule, not the package.
                sub = f"{base}.{alias.name}"
                if sub in modules:
                    found.add(sub)
                elif base in modules:
                    found.add(base)
    found.discard(name)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_finder_sees_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles_in_the_package() -> None:
    modules = package_modules()
    graph = {name: imports_of(path, name, modules) for name, path in modules.items()}
    assert graph["incidents.briefs.views"], "the import walk found nothing: it is broken"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# Run in a fresh interpreter: every module imported in turn, and any mapper configuration on the way
# named with the module whose import set it off.
_CONFIGURES_AT_IMPORT = """
import importlib, sys
import sqlalchemy as sa
from sqlalchemy.orm import Mapper
importing = []
@sa.event.listens_for(Mapper, "before_configured")
def _configured():
    print("configured while importing", importing[-1])
for name in sys.argv[1:]:
    importing.append(name)
    importlib.import_module(name)
"""


def test_no_module_configures_the_models_while_it_is_imported() -> None:
    # A statement over an ORM alias built at import configured every mapper there: imported before
    # incidents.models (a script's `from incidents.reports import services`), that failed, Report's
    # relationship to Event not yet defined.
    names = sorted(n for n in package_modules() if n != "incidents.migrations.env")  # Alembic runs that one
    done = subprocess.run([sys.executable, "-c", _CONFIGURES_AT_IMPORT, *names], capture_output=True, text=True,
                          cwd=PACKAGE.parent, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "configured while importing" not in done.stdout, done.stdout


def test_a_service_module_imports_alone() -> None:
    done = subprocess.run([sys.executable, "-c", "from incidents.reports import services"], capture_output=True,
                          text=True, cwd=PACKAGE.parent, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
