"""The platform's copy of the quotations (``Capability.QUOTATIONS``): pushes, their retries, and states read back.

A quotation the user put on the platform (marked sent, or ``quotation push``) is kept in step with it: every later
change to it is committed together with "push due" (``local/quotations.py``), and the pushes go out in the
background (``push_due``, run by the TUI's sender next to the order outbox, and by ``quotation sync``). A push that
cannot reach the platform stays WAITING and is tried again with backoff; a push the platform refuses is FAILED with
its reason until the user changes the quotation or pushes it again. Every push of one quotation carries the same key,
so a retry after a lost answer updates the platform's copy and never makes a second one. All of it lives in SQLite:
a restart picks up what was waiting.

No Textual, no httpx, no sqlite3 here; SQLite work runs in threads.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from b2bterm.domain.quotation import STORED_STATES, PushState, Quotation, QuotationState, RemoteQuotation
from b2bterm.domain.record import record
from b2bterm.local.quotations import QuotationNotFound, QuotationStore
from b2bterm.platform.base import Capability, NotFound, Offline, PlatformError, Rejected, Unsupported
from b2bterm.services.gateway import Gateway
from b2bterm.services.submit import Backoff


class PushOutcome(enum.StrEnum):
    PUSHED = "pushed"
    WAITING = "waiting"  # not reached (offline, a failure on the way): tried again later
    FAILED = "failed"  # refused by the platform


@record
class PushResult:
    quotation: Quotation
    outcome: PushOutcome
    error: PlatformError | None = None


@dataclass
class PushRun:
    results: list[PushResult] = field(default_factory=list)
    waiting: int = 0  # still waiting after the run

    def count(self, outcome: PushOutcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)


class QuotationSync:
    def __init__(self, gateway: Gateway, store: QuotationStore, *, profile: str, clock: Callable[[], datetime],
                 backoff: Backoff | None = None, rng: random.Random | None = None) -> None:
        self.gateway = gateway
        self.store = store
        self.profile = profile
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.rng = rng
        self._lock = asyncio.Lock()

    def supported(self) -> bool:
        return self.gateway.supports(Capability.QUOTATIONS) and callable(
            getattr(self.gateway.platform, "push_quotation", None))

    def key(self, q: Quotation) -> str:
        """The same key for every push of one quotation: the platform updates its copy, never makes a second."""
        seed = f"{self.profile}|{q.account_id}|{q.id}|{q.created_at.isoformat()}"
        return "quotation-" + hashlib.sha256(seed.encode()).hexdigest()[:40]

    # --- pushing -------------------------------------------------------------------------------------------------

    async def push_now(self, quotation_id: int) -> PushResult:
        """Put the quotation on the platform now; when that fails it stays due (or refused), never forgotten."""
        await asyncio.to_thread(self.store.request_push, quotation_id)
        async with self._lock:
            return await self._push_one(quotation_id)

    async def _push_one(self, quotation_id: int) -> PushResult:
        q = await asyncio.to_thread(self.store.load, quotation_id)
        platform: Any = self.gateway.platform
        try:
            remote: RemoteQuotation = await self.gateway.call(
                lambda: platform.push_quotation(q.number, q, key=self.key(q)), timeout=self.gateway.timeouts.send)
        except (NotFound, Rejected, Unsupported) as exc:  # refused: pushing the same again will not help
            await asyncio.to_thread(self.store.push_refused, q.id, q.push_rev, exc.message)
            return PushResult(await asyncio.to_thread(self.store.load, q.id), PushOutcome.FAILED, exc)
        except PlatformError as exc:  # unreachable, a login needed, a garbled answer: tried again later
            return await self._later(q, exc)
        except Exception as exc:  # an adapter bug: the outcome is unknown; the same key makes a retry safe
            return await self._later(q, PlatformError(f"{type(exc).__name__}: {exc}"))

        def record() -> Quotation:
            self.store.push_done(q.id, q.push_rev, remote.remote_id)
            return self.take_remote(q.id, remote)

        done = await asyncio.to_thread(record)
        return PushResult(done, PushOutcome.PUSHED if done.push_state is PushState.PUSHED else PushOutcome.WAITING)

    async def _later(self, q: Quotation, exc: PlatformError) -> PushResult:
        due = self.clock() + timedelta(seconds=self.backoff.delay(q.push_attempts + 1, exc.retry_after, self.rng))
        await asyncio.to_thread(self.store.push_later, q.id, q.push_rev, exc.message, due)
        return PushResult(await asyncio.to_thread(self.store.load, q.id), PushOutcome.WAITING, exc)

    async def push_due(self, *, force: bool = False) -> PushRun:
        """Push every quotation whose push is due (``force``: also those waiting out a backoff). Stops at the first
        one that cannot reach the platform: the others wait for the next round."""
        run = PushRun()
        if not self.supported() or not self.gateway.may_call_platform or self._lock.locked():
            run.waiting = await asyncio.to_thread(self.store.waiting_pushes)
            return run
        async with self._lock:
            for quotation_id in await asyncio.to_thread(self.store.due_pushes, self.clock(), force=force):
                try:
                    result = await self._push_one(quotation_id)
                except QuotationNotFound:
                    continue  # deleted meanwhile
                run.results.append(result)
                if isinstance(result.error, Offline) or not self.gateway.may_call_platform:
                    break
        run.waiting = await asyncio.to_thread(self.store.waiting_pushes)
        return run

    # --- reading back --------------------------------------------------------------------------------------------

    async def refresh_states(self, pushed: list[Quotation]) -> list[Quotation]:
        """Read back the platform's state of these pushed quotations; returns those whose state changed here."""
        pushed = [q for q in pushed if q.remote_id and q.state is not QuotationState.ORDERED]
        if not pushed or not self.supported():
            return []
        platform: Any = self.gateway.platform
        found: list[RemoteQuotation] = await self.gateway.call(
            lambda: platform.get_quotations([q.remote_id for q in pushed]), timeout=self.gateway.timeouts.slow)
        by_remote = {q.remote_id: q for q in pushed}
        changed: list[Quotation] = []
        for remote in found:
            local = by_remote.get(remote.remote_id)
            if local is not None and remote.state is not local.state:
                changed.append(await asyncio.to_thread(self.take_remote, local.id, remote))
        return changed

    def take_remote(self, quotation_id: int, remote: RemoteQuotation) -> Quotation:
        """The platform's id and state (a customer's answer) kept here, without pushing them back (thread)."""
        q = self.store.load(quotation_id)
        if q.remote_id != remote.remote_id:
            self.store.set_remote_id(quotation_id, remote.remote_id)
        if remote.state is not q.state and remote.state in STORED_STATES and q.state is not QuotationState.ORDERED:
            return self.store.set_state(quotation_id, remote.state, sync=False)
        return self.store.load(quotation_id)
