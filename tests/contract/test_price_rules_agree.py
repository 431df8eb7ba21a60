"""Proof that the local price book prices exactly as the platform does: for every adapter with the price-rules
capability (the demo, the reference server over HTTP, Medusa), a few thousand random (account, SKU, quantity)
triples - across tier edges, on the days and instants where contracts and promotions start and end - are priced by
the local engine from the synced rules and by the platform's live ``quote``; any difference fails.

A platform without the capability keeps today's behaviour: ``price_rules`` is not offered and nothing changes."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import PlatformUnderTest

from b2bterm import clock
from b2bterm.domain.models import PriceQuote, PriceSourceKind
from b2bterm.domain.price_rules import PriceRules, SkuPricing, price
from b2bterm.domain.price_rules_doc import rules_from_doc, rules_to_doc
from b2bterm.platform.base import Capability, PlatformError, PriceRulesPlatform

TRIPLES = 2400
MOMENTS = 8
ACCOUNTS = 3  # a live quote call per account and moment: Medusa's costs four Admin API requests


def _edges(rules: PriceRules, sku: str) -> set[int]:
    qty = {1, 2}
    tiers = [*rules.skus[sku].tiers, *(t for pl in rules.lists for t in pl.prices.get(sku, ()))]
    for t in tiers:
        qty |= {max(1, t.min_qty - 1), t.min_qty, t.min_qty + 1}
        if t.max_qty is not None:
            qty |= {t.max_qty, t.max_qty + 1}
    for min_qty, _ in rules.schedules.get(rules.skus[sku].schedule, ()):
        qty |= {max(1, min_qty - 1), min_qty}
    return qty


def _moments(rules: PriceRules, rnd: random.Random) -> list[datetime]:
    """Now, and instants on either side of where rules start and end (days at 10:00 UTC, instants ± a minute): one
    edge from each of as many rules as the budget allows, promotions first, so contracts and promotions both start
    and end."""
    per_rule: list[list[datetime]] = []
    promotions = [pl for pl in rules.lists if pl.kind is PriceSourceKind.PROMOTION]
    others = [pl for pl in rules.lists if pl.kind is not PriceSourceKind.PROMOTION]
    for v in [pl.validity for pl in others] + [d.validity for d in rules.discounts]:
        edges: list[datetime] = []
        for day in (v.valid_from, v.valid_to):
            if day is not None:
                edges += [datetime.combine(day + timedelta(days=d), time(10, 0), UTC) for d in (-1, 0, 1)]
        for instant in (v.starts_at, v.ends_at):
            if instant is not None:
                edges += [instant - timedelta(minutes=1), instant + timedelta(minutes=1)]
        if edges:
            per_rule.append(edges)
    rnd.shuffle(per_rule)
    firsts: list[list[datetime]] = []
    for pl in promotions:
        v = pl.validity
        days = [d for d in (v.valid_from, v.valid_to) if d is not None]
        firsts += [[datetime.combine(d + timedelta(days=n), time(10, 0), UTC) for n in (-1, 0, 1)] for d in days]
        firsts += [[i - timedelta(minutes=1), i + timedelta(minutes=1)] for i in (v.starts_at, v.ends_at) if i]
    rnd.shuffle(firsts)
    per_rule = firsts[: (MOMENTS - 1) // 2] + per_rule
    picked: list[datetime] = []
    for edges in per_rule:
        if len(picked) == MOMENTS - 1:
            break
        edge = rnd.choice(edges)
        if edge not in picked:
            picked.append(edge)
    return [clock.now(), *picked]


def _accounts(rules: PriceRules, rnd: random.Random) -> list[str]:
    """A few accounts: one in the audience of each kind of rule (contract lists, promotions, discounts), then any."""
    every = sorted(rules.accounts)
    chosen: list[str] = []
    for audience in [pl.audience for pl in rules.lists] + [d.audience for d in rules.discounts]:
        members = [a for a in every if audience.includes(rules.accounts[a])]
        if members and not set(members) & set(chosen) and len(chosen) < ACCOUNTS - 1:
            chosen.append(rnd.choice(members))
    rest = [a for a in every if a not in chosen]
    return chosen + rnd.sample(rest, min(len(rest), ACCOUNTS - len(chosen)))


def _key(q: PriceQuote) -> tuple[object, ...]:
    s = q.source
    return (str(q.list_price), str(q.net_price), q.tax_rate, tuple((b.min_qty, str(b.unit_price)) for b in q.breaks),
            s.kind, s.reference, s.description, s.valid_from, s.valid_to)


async def test_local_prices_agree_with_live_quotes(put: PlatformUnderTest) -> None:
    platform = put.platform
    if Capability.PRICE_RULES not in platform.capabilities:
        assert not isinstance(platform, PriceRulesPlatform) or Capability.PRICE_RULES not in platform.capabilities
        return
    assert isinstance(platform, PriceRulesPlatform)
    synced = await platform.price_rules(None)
    rules = rules_from_doc(rules_to_doc(synced))  # as the price book stores it
    assert rules.accounts and rules.skus
    rnd = random.Random(21)
    accounts = _accounts(rules, rnd)
    ruled = sorted({sku for pl in rules.lists for sku in pl.prices if sku in rules.skus})
    every = sorted(rules.skus)
    moments = _moments(rules, rnd)
    triples: dict[datetime, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    for n in range(TRIPLES):
        sku = rnd.choice(ruled) if ruled and n % 2 else rnd.choice(every)
        qty = rnd.choice(sorted(_edges(rules, sku))) if n % 3 else rnd.randint(1, 1200)
        triples[moments[n % len(moments)]][rnd.choice(accounts)].append((sku, qty))
    kept = clock.offset()
    differences: list[str] = []
    compared = 0
    kinds: set[PriceSourceKind] = set()
    try:
        for moment, by_account in triples.items():
            clock.set_offset(clock.offset_to(moment))
            for account, items in by_account.items():
                live = await platform.quote(account, items)
                assert len(live) == len(items)
                now = clock.now()
                for (sku, qty), q in zip(items, live, strict=True):
                    local = price(rules, account, sku, qty, now)
                    compared += 1
                    kinds.add(q.source.kind)
                    if local is None or _key(local) != _key(q):
                        differences.append(f"{moment:%Y-%m-%d %H:%M} {account} {sku} x{qty}: "
                                           f"local {local and _key(local)} live {_key(q)}")
    finally:
        clock.set_offset(kept)
    assert compared == TRIPLES
    if any(pl.kind is PriceSourceKind.PROMOTION for pl in rules.lists):  # the demo's and Medusa's sale lists
        assert PriceSourceKind.PROMOTION in kinds, "no triple was priced by a promotion"
    assert not differences, f"{len(differences)} of {compared} differ:\n" + "\n".join(differences[:20])


async def test_price_rules_for_some_accounts_cover_them_only(put: PlatformUnderTest) -> None:
    platform = put.platform
    if Capability.PRICE_RULES not in platform.capabilities or not isinstance(platform, PriceRulesPlatform):
        return
    every = await platform.price_rules(None)
    one = sorted(every.accounts)[0]
    code = every.accounts[one].code
    some = await platform.price_rules([code or one])
    assert list(some.accounts) == [one]
    assert some.account(one) is not None and (not code or some.account(code) is not None)
    other = next((a for a in sorted(every.accounts) if a != one), None)
    if other is not None:
        assert some.account(other) is None


async def test_the_sku_entries_come_in_pages_in_sku_order(put: PlatformUnderTest) -> None:
    """The rules without their SKU entries are the same rules; the entries paged (five pages or so) are exactly the
    whole rules' entries, in SKU order by code point, each page after the last and within its limit."""
    platform = put.platform
    if Capability.PRICE_RULES not in platform.capabilities or not isinstance(platform, PriceRulesPlatform):
        return
    whole = await platform.price_rules(None)
    bare = await platform.price_rules(None, skus=False)
    assert not bare.skus and rules_to_doc(bare) == rules_to_doc(whole, with_skus=False)
    limit = len(whole.skus) // 5 + 1
    paged: list[SkuPricing] = []
    after: str | None = ""
    while after is not None:
        page = await platform.price_rule_skus(after, limit)
        assert 0 < len(page.skus) <= limit
        paged += page.skus
        after = page.next
    skus = [s.sku for s in paged]
    assert skus == sorted(whole.skus)
    assert {s.sku: s for s in paged} == dict(whole.skus)


