"""A LocalCatalog on a real SQLite file, filled with given products, for the catalog tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
