"""The local price book: the platform's price rules for the accounts a user serves, synced with the catalog, and the
prices computed from them (``domain.price_rules.price``) while the live quote is on its way or out of reach.

A local price carries the time of the sync as its ``fetched_at`` ("as of 09:12"). When the live quote arrives it
replaces the local one; ``settle`` compares them and records a difference (a rule changed since the sync, or a
platform that prices otherwise than its rules say). A platform without ``Capability.PRICE_RULES`` has no price book:
every method answers None and pricing is as before (live, else the cache of live quotes).

Which accounts: ``[sync] price_book_accounts`` - "" (the profile's account and the one chosen), "all", or a list of
account ids or codes.

Threading: ``sync`` and ``settle`` are async (SQLite in threads); ``local_quote`` reads the SKU's row (the book's
document is parsed once and kept; its SKUs stay on disk): call it from thread workers.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from b2bterm import clock
from b2bterm.domain.models import PriceQuote
from b2bterm.domain.record import record
from b2bterm.local.price_book import (
    BookBusy,
    BookWriter,
    PriceBookStore,
    PriceDifference,
    StoredBook,
    StoredSkus,
)
from b2bterm.platform.base import N_, Capability, ErrorCode, PlatformError
from b2bterm.services.gateway import Gateway

if TYPE_CHECKING:  # the pricing rules load with the first price from the book, not with the app's start
    from b2bterm.domain.price_rules import PriceRules

ALL = "all"
_T = TypeVar("_T")
# A sync finding the book being written by another (the app's start-up sync and ``b2bterm sync`` at once; a sync that
# replaced a cancelled one still letting go): it tries again this often, for at most this long, then leaves it to
# that one (a 1M book takes 20-40 s)
BUSY_POLL = 0.25
BUSY_WAIT = 180.0


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


class _Steps:
    """A book writer's steps, each in a worker thread. A sync cancelled during one (its worker replaced by a newer
    sync, the app closing) lets that step end in its thread before the writer lets go of the book (``then``): the next
    writer never starts while a late page or switch of this one is still being written (it would drop rows that step
    then adds to, or switches to)."""

    def __init__(self) -> None:
        self._step: asyncio.Future[Any] | None = None

    async def run(self, work: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        self._step = asyncio.get_running_loop().run_in_executor(None, functools.partial(work, *args, **kwargs))
        return await asyncio.shield(self._step)

    def then(self, done: Callable[[], object]) -> None:
        """``done()`` now, or once the step in flight has ended."""
        if self._step is None or self._step.done():
            done()
        else:
            self._step.add_done_callback(lambda step: (step.cancelled() or step.exception(), done()))


def _close_writer(taking: asyncio.Future[BookWriter]) -> None:
    """A writer taken for a sync cancelled meanwhile: let go of the book at once."""
    if not taking.cancelled() and taking.exception() is None:
        taking.result().close()


class BookSync(enum.StrEnum):
    """How a price-book sync ended (the UI and the CLI word it)."""

    SYNCED = "synced"
    UNSUPPORTED = "unsupported"  # the platform does not share its price rules
    NO_ACCOUNT = "no_account"  # scope "": no account to sync for yet
    FAILED = "failed"  # ``detail`` is the platform's error
    BUSY = "busy"  # another b2bterm kept writing the book for longer than BUSY_WAIT: left to it (``holder``)


@record
class BookOutcome:
    status: BookSync
    accounts: int = 0
    skus: int = 0
    synced_at: datetime | None = None
    detail: str = ""  # the error in English (logs, --json)
    changed: int = 0  # SKU rows written or removed (an incremental sync writes only what changed)
    error: PlatformError | None = None  # why it failed (the UI and the CLI word it in the user's language)
    holder: str = ""  # BUSY: who was writing the book (``host:pid``, as ``services.lease.Holder.parse`` reads it)


def scope_from_setting(value: object, *accounts: str) -> list[str] | None:
    """The accounts to sync: None for every account; ``accounts`` (the profile's, the chosen one) for ""."""
    if isinstance(value, str):
        if value.strip().lower() == ALL:
            return None
        return list(dict.fromkeys(a for a in accounts if a))
    return list(dict.fromkeys(str(a) for a in value or () if str(a).strip()))  # type: ignore[attr-defined]


def same_price(local: PriceQuote, live: PriceQuote) -> bool:
    """Whether a local price says what the live quote says: net price, breaks, source and tax rate."""
    return (local.net_price == live.net_price and local.breaks == live.breaks and local.tax_rate == live.tax_rate
            and local.source.kind == live.source.kind and local.source.reference == live.source.reference
            and local.source.valid_from == live.source.valid_from and local.source.valid_to == live.source.valid_to)


class PriceBookService:
    def __init__(self, gateway: Gateway, store: PriceBookStore) -> None:
        self.gateway = gateway
        self.store = store
        self._book: StoredBook | None = None
        self._loaded = False
        self._lock = threading.Lock()

    @property
    def supported(self) -> bool:
        return self.gateway.supports(Capability.PRICE_RULES)

    @property
    def in_memory(self) -> bool:
        """Whether ``local_quote`` touches no SQLite (fine on the event loop): the book is read and holds no SKU
        rows to look up (there is none, or it was written before SKUs were kept as rows)."""
        return self._loaded and (self._book is None or isinstance(self._book.rules.skus, dict))

    def in_memory_for(self, sku: str) -> bool:
        """Whether ``local_quote`` of ``sku`` touches no SQLite: the book is read and the SKU is in memory (a SKU
        read once stays in the book's cache: the model query prices the same SKU at every keystroke)."""
        if self.in_memory:
            return True
        book = self._book if self._loaded else None
        skus = book.rules.skus if book is not None else None
        return isinstance(skus, StoredSkus) and skus.cached(sku)

    def ready_now(self, sku: str) -> bool:
        """``in_memory_for(sku)``, or the SKU's rules read at once when the database is free (one row by its key,
        never waiting for a writer: ``StoredSkus.read_now``): ``local_quote`` of ``sku`` then touches no SQLite."""
        if self.in_memory_for(sku):
            return True
        book = self._book if self._loaded else None
        skus = book.rules.skus if book is not None else None
        return isinstance(skus, StoredSkus) and skus.read_now(sku)

    def load(self) -> StoredBook | None:
        """The stored book, parsed once (thread worker the first time)."""
        with self._lock:
            if not self._loaded:
                self._book = self.store.load()
                self._loaded = True
            return self._book

    async def ready(self) -> StoredBook | None:
        return await asyncio.to_thread(self.load)

    async def sync(self, accounts: Sequence[str] | None, *,
                   on_busy: Callable[[str], object] | None = None) -> BookOutcome:
        """Fetch the rules for ``accounts`` (None: all) and keep them, replacing the book. ``on_busy(holder)``, once,
        when another writer is writing the book (this sync waits for it: ``b2bterm sync`` says so)."""
        if not self.supported:
            return BookOutcome(BookSync.UNSUPPORTED)
        if accounts is not None and not accounts:
            return BookOutcome(BookSync.NO_ACCOUNT)
        from b2bterm.domain.price_rules_doc import PriceRulesError

        writer = await self._writer(on_busy)
        if isinstance(writer, BookBusy):
            return BookOutcome(BookSync.BUSY, detail=str(writer), holder=writer.holder)
        thread = _Steps()
        try:
            rules = await self.gateway.price_rules(accounts, skus=False)
            at = clock.now()
            after: str | None = ""
            if rules.skus:  # a platform that sent its SKU entries with the rules
                await thread.run(writer.add, sorted(rules.skus.values(), key=lambda s: s.sku), final=True)
                after = None
            while after is not None:  # a page at a time, written as it comes
                page = await self.gateway.price_rule_skus(after)
                if not page.skus and page.next is not None:
                    raise PriceRulesError("price rules: the platform sent an empty page of SKUs that is not the last")
                await thread.run(writer.add, page.skus, final=page.next is None)
                after = page.next
            changed = await thread.run(writer.finish, rules, at, accounts)
        except (PlatformError, PriceRulesError) as exc:
            await thread.run(writer.abandon)
            error = exc if isinstance(exc, PlatformError) else PlatformError(
                str(exc), code=ErrorCode.BAD_PRICE_RULES, hint=N_("Tell the platform's administrator."))
            return BookOutcome(BookSync.FAILED, detail=error.user_text(), error=error)
        finally:
            thread.then(writer.close)  # (cancelled, or failed otherwise: the next writer drops what this one wrote)
        outcome = BookOutcome(BookSync.SYNCED, len(rules.accounts), writer.count, at, changed=changed)
        book = await asyncio.to_thread(self.store.load)
        with self._lock:
            self._book, self._loaded = book, True
        return outcome

    async def _writer(self, on_busy: Callable[[str], object] | None) -> BookWriter | BookBusy:
        """The book's writer, once no other is writing it (tried every BUSY_POLL s); the last ``BookBusy`` after
        BUSY_WAIT s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY_WAIT
        while True:
            taking = loop.run_in_executor(None, self.store.writer)
            try:
                return await asyncio.shield(taking)
            except asyncio.CancelledError:  # its thread goes on (a writer's start drops rows: seconds at 1M)
                taking.add_done_callback(_close_writer)
                raise
            except BookBusy as busy:
                if loop.time() >= deadline:
                    return busy
                if on_busy is not None:
                    on_busy(busy.holder)
                    on_busy = None
            await _pause(BUSY_POLL)

    def covers(self, account_id: str) -> bool:
        book = self.load()
        return book is not None and book.rules.account(account_id) is not None

    def local_quote(self, account_id: str, sku: str, qty: int, *, now: datetime | None = None) -> PriceQuote | None:
        """The price from the book, as of the sync (``fetched_at``), evaluated on today's rules (validity dates and
        promotions as of ``now``); None without a book that covers the account and SKU."""
        book = self.load()
        if book is None:
            return None
        from b2bterm.domain.price_rules import price

        return price(book.rules, account_id, sku, qty, now or clock.now(), fetched_at=book.synced_at)

    def local_quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote | None]:
        now = clock.now()
        return [self.local_quote(account_id, sku, qty, now=now) for sku, qty in items]

    @property
    def rules(self) -> PriceRules | None:
        book = self.load()
        return book.rules if book else None

    async def settle(self, local: PriceQuote | None, live: PriceQuote) -> PriceDifference | None:
        """The live quote replaces the local price; a difference between them is recorded and returned."""
        if local is None or same_price(local, live):
            return None
        book = await self.ready()
        diff = PriceDifference(live.account_id, live.sku, live.qty, local.net_price, live.net_price,
                               local.source, live.source,
                               book.synced_at if book else (local.fetched_at or clock.now()), clock.now())
        await asyncio.to_thread(self.store.record_difference, diff)
        return diff

    def differences(self, limit: int = 100) -> list[PriceDifference]:
        return self.store.differences(limit)
