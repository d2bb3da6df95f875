"""Two helpers for the cyclic garbage collector: :func:`paused` and :func:`frozen`.

Building millions of small acyclic containers (graph attribute dicts, decoded records) triggers the collector's
full passes again and again, each walking the whole heap -- a loaded spaCy model, a large graph -- and they can
dominate the time. :func:`paused` disables the collector for the block and restores the previous state
(``collect=True``: with one full collection at the end, for blocks that leave millions of objects behind).
:func:`frozen` keeps what exists at the start of a block (a loaded store) out of the collections inside it and
of the one that ends it, and gives it back to the collector at the end (``gc.unfreeze``); only worker
processes keep objects frozen for good (``nlp/_workers.py``).

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

__all__ = ["frozen", "paused"]


@contextmanager
def paused(*, collect: bool | str = False) -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (usable as a decorator too).

    ``collect=True``: when the block re-enables the collector (it was on before), run one full collection at
    the end (``collect="auto"``: only when the block made more objects than a quarter of the old generation, as
    CPython would; else a pass over the young generations alone). For a block that leaves millions of new objects behind (a corpus, a graph): every object made
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
            if collect == "auto":
                _collect_as_scheduled()
            elif collect:
                gc.collect()


def _collect_as_scheduled() -> None:
    """What the collector would do over the objects a paused block left behind: a full collection when they
    outnumber a quarter of the old generation (CPython's own rule for its next full pass), else a collection of
    the young generations alone -- the block's objects join the old generation without a pass over it (a graph
    of 56k objects built beside a corpus of 500k: 0.03 s instead of 0.4 s)."""
    young = gc.get_count()[0]
    if young * 4 > len(gc.get_objects(generation=2)):
        gc.collect()
    else:
        gc.collect(1)


@contextmanager
def frozen(*, collect: bool = False) -> Iterator[None]:
    """Inside the block, every object that exists at its start is in the permanent generation (``gc.freeze``),
    so that no collection inside the block walks them; at the end (``collect=True``: after one full collection,
    which then walks only what the block made) they go back to the oldest generation (``gc.unfreeze``). For a
    block that works on a large structure made just before it (a loaded store). Does nothing to the freezing
    when objects are frozen already (someone else's ``gc.freeze``).

    >>> import gc
    >>> with frozen():
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    mine = gc.get_freeze_count() == 0
    if mine:
        gc.freeze()
    try:
        yield
    finally:
        if collect:
            gc.collect()
        if mine:
            gc.unfreeze()
