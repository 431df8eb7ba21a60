"""The order list filtered and sorted in SQLite, read a page at a time (local.order_window): whatever the filter, the
window holds exactly the orders the filter's meaning picks (a reference written here in Python, one order at a time),
newest first, and reads the same page by page, by slice, all at once and through its keys."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Order, OrderLine, OrderStatus, OrderSummary
from b2bterm.domain.money import Money
from b2bterm.domain.order_filter import OrderFilter, parse_filter
from b2bterm.local.db import Database
from b2bterm.local.order_window import PAGE
from b2bterm.local.orders import OrderCache

ACCOUNTS = ("C1", "C2")
MODELS = ("LC1D09M7", "3RT2015-1BB41", "NXB-63 C16", "GV2ME08")
CST = timezone(timedelta(hours=8))
N = 2 * PAGE + 37  # more than two pages of one account


def _orders() -> tuple[list[OrderSummary], dict[str, set[tuple[str, str]]]]:
    rng = random.Random(18)
    start = datetime(2025, 12, 30, 20, 0, tzinfo=CST)
    summaries: list[OrderSummary] = []
    items: dict[str, set[tuple[str, str]]] = {}
    for i in range(N + 60):
        # several orders share a placing time (the order number breaks the tie), some cross midnight in UTC
        at = start + timedelta(hours=7 * (i // 3))
        po = rng.choice(["", f"PO-{i:04d}", f"po_{i % 50}%", f"A\\{i % 7}", f"X-{rng.randrange(100):02d}-{i}"])
        number = f"SO{rng.randrange(10**6):06d}-{i:04d}"
        summaries.append(OrderSummary(
            number=number, account_id=ACCOUNTS[0] if i < N else ACCOUNTS[1], placed_at=at,
            status=rng.choice(list(OrderStatus)), total=Money.of(f"{100 + i}.50"), po_number=po,
            line_count=1 + i % 4, backordered=rng.random() < 0.2, shipped_lines=i % 3))
        if rng.random() < 0.3:
            items[number] = {(f"SKU-{m}", m) for m in rng.sample(MODELS, rng.randint(1, 2))}
    return summaries, items


SUMMARIES, ITEMS = _orders()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> OrderCache:
    db = Database(Path(tmp_path_factory.mktemp("window")) / "local.sqlite")
    cache = OrderCache(db)
    cache.put_summaries(SUMMARIES)
    for s in SUMMARIES:
        if s.number in ITEMS:
            lines = tuple(OrderLine(sku, model, model, 1, Money.of("1")) for sku, model in sorted(ITEMS[s.number]))
            cache.put_order(Order(s.number, s.account_id, s.placed_at, s.status, lines, Money.of("1"), Money.of("0"),
                                  s.total, po_number=s.po_number))
    # put_order re-writes the summary from the order (no backorder flag there): put the list's summaries back
    cache.put_summaries(SUMMARIES)
    return cache


def _has(text: str, needle: str) -> bool:
    return needle.strip().lower() in text.lower()  # LIKE: anywhere, ASCII letters in either case


def reference(account: str | None, f: OrderFilter) -> list[str]:
    """What the filter means, order by order."""
    picked = []
    for s in SUMMARIES:
        day = s.placed_at.date()  # the order's own date (its platform's time), as typed in since:/until:
        held = ITEMS.get(s.number, set())
        if ((account is None or s.account_id == account)
                and (f.status is None or s.status is f.status)
                and (f.since is None or day >= f.since) and (f.until is None or day <= f.until)
                and (not f.po_number or _has(s.po_number, f.po_number))
                and (not f.number or _has(s.number, f.number))
                and all(_has(s.number, w) or _has(s.po_number, w) for w in f.words)
                and (not f.backordered or s.backordered)
                and (not f.contains or any(sku == f.contains.strip().upper() or key == normalise(f.contains)
                                           for sku, key in ((sku, normalise(m)) for sku, m in held)))):
            picked.append(s)
    picked.sort(key=lambda s: (s.placed_at.astimezone(UTC), s.number), reverse=True)
    return [s.number for s in picked]


def pieces(values: list[str]) -> st.SearchStrategy[str]:
    """Parts of the values in the cache (so filters find something), in any case, or anything."""
    return st.one_of(st.sampled_from(values).flatmap(
        lambda v: st.tuples(st.integers(0, len(v)), st.integers(1, 6), st.booleans()).map(
            lambda t: (v[t[0]:t[0] + t[1]].lower() if t[2] else v[t[0]:t[0] + t[1]]) or v)),
        st.text(alphabet="AOPS0123-_%\\", min_size=1, max_size=4))


POS = [s.po_number for s in SUMMARIES if s.po_number]
NUMBERS = [s.number for s in SUMMARIES]
filters = st.builds(
    OrderFilter,
    status=st.one_of(st.none(), st.sampled_from(list(OrderStatus))),
    since=st.one_of(st.none(), st.dates(date(2025, 12, 29), date(2026, 2, 15))),
    until=st.one_of(st.none(), st.dates(date(2025, 12, 29), date(2026, 2, 15))),
    po_number=st.one_of(st.just(""), pieces(POS)),
    number=st.one_of(st.just(""), pieces(NUMBERS)),
    contains=st.one_of(st.just(""), st.sampled_from([*MODELS, "sku-lc1d09m7", "lc1d09 m7", "3rt20151bb41", "NOPE1"])),
    words=st.lists(st.one_of(pieces(POS), pieces(NUMBERS)), max_size=2).map(tuple),
    backordered=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(account=st.sampled_from([*ACCOUNTS, None]), f=filters)
def test_the_window_holds_what_the_filter_means(cache: OrderCache, account: str | None, f: OrderFilter) -> None:
    window = cache.window(account, f)
    expected = reference(account, f)
    assert len(window) == len(expected)
    assert [window[i].summary.number for i in range(len(window))] == expected  # page by page, as drawn
    assert list(window.numbers) == expected


def test_typed_filters_read_the_same_as_their_meaning(cache: OrderCache) -> None:
    for text in ["", "po:PO-00", "PO-01 so", "status:shipped bo", "since:2026-01 until:2026-01-20", "sku:GV2ME08",
                 "model:lc1d09m7 status:delivered", "no:-00 po:po_", "po:%", "po:\\", "po:_1"]:
        f = parse_filter(text)[0]
        assert list(cache.window("C1", f).numbers) == reference("C1", f), text


def test_pages_slices_and_a_whole_read_agree(cache: OrderCache) -> None:
    window = cache.window("C1")
    assert len(window) == N
    every = [c.summary.number for c in window]  # one query
    assert every == reference("C1", OrderFilter())
    assert [c.summary.number for c in window[PAGE - 3:PAGE + 4]] == every[PAGE - 3:PAGE + 4]  # across a page
    assert window[-1].summary.number == every[-1] and window[N - PAGE].summary.number == every[N - PAGE]
    assert window[5] is window[5]  # decoded once
    assert window.numbers[2 * PAGE + 1] == every[2 * PAGE + 1] and window.numbers[-1] == every[-1]
    assert window[0].summary.total.amount == Decimal(next(s for s in SUMMARIES if s.number == every[0]).total.amount)
    with pytest.raises(IndexError):
        window[N]
    empty = cache.window("C1", OrderFilter(po_number="no such po"))
    assert len(empty) == 0 and not empty and list(empty.numbers) == []


def test_a_platform_answer_restricts_the_window(cache: OrderCache) -> None:
    some = reference("C1", OrderFilter())[10:200:3]
    window = cache.window("C1", OrderFilter(status=None), numbers=list(reversed(some)))
    assert list(window.numbers) == some  # the list's order, not the answer's
    assert len(cache.window("C1", OrderFilter(), numbers=[])) == 0


def test_orders_cached_while_a_window_is_open_do_not_break_it(tmp_path: Path) -> None:
    cache = OrderCache(Database(tmp_path / "local.sqlite"))
    cache.put_summaries(SUMMARIES[:PAGE + 10])
    window = cache.window("C1")
    assert len(window) == PAGE + 10
    newer = [OrderSummary(number=f"SO9{i:05d}", account_id="C1", placed_at=datetime(2027, 1, 1, tzinfo=UTC),
                          status=OrderStatus.PENDING, total=Money.of("1")) for i in range(30)]
    cache.put_summaries(newer)  # the refresh pages new orders in while the list is shown
    assert len([window[i] for i in range(len(window))]) == PAGE + 10  # rows shift, none is missing
    assert len(cache.window("C1")) == PAGE + 40  # the next reload shows them


def test_the_screens_rows_end_where_the_window_ends(cache: OrderCache) -> None:
    """Iterating the orders screen's rows stops at the window's length (a row past the end raised no IndexError once,
    so a walk of the rows never ended and filled the memory)."""
    from b2bterm.ui.screens.orders import listing_rows

    window = cache.window("C1", parse_filter("po:PO-00")[0])
    rows = listing_rows(window, with_account=False)
    assert 0 < len(rows) < N and len(list(rows)) == len(rows)
    with pytest.raises(IndexError):
        rows[len(rows)]
