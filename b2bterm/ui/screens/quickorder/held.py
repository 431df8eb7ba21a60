"""The cyclic garbage collector held off from a paste's hand-over until the frame that shows it.

The pad holds the collector while it reads a paste (``quickorder.collector``); it came back on for the rest of the
way to the screen: the price answer, the lines read again with their prices and the frame. The tens of thousands of
objects the paste had left in the young generations were then walked in the middle of it: measured in the app, one
to three collections of 1.5-8 ms each (more under load) between the resolve and the frame. Held here from the moment
the screen hands the paste over until the frame that shows the lines has been drawn, it runs once after that, on what
survived, while the user reads the screen. Objects freed by reference counting are freed as always.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager

from b2bterm.quickorder.collector import collector_held


class HeldCollector:
    """The collector held off from now until ``release`` (from any thread; once: later calls do nothing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: AbstractContextManager[None] | None = collector_held()
        self._held.__enter__()

    @property
    def holding(self) -> bool:
        return self._held is not None

    def release(self) -> None:
        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