async def test_a_platform_without_price_rules_says_so_over_http(demo_db: Path) -> None:
    """The reference server over a platform that does not share its rules: the capability is not offered, the
    route answers 501, and the http adapter neither claims it nor prices from anything but live quotes."""
    import asyncio

    import httpx

    from b2bterm.platform.demo.adapter import DemoPlatform
    from b2bterm.platform.http import HttpPlatform
    from b2bterm.server import ServerThread, create_app

    backoffice = DemoPlatform(demo_db)
    backoffice.capabilities = Capability.all() & ~Capability.PRICE_RULES  # type: ignore[misc]
    server = ServerThread(create_app(backoffice, tokens=["t"]))
    await asyncio.to_thread(server.start)
    client = HttpPlatform(server.url, token="t")
    try:
        caps = await client.refresh_capabilities()
        assert Capability.PRICE_RULES not in caps and Capability.QUOTE in caps
        async with httpx.AsyncClient(base_url=server.url, headers={"Authorization": "Bearer t"}) as raw:
            r = await raw.post("/v1/price-rules", json={"accounts": None})
        assert r.status_code == 501
        with pytest.raises(PlatformError):
            await client.price_rules(None)
    finally:
        await client.aclose()
        await asyncio.to_thread(server.stop)
        await backoffice.aclose()
