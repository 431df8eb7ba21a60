"""Catalog search queries: what a user typed, taken apart safely; and what a search returns.

Pure (no I/O). The local catalog (b2bterm.local.catalog) turns a ``ParsedQuery`` into SQL. Everything a user types
is reduced here to plain tokens (letters/digits and Chinese runs), so FTS syntax characters (quotes, ``*``,
parentheses, ``NEAR``, ``:``) and control characters can never reach the FTS parser as syntax.

Chinese: the FTS ``unicode61`` tokenizer treats a run of Chinese as one token, so names are indexed as their
character bigrams (in order) plus the run's last character. A query run of two or more characters becomes the phrase
of its bigrams, which matches exactly where it is a substring of an indexed run; one character X is the query X*.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import field
from typing import Any

from b2bterm.domain.lazy_re import lazy
from b2bterm.domain.modelno import fold_width, normalise
from b2bterm.domain.models import Product
from b2bterm.domain.record import record

MAX_QUERY_CHARS = 256  # longer input is cut: nobody searches with more, and it bounds the work
MAX_TERMS = 8  # word terms kept from one query
MAX_CODE_KEY = 40  # a normalised query longer than this is not looked up as a code

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# compiled on first use (domain/lazy_re.py): the app's first screen searches nothing
_CJK_RUN = lazy(f"[{_CJK}]+")
_IS_CJK = lazy(f"^[{_CJK}]+$")
# An alphanumeric run in any script; underscore is a separator, as in the unicode61 tokenizer.
_WORD = lazy(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_FILTER = re.compile(r"(?i)(?<!\S)(brand|cat|category|品牌|类别|分类)\s*[:：]\s*(\"[^\"]*\"?|\S*)")
_FILTER_KEYS = {"brand": "brand", "品牌": "brand", "cat": "category", "category": "category",
                "类别": "category", "分类": "category"}


class MatchKind(enum.StrEnum):
    """How a search result was found, strongest first."""

    SKU = "sku"
    CUSTOMER_PART = "customer_part"
    MODEL = "model"  # normalised model number equal
    EAN = "ean"
    CROSS_REF = "cross_ref"
    MODEL_LOOSE = "model_loose"  # equal after O/0, I/1 folding
    CUSTOMER_PART_PREFIX = "customer_part_prefix"
    MODEL_PREFIX = "model_prefix"
    MODEL_FRAGMENT = "model_fragment"  # the typed code occurs inside the model number
    TEXT = "text"  # words, Chinese, pinyin, filters
    ATTRIBUTE = "attribute"  # brand, category and stated values understood, every one satisfied
    CLOSEST = "closest"  # nothing satisfies everything asked: the nearest products, with what they miss
    DID_YOU_MEAN = "did_you_mean"  # nothing matches: model numbers one or two slips away


@record
class Miss:
    """A stated value a product does not satisfy: the attribute it has instead (name "" when it states none)."""

    name: str
    held: str
    asked: str


class SearchHit:
    """One result. A catalog hands out hits whose product is decoded from its stored form the first time it is read
    (``load``): a result list holds a couple of hundred products and shows a screenful, and decoding them all was
    most of a keystroke's search time. Likewise ``misses`` and ``matched`` may be worked out when first read
    (``explain``). Reading is safe from any thread (the stored form is already in memory)."""

    __slots__ = ("_explain", "_load", "_matched", "_misses", "_product", "match", "score", "sku")

    def __init__(self, product: Product | None, match: MatchKind, misses: tuple[Miss, ...] = (),
                 matched: tuple[tuple[str, str], ...] = (), score: float | None = None, *,
                 sku: str = "", load: Callable[[], Product] | None = None,
                 explain: Callable[[Product], tuple[tuple[Miss, ...], tuple[tuple[str, str], ...]]] | None = None
                 ) -> None:
        if product is None and load is None:
            raise ValueError("a search hit needs a product or a way to load it")
        self._product, self._load, self.match, self.score = product, load, match, score
        self._misses, self._matched, self._explain = misses, matched, explain
        self.sku = sku or (product.sku if product is not None else "")

    @property
    def product(self) -> Product:
        if self._product is None:
            assert self._load is not None
            self._product = self._load()
        return self._product

    def _explained(self) -> None:
        if self._explain is not None:
            self._misses, self._matched = self._explain(self.product)
            self._explain = None

    @property
    def misses(self) -> tuple[Miss, ...]:
        """CLOSEST: the stated values this product does not satisfy."""
        self._explained()
        return self._misses

    @property
    def matched(self) -> tuple[tuple[str, str], ...]:
        """Attributes (name, value) that satisfied a stated value."""
        self._explained()
        return self._matched

    def __repr__(self) -> str:
        return f"SearchHit(sku={self.sku!r}, match={self.match.value})"


@record
class SearchResult:
    query: str
    hits: tuple[SearchHit, ...] = ()
    elapsed_ms: float = 0.0
    ranked: bool = False  # True when the text matches were few enough to be ranked by relevance (bm25)
    total: int | None = None  # every match, when counted (capped: see ``total_capped``)
    total_capped: bool = False
    understood: Any = None  # b2bterm.domain.understand.Understanding when the query was understood
    remote: bool = False  # found by the platform's own search (the local catalog still arriving), not locally

    @property
    def closest(self) -> bool:
        return bool(self.hits) and all(h.match is MatchKind.CLOSEST for h in self.hits)

    @property
    def did_you_mean(self) -> bool:
        """Model numbers a slip away first (the closest products to a stated value may follow)."""
        return bool(self.hits) and self.hits[0].match is MatchKind.DID_YOU_MEAN and all(
            h.match in (MatchKind.DID_YOU_MEAN, MatchKind.CLOSEST) for h in self.hits)

    @property
    def products(self) -> list[Product]:
        return [h.product for h in self.hits]


@record
class ParsedQuery:
    text: str  # the free text, sanitised, filters removed
    words: tuple[str, ...] = ()  # lowercase alphanumeric tokens (prefix-matched)
    chinese: tuple[str, ...] = ()  # runs of Chinese characters (substring-matched)
    brand: str = ""  # brand: filter value, "" when none
    category: str = ""  # cat: filter value
    code_key: str = ""  # normalise(text) when it could be a code, else ""
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.words or self.chinese or self.brand or self.category or self.code_key)


def sanitise(text: str) -> str:
    """Width-folded text, cut to MAX_QUERY_CHARS, without control or invisible characters."""
    text = text[: MAX_QUERY_CHARS * 2]
    text = fold_width(text)[:MAX_QUERY_CHARS]
    return _CONTROL.sub(" ", text).strip()


def split_terms(text: str) -> list[str]:
    """Lowercase tokens of ``text``: alphanumeric runs, with Chinese runs split out of mixed runs."""
    if text.isascii():
        return _WORD.findall(text.lower())
    out: list[str] = []
    for word in _WORD.findall(fold_width(text).lower()):
        if _IS_CJK.match(word) or not _CJK_RUN.search(word):
            out.append(word)
            continue
        pos = 0
        for m in _CJK_RUN.finditer(word):
            if m.start() > pos:
                out.append(word[pos : m.start()])
            out.append(m.group())
            pos = m.end()
        if pos < len(word):
            out.append(word[pos:])
    return out


def is_chinese(token: str) -> bool:
    return bool(_IS_CJK.match(token))


def chinese_index_terms(run: str) -> list[str]:
    """Bigrams of a Chinese run in order (so a phrase of bigrams is a substring match), then its last character.

    A one-character query X is the prefix query X*: bigrams starting with X cover every position but the last,
    and the last character is indexed alone."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def chinese_query(run: str) -> str:
    """The FTS expression that finds ``run`` as a substring of an indexed Chinese run."""
    if len(run) == 1:
        return fts_quote(run) + "*"
    return fts_quote(" ".join(run[i : i + 2] for i in range(len(run) - 1)))


