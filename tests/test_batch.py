"""The garbage collector around a batch: paused inside, resumed after, nothing lost."""

import gc
import weakref

from annotator.batch import collector_paused


class Node:
    def __init__(self):
        self.other = None


def test_the_collector_is_paused_inside_and_resumed_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_paused_collector_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_made_goes_to_the_oldest_generation_in_one_step():
    """Left in the youngest generation, all of it would be walked at the first collection
    after the block: about a second for a large class. (The step is left out when something
    is frozen already, as CPython 3.12.1 freezes objects of its own at start-up: here nothing
    is, whatever ran before.)"""
    gc.unfreeze()
    with collector_paused():
        kept = [[n] for n in range(50_000)]
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept) in oldest and id(kept[-1]) in oldest


def test_a_cycle_made_in_the_block_is_still_collected():
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
    del a, b
    gc.collect()
    assert alive() is None


def test_the_collector_resumes_when_the_block_fails():
    try:
        with collector_paused():
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.isenabled()


def test_objects_the_caller_froze_stay_frozen():
    """``gc.unfreeze`` is process-wide: the block must not undo a caller's ``gc.freeze``."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collector_paused():
            kept = [[n] for n in range(1_000)]
        assert gc.get_freeze_count() >= frozen
        assert gc.isenabled() and kept
    finally:
        gc.unfreeze()
