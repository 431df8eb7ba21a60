"""Search: find any product however the customer says it, as they type.

The query runs on the local catalog in the keystroke's own handler when it answers within a few milliseconds, so the
results are painted in the same frame as the typed character; a slower one (or one that finds the database busy) is
interrupted at once and runs in a thread worker instead (exclusive: a new keystroke cancels the stale one), so typing
never waits. Enter opens the model-query screen for the highlighted product (the exact model match is first).
A customer's phrase ("施耐德接触器9A 220V") is understood as brand, category and stated values; when nothing has
everything asked, the closest products show what differs; a model number that matches nothing gets "did you mean".

With an account chosen, the rows on screen show its net price and the stock total, loaded by an async worker after
the results are shown (never delaying a keystroke), cached prices marked. Facets above the results count brands and
attribute values; Alt+←/→ picks one, Alt+↓ narrows the search to it, Alt+↑ widens again, without leaving the box.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from b2bterm.domain.facets import Facet, facets
from b2bterm.domain.models import Product
from b2bterm.domain.search_query import MatchKind, SearchHit
from b2bterm.ui.compositor import DirtyRowsCompositor
from b2bterm.ui.i18n import N_, _, ngettext
from b2bterm.ui.screens.base import SectionScreen
from b2bterm.ui.screens.search_arriving import MAX_QUERY, ArrivingSearch
from b2bterm.ui.screens.search_rows import offer_key, product_row, why_key
from b2bterm.ui.tones import tone
from b2bterm.ui.widgets.repaint import paint_in_this_frame, update_in_place
from b2bterm.ui.widgets.row_list import Column, LazyRow, RowList
from b2bterm.ui.widgets.text_input import FixedInput
from b2bterm.ui.wording import attribute_label, word

RESULT_LIMIT = 200  # results shown (and the limit benchmarks/search_quality.py measures with)
OFFER_PAGE = 40  # rows whose price and stock are loaded at a time (a screen and a bit)
OFFERS_KEPT = 2000  # prices and stock remembered across keystrokes (dropped all at once beyond this)
NOW_BUDGET_MS = 20.0  # a search that answers within this (SQLite work) runs in the key's own handler (see _changed)

TEXT = {
    "placeholder": _("Model no., words, 中文, pinyin, values (施耐德接触器 9A 220V) · filters: brand:siemens"),
    "empty": _("Type a model number, a description, Chinese or pinyin."),
    "none": _("No product matches “{q}”. Try fewer characters, or a brand: / cat: filter."),
    "more": _("{n}+ matches · {ms:.1f} ms · showing the first {n}"),
    "closest": _("Nothing has everything asked · the {n} closest · ✗ what differs · {ms:.1f} ms"),
    "did_you_mean": _("No product matches “{q}”. Did you mean one of these?"),
    "facet_keys": _("Alt+←/→ pick · Alt+↓ narrow · Alt+↑ widen"),
    "brand": _("Brand"),
    "understood": _("Understood: {parts}"),
    "nobody_has": _("no product has {values}"),
    "unmatched": _("not in the catalog: {words}"),
    "facets_capped": _("counted over the {n:,} most popular"),
}


_SAY_WHY = frozenset({MatchKind.CLOSEST, MatchKind.DID_YOU_MEAN, MatchKind.CROSS_REF, MatchKind.CUSTOMER_PART,
                      MatchKind.CUSTOMER_PART_PREFIX, MatchKind.MODEL_LOOSE, MatchKind.EAN})


def understood_text(understood: Any, hits: list[SearchHit], *, closest: bool) -> str:
    """What the query was understood to ask and what nothing has: "Understood: 施耐德 · 接触器 · 9A · 380V ·
    no product has 380V · not in the catalog: 欧普" (empty when only words were searched for)."""
    if understood is None:
        return ""
    from b2bterm.domain.understand import asked_parts, nobody_has

    out = [TEXT["understood"].format(parts=" · ".join(asked_parts(understood)))] if asked_parts(understood) else []
    if closest:
        closest = [h for h in hits if h.match is MatchKind.CLOSEST]
        missed = nobody_has(understood, (h.misses for h in closest), (h.product.brand for h in closest))
        if missed:
            out.append(TEXT["nobody_has"].format(values=" · ".join(missed)))
    if understood.unmatched:
        out.append(TEXT["unmatched"].format(words=" ".join(understood.unmatched)))
    return " · ".join(out)


