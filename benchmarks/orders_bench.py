"""Order list figures for long histories: caching pages, filtering the cache, building the rows the list shows.

    .venv/bin/python benchmarks/orders_bench.py [--orders 20000]

Everything here runs in thread workers in the app; the UI thread only swaps the built rows into the RowList, which
renders the visible lines only.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from b2bterm.domain.models import OrderStatus, OrderSummary
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.orders import OrderCache
from b2bterm.services.orders import parse_filter
from b2bterm.ui.screens.orders import order_row
from b2bterm.ui.widgets.row_list import LazyRow

STATUSES = [OrderStatus.DELIVERED] * 8 + [OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.PROCESSING]


def summaries(n: int) -> list[OrderSummary]:
    start = datetime(2025, 5, 1, tzinfo=UTC)
    return [OrderSummary(number=f"SO{i:08d}", account_id="C10001", placed_at=start + timedelta(minutes=37 * i),
                         status=STATUSES[i % len(STATUSES)], total=Money.of(f"{1000 + i * 7 % 90000}.45"),
                         po_number=f"PO-{2025 + i // 12000}-{i:05d}", line_count=1 + i % 12,
                         backordered=i % 17 == 0, shipped_lines=i % 12) for i in range(n)]


def ms(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "local.sqlite")
        cache = OrderCache(db)
        rows = summaries(args.orders)
        t = time.perf_counter()
        for i in range(0, len(rows), 500):  # as the platform pages them in
            cache.put_summaries(rows[i:i + 500])
        print(f"cache {args.orders:,} summaries in pages of 500: {(time.perf_counter() - t) * 1000:.0f} ms")
        for label, text in [("everything", ""), ("type-to-filter '0123'", "0123"),
                            ("status:shipped", "status:shipped"), ("since:2026-01 bo", "since:2026-01 bo"),
                            ("po:PO-2026-1", "po:PO-2026-1")]:
            f = parse_filter(text)[0]
            took, found = ms(lambda f=f: cache.query("C10001", f))
            built, _rows = ms(lambda found=found: [order_row(c, with_account=False) for c in found], repeat=3)
            lazy, _rows = ms(lambda found=found: [LazyRow(partial(order_row, c, with_account=False)) for c in found],
                             repeat=3)
            print(f"{label:<24} {len(found):>6,} orders  query {took:7.1f} ms   all cells built {built:7.1f} ms"
                  f"   lazy rows {lazy:6.1f} ms")
        db.close()


if __name__ == "__main__":
    main()
