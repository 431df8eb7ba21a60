"""Price rules: what a platform prices with, as plain data, and the pure engine that prices from them.

A platform with the price-rules capability hands over its rules for the accounts a user serves (contract prices with
their breaks and validity, contract and group discounts with their scope, list prices and list tiers, quantity-break
schedules, promotions with their dates) and names the *method* it combines them with. The local price book keeps
them; ``price`` computes what the platform's ``quote`` would answer, with no I/O:

- ``b2bterm`` (the demo and the b2bterm platform API): a valid contract price list for the SKU (the one starting
  last, then by reference) gives the base price and its own tiers as breaks; else the most specific, then largest,
  valid account discount (contract), else the group's (group), else list; outside a contract price the SKU's break
  schedule multiplies the discounted base. Then promotions (``PROMOTION`` price lists, dated, for everyone or some
  groups): where a valid one sells lower than that price at a quantity, the account pays the promotion's price there
  (``promoted``).
- ``medusa`` (Medusa 2's pricing module): the covering price-list tier with the most rules, then the lowest amount;
  an ``override`` list always wins over the SKU's own tiers, a ``sale`` list only where lower; breaks are every
  quantity where the price this account pays changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cached_property

from b2bterm.domain.models import PriceBreak, PriceQuote, PriceSource, PriceSourceKind, price_for_qty
from b2bterm.domain.money import CENT, Money
from b2bterm.domain.record import record

METHOD_B2BTERM = "b2bterm"
METHOD_MEDUSA = "medusa"
METHODS = (METHOD_B2BTERM, METHOD_MEDUSA)


@record
class Tier:
    min_qty: int
    max_qty: int | None
    amount: Decimal

    def covers(self, qty: int) -> bool:
        return self.min_qty <= qty and (self.max_qty is None or qty <= self.max_qty)


@record
class SkuPricing:
    """What one SKU's price starts from: its list price (quantity 1), its own tiers, and what scopes match it."""

    sku: str
    list_price: Decimal
    brand: str = ""  # the platform's brand code, as discounts name it
    category: str = ""
    schedule: str = ""  # its quantity-break schedule (b2bterm method)
    tiers: tuple[Tier, ...] = ()  # its own quantity tiers (medusa method); none = the list price at any quantity


SKU_PAGE = 2000  # SKU entries a page of the price rules holds (``PriceRulesPlatform.price_rule_skus``): ~250 KB of
# JSON, ~9 ms to decode (in a worker thread) and one short write; 500 pages at 1M


@record
class SkuPricingPage:
    """A page of the SKU entries (every account's alike), in SKU order (code points), each page after the last:
    ``next`` is the cursor of the page after it, None on the last."""

    skus: tuple[SkuPricing, ...]
    next: str | None = None


@record
class Validity:
    """Whole days (inclusive) and/or instants; None = open."""

    valid_from: date | None = None
    valid_to: date | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    def holds(self, now: datetime) -> bool:
        today = now.date()
        return ((self.valid_from is None or self.valid_from <= today)
                and (self.valid_to is None or today <= self.valid_to)
                and (self.starts_at is None or self.starts_at <= now)
                and (self.ends_at is None or now <= self.ends_at))

    @property
    def first_day(self) -> date | None:
        return self.valid_from or (self.starts_at.date() if self.starts_at else None)

    @property
    def last_day(self) -> date | None:
        return self.valid_to or (self.ends_at.date() if self.ends_at else None)


@record
class Audience:
    """Who a rule is for: listed accounts or members of listed groups; both empty = everyone."""

    accounts: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    def includes(self, account: AccountPricing) -> bool:
        if not self.accounts and not self.groups:
            return True
        return bool(account.id in self.accounts or account.code in self.accounts or self.groups & account.groups)


