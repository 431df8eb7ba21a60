"""The figures benchmarks/run.py measures in its own process: the local search, a Quick-order paste, the orders list
and the CLI's start. Each is measured as the app asks for it (its result limit, an account chosen, the draft
written), with no warm-up on the inputs it times.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quickorder_bench  # noqa: E402  (the paste maker of the older benchmark, reused)
import search_bench  # noqa: E402  (its query makers, reused)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Sample:
    products: list[Any]
    models: list[str]


def open_catalog_readonly(local: Path) -> Any:  # -> sqlite3.Connection
    """The profile database read-only, with its current catalog file attached as the app attaches it (the catalog's
    tables live in ``local.catalog-<n>.sqlite``, named by ``catalog_home``): unqualified names reach the catalog."""
    import sqlite3

    conn = sqlite3.connect(f"file:{local}?mode=ro", uri=True)
    row = conn.execute("SELECT value FROM catalog_home WHERE key='file'").fetchone()
    if row is not None:
        conn.execute("ATTACH DATABASE ? AS catalog", (f"file:{local.parent / row[0]}?mode=ro",))
    return conn


def sample_catalog(db_path: Path, n: int, seed: int) -> Sample:
    """Products spread over the catalog, read through a connection of their own (closed before any timing)."""
    from b2bterm.local.product_codec import codec_of

    conn = open_catalog_readonly(db_path)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM product")]  # (drawn from all ids: not a range)
        rng = random.Random(seed)
        picked_ids = rng.sample(ids, min(n * 3, len(ids)))
        rows = []
        for i in range(0, len(picked_ids), 500):
            chunk = picked_ids[i:i + 500]
            rows += conn.execute(f"SELECT data FROM product WHERE id IN ({','.join('?' * len(chunk))})",
                                 chunk).fetchall()
        codec = codec_of(conn, "catalog")
    finally:
        conn.close()
    products = [codec.decode(r[0]) for r in rows]
    rng.shuffle(products)
    seen: dict[str, Any] = {}
    for p in products:
        seen.setdefault(p.model, p)
    picked = list(seen.values())[:n]
    return Sample(picked, [p.model for p in picked])


def search_queries(sample: Sample, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    kinds: dict[str, Callable[[Any], str | None]] = {
        "exact model (sloppy)": lambda p: search_bench.mangle(p.model, rng),
        "exact sku": lambda p: p.sku.lower(),
        "O/0 I/1 slip": lambda p: search_bench.slip(p.model),
        "model prefix": lambda p: p.model.replace("-", "")[: rng.randint(4, 6)],
        "model fragment": lambda p: search_bench.fragment(p.model, rng),
        "words (prefixes)": lambda p: search_bench.words(p, rng),
        "broad word": lambda p: rng.choice(["contactor", "c", "breaker", "relay", "ac", "2", "sensor", "cable"]),
        "chinese 1 char": lambda p: search_bench.chinese(p, rng, 1),
        "chinese 2 chars": lambda p: search_bench.chinese(p, rng, 2),
        "pinyin": lambda p: search_bench.pinyin(p, rng, False),
        "pinyin initials": lambda p: search_bench.pinyin(p, rng, True),
        "filters brand:/cat:": lambda p: search_bench.filters(p, rng),
        "phrase (brand, kind, values)": lambda p: f"{p.brand.split()[0]} {p.category.split()[0]} "
                                                  f"{(p.attributes[0][1] if p.attributes else '')}",
    }
    return {name: [q for q in (make(p) for p in sample.products) if q] for name, make in kinds.items()}


def search_figure(catalog: Any, queries: dict[str, list[str]], account_id: str | None,
                  limit: int) -> tuple[list[float], dict[str, float]]:
    """Every query once, in turn over the kinds (no query is run before it is timed); the hits' products are read
    as the screen reads them: the rows of one screen (30)."""
    times: list[float] = []
    per_kind: dict[str, list[float]] = {}
    longest = max(len(v) for v in queries.values())
    for i in range(longest):
        for name, qs in queries.items():
            if i >= len(qs):
                continue
            t = time.perf_counter()
            result = catalog.search(qs[i], account_id=account_id, limit=limit)
            for hit in result.hits[:30]:
                _ = hit.product
            dt = (time.perf_counter() - t) * 1000
            times.append(dt)
            per_kind.setdefault(name, []).append(dt)
    return times, {k: pct(v, 95) for k, v in per_kind.items()}


_REF_WORD = re.compile(r"([A-Z]+)(\d+)")


def host_reference(runs: int = 15) -> float:
    """The host's speed at this moment: the median time (ms) of a fixed pure-Python step (string, dict and regular
    expression work like a paste's parse, the same code whatever the app's code is). On these shared hosts every
    figure of pure Python goes up to ~1.6x slower for minutes at a time with the load unchanged; the paste rows print
    this reference taken before and after their runs, so that a figure is read with the host's speed of its minute
    (it is never used to scale a figure)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        seen: dict[str, list[str]] = {}
        for i in range(3000):
            s = f"LC{i % 977:x}-D{i:05d} m{i % 7}"
            key = s.upper().replace(" ", "").replace("-", "")
            m = _REF_WORD.match(key)
            seen[key] = [m.group(1) if m else "", s.lower(), *key.split("D")]
        times.append((time.perf_counter() - t) * 1000)
    return pct(times, 50)


