"""What the catalog's indexes hold: the words of a product (with pinyin for Chinese), its popularity id, its stored
JSON, its other exact codes; and the SQL helpers the catalog's reading and writing share."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Product, ProductStatus
from b2bterm.domain.money import Money
from b2bterm.domain.search_query import (
    chinese_index_terms,
    is_chinese,
    split_terms,
)

POP_BITS = 30
POP_MAX = (1 << POP_BITS) - 1


_CHUNK = 500  # SQL variables per IN (...)


# --- index text -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_pypinyin() -> Any:
    """pypinyin, imported on first use with its dictionaries loaded, and then kept out of the garbage collector.

    Its phrase dictionary is about 190,000 lists. Left tracked, every full collection walks them: measured after a
    1M-SKU catalog build, that put the 500-line paste's p95 at 145 ms against 80 ms. ``gc.freeze`` moves every
    object alive at that moment to the permanent generation; objects freed by reference counting are still freed,
    so what it can keep is only cyclic garbage among objects that already existed, once."""
    import gc

    import pypinyin

    pypinyin.lazy_pinyin("中文", errors="ignore")  # the dictionaries load on the first call
    gc.collect()
    gc.freeze()
    return pypinyin


@lru_cache(maxsize=65536)
def pinyin_pairs(run: str) -> tuple[tuple[str, str], ...]:
    """(pinyin term, the Chinese it spells) of a Chinese run: the run's full pinyin and its initials, from every
    syllable on (only suffixes of two syllables or more, plus the whole run), each with the part of the run it
    spells ("jiechuqi" and "jcq" spell 接触器 in 交流接触器). pypinyin is imported on first use.

    These are what ``catalog_pinyin`` holds (b2bterm.local.prefix_terms.pinyin_phrases): a typed pinyin word is
    looked up there and searched as the Chinese it spells, so the words index holds no pinyin (a third of its size,
    issue 18). A run whose characters pypinyin cannot each give a syllable maps its terms to the whole run."""
    pypinyin = load_pypinyin()
    lazy_pinyin, Style = pypinyin.lazy_pinyin, pypinyin.Style

    syllables = lazy_pinyin(run, errors="ignore")
    full = [s.lower() for s in syllables if s.isascii() and s.isalpha()]
    if not full:
        return ()
    aligned = len(full) == len(syllables) == len(run)
    initials = [s[0] for s in lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore") if s.isalpha()]
    pairs: list[tuple[str, str]] = []
    for i in range(len(full)):
        if i == 0 or len(full) - i >= 2:
            zh = run[i:] if aligned else run
            pairs.append(("".join(full[i:]), zh))
            if len(initials) - i >= 2:
                pairs.append(("".join(initials[i:]), zh))
    return tuple(dict.fromkeys(pairs))


def pinyin_terms(run: str) -> tuple[str, ...]:
    """The pinyin terms of a Chinese run (``pinyin_pairs`` without what they spell)."""
    return tuple(dict.fromkeys(term for term, _ in pinyin_pairs(run)))


@lru_cache(maxsize=200_000)
def _term_terms(term: str) -> tuple[str, ...]:
    """Index tokens of one token of a text: itself, or a Chinese run's bigrams (its pinyin is in catalog_pinyin)."""
    if is_chinese(term):
        return tuple(chinese_index_terms(term))
    return (term,)


@lru_cache(maxsize=100_000)
def _text_terms(text: str) -> tuple[str, ...]:
    """Index tokens of one text; cached, since brands' names, attributes and Chinese names repeat a lot (and
    per token, since a million names are mostly different texts of the same words)."""
    out: list[str] = []
    for term in split_terms(text):
        out.extend(_term_terms(term))
    return tuple(out)


def _texts(product: Product) -> list[str]:
    return [product.name_en, product.model, normalise(product.model).lower(), product.name_zh,
            *(v for _, v in product.attributes)]


@lru_cache(maxsize=100_000)
def _chinese_runs(text: str) -> tuple[str, ...]:
    """The Chinese runs of one text, in order; cached like ``_text_terms`` (a build asks for every product's)."""
    return tuple(t for t in split_terms(text) if is_chinese(t))


