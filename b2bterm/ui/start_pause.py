"""The start's background work waits for the user's first pause in typing.

Once the first usable frame is on screen, the app checks the catalog for changes, caches the account's part numbers,
looks at its price book and starts the outbox: ~80 ms of CPU (a third on the UI thread) in the first 250 ms. Someone
who starts typing the moment the screen is there (a customer on the phone) had their first keys answered in the
middle of it: the session's first keys were the slowest of all. Here that work starts once the keys pause
(``PAUSE_SECONDS`` with none read, counted from the first frame), or, for someone who types on, after
``LONGEST_SECONDS`` in the first gap between two keys. The search warm-up is not held back: it is what makes those
first keys fast. A headless app (tests, scripts) starts it at once, as before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

PAUSE_SECONDS = 0.5  # no key for this long (the results read): the work is not felt
LONGEST_SECONDS = 10.0  # someone typing on: the work starts anyway, in the first gap between keys
GAP_SECONDS = 0.15  # such a gap: the last key's results are on screen, the next key not typed yet
CHECK_SECONDS = 0.05


class AfterPause:
    """Runs ``work`` once, when ``last_input()`` (a ``time.monotonic`` reading) and the start are ``pause`` old."""

    def __init__(self, last_input: Callable[[], float], work: Callable[[], None], *,
                 pause: float = PAUSE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._last_input = last_input
        self._work = work
        self._pause = pause
        self._clock = clock
        self._since = 0.0
        self._handle: asyncio.TimerHandle | None = None
        self.done = False

    def start(self) -> None:
        """From the event loop's thread: the work now if no pause is asked for, else once the user pauses."""
        self._since = self._clock()
        if not self.check():
            self._handle = asyncio.get_running_loop().call_later(CHECK_SECONDS, self._tick)

    def _tick(self) -> None:
        self._handle = None
        if not self.check():
            self._handle = asyncio.get_running_loop().call_later(CHECK_SECONDS, self._tick)

    def check(self) -> bool:
        """The work, if it is time (then True; it runs once)."""
        if self.done:
            return True
        now = self._clock()
        quiet = now - max(self._since, self._last_input())
        if quiet >= self._pause or (now - self._since >= LONGEST_SECONDS and quiet >= min(GAP_SECONDS, self._pause)):
            self.done = True
            self._work()
        return self.done

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
