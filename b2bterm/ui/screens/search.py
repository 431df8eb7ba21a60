"""Search: find any product from any model number a customer says, as they type.

The query runs on the local catalog in a thread worker (exclusive: a new keystroke cancels the stale one), so typing
never waits. Enter opens the model-query screen for the highlighted product (the exact model match is first).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from b2bterm.domain.models import Product, ProductStatus
from b2bterm.ui.i18n import _
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.widgets.row_list import Column, LazyRow, RowList

MAX_QUERY = 200  # a 10,000-character paste is cut to this before it reaches the catalog

TEXT = {
    "placeholder": _("Model no., words, 中文, pinyin · filters: brand:siemens cat:contactor"),
    "empty": _("Type a model number, a description, Chinese or pinyin."),
    "none": _("No product matches “{q}”. Try fewer characters, or a brand: / cat: filter."),
    "count": _("{n} matches · {ms:.1f} ms"),
    "more": _("{n}+ matches · {ms:.1f} ms · showing the first {n}"),
}


def product_row(product: Product) -> list[Text]:
    model = Text(product.model, style="bold")
    if product.status != ProductStatus.ACTIVE:
        model.append(" ⊘", style="red")
    name = Text(product.name_zh or product.name_en)
    if product.name_zh and product.name_en:
        name.append("  " + product.name_en, style="dim")
    price = Text(product.list_price.format() if product.list_price else "—", justify="right")
    return [model, Text(product.brand), name, Text(product.sku, style="dim"), price]


class SearchScreen(SectionScreen):
    SECTION_ID = "search"
    SECTION_TITLE = "Search"
    DEFAULT_CSS = """
    SearchScreen #search-input { margin: 0 0; border: tall $primary; }
    SearchScreen #search-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "clear", _("Clear"), id="search.clear"),
        Binding("down", "to_results", show=False, id="search.to_results"),
        Binding("ctrl+f", "focus_input", _("Find"), id="search.focus"),
        Binding("f8", "quote", _("Add to quotation"), id="search.quote"),
    ]

    class Results(Message):
        def __init__(self, query: str, result: Any) -> None:
            super().__init__()
            self.query = query
            self.result = result

    def __init__(self) -> None:
        super().__init__()
        self._products: list[Product] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Input(placeholder=TEXT["placeholder"], id="search-input")
        yield Static("", id="search-status")
        yield RowList(
            [Column(_("Model"), 26), Column(_("Brand"), 14), Column(_("Name")), Column(_("SKU"), 16),
             Column(_("List"), 12, "right")],
            empty_text=TEXT["empty"], id="search-results",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self.show_catalog_status()

    def show_catalog_status(self) -> None:
        status = self.app.catalog_status_text()  # type: ignore[attr-defined]
        if not self.query_one("#search-input", Input).value:
            self.query_one("#search-status", Static).update(status)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        query = event.value[:MAX_QUERY]
        if not query.strip():
            self._products = []
            self.query_one(RowList).set_rows([])
            self.show_catalog_status()
            return
        self.run_search(query)

    @work(exclusive=True, group="search", thread=True, exit_on_error=False)
    def run_search(self, query: str) -> None:
        desk = self.app.desk  # type: ignore[attr-defined]
        result = desk.search_catalog(query, limit=200)
        self.post_message(self.Results(query, result))

    @on(Results)
    def _show(self, event: Results) -> None:
        current = self.query_one("#search-input", Input).value[:MAX_QUERY]
        if event.query != current:
            return  # a stale answer; the newer one is on its way
        products = list(event.result.products)
        self._products = products
        rows = self.query_one(RowList)
        rows.set_rows([LazyRow(partial(product_row, p)) for p in products], [p.sku for p in products],
                      stable_keys=True)
        status = self.query_one("#search-status", Static)
        if not products:
            status.update(Text(TEXT["none"].format(q=current.strip()[:60])))
        else:
            template = TEXT["more"] if len(products) >= 200 else TEXT["count"]
            status.update(template.format(n=len(products), ms=event.result.elapsed_ms))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        rows = self.query_one(RowList)
        if rows.current_key:
            self.open_product(rows.current_key)

    @on(RowList.Chosen, "#search-results")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.open_product(event.key)

    def open_product(self, sku: str) -> None:
        from b2bterm.ui.screens.model_query import ModelQueryScreen

        self.app.push_screen(ModelQueryScreen(sku))

    def action_quote(self) -> None:
        """The highlighted product onto the account's open quotation, at the quantity asked for."""
        from b2bterm.ui.screens.qty_prompt import QtyPrompt
        from b2bterm.ui.screens.quotation_actions import account_chosen, add_to_quotation

        if not account_chosen(self.app):
            return
        sku = self.query_one(RowList).current_key
        product = next((p for p in self._products if p.sku == sku), None)
        if product is None:
            self.notify(_("Search for a product first, then F8 puts it on the quotation."), severity="warning")
            return

        def chosen(qty: int | None) -> None:
            if qty:
                add_to_quotation(self, product.sku, qty)

        self.app.push_screen(QtyPrompt(f"{product.model} {product.brand}", max(1, product.moq)), chosen)

    def action_clear(self) -> None:
        search = self.query_one("#search-input", Input)
        search.value = ""
        search.focus()

    def action_to_results(self) -> None:
        rows = self.query_one(RowList)
        if rows.rows:
            rows.focus()

    def action_focus_input(self) -> None:
        self.query_one("#search-input", Input).focus()

    def on_key(self, event: Any) -> None:
        # Typing anywhere on the screen goes to the search box: staff never have to aim first.
        search = self.query_one("#search-input", Input)
        if not search.has_focus and event.is_printable and event.character:
            search.focus()
            search.insert_text_at_cursor(event.character)
            event.stop()
