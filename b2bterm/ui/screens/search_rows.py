"""The rows of the search result list: a product's cells, and why it is in the list when the row does not say."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from b2bterm.domain.models import Product, ProductStatus
from b2bterm.domain.search_query import MatchKind, Miss, SearchHit
from b2bterm.ui.i18n import _
from b2bterm.ui.tones import tone
from b2bterm.ui.wording import attribute_label, word


def miss_text(miss: Miss) -> str:
    """What a closest product has instead of what was asked: "coil voltage AC230V, asked 220V"."""
    if not miss.name:
        return _("no {asked}").format(asked=miss.asked)
    return _("{name} {held}, asked {asked}").format(name=attribute_label(miss.name), held=word(miss.held),
                                                    asked=miss.asked)


def why_text(hit: SearchHit, understood: Any) -> Text:
    """Why a row is in the list, when it is not obvious from the row itself."""
    if hit.match is MatchKind.CLOSEST:
        return Text("✗ " + "; ".join(miss_text(m) for m in hit.misses), style=tone("yellow"))
    if hit.match is MatchKind.DID_YOU_MEAN:
        return Text(_("did you mean? {score:.0f}%").format(score=hit.score or 0), style=tone("yellow"))
    if hit.match is MatchKind.ATTRIBUTE and understood is not None:
        from b2bterm.domain.understand import explain

        _count, matched, _misses = explain(hit.product, understood.hard)
        return Text("✓ " + " · ".join(word(v) for _n, v in matched), style=tone("green")) if matched else Text("")
    label = {MatchKind.CROSS_REF: _("cross-reference"), MatchKind.CUSTOMER_PART: _("customer part no."),
             MatchKind.CUSTOMER_PART_PREFIX: _("customer part no."), MatchKind.MODEL_LOOSE: _("O/0, I/1 read alike"),
             MatchKind.EAN: _("EAN")}.get(hit.match, "")
    return Text(label, style="dim")


def why_key(hit: SearchHit, understood: Any) -> tuple[Any, ...]:
    """What a row's "Why" cell shows, as a key (``why_text`` of the same hit and understanding is the same whenever
    this is): the query's own text is no part of it, so a product's row drawn for "qif cont" is drawn again for
    "qif contr" only when what it says changed. Worked out without decoding the product."""
    match = hit.match
    if match is MatchKind.CLOSEST:  # the misses: worked out from the product by what was understood, or given
        return (match, understood.constraints, understood.words) if understood is not None else (match, hit.misses)
    if match is MatchKind.DID_YOU_MEAN:
        return match, hit.score
    if match is MatchKind.ATTRIBUTE and understood is not None:
        return match, understood.hard
    return (match,)


def product_row(hit: SearchHit, understood: Any, offer: Any = None, *, why: bool = True,
                offers: bool = True) -> list[Text]:
    product: Product = hit.product
    model = Text(product.model, style="bold")
    if product.status != ProductStatus.ACTIVE:
        model.append(" ⊘", style=tone("red"))
    name = Text(product.name_zh or product.name_en)
    if product.name_zh and product.name_en:
        name.append("  " + product.name_en, style="dim")
    price = Text(product.list_price.format() if product.list_price else "—", justify="right")
    net, stock = Text(""), Text("")
    if offer is not None:
        net = Text(offer.net.format() if offer.net is not None else "—", justify="right",
                   style="" if offer.live else "dim")
        if not offer.live:
            net.append("*", style=tone("yellow"))  # cached: the footnote in the status line says so
        stock = Text("?" if offer.on_hand is None else f"{offer.on_hand:,}", justify="right",
                     style=tone("red") if offer.on_hand == 0 else "")
    cells = [model, Text(product.brand), name]
    if why:
        cells.append(why_text(hit, understood))
    cells.append(price)
    if offers:
        cells += [net, stock]
    return cells


def offer_key(offer: Any) -> tuple[Any, ...] | None:
    """What of a row's offer shows on screen."""
    return None if offer is None else (offer.net, offer.live, offer.on_hand)
