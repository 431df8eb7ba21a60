"""The cyclic garbage collector held off while a paste is read.

A 500-line paste makes some tens of thousands of small objects (tokens, parsed and resolved lines, candidates, the
draft's new lines). Nearly all of them are freed by reference counting; the cyclic collector finds nothing among
them, but its young collections run every 700 allocations and a full one walks the whole heap when enough of them
survive: measured in the app, 10 to 90 ms of a paste went to it. Held off for the paste, it runs once after it, on
what survived. Objects freed by reference counting are freed as always; only cyclic garbage waits, for one paste.
``b2bterm search`` holds it the same way while the local catalog answers (its loaded modules live as long as the
process).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # pastes (in any thread) under way
_was_enabled = False


@contextmanager
def collector_held() -> Iterator[None]:
    """The cyclic collector off for the block (nested and concurrent blocks too), as it was after the last one."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
