"""One model query - "this model number, for this customer, at this quantity: what is it, what does it cost them,
what is in stock?" - answered two ways side by side in one run, against the Medusa testbed
(scripts/medusa-testbed.sh start):

- b2bterm, in the app itself (headless at 140x40, the app's own settings: an account chosen, its start-up catalog and
  price-book sync done, not timed), timed until the price is *on screen* - the moment the app hands the terminal the
  frame that shows it (the frame is turned into the bytes a terminal would get, as the real driver does):
  * ``keystroke``: the model query open on the product, one digit typed into the quantity (a quantity never asked
    before) -> the new net price with its breaks, source and 含税 painted (from the local price book, as of its
    sync; the live quote follows in the background and replaces it);
  * ``open``: the model number looked up in the local catalog as the search screen does (in the handler when the
    catalog answers within its budget, else in a thread), the model query opened on it with the quantity, the way
    search opens it (``open_model_query``: the screen kept from the app's first model query - opened once before
    the runs, not timed - opened again on the product) -> the price painted, on the model query shown whole (a
    frame that draws only part of the screen after the switch, the rest still the search screen's, does not
    count). Each run opens the next product of the price book (each found first by its model), as the first
    opening of that product in the session: the book's rows read so far are forgotten before it (its product's
    rules are read in the opening, as at a user's first look; reopening one product, its rules cached, flattered).
- Medusa's own Admin API answering the same question on loopback, as a best-effort client would: the variant found by
  the model number (with its own prices and its stock by location), the customer's groups, and the active price lists
  with their prices and rules - the three requests sent at once - then the customer's price at the quantity computed
  from them (with the adapter's own mapping). No painting is charged to Medusa's side.
- also, for reference: one live ``quote`` through the medusa adapter (what replaces the local price).
- the floor of each b2bterm way, in the same run, interleaved with it: the least work any Textual app does for that
  frame on this machine, timed the same way (``Frames``) in a minimal app running in the same event loop - two
  installed 140x40 screens, each one Line-API widget whose ``render_line`` builds three segments, nothing else:
  * ``floor keystroke``: a digit typed into that widget -> as many of its lines repainted in place as the
    keystroke's own frame drew (the price panel's lines, the quantity's row, the stock verdict: printed);
  * ``floor open``: the other installed screen switched to, its widget given new content -> the whole screen
    handed over (as ``open``, a frame leaving the last screen's cells does not count).
  Medusa / floor is the best ratio a Textual app could show here: the model query cannot be drawn with less than
  that app's work, and Textual is the project's fixed choice. On ``open`` that is about 6-9x on these machines
  (Medusa 45-67 ms, a whole 140x40 frame after a screen switch 6-9 ms: 2026-12-07, load 1-3.5), so the issue's 20x
  is out of reach for ``open`` with Textual; the figure to watch there is b2bterm / floor (then 1.1-1.3x).

Then a 50-order offline day: 50 orders of random SKUs and quantities for the seeded accounts, priced from the price
book with no platform call, counted line by line, each "as of" the sync; and the local-vs-live agreement on every
(account, SKU, quantity) of that day.

    .venv/bin/python benchmarks/medusa_vs_local.py [--runs 40] [--model "lc1-d09 m7"] [--qty 50]

Prints the machine's load, median and p95 per way (its floor's too), and for ``keystroke`` and ``open``: b2bterm /
floor, Medusa / b2bterm (the issue's target, >= 20x) and Medusa / floor (the ways interleaved run by run; no warm-up on
the timed inputs). Credentials come from `scripts/medusa-testbed.sh env` (or B2BTERM_MEDUSA_URL/_USER/_PASSWORD/_FACTS).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from b2bterm import clock
from b2bterm.config import Profile
from b2bterm.local.db import Database
from b2bterm.platform.medusa import MedusaPlatform
from b2bterm.platform.medusa import mapping as m
from b2bterm.services.desk import Desk

REPO = Path(__file__).resolve().parents[1]
SIZE = (140, 40)


def env() -> dict[str, str]:
    if os.environ.get("B2BTERM_MEDUSA_URL"):
        return dict(os.environ)
    out = subprocess.run(["bash", str(REPO / "scripts" / "medusa-testbed.sh"), "env"], capture_output=True,
                         text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)"


async def settle(app: Any, pilot: Any) -> None:
    """Wait until the app is quiet: its workers done (a worker replaced by a newer one of its group counts as done),
    the screen painted, and no work left that a paint started (a screen asks for its live price once its frame is
    painted): nothing of the set-up may run into a timed keystroke."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return


