"""Pick the product an ambiguous quick-order line means: the candidates with model, brand, name, the account's price
at the line's quantity, stock and match score. Prices and stock arrive after the list opens (``show_offers``); until
then, and when they cannot be had, the list price is shown dimmed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label

from b2bterm import clock
from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Product, stock_state
from b2bterm.quickorder.pad import CandidateOffers
from b2bterm.quickorder.rank import distinguishing_attributes, rank
from b2bterm.ui.format import age_text, money_text, stock_label
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.dialog import Dialog
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.wording import attribute_label

SAVED_AFTER = timedelta(minutes=2)  # an answer older than this came from the local cache, not from the platform


def offers_note(offers: CandidateOffers, now: datetime | None = None) -> Text:
    """What the price and stock columns show: live, as saved some time ago, or not known (and why)."""
    now = now or clock.now()

    def oldest(times: list[datetime | None]) -> datetime | None:
        known = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in times if t is not None]
        return min(known) if known and now - min(known) > SAVED_AFTER else None

    degraded = False
    if offers.price_error:
        price, degraded = _("prices not available ({err}): list prices shown dimmed").format(
            err=offers.price_error), True
    elif not offers.quotes:
        price, degraded = _("no prices from the platform: list prices shown dimmed"), True
    elif (saved := oldest([q.fetched_at for q in offers.quotes.values()])) is not None:
        price, degraded = _("prices as saved {age}").format(age=age_text(saved, now)), True
    else:
        price = _("Price: this customer's net unit price for {qty}").format(qty=f"{offers.qty:,}")
    if offers.stock_error:
        stock, degraded = _("stock not available ({err})").format(err=offers.stock_error), True
    elif not offers.stock:
        stock, degraded = _("stock not known right now"), True
    elif (saved := oldest([a.fetched_at for a in offers.stock.values()])) is not None:
        stock, degraded = _("stock as saved {age}").format(age=age_text(saved, now)), True
    else:
        stock = _("stock: on hand in all warehouses")
    return Text(f"{price}; {stock}.", style=tone("yellow") if degraded else "")


@dataclass(frozen=True)
class Choice:
    product: Product
    score: float | None  # 0..100; None when the match was not fuzzy (a prefix or a shared code)
    matched: int = 0  # how many of the line's tokens it matches (b2bterm.quickorder.rank)
    tokens: int = 0


def _folded(text: str) -> str:
    return normalise(text) or text.casefold()


class CandidatePicker(Dialog[str | None]):
    """Dismisses with the chosen SKU, or None on Escape. The candidates come best first; the attributes that tell
    them apart (poles, curve, rating, coil) are columns of their own; typing narrows the list (Backspace widens it
    again), every typed word must appear in the model, brand, name or an attribute."""

    DEFAULT_CSS = """
    CandidatePicker > Vertical { width: 150; max-width: 98%; height: 28; max-height: 95%; }
    CandidatePicker #pick-title { text-style: bold; }
    CandidatePicker #pick-help { color: $text-muted; }
    CandidatePicker #pick-offers { color: $text-muted; }
    CandidatePicker #pick-filter { color: $accent; height: 1; }
    CandidatePicker RowList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "dismiss_none", _("Cancel"), id="pick_candidate.cancel"),
        Binding("backspace", "widen", _("Widen"), show=False, id="pick_candidate.widen"),
        Binding("ctrl+f", "search_catalog", _("Search the catalog"), id="pick_candidate.search"),
    ]

    class Found(Message):
        def __init__(self, query: str, products: list[Product]) -> None:
            super().__init__()
            self.query = query
            self.products = products

    def __init__(self, line_input: str, choices: Sequence[Choice], qty: int = 1, *,
                 search: Callable[[str], list[Product]] | None = None, code: str = "") -> None:
        super().__init__()
        self.search = search  # the catalog search (Ctrl+F): for a line whose product is not among the candidates
        self.code = code or line_input
        self.line_input = line_input
        self.choices = list(choices)
        self.qty = qty
        self.offers: CandidateOffers | None = None
        self.attributes = distinguishing_attributes([c.product for c in self.choices])
        self.narrow = ""  # what the user typed to narrow the list
        self.shown = list(self.choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(_("Which product is “"))
            title.append(self.line_input, style="bold")
            title.append(_("”?"))
            yield Label(title, id="pick-title")
            yield Label(_("↑↓ to move, Enter to pick, type to narrow the list, Ctrl+F searches the catalog, Esc to "
                          "leave the line as it is."), id="pick-help")
            yield Label("", id="pick-filter")
            # a narrow terminal hides the score, the match, the brand, the name, then the attributes from the last;
            # the model, the price and the stock always stay (they are what the pick is about)
            last = len(self.attributes)
            yield RowList([Column(_("Model"), 22), Column(_("Brand"), 12, drop=last + 3),
                           *[Column(attribute_label(k), self._width(k), drop=i + 1)
                             for i, k in enumerate(self.attributes)],
                           Column(_("Name"), min_width=10, drop=last + 1),
                           Column(_("Price for {qty}").format(qty=f"{self.qty:,}"), 13, "right"),
                           Column(_("Stock"), 16), Column(_("Match"), 5, "right", drop=last + 4),
                           Column(_("Score"), 6, "right", drop=last + 5)],
                          empty_text=_("no candidate matches what you typed: Backspace widens the list"),
                          id="pick-list")
            yield Label(_("fetching this customer's prices and stock…"), id="pick-offers")

    def on_mount(self) -> None:
        listing = self.query_one(RowList)
        listing.set_rows(self._rows(), [c.product.sku for c in self.shown])
        listing.focus()
        if self.offers is not None:  # they arrived before the list was built
            self.query_one("#pick-offers", Label).update(offers_note(self.offers))

    def show_offers(self, offers: CandidateOffers) -> None:
        """Put the account's prices and the stock in the list (keeping the cursor where the user moved it)."""
        self.offers = offers
        if not self.is_mounted:  # on_mount shows them
            return
        listing = self.query_one(RowList)
        cursor = listing.cursor
        listing.set_rows(self._rows(), [c.product.sku for c in self.shown])
        listing.cursor = cursor
        self.query_one("#pick-offers", Label).update(offers_note(offers))

    def action_search_catalog(self) -> None:
        if self.search is None:
            return
        query = self.narrow.strip() or self.code
        self.query_one("#pick-filter", Label).update(Text(_("searching the catalog for “{q}”…").format(q=query)))
        self._run_search(query)

    @work(thread=True, exclusive=True, group="pick-search", exit_on_error=False)
    def _run_search(self, query: str) -> None:
        assert self.search is not None
        self.post_message(self.Found(query, self.search(query)))

    @on(Found)
    def _found(self, event: Found) -> None:
        ranked = rank(self.code, event.products)
        self.choices = [Choice(r.product, None, r.matched, r.tokens) for r in ranked]
        self.narrow = ""
        self._narrow_to("")
        self.query_one("#pick-filter", Label).update(Text(
            _("catalog search for “{q}”: {n} products — Enter picks, Esc leaves the line as it is").format(
                q=event.query, n=len(self.choices))))

    def _width(self, key: str) -> int:
        values = [cell_len(c.product.attribute(key) or "") for c in self.choices]  # 额定电流 is 8 cells wide
        return min(max(cell_len(attribute_label(key)), *values, 4) + 1, 16)

    # --- type to narrow ---------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char and char.isprintable() and event.key not in ("enter", "escape", "tab"):
            event.stop()
            self._narrow_to(self.narrow + char)

    def action_widen(self) -> None:
        if self.narrow:
            self._narrow_to(self.narrow[:-1])

    def _narrow_to(self, text: str) -> None:
        self.narrow = text
        words = [_folded(w) for w in text.split() if _folded(w)]
        self.shown = [c for c in self.choices if all(w in self._haystack(c.product) for w in words)]
        listing = self.query_one(RowList)
        listing.set_rows(self._rows(), [c.product.sku for c in self.shown])
        listing.cursor = 0
        note = Text(_("narrowed by “{text}”: {n} of {total} — Backspace widens").format(
            text=text, n=len(self.shown), total=len(self.choices))) if text.strip() else Text("")
        self.query_one("#pick-filter", Label).update(note)

    @staticmethod
    def _haystack(p: Product) -> str:
        parts = [p.model, p.brand, p.name_en, p.name_zh, p.sku, *(v for _k, v in p.attributes)]
        return " ".join(_folded(x) for x in parts if x) + " " + " ".join(x.casefold() for x in parts if x)

    def _rows(self) -> list[list[Text]]:
        rows = []
        for choice in self.shown:
            p = choice.product
            name = Text(p.name_zh or p.name_en)
            if p.name_zh and p.name_en:
                name.append("  " + p.name_en, style="dim")
            score = Text(f"{choice.score:.0f}" if choice.score is not None else "—", justify="right")
            match = Text(f"{choice.matched}/{choice.tokens}" if choice.tokens > 1 else "", justify="right",
                         style=tone("bold green") if choice.tokens > 1 and choice.matched == choice.tokens else "")
            attrs = [Text(p.attribute(k) or "—") for k in self.attributes]
            rows.append([Text(p.model, style="bold"), Text(p.brand), *attrs, name, *self._offer_cells(p), match,
                         score])
        return rows

    def _offer_cells(self, p: Product) -> list[Text]:
        offers = self.offers
        quote = offers.quotes.get(p.sku) if offers else None
        if quote is not None:
            price = Text(money_text(quote.net_price), justify="right")
        else:
            price = Text(money_text(p.list_price) if offers else "…", justify="right", style="dim")
        avail = offers.stock.get(p.sku) if offers else None
        if avail is None:
            return [price, Text("…" if offers is None else "—", style="dim")]
        color, word = stock_label(stock_state(avail, max(self.qty, 1)))
        stock = Text(f"{avail.on_hand:,} ", style=color)
        stock.append(word, style=color)
        return [price, stock]

    @on(RowList.Chosen, "#pick-list")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.dismiss(str(event.key))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
