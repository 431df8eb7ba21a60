"""A LocalCatalog on a real SQLite file, filled with given products, for the catalog tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from b2bterm.domain.models import Product
from b2bterm.local.catalog import LocalCatalog
from b2bterm.local.db import Database
from b2bterm.platform.base import CatalogChanges


def open_catalog(folder: Path, products: Sequence[Product]) -> Iterator[LocalCatalog]:
    """Yield the catalog (one full sync pass of ``products``); close its database afterwards."""
    db = Database(folder / "profile.sqlite")
    cat = LocalCatalog(db)
    cat.apply_changes(CatalogChanges(products=tuple(products), next_cursor="c1", done=True, total=len(products)))
    yield cat
    db.close()


def three_ways(folder: Path, products: Sequence[Product], *, first: int, page: int) -> dict[str, LocalCatalog]:
    """The same catalog three ways: "bulk" (one full pass, built into a file of its own), "paged" (a full pass of the
    first ``first`` products and one more that is removed again at the end, then pages of ``page`` written one at a
    time) and "memory" (an in-memory profile)."""
    n = len(products)
    bulk = LocalCatalog(Database(folder / "bulk" / "local.sqlite"))
    bulk.apply_changes(CatalogChanges(products=tuple(products), next_cursor=str(n), done=True))
    paged = LocalCatalog(Database(folder / "paged" / "local.sqlite"))
    gone = replace(products[0], sku=products[0].sku + "-GONE")
    paged.apply_changes(CatalogChanges(products=(*products[:first], gone), next_cursor="0", done=True))
    for start in range(first, n, page):
        paged.apply_changes(CatalogChanges(products=tuple(products[start:start + page]),
                                           next_cursor=str(start + page), done=True))
    paged.apply_changes(CatalogChanges(products=(), deleted=(gone.sku,), next_cursor=str(n + 1), done=True))
    memory = LocalCatalog(Database(":memory:"))
    memory.apply_changes(CatalogChanges(products=tuple(products), next_cursor=str(n), done=True))
    return {"bulk": bulk, "paged": paged, "memory": memory}


def aged_catalog(folder: Path, products: Sequence[Product], fmt: str, *statements: str) -> tuple[LocalCatalog, Path]:
    """A catalog synced with ``products`` whose file is then made one of format ``fmt`` (``statements`` run on it
    take away what that format did not have), opened again; and the path of that file."""
    import sqlite3

    from b2bterm.local.attr_search import facts_version

    db = Database(folder / "local.sqlite")
    catalog = LocalCatalog(db)
    catalog.apply_changes(CatalogChanges(products=tuple(products), next_cursor="40", done=True))
    old = catalog.home.path(catalog.home.current or "")
    db.close()
    conn = sqlite3.connect(old)
    for statement in statements:
        conn.execute(statement)
    conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'format'", (f"{fmt}:{facts_version()}",))
    conn.commit()
    conn.close()
    return LocalCatalog(Database(folder / "local.sqlite")), old