@record
class PriceList:
    """Fixed prices by SKU with tiers: a contract's special prices or a promotion (a sale)."""

    id: str
    kind: PriceSourceKind
    reference: str
    description: str = ""
    mode: str = "override"  # override | sale
    rank: int = 0  # medusa: the number of rules (more wins)
    audience: Audience = Audience()
    validity: Validity = Validity()
    prices: Mapping[str, tuple[Tier, ...]] = field(default_factory=dict)

    def source(self) -> PriceSource:
        return PriceSource(self.kind, self.reference, self.description, self.validity.first_day,
                           self.validity.last_day)


@record
class Discount:
    """A percentage off list on a scope (brand and/or category; '' = any), for an account (contract) or a group."""

    kind: PriceSourceKind  # CONTRACT (an account's) or GROUP
    reference: str
    pct: Decimal
    brand: str = ""
    category: str = ""
    description: str = ""
    audience: Audience = Audience()
    validity: Validity = Validity()

    def matches(self, sku: SkuPricing) -> bool:
        return (not self.brand or self.brand == sku.brand) and (not self.category or self.category == sku.category)

    @property
    def specificity(self) -> int:
        return (self.brand != "") + (self.category != "")


@record
class AccountPricing:
    id: str
    code: str = ""
    groups: frozenset[str] = frozenset()
    tax_rate: Decimal = Decimal("0.13")


@dataclass(frozen=True)
class PriceRules:
    """A platform's price rules for some accounts, and how to combine them."""

    method: str
    currency: str
    skus: Mapping[str, SkuPricing]
    accounts: Mapping[str, AccountPricing]
    lists: tuple[PriceList, ...] = ()
    discounts: tuple[Discount, ...] = ()
    schedules: Mapping[str, tuple[tuple[int, Decimal], ...]] = field(default_factory=dict)
    day_offset: int = 0  # minutes east of UTC: validity days are the platform's days there

    def account(self, account_id: str) -> AccountPricing | None:
        found = self.accounts.get(account_id)
        if found is not None:
            return found
        return self._by_code.get(account_id)

    # --- indexes, built on first use (the book is parsed once and priced from many times) -------------------------

    @cached_property
    def _by_code(self) -> dict[str, AccountPricing]:
        return {a.code: a for a in self.accounts.values() if a.code}

    @cached_property
    def _lists_by_sku(self) -> dict[str, tuple[PriceList, ...]]:
        index: dict[str, list[PriceList]] = {}
        for pl in self.lists:
            for sku, tiers in pl.prices.items():
                if tiers:
                    index.setdefault(sku, []).append(pl)
        return {sku: tuple(found) for sku, found in index.items()}

    @cached_property
    def _discounts_by_account(self) -> dict[str, tuple[Discount, ...]]:
        return {}

    @cached_property
    def _tier_tables(self) -> dict[tuple[object, ...], _TierTable]:
        """The medusa method's quantity-free work, by SKU and the price lists that apply (``_medusa``)."""
        return {}

    def lists_for(self, sku: str) -> tuple[PriceList, ...]:
        """The price lists with a price for ``sku`` (in the book's order)."""
        return self._lists_by_sku.get(sku, ())

    def discounts_for(self, account: AccountPricing) -> tuple[Discount, ...]:
        """The discounts whose audience includes ``account`` (in the book's order)."""
        cache = self._discounts_by_account
        found = cache.get(account.id)
        if found is None:
            found = cache[account.id] = tuple(d for d in self.discounts if d.audience.includes(account))
        return found


@record
class Priced:
    list_price: Money
    net_price: Money
    breaks: tuple[PriceBreak, ...]
    source: PriceSource


# --- the b2bterm method ---------------------------------------------------------------------------------------------


