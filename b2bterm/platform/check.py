"""``b2bterm platform check URL``: read-only conformance checks against a live platform HTTP API server.

Nothing here writes: no order is placed. Each check is timed and reports what it saw; a check whose capability the
server does not offer, or whose sample data is missing, is skipped (ok, marked skipped).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from b2bterm.domain.models import Account, Product
from b2bterm.domain.record import record
from b2bterm.platform.base import Capability, NotFound, Offline, OrderQuery, PlatformError
from b2bterm.platform.http.adapter import HttpPlatform, RetryPolicy
from b2bterm.platform.limits import CertificateError, Limits, deadline, fetch, tls_verify


@record
class CheckResult:
    name: str
    ok: bool
    detail: str
    elapsed_ms: float
    skipped: bool = False


class _Skip(Exception):
    pass


class _Fail(Exception):
    pass


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise _Fail(message)


@dataclass
class _Samples:
    product: Product | None = None
    products: list[Product] = field(default_factory=list)
    account: Account | None = None
    order_number: str | None = None


async def check_platform(url: str, token: str | None, *, timeout: float = 10.0, verify: bool = True,
                         ca_bundle: str | None = None, limits: Limits | None = None) -> list[CheckResult]:
    """Run the read-only contract checks against the server at ``url`` with bearer ``token``. ``verify`` and
    ``ca_bundle`` are the profile's (a missing or broken bundle is a ValueError before anything is sent)."""
    results: list[CheckResult] = []
    tls = tls_verify(verify, ca_bundle)
    limits = limits or Limits(deadline=max(30.0, 3 * timeout))
    platform = HttpPlatform(url, token=token, timeout=timeout, retry=RetryPolicy(attempts=1), verify=verify,
                            ca_bundle=ca_bundle, limits=limits)
    s = _Samples()
    silent: list[str] = []  # a check the platform did not answer: the others are skipped, not waited out one by one

    async def run(name: str, needs: Capability | None, body: Callable[[], Awaitable[str]]) -> None:
        t0 = time.perf_counter()
        try:
            if silent:
                raise _Skip(f"the platform did not answer the {silent[0]} check")
            if needs is not None and needs not in platform.capabilities:
                raise _Skip(f"the server does not offer {needs.name and needs.name.lower()}")
            detail = await body()
            ok, skipped = True, False
        except _Skip as exc:
            ok, skipped, detail = True, True, f"skipped: {exc}"
        except _Fail as exc:
            ok, skipped, detail = False, False, str(exc)
        except PlatformError as exc:
            ok, skipped, detail = False, False, f"{type(exc).__name__}: {exc.message}"
            if isinstance(exc, Offline) and getattr(exc, "status", None) is None:  # no answer (not an HTTP 5xx)
                silent.append(name)
        except Exception as exc:  # a checker must report, not crash
            ok, skipped, detail = False, False, f"unexpected {type(exc).__name__}: {exc}"
        results.append(CheckResult(name, ok, detail, round((time.perf_counter() - t0) * 1000, 1), skipped))

    async def health() -> str:
        async with httpx.AsyncClient(timeout=timeout, verify=tls, trust_env=True) as raw, \
                deadline("health", limits.deadline):
            where = f"{platform.base_url}health"
            try:
                r = await fetch(raw, "GET", platform.base_url + "health", call="health", where=where, limits=limits)
            except CertificateError as exc:
                raise _Fail(exc.user_text()) from None
            except Offline:
                silent.append("health")
                raise _Fail(f"cannot reach {where}") from None
            _expect(r.status_code == 200, f"GET /health answered {r.status_code}")
            unauth = await fetch(raw, "GET", platform.base_url + "capabilities", call="capabilities", where=where,
                                 limits=limits)
        _expect(unauth.status_code == 401, f"a call without a token answered {unauth.status_code}, expected 401")
        return "reachable; calls without a token are refused (401)"

    async def capabilities() -> str:
        caps = await platform.refresh_capabilities()
        names = [m.name.lower() for m in Capability if m in caps and m.name]
        return ", ".join(names) or "none"

    async def catalog() -> str:
        seen: set[str] = set()
        cursor: str | None = None
        pages = 0
        while pages < 3:
            ch = await platform.catalog_changes(cursor, limit=50)
            pages += 1
            _expect(len(ch.products) <= 50, f"asked for 50, got {len(ch.products)}")
            dupes = seen & {p.sku for p in ch.products}
            _expect(not dupes, f"SKUs repeated across pages: {sorted(dupes)[:3]}")
            seen |= {p.sku for p in ch.products}
            s.products += list(ch.products)
            if ch.done:
                break
            _expect(bool(ch.next_cursor), "not done but no next_cursor")
            cursor = ch.next_cursor
        s.product = next((p for p in s.products if p.status.value == "active"), s.products[0] if s.products else None)
        total = f" of {ch.total}" if ch.total is not None else ""
        return f"{len(seen)} products{total} in {pages} page(s)"

    def sample() -> Product:
        if s.product is None:
            raise _Skip("no sample product (catalog changes gave none)")
        return s.product

    async def search() -> str:
        p = sample()
        term = p.model[:4] or p.name
        found = await platform.search_products(term, limit=5)
        _expect(len(found) <= 5, f"limit 5 returned {len(found)}")
        _expect(bool(found), f"searching {term!r} found nothing although {p.sku} has model {p.model!r}")
        return f"{term!r}: {len(found)} hit(s)"

    async def products() -> str:
        p = sample()
        missing = "B2BTERM-CHECK-NO-SUCH-SKU"
        got = await platform.get_products([p.sku, missing])
        _expect(p.sku in got, f"{p.sku} not returned")
        _expect(missing not in got, "an unknown SKU was returned")
        _expect(got[p.sku].model == p.model, "model differs from the catalog feed")
        return f"{p.sku} found, unknown SKU absent"

    async def resolve() -> str:
        p = sample()
        got = await platform.resolve_codes([p.sku, p.model])
        _expect(any(m.sku == p.sku for m in got.get(p.sku, [])), f"{p.sku} does not resolve to itself")
        _expect(any(m.sku == p.sku for m in got.get(p.model, [])), f"model {p.model} does not resolve to {p.sku}")
        return f"{p.sku} and {p.model} resolve"

    async def accounts() -> str:
        found = await platform.search_accounts("", limit=5)
        _expect(len(found) <= 5, f"limit 5 returned {len(found)}")
        if not found:
            raise _Skip("no accounts visible to this token")
        one = await platform.get_account(found[0].id)
        _expect(one.id == found[0].id, "get_account returned another account")
        s.account = one
        return f"{len(found)} account(s); {one.id} {one.display_name}"

    def account() -> Account:
        if s.account is None:
            raise _Skip("no sample account")
        return s.account

    async def part_numbers() -> str:
        got = await platform.customer_part_numbers(account().id)
        _expect(all(c.account_id == account().id for c in got), "part numbers of another account")
        return f"{len(got)} customer part number(s)"

    async def quote() -> str:
        p, a = sample(), account()
        quotes = await platform.quote(a.id, [(p.sku, 1), (p.sku, 1000)])
        _expect(len(quotes) == 2, f"2 items quoted, got {len(quotes)} quotes")
        one, many = quotes
        _expect(one.sku == p.sku and one.qty == 1 and many.qty == 1000, "quotes do not match the items asked")
        _expect(one.net_price.currency == one.list_price.currency, "net and list currencies differ")
        _expect(0 <= one.tax_rate < 1, f"tax rate {one.tax_rate} out of range")
        _expect(not (many.net_price.amount > one.net_price.amount), "the unit price rises with quantity")
        return (
            f"{p.sku} ×1 {one.net_price} (含税 {one.net_price_incl_tax}), ×1000 {many.net_price}; {one.source.label()}"
        )

    async def availability() -> str:
        p = sample()
        got = await platform.availability([p.sku])
        _expect(p.sku in got, f"no availability for {p.sku}")
        _expect(all(w.on_hand >= 0 for w in got[p.sku].warehouses), "negative stock")
        return f"{p.sku}: {got[p.sku].on_hand} on hand in {len(got[p.sku].warehouses)} warehouse(s)"

    async def orders() -> str:
        a = account()
        page = await platform.list_orders(OrderQuery(account_id=a.id, limit=5))
        _expect(len(page.orders) <= 5, f"limit 5 returned {len(page.orders)}")
        _expect(all(o.account_id == a.id for o in page.orders), "orders of another account")
        if page.next_cursor:
            nxt = await platform.list_orders(OrderQuery(account_id=a.id, limit=5, cursor=page.next_cursor))
            overlap = {o.number for o in page.orders} & {o.number for o in nxt.orders}
            _expect(not overlap, f"page 2 repeats {sorted(overlap)[:3]}")
        if page.orders:
            s.order_number = page.orders[0].number
        return f"{len(page.orders)} order(s) on the first page" + (", more pages" if page.next_cursor else "")

    async def order() -> str:
        if s.order_number is None:
            raise _Skip("no sample order")
        o = await platform.get_order(s.order_number)
        _expect(o.number == s.order_number, "another order was returned")
        _expect(o.total == o.subtotal + o.tax, f"total {o.total} != subtotal {o.subtotal} + tax {o.tax}")
        try:
            await platform.get_order("B2BTERM-CHECK-NO-SUCH-ORDER")
        except NotFound:
            pass
        else:
            raise _Fail("an unknown order number did not answer 404")
        return f"{o.number}: {len(o.lines)} line(s), {len(o.shipments)} shipment(s), unknown order 404"

    checks: list[tuple[str, Capability | None, Callable[[], Awaitable[Any]]]] = [
        ("health and auth", None, health),
        ("capabilities", None, capabilities),
        ("catalog changes", Capability.CATALOG_CHANGES, catalog),
        ("search", Capability.SEARCH, search),
        ("products by SKU", Capability.PRODUCTS, products),
        ("resolve codes", Capability.RESOLVE, resolve),
        ("accounts", Capability.ACCOUNTS, accounts),
        ("customer part numbers", Capability.CUSTOMER_PART_NUMBERS, part_numbers),
        ("quote", Capability.QUOTE, quote),
        ("availability", Capability.AVAILABILITY, availability),
        ("orders list", Capability.LIST_ORDERS, orders),
        ("order detail", Capability.GET_ORDER, order),
    ]
    try:
        for name, needs, body in checks:
            await run(name, needs, body)
    finally:
        await platform.aclose()
    return results


def format_report(results: list[CheckResult]) -> str:
    width = max((len(r.name) for r in results), default=10)
    lines = []
    for r in results:
        mark = "SKIP" if r.skipped else ("PASS" if r.ok else "FAIL")
        lines.append(f"{mark}  {r.name:<{width}}  {r.elapsed_ms:>8.1f} ms  {r.detail}")
    failed = sum(1 for r in results if not r.ok)
    skipped = sum(1 for r in results if r.skipped)
    passed = len(results) - failed - skipped
    lines.append(f"{passed} passed, {failed} failed, {skipped} skipped")
    return "\n".join(lines)