class Frames:
    """The frames the app hands the terminal, turned into the bytes a terminal gets (as the real driver does): the
    time of the first one showing ``wanted`` - with ``whole``, only once the terminal shows the new screen whole: a
    frame that draws the whole screen (Textual's full update) has been handed over since ``expect``, that one or an
    earlier one (a partial update after a screen switch leaves the last screen's cells on the terminal: it does
    not count)."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import LayoutUpdate

        self.app = app
        self.wanted = ""
        self.whole = False
        self.whole_shown = False
        self.seen_at: float | None = None
        self.rows = 0  # the rows of the screen that frame drew
        self.event = asyncio.Event()
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None or not hasattr(renderable, "render_segments"):
                return
            sent = renderable.render_segments(app.console)
            if isinstance(renderable, LayoutUpdate) and screen is app.screen:
                self.whole_shown = True
            if self.wanted and self.seen_at is None and self.wanted in sent and (self.whole_shown or not self.whole):
                self.seen_at = time.perf_counter()
                self.rows = len(renderable.strips) if isinstance(renderable, LayoutUpdate) else len(
                    {y for y, _x1, _x2 in getattr(renderable, "spans", ())})
                self.event.set()

        app._display = timed_display

    def expect(self, text: str, *, whole: bool = False) -> None:
        """The next frame showing ``text`` (``whole``: on a screen shown whole since now)."""
        self.wanted, self.seen_at, self.whole, self.whole_shown = text, None, whole, False
        self.event.clear()

    async def wait(self, what: str) -> float:
        try:
            await asyncio.wait_for(self.event.wait(), 30)
        except TimeoutError:
            raise SystemExit(f"{what}: {self.wanted!r} never reached the screen") from None
        assert self.seen_at is not None
        return self.seen_at


def price_shown(qty: int) -> str:
    """The model query's own line for ``qty`` (English): it is painted with the price for that quantity."""
    return f"For {qty}:"


Timer = Callable[[int], Awaitable[float]]


async def b2bterm_ways(desk: Desk, models: list[str], qty: int) -> tuple[Timer, Timer, Any, dict[str, Any]]:
    """The app, headless, with the model query; returns the keystroke and open timers, the app's context and its
    state (``rows``: the rows the last keystroke's frame drew). ``open`` n opens ``models[n % len(models)]``, each
    time as the first opening of that product in the session (the price book's rows read so far forgotten)."""
    from b2bterm.ui.app import B2BApp
    from b2bterm.ui.i18n import set_language
    from b2bterm.ui.screens.model_query import open_model_query
    from b2bterm.ui.screens.search import NOW_BUDGET_MS, RESULT_LIMIT

    set_language("en")
    app = B2BApp(desk=desk, sync_on_start=False)
    app.freeze_heap = True  # as in a terminal: what lives as long as the app is out of the collector's sight
    ctx = app.run_test(size=SIZE)
    pilot = await ctx.__aenter__()
    frames = Frames(app)
    await settle(app, pilot)

    async def lookup(model: str) -> Any:
        """The search screen's way (``SearchScreen._search``): the model number looked up in the local catalog in
        the handler when the catalog answers within the search screen's budget (as it does as the user types), else
        in a thread worker; the model query opened on the hit (its product handed over, as the search screen
        does)."""
        found = desk.search_catalog_now(model, limit=RESULT_LIMIT, budget_ms=NOW_BUDGET_MS)
        if found is None:
            found = await asyncio.to_thread(desk.search_catalog, model, limit=RESULT_LIMIT)
        return found.hits[0]

    hit = await lookup(models[0])
    open_model_query(app, hit.sku, 1, hit.product)  # the app's first model query (its screen composed): not timed
    await settle(app, pilot)
    state: dict[str, Any] = {"screen": app.screen, "rows": 0}  # "rows": what the last keystroke's frame drew

    async def keystroke(n: int) -> float:
        """The quantity box holds n+1 (not timed); one more digit typed: (n+1)*10 + d."""
        with app._context():  # the app the calls act on (the floor app runs in the same loop)
            screen = state["screen"]
            box = screen.query_one("#mq-qty")
            box.value = str(n + 1)
            box.cursor_position = len(box.value)
            await settle(app, pilot)
            digit = n % 10
            frames.expect(price_shown((n + 1) * 10 + digit))
            t = time.perf_counter()
            await pilot.press(str(digit))
            shown = await frames.wait("keystroke")
            state["rows"] = frames.rows
            await settle(app, pilot)
        return (shown - t) * 1000

    async def open_query(n: int) -> float:
        wanted = 3 + 7 * n  # a quantity not asked before
        with app._context():
            app.pop_screen()
            await settle(app, pilot)
            forget_read_rows(desk)  # the product's first opening in the session: its rules not read yet
            frames.expect(price_shown(wanted), whole=True)  # the search screen's cells replaced, every one
            t = time.perf_counter()
            hit = await lookup(models[n % len(models)])
            open_model_query(app, hit.sku, wanted, hit.product)  # as search opens it
            shown = await frames.wait("open")
            await settle(app, pilot)
            state["screen"] = app.screen
        return (shown - t) * 1000

    return keystroke, open_query, ctx, state


