"""How a product is stored in the catalog file: its JSON, compressed with a dictionary trained on the catalog itself.

A million products' JSON is most of a catalog file (about 660 bytes a row); names, attribute pairs, brands and
cross-references repeat across a catalog but not within one row, so a row alone barely compresses. A Zstandard
dictionary trained at build time on a sample of the catalog's own rows (kept in the file's ``catalog_dict`` table)
brings a row to about 100 bytes at zstd's level 3; at ``LEVEL`` 9 (catalog format 11) to about 86 (the 1M demo's
product table: 144.9 -> 130.0 MiB), compressed in about 22 µs of CPU instead of 3 (a 1M build: about 19 s more, in
its ``finish``), decoded in about 1-2 µs either way (measured on 7,000 rows of the 1M demo; level 12: 83 bytes,
25 µs; 6: 94, 13 µs).

A catalog without a dictionary (an in-memory profile, a file filled page by page) stores plain JSON text; the
reader tells them apart by type (``bytes`` is compressed, ``str`` is JSON), so both kinds of row read the same.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from b2bterm.domain.models import Product
from b2bterm.local.catalog_index import product_from_json, product_to_json

DICT_BYTES = 64 * 1024  # the trained dictionary's size (112 KiB: 1.7 bytes a row less, not worth it)
LEVEL = 9  # zstd's compression level for a row (the dictionary is trained at 3: the level does not change it)
SAMPLE_ROWS = 5000  # rows it is trained on (spread over the catalog)
MIN_ROWS = 200  # fewer rows than this: no dictionary (plain JSON)
MAX_ROW = 1 << 22  # a decoded row larger than this is refused (a damaged or hostile file)


def _zstd() -> Any:
    import zstandard

    return zstandard


class ProductCodec:
    """Encodes and decodes the ``product.data`` of one catalog file. Safe to share between threads."""

    def __init__(self, dictionary: bytes | None) -> None:
        self.dictionary = dictionary
        self._local = threading.local()
        self._dict: Any = None
        if dictionary:
            self._dict = _zstd().ZstdCompressionDict(dictionary)

    def _coders(self) -> tuple[Any, Any]:
        coders = getattr(self._local, "coders", None)
        if coders is None:
            zstd = _zstd()
            coders = (zstd.ZstdCompressor(level=LEVEL, dict_data=self._dict, write_checksum=False,
                                          write_content_size=True, write_dict_id=False),
                      zstd.ZstdDecompressor(dict_data=self._dict))
            self._local.coders = coders
        return coders

    def pack(self, text: str) -> str | bytes:
        """Stored form of a product's JSON text."""
        if self._dict is None:
            return text
        return bytes(self._coders()[0].compress(text.encode("utf-8")))

    def encode(self, product: Product) -> str | bytes:
        return self.pack(product_to_json(product))

    def text(self, data: str | bytes) -> str:
        """The JSON text of a stored row."""
        if isinstance(data, str):
            return data
        if self._dict is None:
            raise sqlite3.DatabaseError("a compressed product row in a catalog file without a dictionary")
        try:
            return bytes(self._coders()[1].decompress(data, max_output_size=MAX_ROW)).decode("utf-8")
        except (_zstd().ZstdError, UnicodeDecodeError) as exc:  # a damaged row: the database's damage path
            raise sqlite3.DatabaseError(f"a damaged product row in the catalog file: {exc}") from exc

    def decode(self, data: str | bytes) -> Product:
        return product_from_json(self.text(data))


PLAIN = ProductCodec(None)


def train(samples: Sequence[str]) -> bytes | None:
    """A dictionary for these sample rows (JSON texts), or None when there are too few to be worth one."""
    if len(samples) < MIN_ROWS:
        return None
    zstd = _zstd()
    try:
        trained = zstd.train_dictionary(DICT_BYTES, [s.encode("utf-8") for s in samples], level=3)
    except zstd.ZstdError:
        return None
    return bytes(trained.as_bytes())


_cache: dict[bytes, ProductCodec] = {}


def codec_of(conn: sqlite3.Connection, schema: str) -> ProductCodec:
    """The codec of the catalog file attached as ``schema`` (one object per distinct dictionary)."""
    row = conn.execute(f"SELECT data FROM {schema}.catalog_dict WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return PLAIN
    key = bytes(row[0])  # (the dictionary itself: a digest would load hashlib's OpenSSL, ~3 ms of every search)
    codec = _cache.get(key)
    if codec is None:
        if len(_cache) >= 4:
            _cache.clear()
        codec = _cache[key] = ProductCodec(key)
    return codec
