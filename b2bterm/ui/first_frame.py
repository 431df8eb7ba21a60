"""What the app reads before its first frame, so that the first frame is the usable one.

The search screen is usable when it shows how many products the local catalog holds and, for a profile with an
account, whom it works for (the header). Both were read by workers started once the app was mounted, and Textual had
painted the screen by then: the count and the account each came with a frame of their own, laid out and painted
again (three frames to the usable one, ~40 ms of CPU and a frame timer's wait for each). Here both are read while
Textual sets the terminal up and the first section's module is imported, and the first frame waits for them, up to
``FIRST_FRAME_WAIT``: a slow platform's account comes later, in a frame of its own, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

# How long the first frame waits for the count and the profile's account. The local count is a stored figure (well
# under a millisecond); the demo's account is a local read (a few ms), a platform's one call on the network. An account
# that takes longer is shown when it comes (the header updates), and the work that waits for the usable frame waits
# for it as before: a slow platform delays the first frame by this much at most.
FIRST_FRAME_WAIT = 0.15


class StartReads:
    """The count and the account, read in the background from the moment the app runs."""

    def __init__(self, count: Callable[[], int], account: Callable[[], Awaitable[Any]] | None) -> None:
        self.count: int | None = None
        self._count_task = asyncio.ensure_future(asyncio.to_thread(count))
        self.account_task: asyncio.Future[Any] | None = (
            asyncio.ensure_future(account()) if account is not None else None)

    async def wait(self, timeout: float = FIRST_FRAME_WAIT) -> None:
        """Until both are in (or failed), or ``timeout`` seconds. A count that failed is left to the app's worker,
        which reads it again and reports what is wrong; the account's read is handed on either way
        (``take_account``)."""
        tasks = [t for t in (self._count_task, self.account_task) if t is not None]
        await asyncio.wait(tasks, timeout=timeout)
        task = self._count_task
        if task.done() and not task.cancelled() and task.exception() is None:
            self.count = task.result()
        elif not task.done():
            task.cancel()  # the worker reads it again; the thread's read ends on its own

    def take_account(self) -> asyncio.Future[Any] | None:
        """The account's read, done or still going, for the worker that shows what came of it (once)."""
        task, self.account_task = self.account_task, None
        return task
