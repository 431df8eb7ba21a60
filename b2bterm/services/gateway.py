"""The gateway: every platform call goes through here, with its timeout, and the connectivity it shows.

Services never call the adapter themselves: they ask the gateway (``gateway.quote(...)``, ``gateway.place_order(...)``),
which refuses while the user works offline, bounds each call by its timeout, and keeps the connectivity state the
header shows (ONLINE, DEGRADED after a timeout, OFFLINE when unreachable, WORK_OFFLINE by the user's choice):
listeners are told of every change. ``Recovery`` brings it back by itself: while the platform is unreachable, a
cheap probe now and then (5 s, 10 s, ... up to a minute); the first answer turns it ONLINE again.

The timeouts, in one place (``Timeouts``): a quick answer the user waits for (one price, one stock figure), a batch
(a pad's prices, the outbox's revalidation), a slow read (a page of orders, an account), placing an order, a page
of catalog changes.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from b2bterm.domain.catalog_feed import CatalogChanges, CatalogSnapshot, CustomerPartNumber
from b2bterm.domain.models import Account, Availability, CodeMatch, Order, OrderRequest, PriceQuote, Product
from b2bterm.domain.record import record
from b2bterm.platform.base import (
    N_,
    AuthError,
    Capability,
    ErrorCode,
    NotFound,
    Offline,
    Platform,
    PlatformError,
    PriceRulesPlatform,
    Rejected,
    Unsupported,
)

if TYPE_CHECKING:
    from b2bterm.domain.order_filter import OrderPage, OrderQuery
    from b2bterm.domain.price_rules import PriceRules, SkuPricingPage

SWITCH_BACK = N_("Switch back online to reach the platform.")

# The platform's capability flags and error types, for the layers above (screens and commands import them from
# here, never from platform/).
__all__ = [
    "AuthError", "Capability", "Connectivity", "ErrorCode", "Gateway", "NotFound", "Offline", "PlatformError",
    "Recovery", "Rejected", "Timeouts", "Unsupported",
]

T = TypeVar("T")


class Connectivity(enum.StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"
    WORK_OFFLINE = "work offline"  # the user chose it


UNREACHABLE = frozenset({Connectivity.OFFLINE, Connectivity.DEGRADED})


@record
class Timeouts:
    """Seconds each kind of platform call may take (``[sync] quote_timeout_seconds`` sets ``quick``)."""

    quick: float = 3.0  # one price, one stock figure, one product: the user is waiting
    slow: float = 30.0  # a page of orders, one whole order, an account and its part numbers
    catalog_page: float = 120.0
    send_floor: float = 30.0  # placing an order never times out sooner than this

    @property
    def batch(self) -> float:
        """A pad's prices and stock, the outbox's revalidation."""
        return self.quick * 3

    @property
    def send(self) -> float:
        """Placing an order (F9, the outbox, ``order send``): the outcome is unknown after it, so it is generous."""
        return max(self.send_floor, self.quick * 10)


class Gateway:
    """One profile's platform, reached with timeouts, and the connectivity that follows from the answers."""

    def __init__(self, platform: Platform, *, timeouts: Timeouts | None = None,
                 connectivity: Connectivity = Connectivity.ONLINE) -> None:
        self.platform = platform
        self.timeouts = timeouts or Timeouts()
        self.connectivity = connectivity
        self.listeners: list[Callable[[Connectivity], None]] = []

    # --- state -------------------------------------------------------------------------------------------------------

    @property
    def capabilities(self) -> Capability:
        return self.platform.capabilities

    def supports(self, capability: Capability) -> bool:
        return capability in self.platform.capabilities

    @property
    def may_call_platform(self) -> bool:
        return self.connectivity != Connectivity.WORK_OFFLINE

    @property
    def unreachable(self) -> bool:
        return self.connectivity in UNREACHABLE

    def set_connectivity(self, state: Connectivity) -> None:
        if state != self.connectivity:
            self.connectivity = state
            for listener in list(self.listeners):
                listener(state)

    def work_offline(self, offline: bool) -> None:
        self.set_connectivity(Connectivity.WORK_OFFLINE if offline else Connectivity.ONLINE)

    def note_success(self) -> None:
        if self.connectivity in UNREACHABLE:
            self.set_connectivity(Connectivity.ONLINE)

    def note_failure(self, exc: BaseException) -> None:
        if self.connectivity == Connectivity.WORK_OFFLINE:
            return
        if isinstance(exc, Offline):
            self.set_connectivity(Connectivity.OFFLINE)
        elif isinstance(exc, TimeoutError):
            self.set_connectivity(Connectivity.DEGRADED)

    async def call(self, make: Callable[[], Awaitable[T]], *, timeout: float | None) -> T:
        """Await ``make()`` within ``timeout`` seconds, tracking connectivity. Raises Offline when working offline,
        unreachable or too slow; other platform errors pass through (the platform did answer)."""
        if not self.may_call_platform:
            raise Offline("Working offline.", hint=SWITCH_BACK, code=ErrorCode.WORKING_OFFLINE)
        try:
            result = await asyncio.wait_for(make(), timeout)
        except TimeoutError as exc:
            self.note_failure(exc)
            raise Offline(f"The platform did not answer within {timeout:g} s.", code=ErrorCode.TIMEOUT,
                          values={"seconds": f"{timeout:g}"}) from exc
        except Offline as exc:
            self.note_failure(exc)
            raise
        self.note_success()
        return result

    # --- the platform's calls ----------------------------------------------------------------------------------------

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]:
        return await self.call(lambda: self.platform.search_accounts(query, limit=limit), timeout=self.timeouts.slow)

    async def get_account(self, account_id: str) -> Account:
        return await self.call(lambda: self.platform.get_account(account_id), timeout=self.timeouts.slow)

    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]:
        return await self.call(lambda: self.platform.customer_part_numbers(account_id), timeout=self.timeouts.slow)

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]:
        """The platform's own search (while the local catalog is still arriving): the user is waiting for it."""
        return await self.call(lambda: self.platform.search_products(query, limit=limit), timeout=self.timeouts.quick)

    async def resolve_codes(self, codes: Sequence[str], *, account_id: str | None = None
                            ) -> dict[str, list[CodeMatch]]:
        """The platform's exact matches for each code (SKU, model, customer part number, cross-reference, EAN)."""
        return await self.call(lambda: self.platform.resolve_codes(list(codes), account_id=account_id),
                               timeout=self.timeouts.batch)

    async def get_products(self, skus: Sequence[str], *, quick: bool = False) -> dict[str, Product]:
        timeout = self.timeouts.quick if quick else self.timeouts.batch
        return await self.call(lambda: self.platform.get_products(list(skus)), timeout=timeout)

    async def quote(self, account_id: str, items: Sequence[tuple[str, int]], *, quick: bool = False
                    ) -> list[PriceQuote]:
        timeout = self.timeouts.quick if quick else self.timeouts.batch
        return await self.call(lambda: self.platform.quote(account_id, list(items)), timeout=timeout)

    async def availability(self, skus: Sequence[str], *, quick: bool = False) -> dict[str, Availability]:
        timeout = self.timeouts.quick if quick else self.timeouts.batch
        return await self.call(lambda: self.platform.availability(list(skus)), timeout=timeout)

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order:
        return await self.call(lambda: self.platform.place_order(request, idempotency_key=idempotency_key),
                               timeout=self.timeouts.send)

    async def list_orders(self, query: OrderQuery) -> OrderPage:
        return await self.call(lambda: self.platform.list_orders(query), timeout=self.timeouts.slow)

    async def get_order(self, number: str) -> Order:
        return await self.call(lambda: self.platform.get_order(number), timeout=self.timeouts.slow)

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges:
        return await self.call(lambda: self.platform.catalog_changes(cursor, limit=limit),
                               timeout=self.timeouts.catalog_page)

    async def catalog_snapshot(self, format: str) -> CatalogSnapshot | None:
        return await self.call(lambda: self.platform.catalog_snapshot(format),  # type: ignore[attr-defined]
                               timeout=self.timeouts.catalog_page)

    async def fetch_catalog_snapshot(self, snapshot: CatalogSnapshot, dest: Path) -> None:
        # a big file: about a minute a GB on a slow line, so the page timeout does not apply
        await self.call(lambda: self.platform.fetch_catalog_snapshot(snapshot, dest),  # type: ignore[attr-defined]
                        timeout=max(self.timeouts.catalog_page, 120 + snapshot.size / 10_000_000))

    def _ruled(self) -> PriceRulesPlatform:
        platform = self.platform
        if not isinstance(platform, PriceRulesPlatform):
            raise Unsupported(f"{getattr(platform, 'name', 'the platform')} does not share its price rules.")
        return platform

    async def price_rules(self, accounts: Sequence[str] | None, *, skus: bool = True) -> PriceRules:
        """The platform's price rules for the local price book (``Capability.PRICE_RULES``); without ``skus``, its
        SKU entries left for ``price_rule_skus``. An adapter written before the SKU pages (``price_rules`` alone)
        answers the whole rules, SKU entries and all, as it always did."""
        whole = getattr(self.platform, "price_rules", None)
        if callable(whole) and not callable(getattr(self.platform, "price_rule_skus", None)):
            rules: PriceRules = await self.call(lambda: whole(accounts), timeout=self.timeouts.catalog_page)
            return rules
        ruled = self._ruled()
        return await self.call(lambda: ruled.price_rules(accounts, skus=skus), timeout=self.timeouts.catalog_page)

    async def price_rule_skus(self, after: str) -> SkuPricingPage:
        """A page of the price rules' SKU entries (``after``: the page before's ``next``, "" first)."""
        from b2bterm.domain.price_rules import SKU_PAGE

        platform = self._ruled()
        return await self.call(lambda: platform.price_rule_skus(after, SKU_PAGE), timeout=self.timeouts.catalog_page)

    async def refresh_capabilities(self) -> Capability:
        """Ask the platform what it offers, when it can say (the UI then hides the rest)."""
        refresh = getattr(self.platform, "refresh_capabilities", None)
        if callable(refresh):
            await self.call(refresh, timeout=self.timeouts.batch)
        return self.capabilities

    async def probe(self) -> None:
        """Ask the platform one small thing (one account, or no products). Raises PlatformError when it cannot."""
        if self.supports(Capability.ACCOUNTS):
            await self.call(lambda: self.platform.search_accounts("", limit=1), timeout=self.timeouts.quick)
        else:
            await self.call(lambda: self.platform.get_products([]), timeout=self.timeouts.quick)


class Recovery:
    """Coming back online by itself: probes the platform at growing intervals while it is unreachable.
    ``tick`` is called by the app's outbox timer, or by ``b2bterm outbox send``; working offline is never probed."""

    def __init__(self, gateway: Gateway, *, first: float = 5.0, longest: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.gateway = gateway
        self.first = first
        self.longest = longest
        self.clock = clock
        self._interval = first
        self._next = 0.0

    @property
    def unreachable(self) -> bool:
        return self.gateway.unreachable

    async def probe(self) -> bool:
        """Ask the platform one small thing now; True when it answered (the gateway is then online)."""
        if not self.gateway.may_call_platform:
            return False
        try:
            await self.gateway.probe()
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
