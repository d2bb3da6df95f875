"""One helper for the cyclic garbage collector: :func:`paused`.

Building millions of small acyclic containers (graph attribute dicts, decoded records) triggers the collector's
full passes again and again, each walking the whole heap -- a loaded spaCy model, a large graph -- and they can
dominate the time. :func:`paused` disables the collector for the block and restores the previous state
(``collect=True``: with one full collection at the end, for blocks that leave millions of objects behind); it
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
def paused(*, collect: bool = False) -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (usable as a decorator too).

    ``collect=True``: when the block re-enables the collector (it was on before), run one full collection at
    the end. For a block that leaves millions of new objects behind (a corpus, a graph): every object made
    while the collector was off is in the youngest generation, and the collector would otherwise walk them
    three times in whatever code runs next (the youngest generation, the middle one, then a full pass once
    they outnumber a quarter of the old objects); one full pass here costs about one of those, and is paid
    where the objects were made.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect:
                gc.collect()