def forget_typed() -> None:
    """What the app remembers of text a customer typed (quantities read, values stated after a model, colour words
    with a slip) forgotten, as in a session's first paste: the benchmark's pastes share their models and their
    quantities, so a later paste would find what an earlier one read. (Vocabulary, catalog and product-side caches
    stay: the app has them warm before its first paste.)"""
    from b2bterm.domain.quantity import read_quantity
    from b2bterm.quickorder.itemwords import near_colour
    from b2bterm.quickorder.stated import only_values

    read_quantity.cache_clear()
    only_values.cache_clear()
    near_colour.cache_clear()


def quickorder_figure(desk: Any, account_id: str, models: list[str], runs: int, lines: int,
                      seed: int) -> tuple[list[float], list[float]]:
    """A paste of ``lines`` lines (quickorder_bench.make_paste: mixed layouts, exact, sloppy, mistyped and unknown
    models, quantities in digits, Chinese numerals and packs, lines to set aside) into a new draft of the account:
    parse, resolve and the draft's write, as Quick order's worker does it, until the lines are committed. The desk is
    warmed as the app warms it at start (its search vocabulary: a description line is searched) and when the account
    is chosen (its habits from its cached orders and contract quotes: ``Desk.warm_habits``, which the app runs in the
    worker that caches the account's part numbers, ``refresh_customer_parts``; a paste finds them while the account's
    orders and quotes stay as they were, as a user's next paste does), never on the pastes timed. The cyclic
    collector, held off during the paste, runs once after it on what the paste left: in the app, whose heap is
    settled (gc.freeze), that walks only what was made since; not timed here. A different paste each run; the drafts
    are deleted afterwards. Returns the wall-clock times and the process's CPU
    times of the same pastes (on a shared machine the wall clock also counts the time other processes had the
    cores: the CPU time is the work itself)."""
    rng = random.Random(seed)
    times: list[float] = []
    cpu: list[float] = []
    desk.warm_search()  # as the app does at start (B2BApp._after_count_shown): the search's vocabulary, built once
    desk.warm_habits(account_id)  # as the app does when the account is chosen (Desk.refresh_customer_parts)
    for _ in range(runs):
        text, _typos = quickorder_bench.make_paste(models, lines, 0.10, rng)
        pad = desk.new_pad(account_id, title="benchmark")
        forget_typed()  # every paste as the first of a session: the pastes here share their models
        t, c = time.perf_counter(), time.process_time()
        pad.add_text(text)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        desk.drafts.delete_draft(pad.draft_id)
    return times, cpu


class Framed(asyncio.Event):
    """``first_frame``'s event, with when that frame was handed to the terminal: ``at`` (``time.perf_counter``)
    and ``cpu`` (``time.process_time``)."""

    at = 0.0
    cpu = 0.0


def first_frame(app: Any, ready: Callable[[], bool]) -> Framed:
    """An event set by the first frame the app composes once ``ready()`` holds when the frame is made (headless, the
    frame is rendered but not written: ``App._display`` is where a terminal would get it), with the time it was
    handed over (``at``, ``cpu``: after the frame's write, when the user sees it; what the loop runs after it, and the
    waiting coroutine's wake-up, are not the user's wait). Nothing polls: the event loop is as idle as a user's while
    the paste is worked on."""
    framed = Framed()
    display = app._display

    def hooked(screen: Any, renderable: Any) -> None:
        shown = renderable is not None and not framed.is_set() and ready()
        display(screen, renderable)
        if shown:
            framed.at, framed.cpu = time.perf_counter(), time.process_time()
            framed.set()

    app._display = hooked
    return framed


