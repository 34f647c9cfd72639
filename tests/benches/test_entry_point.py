"""`python -m benches` keeps running: one small bench in quick mode gives its row of the one table."""

from __future__ import annotations

import re

import pytest

from benches import __main__ as entry


def test_quick_run_prints_one_table_with_the_bare_baseline_and_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    """The token bench (SQLite, a few dozen turns) through the entry point: a row with product, bare, ratio."""
    assert entry.main(["--quick", "--only", "api_auth_bench"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("bench "))
    assert header.split() == ["bench", "figure", "product", "bare", "unit", "ratio"]
    row = next(line for line in out.splitlines() if line.startswith("api_auth "))
    product, bare, unit, ratio = re.search(r"([\d.,]+)\s+([\d.,]+)\s+(ms)\s+([\d.]+)x$", row).groups()
    assert float(bare.replace(",", "")) > 0 and float(product.replace(",", "")) > 0
    assert float(ratio) == pytest.approx(float(product.replace(",", "")) / float(bare.replace(",", "")), rel=0.05)
    assert "load average" in out


def test_a_bench_without_figures_is_skipped_with_a_note() -> None:
    """A module that has no figures() yet (a branch not merged) is named, not fatal."""
    rows, notes = entry.run(["measure", "no_such_bench"], quick=True, pg=None)
    assert rows == []
    assert any(n.startswith("measure: no figures()") for n in notes)
    assert any(n.startswith("no_such_bench: not importable") for n in notes)