def _b2bterm(rules: PriceRules, account: AccountPricing, sku: SkuPricing, qty: int, now: datetime) -> Priced:
    cur = rules.currency
    list_price = Money(sku.list_price, cur)
    contracts = [pl for pl in rules.lists_for(sku.sku) if pl.kind is PriceSourceKind.CONTRACT
                 and pl.audience.includes(account) and pl.validity.holds(now)]
    if contracts:
        latest = max(pl.validity.first_day or date.min for pl in contracts)
        chosen = min((pl for pl in contracts if (pl.validity.first_day or date.min) == latest),
                     key=lambda pl: pl.reference)
        tiers = sorted(chosen.prices[sku.sku], key=lambda t: t.min_qty)
        base = Money(tiers[0].amount, cur)
        breaks = tuple(PriceBreak(t.min_qty, Money(t.amount, cur)) for t in tiers if t.min_qty > 1)
        source = chosen.source()
    else:
        source = PriceSource(PriceSourceKind.LIST, "", "目录价 List price")
        pct = Decimal(0)
        for kind in (PriceSourceKind.CONTRACT, PriceSourceKind.GROUP):
            hits = [d for d in rules.discounts_for(account) if d.kind is kind and d.matches(sku)
                    and d.validity.holds(now)]
            if hits:
                best = min(hits, key=lambda d: (-d.specificity, -d.pct, d.reference, d.brand, d.category))
                pct = best.pct
                source = PriceSource(kind, best.reference, best.description, best.validity.first_day,
                                     best.validity.last_day)
                break
        base = Money(sku.list_price * (1 - pct), cur).rounded(CENT)
        breaks = tuple(PriceBreak(min_qty, Money(base.amount * factor, cur).rounded(CENT))
                       for min_qty, factor in rules.schedules.get(sku.schedule, ()))
    promotions = [pl for pl in rules.lists_for(sku.sku) if pl.kind is PriceSourceKind.PROMOTION
                  and pl.audience.includes(account) and pl.validity.holds(now)]
    if promotions:
        net, breaks, source = promoted(base, breaks, source, promotions, sku.sku, qty)
        return Priced(list_price, net, breaks, source)
    return Priced(list_price, price_for_qty(base, breaks, qty), breaks, source)


def promoted(base: Money, breaks: tuple[PriceBreak, ...], source: PriceSource, promotions: Iterable[PriceList],
             sku: str, qty: int) -> tuple[Money, tuple[PriceBreak, ...], PriceSource]:
    """The ``b2bterm`` method's promotions (valid, for this account, with a price for ``sku``) over the account's own
    price (``base`` with ``breaks``, from ``source``): at each quantity the lower of the two; the breaks are every
    quantity where the price paid changes; the source is the promotion where it wins at ``qty``. The demo platform
    prices with this function too."""
    cur = base.currency
    steps = sorted(breaks, key=lambda b: b.min_qty)
    starts = [1] + [b.min_qty for b in steps if b.min_qty > 1]
    amounts = [price_for_qty(base, steps, n).amount for n in starts]
    own = tuple(Tier(n, (starts[i + 1] - 1) if i + 1 < len(starts) else None, amounts[i])
                for i, n in enumerate(starts))
    sales = [PriceList(pl.id, pl.kind, pl.reference, pl.description, "sale", 0, pl.audience, pl.validity, pl.prices)
             for pl in sorted(promotions, key=lambda pl: pl.reference)]
    got = tiered_price(own, sales, sku, qty, cur)
    return got.net_price, got.breaks, (source if got.source.kind is PriceSourceKind.LIST else got.source)


# --- the medusa method ----------------------------------------------------------------------------------------------


def _lowest(rows: Iterable[Tier], qty: int) -> Tier | None:
    hits = [t for t in rows if t.covers(qty)]
    return min(hits, key=lambda t: t.amount) if hits else None


def _pick(own: tuple[Tier, ...], lists: list[tuple[PriceList, tuple[Tier, ...]]], qty: int
          ) -> tuple[Decimal, PriceList | None]:
    base = _lowest(own, qty) or own[0]
    best: tuple[int, Decimal, PriceList] | None = None
    for pl, rows in lists:
        hit = _lowest(rows, qty)
        if hit is not None and (best is None or (-pl.rank, hit.amount) < (-best[0], best[1])):
            best = (pl.rank, hit.amount, pl)
    if best is None:
        return base.amount, None
    _, value, pl = best
    if pl.mode == "sale" and base.amount < value:
        return base.amount, None
    return value, pl