def forget_read_rows(desk: Desk) -> None:
    """The price book's SKU rows read so far forgotten, as in a new session (the book itself stays loaded, as the
    app loads it at start): the next opening of any product reads its row, as a user's first look at it does."""
    from b2bterm.local.price_book import StoredSkus

    book = desk.price_book.load()
    if book is not None and isinstance(book.rules.skus, StoredSkus):
        book.rules.skus.forget()


def opened_models(desk: Desk) -> list[str]:
    """The models of the price book's products whose model, looked up as search does, finds that product first
    (a model several brands share opens the first brand's; it must be a product of the book to be priced from it)."""
    book = desk.price_book.load()
    assert book is not None
    skus = sorted(book.rules.skus)
    products = desk.catalog.products(skus)
    out = []
    for sku in skus:
        if sku in products and desk.search_catalog(products[sku].model, limit=50).hits[0].sku == sku:
            out.append(products[sku].model)
    assert out, "no product of the price book is found first by its model"
    return out


def floor_app() -> Any:
    """The least-work Textual app for the same frames: 140x40, two installed screens, each one Line-API widget
    filling it whose ``render_line`` builds three segments (no header, footer, container, CSS of its own or message
    of its own); a digit typed into the focused widget repaints its first ``rows`` lines in place."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.app import App, ComposeResult
    from textual.events import Key
    from textual.geometry import Region
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widget import Widget

    bold, red = Style(bold=True), Style(color="red")

    class Lines(Widget, can_focus=True):
        DEFAULT_CSS = "Lines { height: 1fr; }"

        def __init__(self) -> None:
            super().__init__(id="floor")
            self.n = self.base = 0
            self.rows = 1

        def render_line(self, y: int) -> Strip:
            n = self.n
            return Strip([Segment(f"line {y} {n} ", bold), Segment("x" * 100), Segment(f" {n * y}", red)])

        def on_key(self, event: Key) -> None:
            if event.character and event.character.isdigit():
                self.n = self.base * 10 + int(event.character)
                self.refresh(Region(0, 0, self.size.width, self.rows))

    class LinesScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Lines()

    class Floor(App[None]):
        def on_mount(self) -> None:
            self.install_screen(LinesScreen(), "a")
            self.install_screen(LinesScreen(), "b")
            self.push_screen("a")

    return Floor()


async def floor_ways() -> tuple[Callable[[int, int], Awaitable[float]], Timer, Any]:
    """The floor app, headless, timed as the app is (``Frames``): ``keystroke`` (a digit typed -> ``rows`` lines
    repainted in place: as many rows as the app's keystroke frame drew) and ``open`` (the other installed screen
    switched to with new content -> the whole screen handed over)."""
    app = floor_app()
    ctx = app.run_test(size=SIZE)
    pilot = await ctx.__aenter__()
    frames = Frames(app)
    for target in ("b", "a"):  # each screen shown once (composed, styled): not timed
        with app._context():
            app.switch_screen(target)
        await pilot.pause()

    async def keystroke(n: int, rows: int) -> float:
        with app._context():
            lines = app.screen.query_one("#floor")
            lines.base, lines.rows = 2000 + n, max(1, rows)
            await pilot.pause()
            await pilot.pause()
            digit = n % 10
            frames.expect(f"line 0 {lines.base * 10 + digit} ")
            t = time.perf_counter()
            await pilot.press(str(digit))
            shown = await frames.wait("floor keystroke")
            await pilot.pause()
        return (shown - t) * 1000

    async def open_screen(n: int) -> float:
        with app._context():
            target = "b" if app.screen is app.get_screen("a") else "a"
            await pilot.pause()
            await pilot.pause()
            wanted = 1_000_000 + n
            frames.expect(f"line 3 {wanted} ", whole=True)
            t = time.perf_counter()
            app.switch_screen(target)
            lines = app.get_screen(target).query_one("#floor")
            lines.n = wanted
            lines.refresh()
            shown = await frames.wait("floor open")
            await pilot.pause()
        return (shown - t) * 1000

    return keystroke, open_screen, ctx


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--model", default="lc1-d09 m7")
    ap.add_argument("--qty", type=int, default=50)
    args = ap.parse_args()
    e = env()
    with sqlite3.connect(e["B2BTERM_MEDUSA_FACTS"]) as f:
        sql = "SELECT account_id FROM contracts WHERE kind = 'override' ORDER BY account_id"
        account = f.execute(sql).fetchone()[0]
    platform = MedusaPlatform(e["B2BTERM_MEDUSA_URL"], email=e["B2BTERM_MEDUSA_USER"],
                              password=e["B2BTERM_MEDUSA_PASSWORD"])
    with tempfile.TemporaryDirectory() as tmp:
        desk = Desk(Profile(name="bench", platform="medusa"), platform, Database(Path(tmp) / "local.sqlite"),
                    Path(tmp))
        await desk.sync_catalog()  # the app's start-up sync: not timed
        await desk.select_account(account)
        book = await desk.sync_price_book()
        print(f"price book: {book.accounts} accounts, {book.skus} SKUs, synced {book.synced_at}")

        client = httpx.AsyncClient(base_url=e["B2BTERM_MEDUSA_URL"], timeout=30)
        token = (await client.post("/auth/user/emailpass", json={"email": e["B2BTERM_MEDUSA_USER"],
                                                                 "password": e["B2BTERM_MEDUSA_PASSWORD"]})).json()
        client.headers["Authorization"] = f"Bearer {token['token']}"

        # what Medusa's search is asked for each model: --model as a user would retype it, the others by the
        # variant's own SKU (its q finds a variant by SKU; not every model written without its marks)
        probes = {args.model: "".join(ch for ch in args.model if ch.isalnum())}
        for product in desk.catalog.products(sorted(desk.price_book.load().rules.skus)).values():
            probes.setdefault(product.model, product.sku)

        async def medusa_way(model: str, qty: int) -> str:
            """A best-effort Admin API client: the three independent requests at once, then the price computed."""
            probe = probes[model]
            variants, customer, lists = await asyncio.gather(
                client.get("/admin/product-variants", params={
                    "q": probe, "fields": "id,sku,title,product.title,prices.*,"
                                          "inventory_items.inventory.location_levels.*"}),
                client.get(f"/admin/customers/{account}", params={"fields": "id,groups.id"}),
                client.get("/admin/price-lists", params={
                    "fields": "id,title,description,type,status,starts_at,ends_at,price_list_rules.*,prices.*,"
                              "prices.price_set.variant.id", "status[]": "active", "limit": 1000}))
            variant = json.loads(variants.content, parse_float=Decimal)["variants"][0]
            groups = frozenset(str(g["id"]) for g in customer.json()["customer"].get("groups") or [])
            price_lists = [m.price_list_from_json(r)
                           for r in json.loads(lists.content, parse_float=Decimal)["price_lists"]]
            got = m.price(variant, qty, price_lists, groups, "cny", clock.now())
            stock = sum(int(lv.get("stocked_quantity") or 0) for item in variant.get("inventory_items") or []
                        for lv in (item.get("inventory") or {}).get("location_levels") or [])
            return f"{variant['sku']} {got.net_price} ({got.source.label()}), {len(got.breaks)} breaks, stock {stock}"

        async def live_way(qty: int) -> str:
            sku = desk.search_catalog(args.model, limit=50).hits[0].sku
            [q] = await platform.quote(account, [(sku, qty)])
            return f"{q.sku} {q.net_price} ({q.source.label()}), {len(q.breaks)} breaks"

        models = [args.model, *(m for m in opened_models(desk) if m != args.model)]
        print(f"open: {len(models)} products of the price book in turn, each as its first opening in the session")
        keystroke, open_query, ctx, state = await b2bterm_ways(desk, models, args.qty)
        floor_keystroke, floor_open, floor_ctx = await floor_ways()
        load_before = load()
        results: dict[str, list[float]] = {"medusa": [], "keystroke": [], "floor keystroke": [], "open": [],
                                           "floor open": [], "live": []}
        rows: list[int] = []
        for n in range(args.runs):
            t = time.perf_counter()
            await medusa_way(models[n % len(models)], args.qty + n)  # the question the open of this run asks
            results["medusa"].append((time.perf_counter() - t) * 1000)
            results["keystroke"].append(await keystroke(n))
            rows.append(state["rows"])
            results["floor keystroke"].append(await floor_keystroke(n, state["rows"]))
            results["open"].append(await open_query(n))
            results["floor open"].append(await floor_open(n))
            t = time.perf_counter()
            await live_way(args.qty + n)
            results["live"].append((time.perf_counter() - t) * 1000)
        load_after = load()
        await floor_ctx.__aexit__(None, None, None)
        await ctx.__aexit__(None, None, None)
        gc.unfreeze()
        print(f"load average before: {load_before}, after: {load_after}")
        local = desk.price_book.local_quote(account, desk.search_catalog(args.model, limit=50).hits[0].sku, args.qty)
        assert local is not None
        print(f"b2bterm shows: {local.sku} {local.net_price} 含税 {local.net_price_incl_tax} ({local.source.label()}), "
              f"{len(local.breaks)} breaks, as of {local.fetched_at}")
        print(f"live quote:    {await live_way(args.qty)}")
        print(f"Medusa API:    {await medusa_way(args.model, args.qty)}")
        await offline_day(desk, platform)
        await client.aclose()
        await desk.aclose()
    for key, values in results.items():
        print(f"{key:16s} median {statistics.median(values):7.1f} ms   p95 {pct(values, 0.95):7.1f} ms   "
              f"(n={len(values)})")
    print(f"the keystroke's frame drew {statistics.median(rows):.0f} rows (median; {min(rows)}-{max(rows)}): the floor "
          "repaints as many")
    medusa = statistics.median(results["medusa"])
    for way in ("keystroke", "open"):
        mine, floor = statistics.median(results[way]), statistics.median(results["floor " + way])
        tail = pct(results[way], 0.95) / pct(results["floor " + way], 0.95)
        print(f"{way:9s} b2bterm / floor {mine / floor:4.2f}x (p95 {tail:4.2f}x)"
              f" · Medusa / b2bterm {medusa / mine:5.1f}x (target >= 20x) · Medusa / floor {medusa / floor:5.1f}x "
              "(the best a Textual app could show)")
    print(f"load {load_after}")


async def offline_day(desk: Desk, platform: MedusaPlatform) -> None:
    """50 orders priced from the price book alone (no platform call), then checked against live quotes."""
    rules = desk.price_book.rules
    assert rules is not None
    rnd = random.Random(50)
    skus = sorted(rules.skus)
    accounts = sorted(rules.accounts)
    day = [(rnd.choice(accounts), [(rnd.choice(skus), rnd.choice([1, 2, 5, 10, 19, 20, 50, 99, 100, 200]))
                                   for _ in range(rnd.randint(3, 25))]) for _ in range(50)]
    t = time.perf_counter()
    priced = [desk.price_book.local_quotes(acc, lines) for acc, lines in day]
    offline_ms = (time.perf_counter() - t) * 1000
    n_lines = sum(len(lines) for _, lines in day)
    n_priced = sum(q is not None for order in priced for q in order)
    as_of = {q.fetched_at for order in priced for q in order if q is not None}
    print(f"offline day: 50 orders, {n_lines} lines, {n_priced} priced from the price book ({n_priced / n_lines:.0%}) "
          f"in {offline_ms:.1f} ms, as of {', '.join(str(a) for a in sorted(as_of, key=str))}")
    same = total = 0
    for (acc, lines), local in zip(day, priced, strict=True):
        live = await platform.quote(acc, lines)
        for lq, q in zip(local, live, strict=True):
            total += 1
            same += lq is not None and (lq.net_price, lq.breaks, lq.source, lq.tax_rate) == (
                q.net_price, q.breaks, q.source, q.tax_rate)
    print(f"local vs live on that day: {same}/{total} agree ({same / total:.1%})")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


if __name__ == "__main__":
    asyncio.run(main())