def product_pinyin(product: Product) -> tuple[tuple[str, str], ...]:
    """The ``pinyin_pairs`` of every Chinese run of the product's indexed text (for ``catalog_pinyin``)."""
    runs = dict.fromkeys(t for text in _texts(product) if text and not text.isascii() for t in _chinese_runs(text))
    if not runs:
        return ()
    if len(runs) == 1:
        return pinyin_pairs(next(iter(runs)))
    return tuple(dict.fromkeys(pair for run in runs for pair in pinyin_pairs(run)))


def index_words(product: Product) -> str:
    """The text ``product_fts.words`` holds for a product (tokens separated by spaces). Repeated tokens are kept
    once, except Chinese bigrams, whose order within a run is what makes a phrase of them a substring match."""
    parts: list[str] = []
    seen: set[str] = set()
    for text in _texts(product):
        for term in _text_terms(text):
            if term not in seen:
                seen.add(term)
                parts.append(term)
            elif len(term) == 2 and is_chinese(term):
                parts.append(term)
    return " ".join(parts)


def popularity_id(popularity: int, seq: int) -> int:
    pop = min(max(int(popularity), 0), POP_MAX)
    return ((POP_MAX - pop) << 32) | (seq & 0xFFFFFFFF)


# --- product (de)serialisation --------------------------------------------------------------------------------------


def product_to_json(p: Product) -> str:
    data: dict[str, Any] = {
        "sku": p.sku, "model": p.model, "brand": p.brand, "category": p.category, "name_en": p.name_en,
        "name_zh": p.name_zh, "attributes": [list(a) for a in p.attributes], "unit": p.unit,
        "pack_size": p.pack_size, "moq": p.moq, "status": p.status.value,
        "list_price": p.list_price.to_json() if p.list_price is not None else None,
        "popularity": p.popularity, "ean": p.ean, "superseded_by": p.superseded_by,
        "substitutes": list(p.substitutes), "cross_refs": list(p.cross_refs), "updated_at": p.updated_at,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def product_from_json(text: str) -> Product:
    d = json.loads(text)
    price = d.get("list_price")
    return Product(
        sku=d["sku"], model=d["model"], brand=d["brand"], category=d["category"], name_en=d["name_en"],
        name_zh=d.get("name_zh", ""), attributes=tuple((str(k), str(v)) for k, v in d.get("attributes", ())),
        unit=d.get("unit", "pc"), pack_size=int(d.get("pack_size", 1)), moq=int(d.get("moq", 1)),
        status=ProductStatus.parse(d.get("status", "active")),
        list_price=Money.from_json(price) if price else None, popularity=int(d.get("popularity", 0)),
        ean=d.get("ean", ""), superseded_by=d.get("superseded_by", ""),
        substitutes=tuple(d.get("substitutes", ())), cross_refs=tuple(d.get("cross_refs", ())),
        updated_at=d.get("updated_at", ""),
    )


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def qmarks(n: int) -> str:
    return ",".join("?" * n)


def bulk_settings(conn: sqlite3.Connection, on: bool) -> None:
    """Settings for a full build (on) or for normal use (off). Caller holds the lock, inside a transaction."""
    conn.execute(f"PRAGMA cache_size={-262144 if on else -2000}")  # KiB: 256 MiB while building
    for table in ("product_fts", "model_tri"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (0 if on else 4,))
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('crisismerge', ?)", (64 if on else 16,))
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (64 << 20 if on else 1 << 20,))


def product_codes(p: Product) -> list[tuple[str, str]]:
    """(normalised key, kind) of the product's other exact codes: SKU, EAN, cross-references."""
    out = []
    k = normalise(p.sku)
    if k:
        out.append((k, "sku"))
    if p.ean and normalise(p.ean):
        out.append((normalise(p.ean), "ean"))
    for ref in p.cross_refs:
        if normalise(ref):
            out.append((normalise(ref), "cross_ref"))
    return out