def columns(*, why: bool, offers: bool) -> list[Column]:
    """The result columns: "Why" only when some row needs saying why, net price and stock only for an account.
    When the terminal is narrow (80 columns), the list price goes first (the account's net price says more), then
    "Why", then the brand: the model, the net price and the stock are what a caller on the phone asks for. The name
    keeps 20 cells before any of them is shown (it had none: at 80 columns the list price stayed and left the names
    seven cells, and at 100 "Why" took 28 and left them a dozen)."""
    cols = [Column(_("Model"), 22), Column(_("Brand"), 14, drop=1), Column(_("Name"), min_width=20)]
    if why:
        cols.append(Column(_("Why"), 28, drop=2))
    cols.append(Column(_("List"), 11, "right", drop=3 if offers else 0))
    if offers:
        cols += [Column(_("Net"), 11, "right"), Column(_("Stock"), 7, "right")]
    return cols


def facet_chips(found: list[Facet], picked: int) -> tuple[Text, list[tuple[str, str]]]:
    """The facets as one line of chips, the picked one highlighted, and the query text each chip narrows by."""
    line = Text()
    chips: list[tuple[str, str]] = []
    for facet in found:
        if line:
            line.append("  │  ", style="dim")
        line.append((TEXT["brand"] if facet.is_brand else attribute_label(facet.name)) + ": ", style="bold")
        for value, count in facet.values:
            style = "reverse" if len(chips) == picked else ""
            line.append(f"{word(value)} {count}", style=style)  # shown in the user's language, narrows by the value
            line.append("  ")
            chips.append((facet.name, value))
    return line, chips


