"""The platform contract: what b2bterm asks of a distributor's commerce platform.

Every adapter implements ``Platform`` (async) and declares what it supports with ``Capability`` flags; the UI hides
what an adapter does not support. Errors are the typed ones below, each carrying a message a user can act on.

Contract rules every adapter must keep (tests/contract checks them):
- ``get_products`` returns only SKUs it knows; unknown ones are simply absent.
- ``quote`` prices each (sku, qty) for the account with the tier for that qty applied; its breaks are the same
  whatever qty is asked, and each is the price quoted at its quantity.
- an account's code is accepted wherever an account id is (``get_account``, ``quote``, ``customer_part_numbers``),
  and ``search_accounts`` finds an account by its code first.
- order amounts (totals, subtotal, tax) are in the currency's minor unit.
- ``place_order`` with an idempotency key already used returns the first order and creates nothing.
- ``catalog_changes`` pages through the whole catalog from ``cursor=None`` and then returns only what changed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from b2bterm.domain.catalog_feed import CatalogChanges, CatalogSnapshot, CustomerPartNumber
from b2bterm.domain.models import (
    Account,
    Availability,
    CodeMatch,
    Order,
    OrderRequest,
    PriceQuote,
    Product,
)

if TYPE_CHECKING:  # read on first use (__getattr__ below): the app's first frame needs none of them
    from b2bterm.domain.order_filter import OrderPage, OrderQuery
    from b2bterm.domain.price_rules import PriceRules, SkuPricingPage
    from b2bterm.domain.quotation import Quotation, RemoteQuotation

_LAZY = {"OrderPage": "order_filter", "OrderQuery": "order_filter", "PriceRules": "price_rules",
         "SkuPricingPage": "price_rules",
         "Quotation": "quotation", "RemoteQuotation": "quotation"}


def __getattr__(name: str) -> Any:
    """The domain types this module re-exports for the adapters, imported when first asked for."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"b2bterm.domain.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AuthError", "Capability", "CatalogChanges", "CatalogSnapshot", "CustomerPartNumber", "NotFound", "Offline",
    "OrderPage", "OrderQuery", "Platform", "PlatformContext", "PlatformError", "PlatformFactory", "PriceRules",
    "PriceRulesPlatform", "QuotationPlatform", "Rejected", "SkuPricingPage", "SnapshotPlatform", "Unsupported",
]


class Capability(enum.Flag):
    SEARCH = enum.auto()
    PRODUCTS = enum.auto()
    RESOLVE = enum.auto()
    QUOTE = enum.auto()
    AVAILABILITY = enum.auto()
    ACCOUNTS = enum.auto()
    PLACE_ORDER = enum.auto()
    LIST_ORDERS = enum.auto()
    GET_ORDER = enum.auto()
    CATALOG_CHANGES = enum.auto()
    CUSTOMER_PART_NUMBERS = enum.auto()
    LAST_PAID = enum.auto()
    TRACKING = enum.auto()
    QUOTATIONS = enum.auto()  # quotations are pushed to the platform and their state read back (QuotationPlatform)
    CATALOG_SNAPSHOT = enum.auto()  # a prebuilt local catalog to download before catalog_changes (SnapshotPlatform)
    PRICE_RULES = enum.auto()  # the price rules for accounts, for the local price book (PriceRulesPlatform)

    @classmethod
    def all(cls) -> Capability:
        value = cls(0)
        for member in cls:
            value |= member
        return value


# --- errors ---------------------------------------------------------------------------------------------------------


def N_(text: str) -> str:
    """Marks b2bterm's own hints for the catalog (the UI and the CLI translate them when they show an error)."""
    return text


