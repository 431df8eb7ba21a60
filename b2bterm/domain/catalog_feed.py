"""What a platform hands the local catalog: pages of changes and an account's own part numbers (plain data)."""

from __future__ import annotations

from b2bterm.domain.models import Product
from b2bterm.domain.record import record


@record
class CatalogChanges:
    products: tuple[Product, ...]
    deleted: tuple[str, ...] = ()
    next_cursor: str = ""
    done: bool = True  # True when nothing more is waiting right now
    total: int | None = None  # size of the full catalog, for progress


@record
class CustomerPartNumber:
    account_id: str
    code: str  # the customer's own part number
    sku: str


@record
class CatalogSnapshot:
    """A prebuilt local catalog a platform offers (``Capability.CATALOG_SNAPSHOT``): a terminal downloads it instead
    of paging through the whole catalog, then asks ``catalog_changes`` from ``cursor`` for what changed since."""

    id: str  # names the file on the platform
    format: str  # what it was built with; a terminal takes only its own format
    cursor: str  # the catalog_changes cursor it is up to date with
    total: int  # products in it
    size: int  # bytes
    sha256: str  # of the file, hex