def terminal_paste(app: Any, text: str, parser_class: type | None = None) -> None:
    """Hand ``text`` to the app as a terminal does: a bracketed paste (the terminal sends line ends as CR), its bytes
    read 4 KiB at a time and parsed in a thread of its own by the parser the app's driver reads a terminal with
    (``parser_class``: b2bterm's ``TerminalKeys``, which its drivers use (ui/keys.py), unless told; the floor app
    reads with Textual's own ``XTermParser``), each event it yields posted to the app from that thread (as
    ``LinuxDriver`` does), so the parse and the hop count as in a terminal."""
    import threading
    from codecs import getincrementaldecoder

    if parser_class is None:
        from b2bterm.ui.keys import TerminalKeys as parser_class

    loop = asyncio.get_running_loop()
    data = ("\x1b[200~" + text.replace("\r\n", "\r").replace("\n", "\r") + "\x1b[201~").encode("utf-8")

    def read() -> None:
        parser, decode = parser_class(), getincrementaldecoder("utf-8")().decode
        for i in range(0, len(data), 4096):
            for event in parser.feed(decode(data[i:i + 4096], final=i + 4096 >= len(data))):
                event.set_sender(app)
                asyncio.run_coroutine_threadsafe(app._post_message(event), loop=loop)

    threading.Thread(target=read, daemon=True).start()


def quickorder_screen_figure(account_id: str, models: list[str], runs: int, lines: int,
                             seed: int) -> tuple[list[float], list[float], list[float]]:
    """A paste of ``lines`` lines (as ``quickorder_figure``) into Quick order in the real app (headless, 160x45, the
    account chosen, the profile of the environment), pasted as a terminal pastes (``terminal_paste``: bracketed,
    parsed by the parser the app's drivers read a terminal with): from the paste's bytes reaching the app to the
    first frame in which the user sees every visible line resolved and priced: the lines table shows the pad's lines
    after the price answer (the totals line says so), each visible resolved line with its price, and the line the
    cursor went to (the paste's last) in view. An earlier frame (the lines before their prices) does not stop the
    clock. A fresh app each time, its heap settled as in a terminal (``B2BApp.settle_heap`` freezes it;
    headless apps do not unless told); after it, its drafts are deleted and its objects thawed and collected, so
    that no run pays for the one before. The floor, in turn with it: the same paste into the minimal Textual app
    (benchmarks/floor_app.py), to the first frame with the paste in its box. Returns the app's times, the floor's,
    and the app process's CPU time over the same span (the work itself, whatever the load)."""
    from b2bterm.config import load_config
    from b2bterm.domain.models import LineStatus
    from b2bterm.services.desk import open_desk
    from b2bterm.ui.app import B2BApp
    from b2bterm.ui.screens.quickorder.lines_table import PadTable
    from b2bterm.ui.screens.quickorder.notices import TotalsBar
    from b2bterm.ui.screens.quickorder.view import TEXT

    rng = random.Random(seed)

    async def one(text: str) -> tuple[float, float]:
        desk = open_desk(load_config())
        before = {d.id for d in desk.drafts.list_drafts()}
        try:
            await desk.select_account(account_id)
            app = B2BApp(desk=desk, sync_on_start=False)
            app.freeze_heap = True  # as in a terminal: what lives as long as the app is out of the collector's sight
            async with app.run_test(size=(160, 45)) as pilot:
                await pilot.press("f3")  # Quick order
                await app.workers.wait_for_complete()
                await pilot.pause()
                table = app.screen.query_one("#qo-lines", PadTable)
                totals = app.screen.query_one(TotalsBar)
                if table.lines:
                    raise AssertionError("the pad is not empty before the paste")

                def priced() -> bool:  # the lines after their price answer are what the table shows, the
                    if not table.lines or totals.price_note in ("", TEXT["pricing"]):  # cursor's (the paste's
                        return False                                                 # last line) in view
                    top = int(table.scroll_y)
                    return top <= table.cursor < top + table.scrollable_content_region.height - 1

                framed = first_frame(app, priced)
                forget_typed()  # every paste as the first of a session, as quickorder_figure does
                t, c = time.perf_counter(), time.process_time()
                terminal_paste(app, text)
                await asyncio.wait_for(framed.wait(), 60)
                took, cpu = (framed.at - t) * 1000, (framed.cpu - c) * 1000  # to the frame's write
                first, typed = table.row_text(0), _first_input(text)
                if typed not in first:
                    raise AssertionError(f"the table's first row is not the paste's first line: {first!r}")
                top, height = int(table.scroll_y), table.scrollable_content_region.height - 1
                for i, row in enumerate(table.lines[top:top + height], start=top):
                    if row.status is LineStatus.RESOLVED and row.qty >= 1 and row.unit_price is None:
                        raise AssertionError(f"visible line {i + 1} is resolved but shows no price")
                await app.workers.wait_for_complete()
        finally:
            for d in desk.drafts.list_drafts():
                if d.id not in before:
                    desk.drafts.delete_draft(d.id)
            await desk.aclose()
            gc.unfreeze()  # this app is gone: its objects (and their cycles) are garbage, collected before the next
            gc.collect()
        return took, cpu

    async def floor(text: str) -> float:
        from floor_app import FloorApp
        from textual._xterm_parser import XTermParser
        from textual.widgets import Input

        app = FloorApp()
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            box = app.query_one(Input)
            framed = first_frame(app, lambda: bool(box.value))
            t = time.perf_counter()
            terminal_paste(app, text, XTermParser)  # a stock Textual app reads with Textual's parser
            await asyncio.wait_for(framed.wait(), 60)
            return (framed.at - t) * 1000

    app_times: list[float] = []
    app_cpu: list[float] = []
    floor_times: list[float] = []
    for _ in range(runs):  # in turn, so that both see the same load
        text = quickorder_bench.make_paste(models, lines, 0.10, rng)[0]
        took, cpu = asyncio.run(one(text))
        app_times.append(took)
        app_cpu.append(cpu)
        floor_times.append(asyncio.run(floor(text)))
    return app_times, floor_times, app_cpu