class PlatformError(Exception):
    """Something went wrong talking to the platform. ``hint`` says what the user can do.

    ``code`` and ``values`` say what happened when b2bterm itself knows (``ErrorCode``): the UI and the CLI word
    those in the user's language; ``message`` is the English (or the platform's own words) for logs and for an
    error that carries no code."""

    default_hint = N_("Try again; if it keeps happening, tell support.")

    def __init__(self, message: str, *, hint: str | None = None, retry_after: float | None = None,
                 code: str = "", values: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        self.retry_after = retry_after
        self.code = code
        self.values = dict(values or {})

    def user_text(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ErrorCode:
    """The codes b2bterm's own errors carry (values in brackets)."""

    WORKING_OFFLINE = "working_offline"
    TIMEOUT = "timeout"  # [seconds]
    DEMO_OFFLINE = "demo_offline"
    DEMO_CLOSED = "demo_closed"
    NO_ACCOUNT = "no_account"  # [account]
    NO_ORDER = "no_order"  # [number]
    NO_PRODUCT = "no_product"  # [sku]
    NO_QUOTATION = "no_quotation"  # [id]
    UNSUPPORTED = "unsupported"  # [platform, what: order_list, order_details]
    NO_PASSWORD_LOGIN = "no_password_login"  # [platform]
    CURRENCY = "currency"  # [sku, currency, expected]
    BAD_PRICE_RULES = "bad_price_rules"  # the price rules could not be read (malformed, pages out of order)


class Offline(PlatformError):
    """The platform cannot be reached (no network, refused, timed out, 5xx)."""

    default_hint = N_("Work goes on offline from the local catalog; drafts are kept and sent when it is back.")


class AuthError(PlatformError):
    """Credentials are missing, wrong or expired."""

    default_hint = N_("Log in again (b2bterm login).")


class NotFound(PlatformError):
    default_hint = N_("Check the number and try again.")


class Rejected(PlatformError):
    """The platform understood the request and refused it (validation, credit hold, discontinued item...)."""

    default_hint = N_("Change the order as the reason says and submit again.")

    def __init__(self, message: str, *, hint: str | None = None, field: str = "", sku: str = "") -> None:
        super().__init__(message, hint=hint)
        self.field = field
        self.sku = sku


class Unsupported(PlatformError):
    default_hint = N_("This platform does not offer it.")


# --- request and page types: plain data, kept in domain/ (re-exported here for the adapters) ----------------------

@dataclass
class PlatformContext:
    """What an adapter factory gets besides its options."""

    profile: str = "default"
    data_dir: Path = field(default_factory=lambda: Path("."))
    secret: str | None = field(default=None, repr=False)  # token or password from the keyring, never from config


@runtime_checkable
class Platform(Protocol):
    name: str
    capabilities: Capability

    async def search_products(self, query: str, *, limit: int = 50) -> list[Product]: ...

    async def get_products(self, skus: Sequence[str]) -> dict[str, Product]: ...

    async def resolve_codes(
        self, codes: Sequence[str], *, account_id: str | None = None
    ) -> dict[str, list[CodeMatch]]: ...

    async def quote(self, account_id: str, items: Sequence[tuple[str, int]]) -> list[PriceQuote]: ...

    async def availability(self, skus: Sequence[str]) -> dict[str, Availability]: ...

    async def search_accounts(self, query: str = "", *, limit: int = 50) -> list[Account]: ...

    async def get_account(self, account_id: str) -> Account: ...

    async def customer_part_numbers(self, account_id: str) -> list[CustomerPartNumber]: ...

    async def place_order(self, request: OrderRequest, *, idempotency_key: str) -> Order: ...

    async def list_orders(self, query: OrderQuery) -> OrderPage: ...

    async def get_order(self, number: str) -> Order: ...

    async def catalog_changes(self, cursor: str | None, *, limit: int = 1000) -> CatalogChanges: ...

    async def aclose(self) -> None: ...


@runtime_checkable
class QuotationPlatform(Protocol):
    """What an adapter with ``Capability.QUOTATIONS`` adds: the distributor's system keeps a copy of each quotation
    (pushed again when it changes; the key makes a retry create nothing new) and may move its state (a customer
    accepts it in a web shop, the back office marks it sent)."""

    async def push_quotation(self, reference: str, quotation: Quotation, *, key: str) -> RemoteQuotation: ...

    async def get_quotations(self, remote_ids: Sequence[str]) -> list[RemoteQuotation]: ...


@runtime_checkable
class SnapshotPlatform(Protocol):
    """What an adapter with ``Capability.CATALOG_SNAPSHOT`` adds: a prebuilt local catalog, so that a terminal (or
    fifty) starts from one download instead of paging through the whole catalog. ``catalog_snapshot`` answers None
    when it holds none in that format (the terminal then pages); ``fetch_catalog_snapshot`` writes the file to
    ``dest`` and checks its size and SHA-256 (a mismatch is a ``PlatformError`` and leaves no file)."""

    async def catalog_snapshot(self, format: str) -> CatalogSnapshot | None: ...

    async def fetch_catalog_snapshot(self, snapshot: CatalogSnapshot, dest: Path) -> None: ...


@runtime_checkable
class PriceRulesPlatform(Protocol):
    """What an adapter with ``Capability.PRICE_RULES`` adds: the rules its ``quote`` prices with, for the given
    accounts (ids or codes; None = every account), so that ``domain.price_rules.price`` answers as ``quote`` would
    (same net price, breaks, source and tax rate) for any SKU, quantity and day.

    The SKU entries (list price, brand, category, schedule, own tiers: the same for every account) are a million at
    a large distributor: ``price_rules(..., skus=False)`` answers the rules without them, and ``price_rule_skus``
    pages through them in SKU order (code points), ``after`` being the ``next`` of the page before ("" first), so
    that a client writes them as they come and neither side holds them all."""

    async def price_rules(self, account_ids: Sequence[str] | None = None, *, skus: bool = True) -> PriceRules: ...

    async def price_rule_skus(self, after: str = "", limit: int = 2000) -> SkuPricingPage: ...


class PlatformFactory(Protocol):
    def __call__(self, options: Mapping[str, Any], context: PlatformContext) -> Platform: ...
