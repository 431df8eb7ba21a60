"""What quick-order resolution needs from a catalog. The local store implements it (b2bterm.local.catalog)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from b2bterm.domain.models import CodeMatch, Product


class CodeLookup(Protocol):
    def products(self, skus: Sequence[str]) -> dict[str, Product]:
        """Products by exact SKU (as stored)."""
        ...

    def match_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        """For each input code, every exact match: SKU, the account's customer part number, cross-reference,
        EAN, normalised model number and loose (O/0, I/1) model key. Keys of the result are the input codes;
        a code with no match is absent. One round trip for the whole batch."""
        ...

    def prefix_matches(self, code: str, *, limit: int = 5) -> list[Product]:
        """Products whose normalised model number starts with normalise(code), most popular model first; each model's
        most popular product before any model's second one (five brands of one cable do not hide the others)."""
        ...

    def fuzzy_candidates(self, code: str, *, limit: int = 5) -> list[tuple[Product, float]]:
        """Near misses (score 0..100, best first), spread over models like ``prefix_matches``, found through an
        index (never a scan of every model number)."""
        ...

    def prefix_skus(self, code: str, *, limit: int = 5) -> list[str]:
        """The SKUs of ``prefix_matches``, in its order, without reading the products."""
        ...

    def prefixed(self, codes: Sequence[str]) -> set[str]:
        """The codes ``prefix_skus`` finds something for, asked for many codes at once."""
        ...

    def fuzzy_skus(self, code: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """The SKUs and scores of ``fuzzy_candidates``, in its order, without reading the products."""
        ...

    # optional (resolve asks with getattr): ``fuzzy_many(codes, *, limit)``, ``fuzzy_skus`` of many codes at once;
    # ``described(text, *, account_id, limit, every_word)``, a line searched as a description; ``one_paste()``, a
    # context manager holding the catalog for a whole paste's resolve