def tiered_price(own: tuple[Tier, ...], lists: Iterable[PriceList], sku: str, qty: int, currency: str) -> Priced:
    """Medusa's price of one SKU at ``qty`` from its own tiers (sorted by min quantity, not empty) and the price
    lists that apply (audience and dates already checked), with the breaks this account gets at any quantity."""
    return _TierTable(own, lists, sku, currency).at(qty)


class _TierTable:
    """What a SKU costs one account at every quantity, under the price lists that apply at one moment: its list
    price, its breaks (every quantity where the price paid changes) and, at a quantity, the price and the list it
    comes from. The quantity-free part is worked out once (``PriceRules`` keeps a table for each SKU and set of
    lists: a typed quantity asks only for its own price)."""

    def __init__(self, own: tuple[Tier, ...], lists: Iterable[PriceList], sku: str, currency: str) -> None:
        self.own = own
        self.applicable = [(pl, pl.prices[sku]) for pl in lists if pl.prices.get(sku)]
        self.currency = currency
        edges = {1}
        for t in own + tuple(t for _, rows in self.applicable for t in rows):
            edges.add(max(t.min_qty, 1))
            if t.max_qty is not None:
                edges.add(t.max_qty + 1)
        breaks: list[PriceBreak] = []
        previous = _pick(own, self.applicable, 1)[0]
        for edge in sorted(edges)[1:]:
            value = _pick(own, self.applicable, edge)[0]
            if value != previous:
                breaks.append(PriceBreak(edge, Money(value, currency)))
                previous = value
        self.breaks = tuple(breaks)
        one = own[0]
        for t in own:  # the tier for quantity 1: the covering one with the largest min quantity
            if t.covers(1) and (not one.covers(1) or t.min_qty >= one.min_qty):
                one = t
        self.list_price = Money(one.amount, currency)

    def at(self, qty: int) -> Priced:
        net, pl = _pick(self.own, self.applicable, qty)
        source = pl.source() if pl is not None else PriceSource(PriceSourceKind.LIST)
        return Priced(self.list_price, Money(net, self.currency), self.breaks, source)


def _medusa(rules: PriceRules, account: AccountPricing, sku: SkuPricing, qty: int, now: datetime) -> Priced:
    lists = tuple(pl for pl in rules.lists_for(sku.sku) if pl.audience.includes(account) and pl.validity.holds(now))
    key = (sku, tuple(id(pl) for pl in lists))  # the lists are the book's own: their ids hold while it lives
    tables = rules._tier_tables
    table = tables.get(key)
    if table is None:
        if len(tables) > 4096:
            tables.clear()
        own = tuple(sorted(sku.tiers, key=lambda t: t.min_qty)) or (Tier(1, None, sku.list_price),)
        table = tables[key] = _TierTable(own, lists, sku.sku, rules.currency)
    return table.at(qty)


_ENGINES = {METHOD_B2BTERM: _b2bterm, METHOD_MEDUSA: _medusa}


def price(rules: PriceRules, account_id: str, sku: str, qty: int, now: datetime, *,
          fetched_at: datetime | None = None) -> PriceQuote | None:
    """What the platform would quote ``account_id`` for ``sku`` at ``qty`` at ``now`` (``fetched_at``: as of when,
    else ``now``); None when the rules do not cover the account or the SKU (or name a method this version does not
    know)."""
    account = rules.account(account_id)
    pricing = rules.skus.get(sku)
    engine = _ENGINES.get(rules.method)
    if account is None or pricing is None or engine is None:
        return None
    if now.tzinfo is not None:
        now = now.astimezone(timezone(timedelta(minutes=rules.day_offset)))
    got = engine(rules, account, pricing, max(1, int(qty)), now)
    return PriceQuote(sku=sku, account_id=account_id, qty=qty, list_price=got.list_price, net_price=got.net_price,
                      tax_rate=account.tax_rate, breaks=got.breaks, source=got.source,
                      fetched_at=now if fetched_at is None else fetched_at)
