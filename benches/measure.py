"""How every benchmark times a product path beside its bare baseline: in turns, equally warm, medians.

On a shared 2-core machine the load moves by the minute, so a product timed for a minute and its
baseline timed the next minute give a ratio that moves with the load (the brief's went from 1.32x
to 1.74x that way). Here each side runs once to warm up (caches, the SQLite file in the page cache,
compiled statements), then they alternate, turn by turn, with the garbage of the previous call
collected outside the timing; the median of each side is the figure, and the spread (lowest and
highest ratio of one turn's pair) says how far a single turn could be trusted.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    """One function's timed turns (seconds; `cpu`: the process's CPU seconds of each) and its last result."""

    times: list[float] = field(default_factory=list)
    result: Any = None
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median turn, in seconds."""
        return statistics.median(self.times)


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int, warmup: bool = True) -> dict[str, Timing]:
    """Time each function `repeat` times in turns (a, b, c, a, b, c, ...) after one warm-up call each.

    Every call starts with the garbage of the one before collected (outside the timing), so no call
    pays for another's; the result of each call is kept until its next turn.
    """
    out = {name: Timing() for name in fns}
    if warmup:
        for name, fn in fns.items():
            out[name].result = fn()
    for _ in range(repeat):
        for name, fn in fns.items():
            out[name].result = None
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            out[name].result = fn()
            out[name].times.append(time.perf_counter() - t0)
            out[name].cpu.append(time.process_time() - c0)
    return out


def spread(product: Timing, bare: Timing) -> str:
    """The lowest and highest ratio of one turn's pair, e.g. "1.31-1.44x"."""
    ratios = sorted(p / b for p, b in zip(product.times, bare.times, strict=True) if b > 0)
    return f"turns {ratios[0]:.2f}-{ratios[-1]:.2f}x" if ratios else ""


def figure(bench: str, name: str, product: float, bare: float, unit: str, note: str | None = None) -> dict[str, Any]:
    """One row of the table (the contract of every bench module's `figures()`)."""
    row: dict[str, Any] = {"bench": bench, "figure": name, "product": product, "bare": bare, "unit": unit}
    if note:
        row["note"] = note
    return row


def ms(timing: Timing) -> float:
    """A timing's median in milliseconds."""
    return timing.median * 1000
