"""The model-query screen: one look answers "what is it, do you have it, what does this customer pay for N?".

Product and specs, stock by warehouse with incoming and ETA, the account's net price for the typed quantity beside
list price and discount, every quantity break (the one that applies marked), where the price comes from, tax-exclusive
and tax-inclusive (含税) amounts, the last price this account paid, the customer's own part number, and substitutes,
supersessions and cross-references (Enter jumps to one). Prices come live from the platform in a worker with a
timeout; offline they come from the cache and say how old they are.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from b2bterm.domain.models import (
    Availability,
    Product,
    ProductStatus,
    stock_state,
)
from b2bterm.quickorder.parser import MAX_QTY
from b2bterm.services.gateway import PlatformError
from b2bterm.ui.format import money_text, stock_label
from b2bterm.ui.i18n import _
from b2bterm.ui.kept_frame import KeptFrameCompositor, KeptScreen
from b2bterm.ui.outcome_text import answer_note
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.line_panel import LinePanel
from b2bterm.ui.widgets.price_lines import price_lines
from b2bterm.ui.widgets.qty_input import QtyInput
from b2bterm.ui.widgets.row_list import Column, RowList
from b2bterm.ui.wording import attribute_label, word


class ModelQueryScreen(KeptScreen, SectionScreen):
    SECTION_ID = "search"
    SECTION_TITLE = "Model query"
    DEFAULT_CSS = """
    ModelQueryScreen #mq-body { height: 1fr; }
    ModelQueryScreen #mq-left { width: 1fr; padding: 0 1; }
    ModelQueryScreen #mq-right { width: 1fr; padding: 0 1; border-left: vkey $panel; }
    ModelQueryScreen #mq-qty-row { height: 3; }
    ModelQueryScreen #mq-qty-row Label { padding: 1 1 0 0; }
    ModelQueryScreen #mq-qty { width: 14; }
    ModelQueryScreen #mq-verdict { width: 1fr; height: 2; margin: 1 0 0 1; }  /* margin: a plain box, drawn fast */
    ModelQueryScreen #mq-related { height: 8; }
    ModelQueryScreen .panel-title { text-style: bold; color: $accent; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="model_query.back"),
        Binding("ctrl+r", "refresh", _("Refresh"), id="model_query.refresh"),
        Binding("ctrl+j", "related", _("Related"), id="model_query.related"),
        Binding("f8", "quote", _("Add to quotation"), id="model_query.quote"),
        Binding("ctrl+q", "app.quit", show=False, id="model_query.quit"),
        Binding("ctrl+g", "app.price_differences", _("Price differences"), show=False, id="model_query.differences"),
    ]

    class Loaded(Message):
        def __init__(self, product: Product | None, related: list[Product]) -> None:
            super().__init__()
            self.product = product
            self.related = related

    class Priced(Message):
        """A price to show: from the local price book at once, then the live quote replacing it (``difference``: the
        live price differs from the book's)."""

        def __init__(self, answer: Any, difference: Any = None) -> None:
            super().__init__()
            self.answer = answer
            self.difference = difference

    class RelatedOffers(Message):
        """Stock and this customer's price (at the quantity asked) of the substitutes and cross-references."""

        def __init__(self, qty: int, prices: dict[str, Any], stock: dict[str, Any]) -> None:
            super().__init__()
            self.qty = qty
            self.prices = prices
            self.stock = stock

    class Stocked(Message):
        def __init__(self, answer: Any) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, sku: str, qty: int | None = None, product: Product | None = None) -> None:
        """``product``: the product when the caller has it in hand (a search hit): it is shown, with its price from
        the price book, in the screen's first frame; the rest (substitutes, stock, the live price) follows."""
        super().__init__()
        self._compositor = KeptFrameCompositor()  # a typed digit draws its rows; shown again: from its last frame
        self.sku = sku
        self.qty = qty
        self.product: Product | None = product if product is not None and product.sku == sku else None
        self._shown: tuple[Any, Any] | None = None  # the price answer on screen and its difference
        self._stock_answer: Any = None
        self._related: list[tuple[str, Product]] = []
        self._asked: int | None = None  # the quantity whose price is shown or on its way
        self._verdict: tuple[object, int] | None = None  # the stock shown and the quantity it was judged for
        self._opened = 0  # which opening of this screen (a screen kept for reuse is opened again on other products)
        self._starting = False  # the quantity set by the opening itself, not typed

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="mq-body"):
            with VerticalScroll(id="mq-left"):
                yield Static(id="mq-product")
                yield Static(id="mq-stock")
            with Vertical(id="mq-right"):
                with Horizontal(id="mq-qty-row"):
                    yield Label(_("Quantity"))
                    yield QtyInput(id="mq-qty", max_length=7, on_value=self._digit_typed)
                    yield LinePanel(id="mq-verdict")
                yield LinePanel(id="mq-price", keep_height=True)
                yield Static(_("Substitutes, supersessions and cross-references"), classes="panel-title")
                yield RowList([Column(_("Relation"), 12), Column(_("Model"), 22), Column(_("Brand"), 12, drop=2),
                               Column(_("Name"), min_width=10, drop=3), Column(_("Stock"), 12),
                               Column(_("Net"), 11, "right")], empty_text=_("Loading…"), id="mq-related")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self._product_box = self.query_one("#mq-product", Static)
        self._stock_box = self.query_one("#mq-stock", Static)
        self._related_box = self.query_one("#mq-related", RowList)
        self._price_box = self.query_one("#mq-price", LinePanel)
        self._verdict_box = self.query_one("#mq-verdict", LinePanel)
        self._qty_box = self.query_one("#mq-qty", QtyInput)
        self._start()
        self.watch(self._qty_box, "value", self._qty_typed, init=False)

    def reopen(self, sku: str, qty: int | None = None, product: Product | None = None) -> None:
        """The screen, kept from an earlier opening, shown on another product (before it is pushed again): what the
        last product showed is cleared, its workers' late answers are dropped, and the new product starts as in a
        new screen - without composing, mounting and styling thirty widgets again."""
        self.workers.cancel_node(self)
        self._opened += 1
        self.sku, self.qty = sku, qty
        self.product = product if product is not None and product.sku == sku else None
        self._shown = self._stock_answer = self._asked = self._verdict = None
        self._related = []
        self._product_box.display = self._stock_box.display = False  # the last product's: hidden, not drawn blank
        self._related_box.show_empty(_("Loading…"))  # not "none" before it is known
        self._verdict_box.set_lines([])
        self._qty_box.set_reactive(Input.value, "")  # no Changed: the opening sets it (``_show_qty``)
        self._start()
        if self._shown is None:  # no price in this first frame: none of the last product's either
            self._price_box.set_lines([])

    def _start(self) -> None:
        """What can be shown without waiting goes into the first frame: the product when it was handed over, and
        its price from the price book when the book is in memory; the rest is asked for once that frame is painted."""
        self._starting = True
        try:
            self._show_first()
        finally:
            self._starting = False
        self.call_after_refresh(self._load_rest, self._opened)

    def _show_first(self) -> None:
        if self.product is not None:
            self._show_product(self.product, details_later=True)
        else:
            _shown(self._product_box, Text(_("Loading {sku}…").format(sku=self.sku), style="dim"))
            if self.qty and self.services.book_ready(self.sku):  # the price before the product's details
                self._show_qty(self.qty)
                self._ask_price(self.qty)

    def _show_qty(self, qty: int) -> None:
        """The opening's quantity into the box (its text row repainted alone when it can be: ``show_value``)."""
        if not self._qty_box.show_value(str(qty)):
            self._qty_box.value = str(qty)
            self._qty_box.select_all()  # as a box focused anew: the first digit typed replaces it

    def _load_rest(self, opened: int) -> None:
        if opened == self._opened:
            self.load_product()
            self.load_stock()

    def _send(self, message: Message, opened: int) -> None:
        """A worker's answer, marked with the opening it was asked for (a later opening drops it)."""
        message.opened = opened  # type: ignore[attr-defined]
        self.post_message(message)

    def _current(self, message: Message) -> bool:
        return getattr(message, "opened", self._opened) == self._opened

    # --- product -----------------------------------------------------------------------------------------------------

    @work(exclusive=True, group="mq-product", exit_on_error=False)
    async def load_product(self) -> None:
        desk, opened = self.services, self._opened
        product, related = await desk.product_with_related(self.sku)
        self._send(self.Loaded(product, related), opened)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if not self._current(event):
            return
        if event.product is None:
            self._related_box.show_empty(_("none"))
            if self.product is None:
                text = _("{sku} is not in the catalog. Check the number or sync the catalog.").format(sku=self.sku)
                _shown(self._product_box, Text(text, style=tone("bold red")))
            return
        shown = self.product
        self.product = event.product
        if event.product != shown:
            self._show_product(event.product)
        self._related = list(event.related)
        self._show_related(None)
        self.load_related_offers(self._qty())

    def _show_product(self, product: Product, *, details_later: bool = False) -> None:
        """The product, the quantity asked (else its MOQ) and the price for it; ``details_later``: its name and specs
        once the price's frame is painted (the screen's first frame: the price first)."""
        qty = self.qty or max(1, product.moq)
        if self._qty_box.value != str(qty) and self._asked is None:
            self._show_qty(qty)
        if self.focused is not self._qty_box:  # focus() repaints the whole box even when it has the focus
            self._qty_box.focus()
        if details_later:
            self.call_after_refresh(self._show_details, product)
        else:
            self._show_details(product)
        if self._asked is None:
            self._ask_price(self._qty())
        elif self._shown is not None:  # shown before the product was known: now with its unit
            self._show_price(*self._shown)

    def _show_details(self, product: Product) -> None:
        if product.sku != self.sku:  # asked for before the screen was opened on another product
            return
        _shown(self._product_box, self.render_product(product))

    def _show_related(self, offers: RelatedOffers | None) -> None:
        if not self._related:
            self._related_box.show_empty(_("none"))
            return
        rows, keys = [], []
        for relation, item in self._related:
            stock, price = Text("…", style="dim"), Text("…", style="dim", justify="right")
            if offers is not None:
                avail = offers.stock.get(item.sku)
                color, said = stock_label(stock_state(avail, offers.qty))
                stock = Text(f"{avail.on_hand:,} {said}" if avail is not None else said, style=color)
                quote = offers.prices.get(item.sku)
                price = Text(money_text(quote.net_price if quote else None), justify="right")
            rows.append([Text(word(relation), style="italic"), Text(item.model, style="bold"), Text(item.brand),
                         Text(item.name_zh or item.name_en), stock, price])
            keys.append(item.sku)
        self._related_box.set_rows(rows, keys, keep_cursor=True)

    @work(exclusive=True, group="mq-related", exit_on_error=False)
    async def load_related_offers(self, qty: int) -> None:
        desk, opened = self.services, self._opened
        skus = list(dict.fromkeys(item.sku for _relation, item in self._related))
        if not skus:
            return
        stock: dict[str, Any] = {}
        prices: dict[str, Any] = {}
        try:  # each falls back to what is cached; a refusal leaves that column empty, never the screen
            stock = {a.sku: a for a in await desk.stock(skus)}
            if desk.account is not None:
                prices = {q.sku: q for q in await desk.quotes(desk.account.id, [(s, qty) for s in skus])}
        except PlatformError:
            pass
        self._send(self.RelatedOffers(qty, prices, stock), opened)

    @on(RelatedOffers)
    def _related_offers(self, event: RelatedOffers) -> None:
        if not self._current(event):
            return
        self._show_related(event)

    def render_product(self, product: Product) -> Group:
        title = Text()
        title.append(product.model, style="bold reverse")
        title.append(f"  {product.brand}", style="bold")
        title.append(f"  {product.sku}", style="dim")
        if product.status == ProductStatus.DISCONTINUED:
            title.append("  " + _("DISCONTINUED"), style=tone("bold red"))
        elif product.status == ProductStatus.SUPERSEDED or product.superseded_by:
            title.append("  " + _("superseded by {sku}").format(sku=product.superseded_by), style=tone("bold yellow"))
        names = Text()
        if product.name_zh:
            names.append(product.name_zh + "\n", style="bold")
        names.append(product.name_en)
        specs = Table.grid(padding=(0, 2))
        specs.add_column(style="dim")
        specs.add_column()
        specs.add_row(_("Category"), Text(word(product.category)))
        for key, value in product.attributes:
            specs.add_row(Text(attribute_label(key)), Text(word(value)))
        specs.add_row(_("Unit"), Text(word(product.unit)))
        specs.add_row(_("Pack"), Text(str(product.pack_size)))
        specs.add_row(_("MOQ"), Text(str(product.moq)))
        if product.ean:
            specs.add_row("EAN", Text(product.ean))
        return Group(title, names, Text(""), specs)

    # --- stock -------------------------------------------------------------------------------------------------------

    @work(exclusive=True, group="mq-stock", exit_on_error=False)
    async def load_stock(self) -> None:
        desk, opened = self.services, self._opened
        answer = await desk.availability_for(self.sku)
        self._send(self.Stocked(answer), opened)

    @on(Stocked)
    def _stocked(self, event: Stocked) -> None:
        if not self._current(event):
            return
        self._stock_answer = event.answer
        self.render_stock()

    def render_stock(self) -> None:
        answer = self._stock_answer
        if answer is None:
            return
        avail: Availability | None = answer.value
        title = Text(_("Stock by warehouse"), style="bold")
        note = answer_note(answer, stock=True)
        if note:
            title.append(f"  {note}", style=tone("yellow"))
        if avail is None:
            _shown(self._stock_box, Group(Text(""), title, Text(_("No stock information."))))
            self.render_verdict()
            return
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="dim")
        table.add_column(_("Warehouse"))
        table.add_column(_("On hand"), justify="right")
        table.add_column(_("Incoming"), justify="right")
        table.add_column(_("ETA"))
        for wh in avail.warehouses:
            incoming = sum(i.qty for i in wh.incoming)
            eta = min((i.eta for i in wh.incoming), default=None)
            table.add_row(Text(wh.name), Text(str(wh.on_hand), style="bold" if wh.on_hand else "dim"),
                          Text(str(incoming) if incoming else "—"), Text(eta.isoformat() if eta else ""))
        table.add_row(Text(_("Total"), style="bold"), Text(str(avail.on_hand), style="bold"),
                      Text(str(avail.incoming) if avail.incoming else "—"),
                      Text(avail.next_eta().isoformat() if avail.next_eta() else ""))
        _shown(self._stock_box, Group(Text(""), title, table))
        self.render_verdict()

    def render_verdict(self) -> None:
        """Whether the stock covers the typed quantity: beside the quantity box, repainted with it as the quantity
        changes."""
        answer = self._stock_answer
        qty = self._qty()
        self._verdict = (answer, qty)
        if answer is None or answer.value is None:
            self._verdict_box.set_lines([])
            return
        color, said = stock_label(stock_state(answer.value, qty))
        verdict = Text(f"{said} " + _("for {qty}").format(qty=qty), style=color)
        verdict.stylize("bold")
        self._verdict_box.set_lines([verdict])

    # --- price -------------------------------------------------------------------------------------------------------

    def _qty(self) -> int:
        """The typed quantity, kept within what an order line may hold (the quick-order parser's limit)."""
        try:
            return min(MAX_QTY, max(1, int(self._qty_box.value or "1")))
        except ValueError:
            return 1

    def _qty_typed(self, value: str) -> None:
        """Watching the box's value (called as the key is typed, before the frame that shows it is painted): the
        price for the new quantity goes into that same frame; the substitutes' offers once it is painted."""
        if self._starting:
            return
        if (self.product is not None or self._asked is not None) and value.strip() and self._qty() != self._asked:
            self._ask_price(self._qty())
            if self.product is not None:
                self.call_after_refresh(self._offers_for, self._qty())

    def _digit_typed(self, value: str) -> tuple[Widget, ...]:
        """A digit typed into the box (in the key's turn): the price for it, and the widgets to paint with the box."""
        self._qty_typed(value)
        return self._price_box, self._verdict_box

    def _offers_for(self, qty: int) -> None:
        if qty == self._asked:  # not when another key came first
            self.load_related_offers(qty)

    def _ask_price(self, qty: int) -> None:
        """The price for ``qty``: from the price book painted right here when the book is in memory (pure
        computation, no worker or message in between), then - once that frame is painted - the live quote from a
        worker replacing it."""
        self._asked = qty
        desk = self.services
        if desk.book_ready(self.sku):
            local = desk.book_quote(self.sku, qty)
            if local is not None:
                self._show_price(local)
            self.call_after_refresh(self._ask_live, qty, local, True, self._opened)
        else:
            self.call_after_refresh(self._ask_live, qty, None, False, self._opened)

    def _ask_live(self, qty: int, local: Any, known: bool, opened: int) -> None:
        if qty == self._asked and opened == self._opened:  # not when another key came first: its price is on its way
            self.load_price(qty, local, known=known)

    @work(exclusive=True, group="mq-price", exit_on_error=False)
    async def load_price(self, qty: int, local: Any = None, *, known: bool = False) -> None:
        """The price-book price at once (as of its sync; ``known``: already shown), then the live quote replacing it
        in the same worker."""
        desk, opened = self.services, self._opened
        if not known:
            if desk.book_ready(self.sku):
                local = desk.book_quote(self.sku, qty)
            else:
                local = await asyncio.to_thread(desk.book_quote, self.sku, qty)
            if local is not None:
                self._send(self.Priced(local), opened)
        answer = await desk.quote_for(self.sku, qty)
        difference = None
        if local is not None and answer.live and answer.value is not None:
            difference = await desk.settle_quote(local.value, answer.value)
        self._send(self.Priced(answer, difference), opened)

    @on(Priced)
    def _priced(self, event: Priced) -> None:
        if not self._current(event):
            return
        self._show_price(event.answer, event.difference)

    def _show_price(self, answer: Any, difference: Any = None) -> None:
        self._shown = (answer, difference)
        unit = word(self.product.unit) if self.product else ""
        has_account = self.services.account is not None
        self._price_box.set_lines(price_lines(answer, difference, unit=unit, has_account=has_account))
        if self._verdict != (self._stock_answer, self._qty()):
            self.render_verdict()  # the stock verdict depends on the quantity

    # --- actions -----------------------------------------------------------------------------------------------------

    @on(RowList.Chosen, "#mq-related")
    def _jump(self, event: RowList.Chosen) -> None:
        self.app.push_screen(ModelQueryScreen(event.key))

    def action_related(self) -> None:
        self._related_box.focus()

    def action_quote(self) -> None:
        """This product onto the account's open quotation, at the quantity typed above the price."""
        from b2bterm.ui.screens.quotation_actions import add_to_quotation

        if self.product is None:
            return
        add_to_quotation(self, self.product.sku, self._qty())

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load_stock()
        if self.product is not None:
            self.load_price(self._qty())

    def account_changed(self) -> None:
        if self.product is not None:
            self.load_price(self._qty())


REUSED = "model-query"


def _shown(box: Static, content: Any) -> None:
    box.update(content)
    box.display = True


def open_model_query(app: App[Any], sku: str, qty: int | None = None, product: Product | None = None) -> None:
    """The model query on ``sku``, as search opens it: the screen kept from the last opening is opened again on it
    (no thirty widgets composed, mounted and styled again); a new one when that screen is on the stack already."""
    if app.is_screen_installed(REUSED):
        kept = app.get_screen(REUSED)
        if isinstance(kept, ModelQueryScreen) and kept.is_mounted and kept not in app.screen_stack:
            kept.reopen(sku, qty, product)
            app.push_screen(kept)
            kept.show_now()  # resumed and drawn in this turn (else Textual's resume does it, a few turns later)
            return
        app.push_screen(ModelQueryScreen(sku, qty, product))
        return
    app.install_screen(ModelQueryScreen(sku, qty, product), REUSED)
    app.push_screen(REUSED)
