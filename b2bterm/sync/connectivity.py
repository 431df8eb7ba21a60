"""Coming back online by itself: while the platform is unreachable, a cheap probe now and then.

The desk turns OFFLINE or DEGRADED when a call fails (``Desk.note_failure``). ``Recovery.tick`` (called by the app's
outbox timer, or by ``b2bterm outbox send``) then asks the platform something small, one account, at growing
intervals (5 s, 10 s, ... up to a minute); the first answer turns the desk ONLINE again (``Desk._call`` notes the
success) and its listeners (the header, the outbox sender) are told. Working offline by choice is never probed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from b2bterm.platform.base import Capability, PlatformError

if TYPE_CHECKING:
    from b2bterm.desk import Desk


class Recovery:
    def __init__(self, desk: Desk, *, first: float = 5.0, longest: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.desk = desk
        self.first = first
        self.longest = longest
        self.clock = clock
        self._interval = first
        self._next = 0.0

    @property
    def unreachable(self) -> bool:
        return self.desk.connectivity.value in ("offline", "degraded")

    async def probe(self) -> bool:
        """Ask the platform one small thing now; True when it answered (the desk is then online)."""
        desk = self.desk
        if not desk.may_call_platform:
            return False
        platform = desk.platform
        try:
            if desk.supports(Capability.ACCOUNTS):
                await desk._call(lambda: platform.search_accounts("", limit=1), timeout=desk.quote_timeout)
            else:
                await desk._call(lambda: platform.get_products([]), timeout=desk.quote_timeout)
        except PlatformError:
            self._next = self.clock() + self._interval
            self._interval = min(self.longest, self._interval * 2)
            return False
        self._interval = self.first
        self._next = 0.0
        return True

    async def tick(self) -> bool:
        """Probe when the platform is unreachable and the next probe is due; True when it came back."""
        if not self.unreachable or self.clock() < self._next:
            return False
        return await self.probe()
