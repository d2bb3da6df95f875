"""One helper for the cyclic garbage collector: :func:`paused`.

Building millions of small acyclic containers (graph attribute dicts, decoded records) triggers the collector's
full passes again and again, each walking the whole heap -- a loaded spaCy model, a large graph -- and they can
dominate the time. :func:`paused` disables the collector for the block and restores the previous state; it
never freezes objects (``gc.freeze`` is for worker processes only, see ``nlp/_workers.py``).

>>> import gc
>>> with paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (usable as a decorator too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
