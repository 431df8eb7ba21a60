"""The price panel's break table: drawn once per breaks, tax, marked break and language, and right for each."""

from __future__ import annotations

from decimal import Decimal

from b2bterm.domain.models import PriceBreak, PriceQuote
from b2bterm.domain.money import Money
from b2bterm.ui.format import breaks_lines
from b2bterm.ui.i18n import current_language, set_language


def _quote(qty: int, breaks: tuple[PriceBreak, ...], tax: str = "0.13") -> PriceQuote:
    return PriceQuote(sku="S1", account_id="A1", qty=qty, list_price=Money(Decimal("100")),
                      net_price=Money(Decimal("90")), tax_rate=Decimal(tax), breaks=breaks)


def test_the_marked_break_follows_the_quantity_and_the_table_its_breaks_tax_and_language() -> None:
    breaks = (PriceBreak(50, Money(Decimal("80"))), PriceBreak(10, Money(Decimal("90"))))
    was = current_language()
    try:
        set_language("en")
        at_9, at_10, at_60 = (breaks_lines(_quote(q, breaks)) for q in (9, 10, 60))
        assert [line.plain.split() for line in at_10] == [["Qty", "≥", "Net", "含税"], ["10", "¥90.00", "¥101.70"],
                                                          ["50", "¥80.00", "¥90.40"]]
        marked = [[line.plain.split()[0] for line in lines[1:] if "reverse" in str(line.spans)]
                  for lines in (at_9, at_10, at_60)]
        assert marked == [[], ["10"], ["50"]]
        assert breaks_lines(_quote(11, breaks)) == at_10  # the same table for another quantity in the same break
        assert "¥101.70" not in breaks_lines(_quote(10, breaks, tax="0.06"))[1].plain  # another tax: drawn again
        set_language("zh_CN")
        header = breaks_lines(_quote(10, breaks))[0].plain
        assert header != at_10[0].plain and "含税" in header
    finally:
        set_language(was)
