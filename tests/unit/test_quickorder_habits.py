"""A model several brands make resolves to the one this account buys (history, contract, brand), with the reason on
the line; when nothing tells the candidates apart the line stays a pick list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from b2bterm.domain.models import LineStatus, Order, OrderLine, OrderStatus, PriceQuote, Product
from b2bterm.domain.money import Money
from b2bterm.local.db import Database
from b2bterm.local.drafts import DraftStore
from b2bterm.quickorder.habits import AccountHabits, Reason, habits_from, prefer
from b2bterm.quickorder.memory import InMemoryLookup
from b2bterm.quickorder.pad import OrderPad, ProblemKind
from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import resolve_lines


def cable(sku: str, brand: str, model: str = "RVV 3x1.5 100m") -> Product:
    return Product(sku=sku, model=model, brand=brand, category="cable", name_en=model, unit="roll")


CATALOG = [cable("CHT-RVV", "CHINT"), cable("DLX-RVV", "DELIXI"), cable("FE-RVV", "Far East"),
           cable("CHT-BV", "CHINT", "BV 2.5 red 100m"), cable("DLX-BV", "DELIXI", "BV 2.5 red 100m")]


def order(number: str, day: date, *skus: str) -> Order:
    return Order(number=number, account_id="ACME", status=OrderStatus.DELIVERED,
                 placed_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
                 lines=tuple(OrderLine(s, "m", "n", 1, Money.of("1.00")) for s in skus),
                 subtotal=Money.of("1.00"), tax=Money.of("0.13"), total=Money.of("1.13"))


def resolve(text: str, habits: AccountHabits | None):  # -> list[ResolvedLine]
    return resolve_lines(InMemoryLookup(CATALOG), parse_order_text(text).lines, account_id="ACME",
                         candidate_products=False, habits=habits)


def test_history_contract_and_brand_each_settle_a_shared_model() -> None:
    products = {p.sku: p for p in CATALOG}
    bought = habits_from([order("1", date(2025, 1, 5), "DLX-RVV"), order("2", date(2025, 2, 7), "DLX-RVV")],
                         products)
    (line,) = resolve("RVV 3x1.5 100m 5卷", bought)
    assert (line.status, line.sku, line.qty) == (LineStatus.RESOLVED, "DLX-RVV", 5)
    assert line.message == "for this account: history: 2|2025-02-07"
    # a contract price settles it when the history does not
    (line,) = resolve("RVV 3x1.5 100m 5卷", AccountHabits(contracts={"FE-RVV": "C-2025-07"}))
    assert line.sku == "FE-RVV" and "contract: C-2025-07" in line.message
    # the brand it buys settles a model it never bought: DELIXI BV lines make the DELIXI RVV the one
    brand = habits_from([order("3", date(2025, 3, 1), "DLX-BV", "DLX-BV", "CHT-BV")], products)
    (line,) = resolve("RVV 3x1.5 100m 2", brand)
    assert line.sku == "DLX-RVV" and "brand: DELIXI|2" in line.message


def test_nothing_tells_them_apart_so_the_line_stays_a_pick_list() -> None:
    products = {p.sku: p for p in CATALOG}
    tie = habits_from([order("1", date(2025, 1, 5), "DLX-RVV", "CHT-RVV")], products)
    (line,) = resolve("RVV 3x1.5 100m 5", tie)
    assert line.status is LineStatus.AMBIGUOUS and len(line.candidates) == 3
    (line,) = resolve("RVV 3x1.5 100m 5", None)
    assert line.status is LineStatus.AMBIGUOUS
    # a near miss is never settled by a habit: the typo stays a pick
    (line,) = resolve("RVV 3x1.5 10m 5", habits_from([order("1", date(2025, 1, 5), "DLX-RVV")], products))
    assert line.status is not LineStatus.RESOLVED
    assert prefer(AccountHabits(bought={"A": (2, date(2025, 1, 1)), "B": (2, date(2025, 1, 2))}), ["A", "B"]) is None
    assert prefer(AccountHabits(bought={"A": (3, date(2025, 1, 1))}), ["A", "B"]).reason is Reason.HISTORY


async def _quote(account: str, items: list[tuple[str, int]]) -> list[PriceQuote]:
    return [PriceQuote(s, account, q, Money.of("1.00"), Money.of("1.00")) for s, q in items]


def test_the_pad_shows_why_the_product_was_chosen(tmp_path: Path) -> None:
    products = {p.sku: p for p in CATALOG}
    habits = habits_from([order("1", date(2025, 1, 5), "CHT-RVV")], products)
    store = DraftStore(Database(tmp_path / "pad.sqlite"))
    asked: list[str] = []

    def habits_of(account: str) -> AccountHabits:
        asked.append(account)
        return habits

    pad = OrderPad.create(store, InMemoryLookup(CATALOG), "ACME", prices=_quote, habits=habits_of)
    pad.add_text("RVV 3x1.5 100m 2卷\nBV 2.5 red 100m 1")
    first, second = pad.draft_lines()
    assert first.sku == "CHT-RVV" and second.sku == "CHT-BV"  # bought before; the brand it buys
    (note,) = [p for p in pad.problems(first) if p.kind is ProblemKind.ACCOUNT_CHOICE]
    assert note.notice and note.value("count") == "1" and note.value("last") == "2025-01-05"
    (note,) = [p for p in pad.problems(second) if p.kind is ProblemKind.ACCOUNT_CHOICE]
    assert (note.value("reason"), note.value("brand")) == ("brand", "CHINT")
    pad.add_text("RVV 3x1.5 100m 1")
    assert asked == ["ACME"]  # read once per pad


@pytest.mark.parametrize("reason", ["history", "contract", "brand"])
def test_the_notice_is_worded_for_each_reason(reason: str) -> None:
    from b2bterm.quickorder.problems import Problem
    from b2bterm.ui.problem_text import problem_text

    values = {"history": (("reason", "history"), ("count", "3"), ("last", "2025-01-05")),
              "contract": (("reason", "contract"), ("reference", "C-1")),
              "brand": (("reason", "brand"), ("brand", "CHINT"), ("lines", "14"))}[reason]
    text = problem_text(Problem(ProblemKind.ACCOUNT_CHOICE, "x", values))
    assert text.startswith("chosen for this account") and all(v in text for _k, v in values[1:])
