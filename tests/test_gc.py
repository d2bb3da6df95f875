"""``_gc.paused(collect="auto")``: a full collection at the end only when the block made more objects than a
quarter of the old generation (CPython's own rule for its next full pass), else a pass over the young ones."""

from __future__ import annotations

import gc

from scholargraph._gc import paused


def _full_passes() -> int:
    return gc.get_stats()[2]["collections"]


def _young_passes() -> int:
    return gc.get_stats()[1]["collections"]


def test_a_few_new_objects_beside_many_old_ones_get_a_young_pass():
    gc.collect()
    old = [[i] for i in range(200_000)]  # now in the old generation after the next full pass
    gc.collect()
    full, young = _full_passes(), _young_passes()
    with paused(collect="auto"):
        new = [[i] for i in range(1_000)]
    assert gc.isenabled()
    assert _full_passes() == full and _young_passes() == young + 1
    assert gc.get_count()[0] < 100  # the block's objects left the youngest generation
    assert len(new) == 1_000 and len(old) == 200_000


def test_many_new_objects_get_a_full_pass():
    gc.collect()
    full = _full_passes()
    with paused(collect="auto"):
        new = [[i] for i in range(4 * len(gc.get_objects(generation=2)) + 1000)]
    assert _full_passes() == full + 1
    assert len(new) > 0


def test_a_block_inside_a_paused_block_leaves_the_collector_off():
    with paused():
        with paused(collect="auto"):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
