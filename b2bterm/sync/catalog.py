"""Moved to ``b2bterm.services.catalog_sync`` (this name stays for code written against it)."""

from b2bterm.services.catalog_sync import CatalogWriter, ProgressCallback, SyncSummary, sync_catalog

__all__ = ["CatalogWriter", "ProgressCallback", "SyncSummary", "sync_catalog"]
