"""The model query's price panel as lines of text: net and 含税, list price and discount, the amount for the quantity,
the price's source and validity, quantity breaks, last paid, the customer's part number and how fresh the price is.

A typed quantity changes one or two of these lines (the amount for it, the break marked); every other line is the
very ``Text`` the last quantity showed (kept by what it says, in the language and the theme's colours it was worded
in), which the panel recognises as unchanged without looking into it. Shared lines are read, never changed."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from rich.style import Style
from rich.text import Text

from b2bterm.domain.models import LastPaid, Money, PriceQuote, PriceSource, PriceSourceKind, with_tax
from b2bterm.services.quote import Why
from b2bterm.ui.format import age_text, breaks_lines, percent
from b2bterm.ui.i18n import _, current_language
from b2bterm.ui.outcome_text import answer_note
from b2bterm.ui.tones import tone
from b2bterm.ui.wording import word
from b2bterm.zone import show


def price_lines(answer: Any, difference: Any = None, *, unit: str = "", has_account: bool = True) -> list[Text]:
    """The model query's price panel, line by line (a keystroke repaints the lines whose figures changed): ``answer``
    the quote answer shown, ``difference`` the live price's difference from the price book, ``unit`` the product's unit
    (worded), ``has_account`` whether a customer account is chosen (else list prices)."""
    quote: PriceQuote | None = answer.value
    parts: list[Text] = []
    if not has_account:
        parts.append(Text(_("Choose a customer account (F7) to see their price."), style=tone("yellow")))
    if quote is None:
        parts.append(Text(answer_note(answer) or _("No price available."), style=tone("red")))
        return parts
    language = current_language()
    parts.append(_head(quote.net_price, quote.tax_rate, unit, tone("bold green"), language))
    parts.append(_list_line(quote.list_price, quote.discount, quote.tax_rate, tone("cyan"), language))
    ext = Text()
    ext.append(_("For {qty}:").format(qty=quote.qty) + " ", style="dim")
    ext.append(quote.extended_net.format(), style="bold")
    ext.append("  " + _("含税") + " " + quote.extended_incl_tax.format())
    parts.append(ext)
    parts.append(_source_line(quote.source, tone("bold yellow"), language))
    if quote.breaks:
        parts.append(_titled(_("Quantity breaks"), "bold", language))
        parts += breaks_lines(quote)
    if quote.last_paid:
        parts.append(_last_paid(quote.last_paid, language))
    elif has_account:
        parts.append(_titled(_("Never bought by this customer."), "dim", language))
    if quote.customer_part_number:
        parts.append(_part_number(quote.customer_part_number, language))
    if not has_account:
        parts.append(_titled(_("list price"), "dim", language))
    elif answer.live:
        fresh = Text()
        fresh.append("● " + _("live price"), style=tone("green"))
        if difference is not None:
            fresh.append("  " + _("differs from the price book (as of {at}): {was}").format(
                at=show(difference.synced_at), was=difference.local_net.format()), style=tone("bold yellow"))
        parts.append(fresh)
    elif answer.why is Why.PRICE_BOOK:
        parts.append(_book_line(show(quote.fetched_at), tone("cyan"), language))
    else:
        fresh = Text()
        fresh.append("○ " + _("cached price, {age}").format(age=age_text(quote.fetched_at)), style=tone("yellow"))
        note = answer_note(answer)
        if note:
            fresh.append(f" · {note}", style=tone("yellow"))
        parts.append(fresh)
    return parts


# The lines a typed quantity leaves as they were, kept by what they show (their figures, the language they are worded
# in and the theme's colours): the same Text comes back for the same arguments.

@lru_cache(maxsize=32)
def _head(net: Money, tax_rate: Decimal, unit: str, green: str | Style, language: str) -> Text:
    head = Text()
    head.append(_("Net") + " ", style="dim")
    head.append(net.format(), style=green)
    head.append("  " + _("含税") + " ", style="dim")
    head.append(with_tax(net, tax_rate).format(), style="bold")
    head.append("  /" + unit, style="dim")
    return head


@lru_cache(maxsize=32)
def _list_line(list_price: Money, discount: Decimal, tax_rate: Decimal, cyan: str | Style, language: str) -> Text:
    line = Text()
    line.append(_("List") + f" {list_price.format()}", style="dim")
    if discount:
        line.append("  −" + percent(discount), style=cyan)
    line.append(f"  {_('tax')} {percent(tax_rate)}", style="dim")
    return line


@lru_cache(maxsize=32)
def _source_line(source: PriceSource, yellow: str | Style, language: str) -> Text:
    src = Text(_("Source") + ": ", style="dim")
    src.append(word(source.kind.value), style="bold")
    if source.reference:
        src.append(f" {source.reference}")
    if source.description:
        src.append(f" · {source.description}", style="dim")
    if source.kind is PriceSourceKind.PROMOTION and source.valid_to:
        src.append("  " + _("ends {day}").format(day=source.valid_to.isoformat()), style=yellow)
    elif source.valid_from or source.valid_to:
        src.append("  " + _("valid {a} – {b}").format(
            a=source.valid_from.isoformat() if source.valid_from else "…",
            b=source.valid_to.isoformat() if source.valid_to else "…"))
    return src


@lru_cache(maxsize=32)
def _titled(text: str, style: str, language: str) -> Text:
    return Text(text, style=style)


@lru_cache(maxsize=32)
def _last_paid(last_paid: LastPaid, language: str) -> Text:
    last = Text(_("Last paid") + ": ", style="dim")
    last.append(last_paid.unit_price.format(), style="bold")
    last.append("  " + _("{qty} on {on}, order {order}").format(qty=last_paid.qty, on=last_paid.on.isoformat(),
                                                              order=last_paid.order_number))
    return last


@lru_cache(maxsize=32)
def _part_number(number: str, language: str) -> Text:
    cpn = Text(_("Customer part no.") + ": ", style="dim")
    cpn.append(number, style="bold")
    return cpn


@lru_cache(maxsize=32)
def _book_line(synced_at: str, cyan: str | Style, language: str) -> Text:
    return Text("◐ " + _("price book, as of {at}; live price on its way…").format(at=synced_at), style=cyan)
