"""Full garbage collections while the user pauses, never inside a keystroke.

Once the app's start-up heap is frozen (``B2BApp.settle_heap``), CPython still runs a full (oldest-generation)
collection on its own whenever younger collections have promoted enough objects: with nothing left in that
generation after the freeze, about every tenth middle-generation collection - on the terminal benchmark's keys one
in every fifteen keys, 7-20 ms of CPU each (40-96 ms of wall time on a loaded machine), inside whichever keystroke
made the allocation that tipped it: most of the keystroke's slowest 5%.

Here the interpreter's own full collections are off while the app runs, and the app runs one itself once the user
has paused (no key or paste read for ``IDLE_SECONDS``), when anything was promoted since the last. Someone typing
without a pause still gets one every ``LONGEST_SECONDS`` or so, in a gap between two keys (``GAP_SECONDS``; at
three times that long, at once), so cyclic garbage never piles up. The younger
generations are collected as before. The interpreter's thresholds come back when the app ends.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0  # no key for this long: the user reads the screen, a full collection is not felt
CHECK_SECONDS = 0.5
LONGEST_SECONDS = 10.0  # past this without one, a full collection in the first gap between keys
GAP_SECONDS = 0.15  # such a gap: the last key's results are on screen, the next key not typed yet
NEVER = 1 << 30  # middle-generation collections before the interpreter runs a full one on its own: never


class IdleCollector:
    """Full collections when ``last_input()`` (a ``time.monotonic`` reading) is ``IDLE_SECONDS`` old."""

    def __init__(self, last_input: Callable[[], float]) -> None:
        self._last_input = last_input
        self._saved: tuple[int, int, int] | None = None  # the interpreter's thresholds while ours are in force
        self._handle: asyncio.TimerHandle | None = None
        self._last_full = 0.0
        self.collections = 0  # full collections run here (tests read it)

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        """From the event loop's thread, in the app's loop (again: nothing more)."""
        if self._saved is not None:
            return
        young, middle, oldest = gc.get_threshold()
        self._saved = (young, middle, oldest)
        gc.set_threshold(young, middle, NEVER)
        self._last_full = time.monotonic()
        self._handle = asyncio.get_running_loop().call_later(CHECK_SECONDS, self._tick)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def _tick(self) -> None:
        self._handle = None
        if self._saved is not None:
            self.check()
            self._handle = asyncio.get_running_loop().call_later(CHECK_SECONDS, self._tick)

    def check(self) -> bool:
        """A full collection now if anything was promoted since the last and the user has paused (or none ran for
        ``LONGEST_SECONDS`` and the keys have a gap): then True."""
        now = time.monotonic()
        promoted = gc.get_count()[2] > 0  # middle-generation collections since the last full one
        quiet, since = now - self._last_input(), now - self._last_full
        if promoted and (quiet >= IDLE_SECONDS or (since >= LONGEST_SECONDS and quiet >= GAP_SECONDS)
                         or since >= 3 * LONGEST_SECONDS):
            gc.collect()
            self._last_full = time.monotonic()
            self.collections += 1
            return True
        return False
