"""Helpers shared by the benchmark stages: timing, peak memory, locating ../shared."""

from __future__ import annotations

import os
import resource
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """../shared beside the repository (or $SCHOLARGRAPH_SHARED)."""
    env = os.environ.get("SCHOLARGRAPH_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    if not (path / "corpora").is_dir():
        raise SystemExit(f"benchmarks need the shared corpora at {path}/corpora (set SCHOLARGRAPH_SHARED)")
    return path


def rss_mb() -> float:
    """The resident set size of this process now, in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mb(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, peak traced Python memory in MB, result) of one call (tracemalloc: numpy/scipy buffers count)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        out = fn()
        secs = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return secs, peak / 1e6, out