def _first_input(text: str) -> str:
    """The paste's first order line as the lines table's Input column holds it."""
    from b2bterm.quickorder.parser import parse_order_text

    first = parse_order_text(text).lines[0]
    return (first.item or first.raw).strip()


def orders_figure(count: int) -> tuple[list[float], list[float]]:
    """``count`` cached orders in a profile database of their own: opening the list (everything) and a ``po:`` filter
    typed key by key, each as the screen does it: its worker's read of the listing (``OrderBook.local_orders``: the
    filter counted and the first page read in SQLite, the cache's count, its sync state), then on the UI thread the
    rows a 24-line terminal draws (decoded and built from the listing)."""

    import orders_bench

    from b2bterm.local.db import Database
    from b2bterm.local.orders import OrderCache
    from b2bterm.services.orders import OrderBook, parse_filter
    from b2bterm.ui.screens.orders import listing_numbers, listing_rows, model_filter

    opened: list[float] = []
    typed: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "local.sqlite")
        cache = OrderCache(db)
        rows = orders_bench.summaries(count)
        for i in range(0, len(rows), 500):
            cache.put_summaries(rows[i:i + 500])

        class Host:  # what OrderBook.local_orders stands on: the profile database
            def __init__(self) -> None:
                self.db = db
                self.gateway = None

        book = OrderBook(Host())  # type: ignore[arg-type]

        def listed(text: str) -> None:
            f = parse_filter(text)[0]  # the screen's worker (OrdersScreen._load_local)
            listing = book.local_orders("C10001", f)
            by_model = model_filter(f)
            if not listing.rows and by_model is not None:
                listing = book.local_orders("C10001", by_model)
            shown = listing_rows(listing.rows, with_account=False)  # then the UI thread: the rows drawn
            keys = listing_numbers(listing.rows)
            for i in range(min(22, len(shown))):
                len(shown[i])
                keys[i]

        for _ in range(5):
            t = time.perf_counter()
            listed("")
            opened.append((time.perf_counter() - t) * 1000)
        rng = random.Random(count)
        for _ in range(4):
            po = f"po:PO-{rng.choice(['2025', '2026'])}-{rng.randrange(10):d}{rng.randrange(10):d}"
            for end in range(4, len(po) + 1):
                t = time.perf_counter()
                listed(po[:end])
                typed.append((time.perf_counter() - t) * 1000)
        db.close()
    return opened, typed


def cli_figure(env: dict[str, str], queries: list[str], runs: int) -> tuple[list[float], list[float]]:
    """``b2bterm --version`` and ``b2bterm search <query>`` in fresh processes, alternately."""
    exe = str(Path(sys.executable).with_name("b2bterm"))
    version: list[float] = []
    search: list[float] = []
    env = {k: v for k, v in {**os.environ, **env}.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([exe, "--version"], env=env, capture_output=True, check=True)
    for i in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, "--version"], env=env, capture_output=True, check=True)
        version.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        done = subprocess.run([exe, "search", queries[i % len(queries)]], env=env, capture_output=True)
        search.append((time.perf_counter() - t) * 1000)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"b2bterm search failed: {done.stderr.decode(errors='replace')[-500:]}")
    return version, search


def run_async(coro: Any) -> Any:
    return asyncio.run(coro)
