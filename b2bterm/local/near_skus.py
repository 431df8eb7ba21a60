"""Quick order's near misses as SKUs only (``CodeLookup.prefix_skus``/``fuzzy_skus``): a paste reads the products its
lines need in one batch, and a candidate's when its pick list opens, instead of decoding every candidate found."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from b2bterm.domain.modelno import normalise
from b2bterm.domain.search_query import parse_query
from b2bterm.local.catalog_index import chunks, qmarks

if TYPE_CHECKING:
    from b2bterm.domain.search_query import SearchResult
    from b2bterm.domain.understand import Lexicon, Understanding


class NearSkus:
    """Mixed into ``LocalCatalog``: it provides the lock, the connection and the id-level searches used here."""

    db: object
    _conn: sqlite3.Connection
    _checked: int

    if TYPE_CHECKING:  # LocalCatalog's
        def _prefix_models(self, key: str, *, longer_only: bool = False) -> list[tuple[int, str]]: ...
        def _spread(self, keys: Sequence[str], limit: int) -> list[tuple[int, str]]: ...
        def _fuzzy_ids(self, code: str, *, limit: int) -> list[tuple[int, float]]: ...
        def _lexicon_of(self, conn: sqlite3.Connection) -> Lexicon: ...
        def search(self, query: str, *, account_id: str | None = None, limit: int = 50, count: bool = False,
                   understood: Understanding | None = None) -> SearchResult: ...

    def _prefix_spread(self, code: str, limit: int) -> list[int]:
        key = normalise(code) if isinstance(code, str) else ""
        models = self._prefix_models(key)
        return [pid for pid, _ in self._spread([k for _, k in models[:limit]], limit)]

    def _lock(self) -> threading.RLock:
        return self.db.lock  # type: ignore[attr-defined,no-any-return]

    @contextmanager
    def checked_once(self) -> Iterator[None]:
        """The lock held and the catalog file checked once for the block: each ``_conn`` asks SQLite whether another
        process swapped the file, and a paste's near misses and descriptions take hundreds of them."""
        with self._lock():
            _ = self._conn  # the check
            self._checked += 1
            try:
                yield
            finally:
                self._checked -= 1

    def prefix_skus(self, code: str, *, limit: int = 5) -> list[str]:
        """The SKUs of ``prefix_matches``, no product read."""
        with self.checked_once():
            ids = self._prefix_spread(code, limit)
            sku_of = self._skus_of(ids)
        return [sku_of[i] for i in ids if i in sku_of]

    def fuzzy_skus(self, code: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """The SKUs and scores of ``fuzzy_candidates``, no product read."""
        with self.checked_once():
            picked = self._fuzzy_ids(code, limit=limit)
            sku_of = self._skus_of([pid for pid, _ in picked])
        return [(sku_of[pid], score) for pid, score in picked if pid in sku_of]

    def _skus_of(self, ids: Sequence[int]) -> dict[int, str]:
        """SKU by product id. Caller holds the lock."""
        out: dict[int, str] = {}
        for chunk in chunks(ids):
            out.update(self._conn.execute(f"SELECT id, sku FROM product WHERE id IN ({qmarks(len(chunk))})",
                                          tuple(chunk)))
        return out

    def described(self, text: str, *, account_id: str | None = None, limit: int = 20) -> SearchResult | None:
        """``search`` for a line that no code matched, read as a description ("施耐德接触器 9A 220V"); None at once
        when the catalog's vocabulary understands nothing in it beyond plain words: the search would then find no
        products that fit a description (``understood`` None), and its other steps (codes, words, near misses)
        cost a paste of unknown codes a few milliseconds a line. The understanding read here is the search's."""
        pq = parse_query(text if isinstance(text, str) else "")
        if pq.empty or pq.filters:
            return None  # the search understands nothing when the query is empty or has filters
        with self.checked_once():
            understood = self._lexicon_of(self._conn).understand(pq.text)
            if not understood.rich:
                return None
            return self.search(text, account_id=account_id, limit=limit, understood=understood)
