"""While the catalog arrives (a first start): the platform's own search and code resolution through the gateway, and
the index-text workers a first build starts inside the app."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from b2bterm.domain.search_query import MatchKind
from b2bterm.platform.demo.adapter import DemoPlatform
from b2bterm.services.arriving_search import resolve_on_platform, search_platform
from b2bterm.services.gateway import Gateway


def _cross_referenced(path: Path) -> tuple[str, str]:
    """(model, sku) of a product whose model other products name as a cross-reference."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT p.model, p.sku FROM products p JOIN xref x ON x.code_key = p.model_key"
                           " AND x.sku != p.sku WHERE (SELECT count(*) FROM products q WHERE q.model_key ="
                           " p.model_key) = 1 LIMIT 1").fetchone()
    finally:
        conn.close()
    assert row is not None
    return row[0], row[1]


async def test_a_model_resolves_to_its_own_product_not_to_those_that_cross_reference_it(
        demo_platform_file: Path) -> None:
    platform = DemoPlatform(demo_platform_file)
    try:
        model, sku = _cross_referenced(demo_platform_file)
        found = await resolve_on_platform(Gateway(platform), [model, "QQQQ-99999"])
        assert {code: p.sku for code, p in found.items()} == {model: sku}
    finally:
        await platform.aclose()


async def test_the_platforms_search_is_marked_and_puts_the_model_first(demo_platform_file: Path) -> None:
    platform = DemoPlatform(demo_platform_file)
    try:
        model, sku = _cross_referenced(demo_platform_file)
        result = await search_platform(Gateway(platform), model)
        assert result.remote and result.hits[0].sku == sku and result.hits[0].match is MatchKind.MODEL
    finally:
        await platform.aclose()


def test_index_text_workers_start_under_textual_s_standard_error(tmp_path: Path) -> None:
    """Inside the app sys.stderr is Textual's capture, whose file number is -1: starting the worker processes failed
    there ("bad value(s) in fds_to_keep"), and with it the app's start-up build of a big catalog. In a process of its
    own: the resource tracker multiprocessing starts once per process must be started here."""
    script = (
        "import io, sys\n"
        "class Capture(io.StringIO):\n"
        "    def fileno(self):\n"
        "        return -1\n"
        "sys.stderr = Capture()\n"
        "from b2bterm.local.catalog_build import TextPool\n"
        "pool = TextPool(2)\n"
        "print(sorted(pool.pool.map(abs, [-1, -2])))\n"
        "pool.close()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1, 2]"


async def test_a_search_is_not_queued_behind_a_page_of_the_catalog(demo_platform_file: Path) -> None:
    """A first sync reads the catalog a page of thousands of products at a time, asking for the next page while it
    writes the last: the search a user types meanwhile (and a quote, an order) must not wait for those pages, nor a
    page for them."""
    from busy import held_elsewhere

    platform = DemoPlatform(demo_platform_file)
    try:
        model, sku = _cross_referenced(demo_platform_file)
        page = await platform.catalog_changes(None, limit=5)  # (the page's connection, opened)
        with held_elsewhere(platform._feed_lock):  # a page being read, meanwhile
            found = await search_platform(Gateway(platform), model)
            assert sku in [h.product.sku for h in found.hits]
            assert (await platform.get_products([sku]))[sku].model == model
        with held_elsewhere(platform._lock):  # a search, a quote or an order being answered, meanwhile
            after = await platform.catalog_changes(page.next_cursor, limit=5)
        assert len(after.products) == 5 and after.products[0].sku not in {p.sku for p in page.products}
    finally:
        await platform.aclose()
