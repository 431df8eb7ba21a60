"""The cached order list is read as rows and decoded as they are shown (a 20,000-order history opens without
decoding 20,000 summaries): the rows still read, slice, filter and compare like the list of summaries they stand for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from b2bterm.domain.models import OrderStatus, OrderSummary
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.orders import OrderCache
from b2bterm.services.orders import parse_filter


def _cache(tmp_path: Path, n: int) -> OrderCache:
    cache = OrderCache(Database(tmp_path / "local.sqlite"))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cache.put_summaries([OrderSummary(number=f"SO{i:05d}", account_id="C1", placed_at=start + timedelta(hours=i),
                                      status=OrderStatus.SHIPPED if i % 3 else OrderStatus.DELIVERED,
                                      total=Money.of(f"{100 + i}.50"), po_number=f"PO-{i % 7}-{i:04d}",
                                      line_count=1 + i % 4) for i in range(n)])
    return cache


def test_rows_read_like_the_summaries_newest_first(tmp_path: Path) -> None:
    rows = _cache(tmp_path, 60).query("C1")
    assert len(rows) == 60
    assert rows.numbers == [f"SO{i:05d}" for i in range(59, -1, -1)]
    assert [c.summary.number for c in rows] == rows.numbers
    assert rows[0].summary.total == Money.of("159.50") and rows[-1].summary.number == "SO00000"
    assert [c.summary.number for c in rows[2:5]] == ["SO00057", "SO00056", "SO00055"]
    assert rows[3] is rows[3]  # decoded once
    assert rows == list(rows) and bool(rows)


def test_a_po_filter_and_an_empty_answer(tmp_path: Path) -> None:
    cache = _cache(tmp_path, 60)
    found = cache.query("C1", parse_filter("po:PO-3-")[0])
    assert found.numbers and all(c.summary.po_number.startswith("PO-3-") for c in found)
    assert len(found) == len([i for i in range(60) if i % 7 == 3])
    none = cache.query("C1", parse_filter("po:NOPE")[0])
    assert len(none) == 0 and not none and none.numbers == []
