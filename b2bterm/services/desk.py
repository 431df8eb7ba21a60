"""The desk: one profile's services, put together. What both the TUI and the CLI are given.

It is wiring, not logic: the gateway (platform calls, timeouts, connectivity), the local stores, and the use cases
standing on them (prices and stock, catalog sync, quick-order pads, the one send path, the outbox, orders, the login
session). Its methods hand each call to the service that owns it, so a screen or a command needs only the desk.

Threading: methods that touch SQLite (``search_catalog``, ``catalog_count``, ``cached_*``) are for thread workers;
the ``async`` ones talk to the platform and belong in async workers. The database lock serialises SQLite access.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from b2bterm import clock
from b2bterm.config import Config, ConfigError, Profile, profile_dir
from b2bterm.domain.facets import Facet
from b2bterm.domain.models import Account, Availability, PriceQuote, Product
from b2bterm.domain.search_query import SearchResult
from b2bterm.local import health
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database, LocalStoreError
from b2bterm.local.price_book import PriceBookStore, PriceDifference
from b2bterm.local.prices import PriceCache
from b2bterm.platform import registry
from b2bterm.platform.base import AuthError, Capability, Platform, PlatformContext, PlatformError
from b2bterm.services.catalog_sync import SyncSummary, sync_profile_catalog
from b2bterm.services.gateway import Connectivity, Gateway, Timeouts
from b2bterm.services.price_book import BookOutcome, BookSync, PriceBookService, scope_from_setting
from b2bterm.services.quote import Answer, QuoteService, RowOffer, check_currency
from b2bterm.services.session import Session, read_secret
from b2bterm.zone import set_zone

if TYPE_CHECKING:  # built on first use: `b2bterm search` and the TUI's first frame need none of them
    from b2bterm.local.drafts import DraftStore
    from b2bterm.local.lists import ListStore
    from b2bterm.quickorder.habits import AccountHabits
    from b2bterm.quickorder.pad import OrderPad
    from b2bterm.services.orders import OrderBook
    from b2bterm.services.outbox import Outbox
    from b2bterm.services.quotations import Quotations
    from b2bterm.services.submit import Sender, SendResult

__all__ = ["Answer", "Connectivity", "Desk", "open_desk"]


class Desk:
    def __init__(self, profile: Profile, platform: Platform, db: Database, data_dir: Path, config: Config | None = None,
                 account: Account | None = None, *, secret_problem: str = "") -> None:
        self.profile = profile
        self.db = db
        self.data_dir = data_dir
        self.config = config
        self.account = account
        quick = float(config.sync.get("quote_timeout_seconds", 3)) if config is not None else 3.0
        self.gateway = Gateway(platform, timeouts=Timeouts(quick=quick))
        self.session = Session(profile, data_dir, self.gateway, secret_problem=secret_problem)
        self.catalog = LocalCatalog(db)
        self.prices = PriceCache(db)
        self.price_book = PriceBookService(self.gateway, PriceBookStore(db))
        self.pricing = QuoteService(self.gateway, self.catalog, self.prices, self.price_book)
        # an account's habits from its orders (account_habits), with what they were read from: the day, the orders
        self._habits: dict[str, tuple[tuple[date, tuple[int, int]], AccountHabits]] = {}

    # --- the services a command or a screen may not need: imported and built on first use -------------------------

    @cached_property
    def drafts(self) -> DraftStore:
        from b2bterm.local.drafts import DraftStore

        return DraftStore(self.db)

    @cached_property
    def lists(self) -> ListStore:
        from b2bterm.local.lists import ListStore

        return ListStore(self.db)

    @cached_property
    def outbox(self) -> Outbox:
        from b2bterm.services.outbox import Outbox

        return Outbox(self)

    @cached_property
    def orders(self) -> OrderBook:
        from b2bterm.services.orders import OrderBook

        return OrderBook(self)

    @cached_property
    def quotations(self) -> Quotations:
        from b2bterm.services.quotations import Quotations

        return Quotations(self)

    # --- the platform and connectivity (services.gateway) -----------------------------------------------------------

    @property
    def platform(self) -> Platform:
        return self.gateway.platform

    @platform.setter
    def platform(self, platform: Platform) -> None:
        self.gateway.platform = platform

    @property
    def connectivity(self) -> Connectivity:
        return self.gateway.connectivity

    @property
    def listeners(self) -> list[Callable[[Connectivity], None]]:
        return self.gateway.listeners

    @property
    def quote_timeout(self) -> float:
        return self.gateway.timeouts.quick

    @property
    def capabilities(self) -> Capability:
        return self.gateway.capabilities

    def supports(self, capability: Capability) -> bool:
        return self.gateway.supports(capability)

    @property
    def may_call_platform(self) -> bool:
        return self.gateway.may_call_platform

    def set_connectivity(self, state: Connectivity) -> None:
        self.gateway.set_connectivity(state)

    def work_offline(self, offline: bool) -> None:
        self.gateway.work_offline(offline)

    def note_success(self) -> None:
        self.gateway.note_success()

    def note_failure(self, exc: BaseException) -> None:
        self.gateway.note_failure(exc)

    # --- settings ----------------------------------------------------------------------------------------------------

    @property
    def merge_repeated(self) -> bool:
        return bool(self.config.quickorder.get("merge_repeated", True)) if self.config else True

    @property
    def price_tolerance(self) -> Decimal:
        from b2bterm.services.revalidate import DEFAULT_TOLERANCE, parse_tolerance

        if self.config is None:
            return DEFAULT_TOLERANCE
        return parse_tolerance(self.config.sync.get("price_tolerance", DEFAULT_TOLERANCE))

    # --- accounts ----------------------------------------------------------------------------------------------------

    @property
    def account_id(self) -> str | None:
        return self.account.id if self.account else None

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        return await self.gateway.search_accounts(query, limit=limit)

    async def select_account(self, account_id: str, *, parts: bool = True) -> Account:
        """Choose the account. ``parts=False``: without caching its part numbers (the app's start shows the account
        at once and caches them after: ``refresh_customer_parts``)."""
        account = await self.gateway.get_account(account_id)
        self.account = account
        if parts:
            await self.refresh_customer_parts(account_id)
        return account

    async def refresh_customer_parts(self, account_id: str) -> None:
        """Cache the account's own part numbers so search and quick order find them offline; and read its habits
        for Quick order (``warm_habits``, in a thread): the app calls this when an account is chosen."""
        await asyncio.to_thread(self.warm_habits, account_id)
        if not self.supports(Capability.CUSTOMER_PART_NUMBERS):
            return
        try:
            parts = await self.gateway.customer_part_numbers(account_id)
        except PlatformError:
            return  # the cached ones stay; search still works
        await asyncio.to_thread(self.catalog.set_customer_part_numbers, account_id, parts)

    # --- catalog, prices and stock (services.quote, services.catalog_sync) -------------------------------------------

    def search_catalog(self, query: str, *, limit: int = 200, count: bool = False) -> SearchResult:
        """Local search (thread worker). ``count``: also count every match (for "showing 20 of N")."""
        return self.catalog.search(query, account_id=self.account_id, limit=limit, count=count)

    def warm_search(self) -> None:
        """Prepare the local search before the first keystroke (thread worker)."""
        self.catalog.warm()

    def search_catalog_now(self, query: str, *, limit: int = 200, budget_ms: float = 20.0) -> SearchResult | None:
        """The local search on the calling thread if it can answer within ``budget_ms`` of SQLite work; else None at
        once (search in a worker then: ``search_catalog_while``). Never waits for the database's writers."""
        return self.catalog.search_now(query, account_id=self.account_id, limit=limit, budget_ms=budget_ms)

    def search_catalog_while(self, query: str, wanted: Callable[[], bool], *, limit: int = 200
                             ) -> SearchResult | None:
        """The local search in a worker, stopped (None) as soon as ``wanted()`` is false. Never waits for the
        database's writers."""
        return self.catalog.search_reading(query, account_id=self.account_id, limit=limit,
                                           stop=lambda: not wanted())

    async def search_platform(self, query: str) -> SearchResult:
        """The platform's own search, for what the local catalog does not hold yet (a first start: async worker).
        Raises PlatformError (Offline when unreachable or working offline)."""
        from b2bterm.services.arriving_search import search_platform

        return await search_platform(self.gateway, query)

    async def resolve_on_platform(self, codes: list[str]) -> dict[str, Product]:
        """The one product each code names on the platform, for quick-order lines the local catalog does not know
        yet (a first start: async worker). Raises PlatformError."""
        from b2bterm.services.arriving_search import resolve_on_platform

        return await resolve_on_platform(self.gateway, codes, account_id=self.account_id)

    def catalog_facets(self, query: str, wanted: Callable[[], bool] = lambda: True
                       ) -> tuple[list[Facet], int, bool] | None:
        """Facets of everything ``query`` matches, counted over the whole result set (thread worker); None when
        ``wanted()`` turned false before the count was done (it stops at once)."""
        return self.catalog.facets(query, account_id=self.account_id, stop=lambda: not wanted())

    def catalog_count(self) -> int:
        return self.catalog.count()

    def catalog_arriving(self) -> bool:
        """True while the catalog has never fully arrived (empty, or the part a first build has made searchable)."""
        return self.catalog.arriving()

    def catalog_replaced(self) -> str:
        """Why the local catalog file was set aside for an empty one at start, until a built one takes its place:
        "format" (an earlier b2bterm made it), "damaged"; "" when it was not."""
        return self.catalog.home.replaced

    async def sync_catalog(self, on_progress: Callable[[int, int | None], None] | None = None, *,
                           full: bool = False, from_snapshot: bool = True) -> SyncSummary:
        return await sync_profile_catalog(self.gateway, self.catalog, on_progress, full=full,
                                          from_snapshot=from_snapshot)

    def price_book_scope(self) -> list[str] | None:
        """The accounts whose price rules are kept locally (``[sync] price_book_accounts``; None = all)."""
        setting = self.config.sync.get("price_book_accounts", "") if self.config is not None else ""
        return scope_from_setting(setting, self.profile.account, self.account_id or "")

    async def sync_price_book(self, *, if_needed: bool = False, unless_fresh: bool = False,
                              on_busy: Callable[[str], object] | None = None) -> BookOutcome:
        """Fetch the price rules for the accounts served (with the catalog, or when an account not in the book is
        chosen: ``if_needed``). ``unless_fresh`` (the app's start-up sync when the catalog did not change): not when
        the book covers the account and is younger than ``[sync] price_book_max_age_minutes``. ``on_busy``: see
        ``PriceBookService.sync``."""
        if (if_needed and self.account is not None) or unless_fresh:
            book = await self.price_book.ready()
            covered = book is not None and (self.account is None or book.rules.account(self.account.id) is not None)
            max_age = timedelta(minutes=int(self.config.sync.get("price_book_max_age_minutes", 480))
                                if self.config is not None else 480)
            if book is not None and covered and (if_needed or clock.now() - book.synced_at < max_age):
                return BookOutcome(BookSync.SYNCED, len(book.rules.accounts), len(book.rules.skus), book.synced_at)
        return await self.price_book.sync(self.price_book_scope(), on_busy=on_busy)

    def book_quote(self, sku: str, qty: int) -> Answer[PriceQuote] | None:
        """The chosen account's price from the local price book, at once (thread worker the first time: see
        ``book_in_memory``)."""
        return self.pricing.book_quote(self.account, sku, qty)

    @property
    def book_in_memory(self) -> bool:
        """The price book is parsed in memory: ``book_quote`` is then pure computation, fine on the event loop."""
        return self.price_book.in_memory

    def price_differences(self, limit: int = 100) -> list[PriceDifference]:
        """The recorded differences between price-book prices and the live quotes that replaced them, newest first
        (thread worker)."""
        return self.price_book.differences(limit)

    def book_ready(self, sku: str) -> bool:
        """``book_quote(sku, …)`` is pure computation now (the book and this SKU's rules in memory, its one row read
        at once if the database is free - never waiting for it): fine on the event loop."""
        return self.price_book.ready_now(sku)

    async def settle_quote(self, local: PriceQuote | None, live: PriceQuote) -> PriceDifference | None:
        """The live quote replaced a price-book price: a difference is recorded and returned."""
        return await self.price_book.settle(local, live)

    async def product(self, sku: str) -> Product | None:
        return await self.pricing.product(sku)

    async def product_with_related(self, sku: str) -> tuple[Product | None, list[tuple[str, Product]]]:
        return await self.pricing.product_with_related(sku)

    async def quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        account = self.account
        currency = account.currency if account is not None and account.id == account_id else None
        return await self.pricing.quotes(account_id, items, currency=currency)

    def check_currency(self, account_id: str, quotes: Sequence[PriceQuote]) -> None:
        """Raises PlatformError for a quote in another currency than the chosen account's."""
        account = self.account
        if account is not None and account.id == account_id:
            check_currency(account.currency, quotes)

    def cached_quote(self, account_id: str, sku: str, qty: int) -> PriceQuote | None:
        return self.pricing.cached_quote(account_id, sku, qty)

    def cached_availability(self, sku: str) -> Availability | None:
        return self.pricing.cached_availability(sku)

    async def quote_for(self, sku: str, qty: int) -> Answer[PriceQuote]:
        return await self.pricing.quote_for(self.account, sku, qty)

    async def availability_for(self, sku: str) -> Answer[Availability]:
        return await self.pricing.availability_for(sku)

    async def stock(self, skus: Sequence[str]) -> list[Availability]:
        return await self.pricing.stock(skus)

    async def row_offers(self, items: Sequence[tuple[str, int]]) -> dict[str, RowOffer]:
        """The chosen account's net price and the stock total of result rows; empty without an account."""
        if self.account is None:
            return {}
        return await self.pricing.row_offers(self.account.id, items)

    # --- quick order and sending (quickorder.pad, services.submit) ---------------------------------------------------

    def new_pad(self, account_id: str, *, title: str = "") -> OrderPad:
        from b2bterm.quickorder.pad import OrderPad

        return OrderPad.create(self.drafts, self.catalog, account_id, prices=self.pricing.quotes,
                               availability=self.pricing.stock, title=title, habits=self.account_habits)

    def open_pad(self, draft_id: int) -> OrderPad:
        from b2bterm.quickorder.pad import OrderPad

        return OrderPad(self.drafts, self.catalog, draft_id, prices=self.pricing.quotes,
                        availability=self.pricing.stock, habits=self.account_habits)

    def account_habits(self, account_id: str) -> AccountHabits:
        """What the account buys (its cached orders of the last 18 months, their products' brands) and its contract
        prices (the cached quotes): read from the local store only, so Quick order works offline too. What its
        orders tell is kept from the last read (``warm_habits``, when the account was chosen) while its cached orders
        stay as they were and the day is the same; the contracts are kept by the price cache as it changes
        (``PriceCache.contract_skus``)."""
        from dataclasses import replace

        today = self.orders.clock().date()
        kept = self._habits.get(account_id)
        base = kept[1] if kept is not None and kept[0] == (today, self.orders.cache.version()) \
            else self._orders_habits(account_id)
        return replace(base, contracts=self.prices.contract_skus(account_id))

    def warm_habits(self, account_id: str) -> None:
        """Read the account's habits afresh (thread worker, when the account is chosen): its first paste finds them."""
        self._orders_habits(account_id)
        self.prices.contract_skus(account_id)

    def _orders_habits(self, account_id: str) -> AccountHabits:
        from b2bterm.quickorder.habits import habits_from

        version = self.orders.cache.version()
        today = self.orders.clock().date()
        orders = self.orders.cache.orders(account_id, since=today - timedelta(days=548))
        skus = list(dict.fromkeys(line.sku for o in orders for line in o.lines if line.sku))
        products = self.catalog.products(skus) if skus else {}
        habits = habits_from(orders, products)
        self._habits[account_id] = ((today, version), habits)
        return habits

    @property
    def sender(self) -> Sender:
        return self.outbox.sender

    async def submit(self, draft_id: int) -> SendResult:
        """F9: place the draft's order now through the one send path (an unreachable platform queues it)."""
        return await self.sender.submit_now(draft_id)

    async def send_draft(self, draft_id: int) -> SendResult:
        """``b2bterm order send``: the same path, revalidated first."""
        return await self.sender.send_draft(draft_id)

    # --- session (services.session) ----------------------------------------------------------------------------------

    @property
    def secret_problem(self) -> str:
        return self.session.secret_problem

    @secret_problem.setter
    def secret_problem(self, text: str) -> None:
        self.session.secret_problem = text

    @property
    def auth_listeners(self) -> list[Callable[[AuthError], None]]:
        return self.session.auth_listeners

    @property
    def needs_secret(self) -> bool:
        return self.session.needs_secret

    def watch_platform(self, platform: Platform) -> Platform:
        return self.session.watch_platform(platform)

    def build_platform(self, secret: str | None) -> Platform:
        return self.session.build_platform(secret)

    def replace_platform(self, new: Platform) -> Platform:
        return self.session.replace_platform(new)

    async def refresh_capabilities(self) -> Capability:
        return await self.gateway.refresh_capabilities()

    async def relogin(self, token: str) -> None:
        await self.session.relogin(token)

    async def aclose(self) -> None:
        await self.platform.aclose()
        self.db.close()