def parse_query(query: str) -> ParsedQuery:
    """Take a typed query apart: ``brand:``/``cat:`` filters, words, Chinese runs and a possible code key."""
    text = sanitise(query if isinstance(query, str) else str(query))
    filters: dict[str, str] = {}

    def _take(m: re.Match[str]) -> str:
        value = m.group(2).strip('"').strip()
        if value:
            filters[_FILTER_KEYS[m.group(1).lower()]] = value
        return " "

    text = _FILTER.sub(_take, text).strip()
    words: list[str] = []
    chinese: list[str] = []
    for term in split_terms(text):
        if is_chinese(term):
            if term not in chinese:
                chinese.append(term)
        elif term not in words:
            words.append(term)
    key = normalise(text)
    code_key = key if 0 < len(key) <= MAX_CODE_KEY and _WORD.fullmatch(key) and key.isascii() else ""
    return ParsedQuery(
        text=text,
        words=tuple(words[:MAX_TERMS]),
        chinese=tuple(chinese[:MAX_TERMS]),
        brand=filters.get("brand", ""),
        category=filters.get("category", ""),
        code_key=code_key,
        filters=filters,
    )


def fts_quote(term: str) -> str:
    """One FTS5 string literal: double quotes, inner quotes doubled."""
    return '"' + term.replace('"', '""') + '"'
