"""An account's habits (what settles a model several brands make) are read when the account is chosen, in the worker
that caches its part numbers, and kept: a paste reads none of the account's cached quotes or orders. What is kept
follows what is stored after (a contract quote, a quote that is no longer a contract's, an order, another process's
write), as a fresh read would."""

from __future__ import annotations

import sqlite3

from b2bterm.domain.models import Order, OrderLine, OrderStatus, PriceQuote, PriceSource, PriceSourceKind
from b2bterm.domain.money import Money


def quote(account: str, sku: str, kind: PriceSourceKind, reference: str = "") -> PriceQuote:
    return PriceQuote(sku=sku, account_id=account, qty=1, list_price=Money.of("10.00"), net_price=Money.of("9.00"),
                      source=PriceSource(kind, reference))


def reads_of(conn: sqlite3.Connection, tables: tuple[str, ...]):  # -> list[str], filled as statements run
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: seen.append(sql) if any(t in sql for t in tables) else None)
    return seen


async def test_habits_are_read_when_the_account_is_chosen_and_kept_as_its_data_changes(desk) -> None:  # type: ignore[no-untyped-def]
    account = "C10023"
    desk.prices.put_quotes([quote(account, "SKU-A", PriceSourceKind.CONTRACT, "K-1"),
                            quote(account, "SKU-B", PriceSourceKind.CONTRACT, "K-2"),
                            quote(account, "SKU-C", PriceSourceKind.LIST)])
    await desk.refresh_customer_parts(account)  # the app's worker when an account is chosen
    conn = desk.db.conn
    seen = reads_of(conn, ("price_cache", "order_details"))
    try:
        pad = desk.new_pad(account, title="habits")
        habits = pad.habits()
        assert habits is not None and dict(habits.contracts) == {"SKU-A": "K-1", "SKU-B": "K-2"}
        assert seen == []  # read when the account was chosen, not at the paste
        # stored after: SKU-B's quote is now a list price, SKU-C's a contract's, and an order of SKU-D
        desk.prices.put_quotes([quote(account, "SKU-B", PriceSourceKind.LIST),
                                quote(account, "SKU-C", PriceSourceKind.CONTRACT, "K-3")])
        seen.clear()
        assert dict(desk.account_habits(account).contracts) == {"SKU-A": "K-1", "SKU-C": "K-3"}
        assert not [s for s in seen if "price_cache" in s]  # kept as this cache wrote them, not read again
        placed = desk.orders.clock()  # the desk's own today (the injectable clock), never the wall clock's
        desk.orders.cache.put_order(Order(
            number="SO-HABIT-1", account_id=account, status=OrderStatus.DELIVERED, placed_at=placed,
            lines=(OrderLine("SKU-D", "m", "n", 1, Money.of("1.00")),), subtotal=Money.of("1.00"),
            tax=Money.of("0.13"), total=Money.of("1.13")))
    finally:
        conn.set_trace_callback(None)
    assert "SKU-D" in desk.account_habits(account).bought
    # another process's write (a second connection): read again
    other = sqlite3.connect(desk.db.path)
    try:
        with other:
            other.execute("DELETE FROM price_cache WHERE account_id = ? AND sku = 'SKU-A'", (account,))
    finally:
        other.close()
    assert dict(desk.account_habits(account).contracts) == {"SKU-C": "K-3"}
    assert dict(desk.account_habits(account).contracts) == desk.prices._contracts[account]