# How long a thread that wants the interpreter waits for the one running Python before it is handed over (Python's
# default is 5 ms). A desk's threads share one: the UI, the start-up sync writing pages, a search or the demo
# platform's answer reading SQLite rows. Each row a query steps through lets the interpreter go and waits to get it
# back, so with the sync busy a search of 50 rows waited up to 50 x 5 ms: the demo platform's search of 14 ms took
# 1.3 s beside one busy thread, 42 ms with 0.1 ms (stop 34); the local search during the app's first start, p95
# 50-62 -> 18-21 ms (20k, alternating runs). Nothing changes while one thread runs alone.
SWITCH_INTERVAL = 0.0001


def open_desk(config: Config, profile_name: str | None = None, *, secret: str | None = None) -> Desk:
    """Build the profile's platform adapter (loaded through the entry-point registry) and its local store.

    A platform that logs in (any but the demo) gets the profile's token from the environment or the keyring. When
    the keyring cannot be used the desk still opens, without a token, and ``secret_problem`` says why: the CLI stops
    with that message, the TUI shows it on its login screen.
    """
    profile = config.profile(profile_name)
    sys.setswitchinterval(SWITCH_INTERVAL)  # (the process's: its threads are the desk's)
    set_zone(profile.timezone)  # every time shown from now on is in the profile's zone (or the machine's)
    factory = registry.load(profile.platform)
    pdir = profile_dir(profile.name)
    try:  # folders 0700: contract prices, customers and orders live in there
        for folder in (pdir.parent.parent, pdir.parent, pdir):
            health.private_dir(folder)
    except OSError as exc:
        raise LocalStoreError.of(exc, pdir / "local.sqlite") from None
    problem = ""
    if secret is None:
        secret, problem = read_secret(profile)
    try:
        platform = factory(dict(profile.options), PlatformContext(profile=profile.name, data_dir=pdir, secret=secret))
    except ValueError as exc:  # the adapter refused its options: that is a configuration problem
        raise ConfigError(config.path, "{error}", key=f"profiles.{profile.name}.options", error=str(exc)) from None
    db = Database(pdir / "local.sqlite")
    desk = Desk(profile=profile, platform=platform, db=db, data_dir=pdir, config=config, secret_problem=problem)
    desk.platform = desk.watch_platform(platform)
    return desk
