"""A 50-order offline day, fully priced: with the price book synced for every account served, a rep's drafts made
while the platform is unreachable get every line priced from the book (what the platform would quote, its breaks
and promotions as of today), each price "as of" the sync; nothing stops unpriced for review."""

from __future__ import annotations

import random

from b2bterm import clock
from b2bterm.config import Config, parse_config
from b2bterm.domain.price_rules import price
from b2bterm.services.desk import open_desk

ORDERS = 50


async def test_fifty_offline_drafts_are_priced_from_the_price_book(demo_config: Config) -> None:
    assert demo_config.path is not None
    text = demo_config.path.read_text(encoding="utf-8") + '[sync]\nprice_book_accounts = "all"\n'
    config = parse_config(text, demo_config.path)
    desk = open_desk(config)
    try:
        outcome = await desk.sync_price_book()
        assert outcome.status.value == "synced" and outcome.accounts >= 40
        book = await desk.price_book.ready()
        assert book is not None
        rules = await desk.platform.price_rules(None)  # the platform's own rules, to check each line against
        accounts = sorted(rules.accounts)
        ruled = sorted({sku for pl in rules.lists for sku in pl.prices})
        every = sorted(rules.skus)
        rnd = random.Random(50)
        desk.platform.offline = True  # a day on the road: no platform call succeeds
        lines_total = 0
        now = clock.now()
        for n in range(ORDERS):
            account = accounts[n % len(accounts)]
            items = {rnd.choice(ruled if i % 2 else every): rnd.choice((1, 2, 5, 10, 19, 20, 50, 99, 100, 200))
                     for i in range(rnd.randint(3, 12))}
            pad = desk.new_pad(account)
            pad.add_text("".join(f"{sku} {qty}\n" for sku, qty in items.items()))
            assert await pad.reprice() == len(items)
            rows = pad.lines()
            assert len(rows) == len(items) and pad.totals(rows).unpriced_lines == 0
            for row in rows:
                expected = price(rules, account, row.sku, row.qty, now)
                assert expected is not None and row.unit_price == expected.net_price, (account, row.sku, row.qty)
            for line in desk.drafts.load(pad.draft_id).lines:
                assert line.price_seen_at == book.synced_at  # "as of" the sync
            lines_total += len(rows)
        assert lines_total >= ORDERS * 3
    finally:
        desk.platform.offline = False
        await desk.aclose()
