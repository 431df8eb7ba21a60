"""The desk: one profile's platform, local store and sync, tied together.

It is what both the TUI and the CLI call. It holds no Textual and no SQL: the local stores and the platform
adapter do the I/O; the desk decides which to ask (the live platform, or the local cache when offline), keeps the
connectivity state the header shows, and wires the quick-order pad to the catalog and to live prices.

Threading: methods named ``*_local`` and the catalog search touch SQLite and are meant for thread workers; the
``async`` methods talk to the platform and belong in async workers. The database lock serialises SQLite access.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from b2bterm import clock
from b2bterm.config import Config, Profile, profile_dir
from b2bterm.domain.models import (
    Account,
    Availability,
    PriceQuote,
    PriceSource,
    PriceSourceKind,
    Product,
)
from b2bterm.domain.search_query import SearchResult
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.local.prices import PriceCache
from b2bterm.platform import registry
from b2bterm.platform.base import AuthError, Capability, Offline, Platform, PlatformContext, PlatformError
from b2bterm.quickorder.pad import OrderPad
from b2bterm.quickorder.submit import SubmitOutcome, SubmitResult, submit_draft
from b2bterm.sync.catalog import SyncSummary, sync_catalog

if TYPE_CHECKING:
    from b2bterm.local.lists import ListStore
    from b2bterm.orders import OrderBook
    from b2bterm.services.quotations import Quotations
    from b2bterm.sync.outbox import Outbox

T = TypeVar("T")


class Connectivity(enum.StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"
    WORK_OFFLINE = "work offline"  # the user chose it


@dataclass(frozen=True)
class Answer(Generic[T]):
    """A value and where it came from: live from the platform, or the local cache (``note`` says why)."""

    value: T | None
    live: bool
    note: str = ""


@dataclass
class Desk:
    profile: Profile
    platform: Platform
    db: Database
    data_dir: Path
    config: Config | None = None
    account: Account | None = None
    connectivity: Connectivity = Connectivity.ONLINE
    listeners: list[Callable[[Connectivity], None]] = field(default_factory=list)
    quote_timeout: float = 3.0

    def __post_init__(self) -> None:
        self.catalog = LocalCatalog(self.db)
        self.prices = PriceCache(self.db)
        self.drafts = DraftStore(self.db)
        if self.config is not None:
            self.quote_timeout = float(self.config.sync.get("quote_timeout_seconds", 3))

    # --- capabilities and connectivity -------------------------------------------------------------------------------

    @property
    def capabilities(self) -> Capability:
        return self.platform.capabilities

    def supports(self, capability: Capability) -> bool:
        return capability in self.platform.capabilities

    @property
    def account_id(self) -> str | None:
        return self.account.id if self.account else None

    def set_connectivity(self, state: Connectivity) -> None:
        if state != self.connectivity:
            self.connectivity = state
            for listener in list(self.listeners):
                listener(state)

    def work_offline(self, offline: bool) -> None:
        self.set_connectivity(Connectivity.WORK_OFFLINE if offline else Connectivity.ONLINE)

    @property
    def may_call_platform(self) -> bool:
        return self.connectivity != Connectivity.WORK_OFFLINE

    def note_success(self) -> None:
        if self.connectivity in (Connectivity.OFFLINE, Connectivity.DEGRADED):
            self.set_connectivity(Connectivity.ONLINE)

    def note_failure(self, exc: BaseException) -> None:
        if self.connectivity == Connectivity.WORK_OFFLINE:
            return
        if isinstance(exc, Offline):
            self.set_connectivity(Connectivity.OFFLINE)
        elif isinstance(exc, TimeoutError):
            self.set_connectivity(Connectivity.DEGRADED)

    async def _call(self, coro_factory: Callable[[], object], *, timeout: float | None = None) -> object:
        """Call the platform, tracking connectivity. Raises Offline when working offline or unreachable."""
        if not self.may_call_platform:
            raise Offline("Working offline.", hint="Switch back online to reach the platform.")
        try:
            result = await asyncio.wait_for(coro_factory(), timeout)  # type: ignore[arg-type]
        except TimeoutError as exc:
            self.note_failure(exc)
            raise Offline(f"The platform did not answer within {timeout:g} s.") from exc
        except Offline as exc:
            self.note_failure(exc)
            raise
        self.note_success()
        return result

    # --- accounts ----------------------------------------------------------------------------------------------------

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        return await self._call(lambda: self.platform.search_accounts(query, limit=limit))  # type: ignore[return-value]

    async def select_account(self, account_id: str) -> Account:
        account: Account = await self._call(lambda: self.platform.get_account(account_id))  # type: ignore[assignment]
        self.account = account
        await self.refresh_customer_parts(account_id)
        return account

    async def refresh_customer_parts(self, account_id: str) -> None:
        """Cache the account's own part numbers so search and quick order find them offline."""
        if not self.supports(Capability.CUSTOMER_PART_NUMBERS):
            return
        try:
            parts = await self._call(lambda: self.platform.customer_part_numbers(account_id))
        except PlatformError:
            return  # the cached ones stay; search still works
        await asyncio.to_thread(self.catalog.set_customer_part_numbers, account_id, parts)  # type: ignore[arg-type]

    # --- catalog -----------------------------------------------------------------------------------------------------

    def search_catalog(self, query: str, *, limit: int = 200) -> SearchResult:
        """Local search (thread worker)."""
        return self.catalog.search(query, account_id=self.account_id, limit=limit)

    def catalog_count(self) -> int:
        return self.catalog.count()

    async def sync_catalog(self, on_progress: Callable[[int, int | None], None] | None = None) -> SyncSummary:
        if not self.may_call_platform:
            raise Offline("Working offline.", hint="Switch back online to sync the catalog.")
        try:
            summary = await sync_catalog(self.platform, self.catalog, on_progress=on_progress)
        except Offline as exc:
            self.note_failure(exc)
            raise
        self.note_success()
        return summary

    async def product(self, sku: str) -> Product | None:
        found = await asyncio.to_thread(self.catalog.products, [sku])
        if sku in found:
            return found[sku]
        if self.may_call_platform and self.supports(Capability.PRODUCTS):
            try:
                live = await self._call(lambda: self.platform.get_products([sku]), timeout=self.quote_timeout)
            except PlatformError:
                return None
            return live.get(sku)  # type: ignore[union-attr]
        return None

    async def product_with_related(self, sku: str) -> tuple[Product | None, list[tuple[str, Product]]]:
        """The product and its substitutes, successor and cross-references, labelled by relation."""
        product = await self.product(sku)
        if product is None:
            return None, []
        wanted: list[tuple[str, str]] = []
        if product.superseded_by:
            wanted.append(("superseded by", product.superseded_by))
        wanted += [("substitute", s) for s in product.substitutes]
        wanted += [("cross-ref", s) for s in product.cross_refs]
        found = await asyncio.to_thread(self.catalog.products, [s for _, s in wanted])
        related = [(relation, found[s]) for relation, s in wanted if s in found and s != sku]
        return product, related

    # --- prices and stock --------------------------------------------------------------------------------------------

    def _list_quote(self, product: Product, qty: int) -> PriceQuote | None:
        if product.list_price is None:
            return None
        return PriceQuote(sku=product.sku, account_id="", qty=qty, list_price=product.list_price,
                          net_price=product.list_price, source=PriceSource(PriceSourceKind.LIST),
                          fetched_at=clock.now())

    async def quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]:
        """Live quotes, cached as they arrive; when the platform is unreachable, the cached ones (with their age).
        The price provider of the quick-order pad."""
        if not items:
            return []
        try:
            live: list[PriceQuote] = await self._call(  # type: ignore[assignment]
                lambda: self.platform.quote(account_id, list(items)), timeout=self.quote_timeout * 3)
        except Offline:
            cached = await asyncio.to_thread(self._cached_quotes, account_id, items)
            return [q for q in cached if q is not None]
        await asyncio.to_thread(self.prices.put_quotes, live)
        return live

    def _cached_quotes(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote | None]:
        return [self.cached_quote(account_id, sku, qty) for sku, qty in items]

    def cached_quote(self, account_id: str, sku: str, qty: int) -> PriceQuote | None:
        """The cached quote re-evaluated for qty, carrying the time it was fetched (thread worker)."""
        cached = self.prices.get_quote(account_id, sku, qty)
        return replace(cached.quote, fetched_at=cached.fetched_at) if cached else None

    def cached_availability(self, sku: str) -> Availability | None:
        cached = self.prices.get_availability(sku)
        return replace(cached.availability, fetched_at=cached.fetched_at) if cached else None

    async def quote_for(self, sku: str, qty: int) -> Answer[PriceQuote]:
        """The selected account's price for one SKU and quantity: live with a timeout, else cached with its age."""
        if self.account is None:
            product = await self.product(sku)
            return Answer(self._list_quote(product, qty) if product else None, live=False,
                          note="list price (no account chosen)")
        account_id = self.account.id
        try:
            quotes: list[PriceQuote] = await self._call(  # type: ignore[assignment]
                lambda: self.platform.quote(account_id, [(sku, qty)]), timeout=self.quote_timeout)
        except PlatformError as exc:
            cached = await asyncio.to_thread(self.cached_quote, account_id, sku, qty)
            reason = "working offline" if not self.may_call_platform else f"platform unreachable: {exc.message}"
            if cached is None:
                return Answer(None, live=False, note=f"No price: {reason}, and none cached for this customer.")
            return Answer(cached, live=False, note=reason)
        await asyncio.to_thread(self.prices.put_quotes, quotes)
        return Answer(quotes[0] if quotes else None, live=True)

    async def availability_for(self, sku: str) -> Answer[Availability]:
        try:
            found: dict[str, Availability] = await self._call(  # type: ignore[assignment]
                lambda: self.platform.availability([sku]), timeout=self.quote_timeout)
        except PlatformError as exc:
            cached = await asyncio.to_thread(self.cached_availability, sku)
            reason = "working offline" if not self.may_call_platform else "platform unreachable"
            if cached is None:
                return Answer(None, live=False, note=f"{reason}; no stock cached")
            return Answer(cached, live=False, note=f"{reason}: {exc.message}")
        await asyncio.to_thread(self.prices.put_availability, list(found.values()))
        return Answer(found.get(sku), live=True)

    async def stock(self, skus: Sequence[str]) -> list[Availability]:
        """Availability provider of the quick-order pad: live, else cached."""
        try:
            found: dict[str, Availability] = await self._call(  # type: ignore[assignment]
                lambda: self.platform.availability(list(skus)), timeout=self.quote_timeout * 3)
        except PlatformError:
            cached = await asyncio.to_thread(lambda: [self.cached_availability(s) for s in skus])
            return [a for a in cached if a is not None]
        await asyncio.to_thread(self.prices.put_availability, list(found.values()))
        return list(found.values())

    # --- quick order -------------------------------------------------------------------------------------------------

    def new_pad(self, account_id: str, *, title: str = "") -> OrderPad:
        return OrderPad.create(self.drafts, self.catalog, account_id, prices=self.quotes, availability=self.stock,
                               title=title)

    def open_pad(self, draft_id: int) -> OrderPad:
        return OrderPad(self.drafts, self.catalog, draft_id, prices=self.quotes, availability=self.stock)

    @property
    def merge_repeated(self) -> bool:
        return bool(self.config.quickorder.get("merge_repeated", True)) if self.config else True

    async def submit(self, draft_id: int) -> SubmitResult:
        """Place the draft's order; when the platform is unreachable it is kept and queued (the outbox sends it).
        The draft's send lease is held meanwhile, so the background sender never sends it at the same moment."""
        owner = self.outbox.owner + ":submit"
        claimed = await asyncio.to_thread(self.drafts.claim_for_send, draft_id, owner, self.outbox.lease_seconds)
        if not claimed:  # the background sender (or another b2bterm) is sending it right now
            return SubmitResult(SubmitOutcome.QUEUED, message="This order is being sent right now; "
                                "its state shows in Drafts (F6) in a moment.")
        try:
            if not self.may_call_platform:
                return await submit_draft(self.drafts, _OfflinePlatform(self.platform), draft_id)
            result = await submit_draft(self.drafts, self.platform, draft_id)
            if result.outcome.value == "queued":
                self.note_failure(Offline(result.message))
            else:
                self.note_success()
            return result
        finally:
            await asyncio.to_thread(self.drafts.release_claim, draft_id, owner)

    async def aclose(self) -> None:
        await self.platform.aclose()
        self.db.close()

    # --- session -----------------------------------------------------------------------------------------------------
    # The login state: a keyring problem to show the user, and listeners told of an AuthError from any platform call
    # (the TUI opens its login screen over the current one, so no work is lost). After a login the platform client is
    # rebuilt with the new token and swapped in.

    secret_problem: str = ""  # why no token could be read (NoKeyring...): the CLI stops with it, the TUI shows it
    auth_listeners: list[Callable[[AuthError], None]] = field(default_factory=list)

    @property
    def needs_secret(self) -> bool:
        from b2bterm.session import needs_secret

        return needs_secret(self.profile)

    def _auth_failed(self, exc: AuthError) -> None:
        for listener in list(self.auth_listeners):
            listener(exc)

    def watch_platform(self, platform: Platform) -> Platform:
        """``platform`` with its AuthErrors reported to ``auth_listeners`` (only for platforms that log in)."""
        from b2bterm.session import AuthWatch

        if not self.needs_secret or isinstance(platform, AuthWatch):
            return platform
        return AuthWatch(platform, self._auth_failed)  # type: ignore[return-value]

    def build_platform(self, secret: str | None) -> Platform:
        """A new client for this profile's platform, built with ``secret`` (through the entry-point registry)."""
        factory = registry.load(self.profile.platform)
        context = PlatformContext(profile=self.profile.name, data_dir=self.data_dir, secret=secret)
        return self.watch_platform(factory(dict(self.profile.options), context))

    def replace_platform(self, new: Platform) -> Platform:
        """Swap in ``new`` and return the old client (the caller closes it)."""
        old, self.platform = self.platform, self.watch_platform(new)
        return old

    async def refresh_capabilities(self) -> Capability:
        """Ask the platform what it offers, when it can say (the UI then hides the rest)."""
        refresh = getattr(self.platform, "refresh_capabilities", None)
        if callable(refresh):
            await self._call(refresh, timeout=self.quote_timeout * 3)
        return self.capabilities

    async def relogin(self, token: str) -> None:
        """Rebuild the platform client with ``token``, check it answers, and swap it in (the old one is closed)."""
        new = self.build_platform(token)
        refresh = getattr(new, "refresh_capabilities", None)
        try:
            if callable(refresh) and self.may_call_platform:
                await refresh()
        except AuthError:
            await new.aclose()
            raise
        except PlatformError:
            pass  # unreachable right now: the token is still good for when it is back
        old = self.replace_platform(new)
        self.secret_problem = ""
        await old.aclose()


    # --- orders ------------------------------------------------------------------------------------------------------
    # The order list, tracking, watched orders and reorder (b2bterm/orders.py); one book per desk, made on first use.

    @property
    def orders(self) -> OrderBook:
        book = self.__dict__.get("_order_book")
        if book is None:
            from b2bterm.orders import OrderBook

            book = self.__dict__["_order_book"] = OrderBook(self)
        return book  # type: ignore[no-any-return]

    # --- outbox ---
    # Queued orders and their background sender (b2bterm.sync.outbox): one Outbox per desk, made on first use.

    @property
    def outbox(self) -> Outbox:
        box = self.__dict__.get("_outbox")
        if box is None:
            from b2bterm.sync.outbox import Outbox

            box = self.__dict__["_outbox"] = Outbox(self)
        return box  # type: ignore[no-any-return]

    # --- lists ---
    # Requisition lists per account (b2bterm.local.lists): one store per desk, made on first use.

    @property
    def lists(self) -> ListStore:
        store = self.__dict__.get("_list_store")
        if store is None:
            from b2bterm.local.lists import ListStore

            store = self.__dict__["_list_store"] = ListStore(self.db)
        return store  # type: ignore[no-any-return]


    # --- quotations ---
    # Quotations per account (b2bterm.services.quotations): one per desk, made on first use.

    @property
    def quotations(self) -> Quotations:
        service = self.__dict__.get("_quotations")
        if service is None:
            from b2bterm.services.quotations import Quotations

            service = self.__dict__["_quotations"] = Quotations(self)
        return service  # type: ignore[no-any-return]