class SearchScreen(ArrivingSearch, SectionScreen):
    HELP_KEYS = (("Enter", N_("Open the product: price for this customer, stock, substitutes")),)
    HELP_SYNTAX = N_("Search: model numbers any way you like (lc1-d09 m7, 6es7214 1ag40, full-width ＬＣ１Ｄ０９), "
                     "fragments (214-1AG), words (cont 9a 220), Chinese (接触器 9A), pinyin (jljcq), "
                     "filters brand:siemens cat:contactor.")
    SECTION_ID = "search"
    SECTION_TITLE = "Search"
    DEFAULT_CSS = """
    SearchScreen #search-input { margin: 0 0; border: tall $primary; }
    SearchScreen #search-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    SearchScreen #search-facets { height: auto; min-height: 1; max-height: 3; padding: 0 1; }
    SearchScreen #search-results { overflow-y: scroll; }
    """
    # The screen's layout stays as it is while the user types (a layout draws every widget again: it was a frame's
    # work more for most keys at 1M): the results' scrollbar is always shown (its appearing and going asked for one
    # whenever a result set fitted the screen and the next did not), and the facet line keeps its height when the
    # next facets need fewer lines (a line is kept for them from the start); the status line too, when the next
    # results need no line for what was understood.
    BINDINGS = [
        Binding("escape", "clear", _("Clear"), id="search.clear"),
        Binding("down", "to_results", show=False, id="search.to_results"),
        Binding("ctrl+f", "focus_input", _("Find"), id="search.focus"),
        Binding("f8", "quote", _("Add to quotation"), id="search.quote"),
        Binding("alt+right", "facet(1)", _("Next facet"), show=False, id="search.facet_next"),
        Binding("alt+left", "facet(-1)", _("Previous facet"), show=False, id="search.facet_prev"),
        Binding("alt+down", "narrow", _("Narrow"), id="search.narrow"),
        Binding("alt+up", "widen", _("Widen"), show=False, id="search.widen"),
    ]

    class Results(Message):
        def __init__(self, query: str, result: Any) -> None:
            super().__init__()
            self.query = query
            self.result = result

    class Facets(Message):
        def __init__(self, query: str, found: list[Facet], capped: int = 0) -> None:
            super().__init__()
            self.query = query
            self.facets = found
            self.capped = capped  # the number of products counted, when fewer than the result set

    class Offers(Message):
        def __init__(self, query: str, offers: dict[str, Any]) -> None:
            super().__init__()
            self.query = query
            self.offers = offers

    def __init__(self) -> None:
        super().__init__()
        # a key draws the rows it changed (the box's, the status line's, the list's), not every widget that meets
        # them: Textual's drew the whole screen, header and footer too, for every key (ui/compositor.py)
        self._compositor = DirtyRowsCompositor()
        self._hits: list[SearchHit] = []
        self._understood: Any = None
        self._offers: dict[str, Any] = {}  # the chosen account's last price and stock for each SKU shown
        self._query = ""
        self._offered = 0  # rows whose price and stock were asked for
        self._facets: list[Facet] = []
        self._facets_capped = 0
        self._chips: list[tuple[str, str]] = []
        self._picked = -1
        self._narrowed: list[str] = []  # what Alt+↓ added to the query, last first out
        self._status = Text("")
        self._quick = True  # the last search answered within NOW_BUDGET_MS: try the next one in the key's handler

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield FixedInput(placeholder=TEXT["placeholder"], id="search-input")
        yield Static("", id="search-status")
        yield Static("", id="search-facets")
        yield RowList(columns(why=False, offers=False), empty_text=TEXT["empty"], id="search-results")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        self.show_catalog_status()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        box = self.query_one("#search-input", Input)
        if event.value != box.value:
            return  # typed on since: the change to what the box holds now follows, and is searched
        query = event.value[:MAX_QUERY]
        if not query.strip():
            self._hits, self._facets = [], []
            self.query_one(RowList).set_rows([])
            self._update_line("#search-facets", "", keep_height=True)
            self.show_catalog_status()
            self._paint_with_echo()
            return
        # the last query's facets and prices are not wanted any more (their answers would be dropped on arrival):
        # stopped now, they no longer hold the interpreter while this key is searched and painted
        self.workers.cancel_group(self, "facets")
        self.workers.cancel_group(self, "offers")
        if self._typing_on(box):
            return  # a key typed behind this one goes into the box next: only what the burst leaves is searched
        self._search(query)

    def _typing_on(self, box: Input) -> bool:
        """More text is typed into the box right after this (keys read together: a fast typist, a scanner, a slow
        link). Checked again as that key goes on: should it go elsewhere (a dialog came up meanwhile), the box's
        text is searched then."""
        order = getattr(self.app, "key_order", None)
        if order is None or not box.has_focus or not order.typing_on():
            return False

        def handed(_key: object) -> None:
            if self.app.focused is not box:
                self.call_later(self._search_box)

        order.when_handed(handed)
        return True

    def _search_box(self) -> None:
        query = self._typed()
        if query.strip() and query != self._query:
            self._search(query)

    def _search(self, query: str) -> None:
        """Search for ``query`` in this handler when the catalog answers within the budget, else in a worker."""
        if self._quick:
            try:
                result = self.services.search_catalog_now(query, limit=RESULT_LIMIT, budget_ms=NOW_BUDGET_MS)
            except Exception:  # the worker runs it again and reports what fails there, in the one place
                result = None
            if result is not None:
                self.workers.cancel_group(self, "search")  # an earlier key's search still in a worker
                self._show(self.Results(query, result))
                self._quick = True
                return
            self._quick = False  # interrupted or the database busy: the worker's answer says whether to try again
        self.run_search(query)

    @work(exclusive=True, group="search", thread=True, exit_on_error=False)
    def run_search(self, query: str) -> None:
        worker = get_current_worker()
        result = self.services.search_catalog_while(query, lambda: not worker.is_cancelled, limit=RESULT_LIMIT)
        if result is None:
            return  # a newer keystroke stopped it
        for hit in result.hits[:OFFER_PAGE]:  # the rows of a screen are decoded here, off the UI thread; the
            _ = hit.product                   # rest only when scrolled to (or counted for the facets, later)
        self.post_message(self.Results(query, result))

    @work(exclusive=True, group="facets", thread=True, exit_on_error=False)
    def count_facets(self, query: str, hits: list[SearchHit]) -> None:
        """After the results are painted: a result set the page holds whole is counted from its products (a new
        keystroke cancels it between products, so it never holds up the next search); a larger one in the catalog,
        over every product it matches."""
        worker = get_current_worker()
        if len(hits) >= RESULT_LIMIT:  # counted in SQL, which a newer keystroke interrupts at once
            counted = self.services.catalog_facets(query, lambda: not worker.is_cancelled)
            if counted is not None:
                found, total, over = counted
                self.post_message(self.Facets(query, found, total if over else 0))
            return
        products = []
        for n, hit in enumerate(hits):
            if n % 16 == 0:
                if worker.is_cancelled:
                    return
                time.sleep(0)  # let the UI thread have the interpreter: it may be painting the next keystroke
            products.append(hit.product)
        self.post_message(self.Facets(query, facets(products)))

    @property
    def _products(self) -> list[Product]:
        return [h.product for h in self._hits]

    @on(Results)
    def _show(self, event: Results) -> None:
        current = self._typed()
        if event.query != current:
            return  # a stale answer; the newer one is on its way
        result = event.result
        # a worker's time is wall time, which a busy machine stretches: twice the budget still tries the next key now
        self._quick = result.elapsed_ms <= 2 * NOW_BUDGET_MS
        self._hits = list(result.hits)
        self._understood = result.understood
        self._query = event.query
        self._offered = 0  # the prices already known stay on their rows until this query's arrive
        if len(self._offers) > OFFERS_KEPT:
            self._offers.clear()
        self._draw_rows(keep_cursor=False)
        if result.closest or result.did_you_mean or not self._hits:
            self._facets, self._picked = [], -1
            self._draw_facets()
        else:  # once the rows are on screen
            self.call_after_refresh(self.count_facets, event.query, self._hits)
        n, ms = len(self._hits), result.elapsed_ms
        self._arriving_shown = False  # (``arriving_status`` says otherwise)
        if result.remote or (not self._hits and self._arriving()):
            text = self.arriving_status(current, result)  # the platform is asked for what is not in yet
        elif not self._hits:
            text = TEXT["none"].format(q=current.strip()[:60])
        elif result.did_you_mean:
            text = TEXT["did_you_mean"].format(q=current.strip()[:60])
        elif result.closest:
            text = TEXT["closest"].format(n=n, ms=ms)
        else:
            text = (TEXT["more"] if n >= RESULT_LIMIT else ngettext(
                "{n} match · {ms:.1f} ms", "{n} matches · {ms:.1f} ms", n)).format(n=n, ms=ms)
        said = understood_text(result.understood, self._hits, closest=result.closest or result.did_you_mean)
        if said and (result.closest or result.did_you_mean or result.understood.unmatched):
            text = f"{said}\n{text}"
        self._status = Text(text)
        self._update_line("#search-status", self._status, keep_height=True)
        self._paint_with_echo()
        self.call_after_refresh(self._load_more_offers)  # once the rows are on screen

    def _paint_with_echo(self) -> None:
        """The box, the status line, the facets and the rows painted in the frame that shows the key typed."""
        rows = self.query_one(RowList)
        bar = [rows.vertical_scrollbar] if rows.show_vertical_scrollbar else []
        paint_in_this_frame(self.query_one("#search-input", Input), self.query_one("#search-status", Static),
                            self.query_one("#search-facets", Static), rows, *bar)

    @on(Facets)
    def _facets_counted(self, event: Facets) -> None:
        if event.query != self._typed():
            return
        self._facets, self._picked, self._facets_capped = event.facets, -1, event.capped
        self._draw_facets()

    def _draw_rows(self, *, keep_cursor: bool) -> None:
        """The rows, each shown with the last price and stock known for its product (the offers of this query's
        rows follow). A row drawn before with the same content (product, price, stock, and, where the "Why" column
        is shown, what it says: ``why_key``) is not drawn again: while the user types, most of the screen's rows
        stay."""
        rows = self.query_one(RowList)
        und = self._understood
        # (a row says why when it matched by what was understood, or not by its own code or words: a column of
        # empty cells would only narrow the names)
        why = any(h.match in _SAY_WHY or (h.match is MatchKind.ATTRIBUTE and und is not None) for h in self._hits)
        offers = self.services.account is not None
        rows.columns = columns(why=why, offers=offers)
        known = self._offers
        content = [(h.sku, offer_key(known.get(h.sku)), why and why_key(h, und)) for h in self._hits]
        rows.set_rows([LazyRow(partial(product_row, h, und, known.get(h.sku), why=why, offers=offers))
                       for h in self._hits], [h.sku for h in self._hits], keep_cursor=keep_cursor,
                      content_keys=content)

    # --- prices and stock of the rows on screen ------------------------------------------------------------------

    def _load_more_offers(self) -> None:
        desk = self.services
        if desk.account is None or self._offered >= len(self._hits):
            return
        start, self._offered = self._offered, min(len(self._hits), self._offered + OFFER_PAGE)
        items = [(h.product.sku, max(1, h.product.moq)) for h in self._hits[start:self._offered]]
        self.load_offers(self._typed(), items)

    @work(exclusive=True, group="offers", exit_on_error=False)
    async def load_offers(self, query: str, items: list[tuple[str, int]]) -> None:
        offers = await self.services.row_offers(items)
        self.post_message(self.Offers(query, offers))

    @on(Offers)
    def _offers_arrived(self, event: Offers) -> None:
        if event.query != self._typed() or not event.offers:
            return
        known = self._offers
        changed = any(offer_key(offer) != offer_key(known.get(sku)) for sku, offer in event.offers.items())
        known.update(event.offers)
        if changed:  # the same prices and stock as the rows show (a narrower query's): no frame to paint at all
            self._draw_rows(keep_cursor=True)
        if any(not o.live for o in event.offers.values()):
            note = Text("  · " + _("* cached price (platform unreachable)"), style=tone("yellow"))
            self._update_line("#search-status", self._status + note, keep_height=True)

    @on(RowList.Highlighted, "#search-results")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        # the cursor nears the rows without prices: load the next page. Not for a new result set's first row (its
        # first page is asked for once the rows are painted: a quote started here ran inside the keystroke's frame)
        if self._offered and event.index >= self._offered - 5:
            self._load_more_offers()

    def account_changed(self) -> None:
        self._offers, self._offered = {}, 0  # another account's prices
        if self._hits:
            self._draw_rows(keep_cursor=True)
            self._load_more_offers()

    # --- facets ----------------------------------------------------------------------------------------------------

    def _update_line(self, selector: str, content: Text | str, *, keep_height: bool = False) -> None:
        update_in_place(self.query_one(selector, Static), content, keep_height=keep_height)

    def _draw_facets(self) -> None:
        if not self._facets:
            self._update_line("#search-facets", "", keep_height=True)
            return
        line, self._chips = facet_chips(self._facets, self._picked)
        if self._facets_capped:
            line.append("(" + TEXT["facets_capped"].format(n=self._facets_capped) + ")", style="dim")
        line.append("   " + TEXT["facet_keys"], style="dim")
        self._update_line("#search-facets", line, keep_height=True)

    def action_facet(self, step: int) -> None:
        if self._chips:
            self._picked = (self._picked + step) % len(self._chips)
            self._draw_facets()

    def action_narrow(self) -> None:
        if not self._chips:
            return
        _name, value = self._chips[max(0, self._picked)]
        term = value  # a brand's name or an attribute's value, understood like anything typed
        search = self.query_one("#search-input", Input)
        search.value = f"{search.value.rstrip()} {term}"
        search.cursor_position = len(search.value)
        self._narrowed.append(term)

    def action_widen(self) -> None:
        search = self.query_one("#search-input", Input)
        while self._narrowed:
            term = self._narrowed.pop()
            if search.value.rstrip().endswith(term):
                search.value = search.value.rstrip()[: -len(term)].rstrip()
                search.cursor_position = len(search.value)
                return

    # --- moving and opening ----------------------------------------------------------------------------------------

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        rows = self.query_one(RowList)
        if rows.current_key:
            self.open_product(rows.current_key)

    @on(RowList.Chosen, "#search-results")
    def _chosen(self, event: RowList.Chosen) -> None:
        self.open_product(event.key)

    def open_product(self, sku: str) -> None:
        from b2bterm.ui.screens.model_query import open_model_query

        product = next((hit.product for hit in self._hits if hit.sku == sku), None)
        open_model_query(self.app, sku, product=product)

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
        self._narrowed.clear()
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
