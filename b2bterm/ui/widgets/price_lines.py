"""The model query's price panel as lines of text: net and 含税, list price and discount, the amount for the quantity,
the price's source and validity, quantity breaks, last paid, the customer's part number and how fresh the price is."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from b2bterm.domain.models import PriceQuote, PriceSourceKind
from b2bterm.services.quote import Why
from b2bterm.ui.format import age_text, breaks_lines, percent
from b2bterm.ui.i18n import _
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
    head = Text()
    head.append(_("Net") + " ", style="dim")
    head.append(quote.net_price.format(), style=tone("bold green"))
    head.append("  " + _("含税") + " ", style="dim")
    head.append(quote.net_price_incl_tax.format(), style="bold")
    head.append("  /" + unit, style="dim")
    parts.append(head)
    line = Text()
    line.append(_("List") + f" {quote.list_price.format()}", style="dim")
    if quote.discount:
        line.append("  −" + percent(quote.discount), style=tone("cyan"))
    line.append(f"  {_('tax')} {percent(quote.tax_rate)}", style="dim")
    parts.append(line)
    ext = Text()
    ext.append(_("For {qty}:").format(qty=quote.qty) + " ", style="dim")
    ext.append(quote.extended_net.format(), style="bold")
    ext.append("  " + _("含税") + " " + quote.extended_incl_tax.format())
    parts.append(ext)
    src = Text(_("Source") + ": ", style="dim")
    src.append(word(quote.source.kind.value), style="bold")
    if quote.source.reference:
        src.append(f" {quote.source.reference}")
    if quote.source.description:
        src.append(f" · {quote.source.description}", style="dim")
    if quote.source.kind is PriceSourceKind.PROMOTION and quote.source.valid_to:
        src.append("  " + _("ends {day}").format(day=quote.source.valid_to.isoformat()), style=tone("bold yellow"))
    elif quote.source.valid_from or quote.source.valid_to:
        src.append("  " + _("valid {a} – {b}").format(
            a=quote.source.valid_from.isoformat() if quote.source.valid_from else "…",
            b=quote.source.valid_to.isoformat() if quote.source.valid_to else "…"))
    parts.append(src)
    if quote.breaks:
        parts.append(Text(_("Quantity breaks"), style="bold"))
        parts += breaks_lines(quote)
    if quote.last_paid:
        lp = quote.last_paid
        last = Text(_("Last paid") + ": ", style="dim")
        last.append(lp.unit_price.format(), style="bold")
        last.append("  " + _("{qty} on {on}, order {order}").format(qty=lp.qty, on=lp.on.isoformat(),
                                                                  order=lp.order_number))
        parts.append(last)
    elif has_account:
        parts.append(Text(_("Never bought by this customer."), style="dim"))
    if quote.customer_part_number:
        cpn = Text(_("Customer part no.") + ": ", style="dim")
        cpn.append(quote.customer_part_number, style="bold")
        parts.append(cpn)
    fresh = Text()
    if not has_account:
        fresh.append(_("list price"), style="dim")
    elif answer.live:
        fresh.append("● " + _("live price"), style=tone("green"))
        if difference is not None:
            fresh.append("  " + _("differs from the price book (as of {at}): {was}").format(
                at=show(difference.synced_at), was=difference.local_net.format()), style=tone("bold yellow"))
    elif answer.why is Why.PRICE_BOOK:
        fresh.append("◐ " + _("price book, as of {at}; live price on its way…").format(
            at=show(quote.fetched_at)), style=tone("cyan"))
    else:
        fresh.append("○ " + _("cached price, {age}").format(age=age_text(quote.fetched_at)), style=tone("yellow"))
        note = answer_note(answer)
        if note:
            fresh.append(f" · {note}", style=tone("yellow"))
    parts.append(fresh)
    return parts