class _OfflinePlatform:
    """Stands in for the platform while the user works offline: every order goes to the outbox."""

    def __init__(self, inner: Platform) -> None:
        self.inner = inner

    async def place_order(self, *_args: object, **_kwargs: object) -> object:
        raise Offline("Working offline.")


def open_desk(config: Config, profile_name: str | None = None, *, secret: str | None = None) -> Desk:
    """Build the profile's platform adapter (loaded through the entry-point registry) and its local store.

    A platform that logs in (any but the demo) gets the profile's token from the environment or the keyring. When
    the keyring cannot be used the desk still opens, without a token, and ``secret_problem`` says why: the CLI stops
    with that message, the TUI shows it on its login screen.
    """
    from b2bterm.config import ConfigError
    from b2bterm.secrets import SecretsError
    from b2bterm.session import needs_secret

    profile = config.profile(profile_name)
    factory = registry.load(profile.platform)
    pdir = profile_dir(profile.name)
    pdir.mkdir(parents=True, exist_ok=True)
    problem = ""
    if secret is None and needs_secret(profile):
        try:
            from b2bterm.secrets import get_secret

            secret = get_secret(profile.name)
        except SecretsError as exc:
            problem = str(exc)
    try:
        platform = factory(dict(profile.options), PlatformContext(profile=profile.name, data_dir=pdir, secret=secret))
    except ValueError as exc:  # the adapter refused its options: that is a configuration problem
        raise ConfigError(config.path, str(exc), key=f"profiles.{profile.name}.options") from None
    db = Database(pdir / "local.sqlite")
    desk = Desk(profile=profile, platform=platform, db=db, data_dir=pdir, config=config, secret_problem=problem)
    desk.platform = desk.watch_platform(platform)
    return desk
