"""Prefix queries longer than the words index's prefix indexes, answered from the catalog's own list of words
(``catalog_term``); and pinyin words, answered from the catalog's pinyin (``catalog_pinyin``, ``pinyin_phrases``).

A prefix query with no prefix index of its length (``"jiechuqi"*``, ``"contactor"*``) makes FTS5 merge the whole
doclist of every term it covers before it returns a row: at 1M pinyin queries took a p95 of 30-45 ms. The same terms
written as an OR (``("jiechuqi" OR ...)``) are read lazily, in rowid (popularity) order, up to the LIMIT: a p95 of
about 2 ms in the same runs. So ``expand`` rewrites each ``"word"*`` of an expression into the terms of the catalog
that begin with ``word`` when that is cheaper, from a table of the words index's terms and roughly how many products
hold each:
- a full build copies it from the words index itself (``fts5vocab``), exact;
- a page applied to the catalog adds the terms of its products (``page_terms``, the tokenizer's folding mirrored),
  so a new word is found at once; a removed product leaves its terms (an OR term that matches nothing costs nothing).
A prefix covering many rare terms (words that begin hundreds of model numbers) stays a prefix query: merging small
doclists is cheap, while an OR of thousands of terms is not; a word with a digit (a piece of a model number) is
never looked up. A prefix covering both (a cable word and the cable
models that begin with it) is split by its next character: the big terms in the OR, each group of rare ones a longer
prefix query.

Why the prefix indexes stay 1-5 (measured, issue 18): each prefix length indexed costs a good part of the index again
(200k products, words index alone: prefixes 1-5 182 MiB, 1-4 166, 1-3 144, 1-2 116, 1 only 79, none 48; 1M: 1-5
877 MiB, 1-4 802). Without the longer ones the words that begin thousands of model numbers (cable types "rvv", "kvvp",
and model pieces) fall on the slow path whichever way they are written: at 1M, prefixes 1-3 put the sloppy model
query's p95 at 90-190 ms against 10-20, and 1-4 still at about twice the 1-5 figure (noisy runs, load 3-5).
What the index holds matters as much (200k, prefixes 1-5: 179 MiB; without the pinyin 121, without the attribute
facts 150, without any token that has a digit 160): the pinyin went to ``catalog_pinyin`` (1M: 877 MiB to 612); the
attribute facts became one-character codes, which no prefix index repeats (b2bterm.local.fact_codes; 200k: 126 -> 110).
Catalog format 10 numbers the products in popularity order, 4 apart (catalog_index.place_id; the 62-bit
``popularity_id`` deltas took 5-7 bytes): 100k words index 56.7 -> 50.4 MiB, but 1M only 535 -> 519 (a million
products share 3,806 popularities: most deltas were already the small ``seq`` part); 5-6 bytes less for every id
in the B-trees. Catalog format 11 keeps no positions (detail=column; 100k words index 50.4 -> 41.2 MiB, 1M 519.3 ->
426.3): a phrase is searched as its tokens ANDed (``unphrased``; the 314 queries of the judged set and a few more
gave the same 200 results at 20k but one, from its 160th). Measured, not done (100k, words index 50.4 MiB): brand and
category columns as codes 41 (their words weigh 2 in bm25), pgsz 8000 51 (no gain), columnsize=0 (bm25 then ranks
wrongly on a contentless table); prefix indexes 1-2 only 37.8, 1 only 28.9, none 15.6 (see above why 1-5).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from b2bterm.domain.search_query import chinese_query, fts_quote
from b2bterm.local import fact_codes

PREFIX_INDEX = "1 2 3 4 5"  # the words index's prefix indexes (characters)
EXPAND_FROM = 6  # prefixes this long or longer are looked up in catalog_term
FEW_TERMS = 16  # up to this many terms: always an OR
MAX_TERMS = 400  # more phrases than this in an expansion: the prefix query
DOCS_PER_TERM = 250  # an OR is cheaper when the terms hold at least this many products each (measured at 200k)
PINYIN_SCAN = 20_000  # catalog_pinyin rows read for one pinyin word
PINYIN_MAX = 48  # Chinese phrases a pinyin word is searched as; more: their first characters (pinyin_phrases)
PINYIN_FIRSTS = 256  # first characters a pinyin word is searched as, at most; more: no Chinese (a prefix query)

# a string of an FTS5 expression ("" inside doubles a quote), then a prefix star or not
_STRING = re.compile(r'"((?:[^"]|"")*)"(\*?)')
# words of letters only: a word with a digit is a piece of a model number, whose prefix covers rare terms (the prefix
# query merges them at once; looking them up first only added time to the model kinds of the benchmark)
_EXPANDABLE = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[^\W_]+")
_BEGINS = re.compile(f"[a-z]{{{EXPAND_FROM}}}")  # a term an expandable word (letters only) can be the start of
_TOP = "\U0010ffff"  # sorts after any character that can follow a prefix

# the terms of a built words index (``fts`` in the connection's main schema), for ``catalog_term``: the text columns
# only (facts are never prefix-searched), terms that a word this module expands can begin (EXPAND_FROM letters first)
VOCAB_TABLE = "CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, fts, col)"
VOCAB_ROWS = ("SELECT term, sum(doc) FROM temp.fts_terms WHERE col IN ('words', 'brand', 'category')"
              f" AND substr(term, 1, {EXPAND_FROM}) GLOB '{'[a-z]' * EXPAND_FROM}' GROUP BY term ORDER BY term")


_KEPT = threading.local()  # .answers: what ``expand`` and ``any_match`` found, while ``answers_kept`` runs


@contextmanager
def answers_kept() -> Iterator[None]:
    """Inside the block, on this thread, each expression is expanded once and each MATCH asked whether it finds
    anything once: a paste's description searches ask the same words again and again (a cable type's pinyin 60 times
    a paste). The caller holds the catalog for the block (its file checked once, the lock held: nothing changes the
    answers meanwhile); they are forgotten when it ends (the next paste asks again)."""
    if getattr(_KEPT, "answers", None) is not None:  # (already inside one)
        yield
        return
    _KEPT.answers = {}
    try:
        yield
    finally:
        _KEPT.answers = None


def any_match(conn: sqlite3.Connection, expr: str) -> bool:
    """Whether the words index has a product that ``expr`` matches (one indexed LIMIT 1 look)."""
    kept = getattr(_KEPT, "answers", None)
    if kept is not None and (found := kept.get(("any", expr))) is not None:
        return found  # type: ignore[no-any-return]
    found = conn.execute("SELECT 1 FROM product_fts WHERE product_fts MATCH ? LIMIT 1",
                         (expand(conn, expr),)).fetchone() is not None
    if kept is not None:
        kept["any", expr] = found
    return found


def expand(conn: sqlite3.Connection, expr: str) -> str:
    """``expr`` with each expandable ``"word"*`` written as the OR of the catalog's terms that begin with it, and
    of the Chinese that the pinyin words beginning with it spell (``pinyin_phrases``); its attribute facts written
    as the codes the index holds (b2bterm.local.fact_codes); and its phrases as their tokens ANDed (``unphrased``:
    the index keeps no positions). Every MATCH of the words index goes through here."""
    kept = getattr(_KEPT, "answers", None)
    if kept is None:
        return _expand(conn, expr)
    got = kept.get(expr)
    if got is None:
        got = kept[expr] = _expand(conn, expr)
    return got  # type: ignore[no-any-return]


def _expand(conn: sqlite3.Connection, expr: str) -> str:
    expr = fact_codes.translate(conn, expr)
    if "*" not in expr:
        return unphrased(expr)

    def one(m: re.Match[str]) -> str:
        word = m.group(1)
        if not m.group(2) or not _EXPANDABLE.fullmatch(word):
            return m.group(0)
        terms = _terms(conn, word) if len(word) >= EXPAND_FROM else None
        zh = pinyin_phrases(conn, word)
        if terms is None and not zh:
            return m.group(0)
        return "(" + " OR ".join([*(terms or [m.group(0)]), *zh]) + ")"

    return unphrased(_STRING.sub(one, expr))


def _is_token_char(c: str) -> bool:
    """Whether the unicode61 tokenizer keeps ``c`` in a token (its default categories: letters, numbers, private
    use)."""
    if c.isascii():
        return c.isalnum()
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat == "Co"


_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")


def fts_tokens(text: str) -> list[str]:
    """The tokens the words index's tokenizer makes of ``text`` (unfolded: FTS5 folds a query's tokens itself)."""
    if text.isascii():  # (what the loop below finds in ASCII: runs of letters and digits)
        return _ASCII_TOKEN.findall(text)
    out: list[str] = []
    start = -1
    for i, c in enumerate(text):
        if _is_token_char(c):
            if start < 0:
                start = i
        elif start >= 0:
            out.append(text[start:i])
            start = -1
    if start >= 0:
        out.append(text[start:])
    return out


def unphrased(expr: str) -> str:
    """``expr`` with each phrase of several tokens written as its tokens ANDed, a prefix star kept on the last:
    ``"接触 触器"`` is ``("接触" AND "触器")``, ``"0 6 1kv"*`` is ``("0" AND "6" AND "1kv"*)``. The words index keeps
    which columns hold a term but not where (detail=column: 1M 519 -> 426 MiB), and FTS5 refuses a phrase
    there. What a phrase added was order and adjacency; its tokens all in the same product's text columns is what
    is left (measured on the judged search set: the same first results)."""
    if '"' not in expr:
        return expr

    def one(m: re.Match[str]) -> str:
        tokens = fts_tokens(m.group(1).replace('""', '"'))
        if len(tokens) < 2:
            return m.group(0)
        parts = [fts_quote(t) for t in tokens]
        parts[-1] += m.group(2)
        return "(" + " AND ".join(parts) + ")"

    return _STRING.sub(one, expr)


def pinyin_phrases(conn: sqlite3.Connection, word: str) -> list[str]:
    """FTS phrases of the Chinese that the catalog's pinyin terms beginning with ``word`` spell (``catalog_pinyin``,
    b2bterm.local.catalog_index.pinyin_pairs): a product has such a term exactly when its text has that Chinese (a
    Chinese phrase is a substring match of the bigrams). Chinese that contains another of the set is left out (the
    shorter one finds it). More than PINYIN_MAX of them (a word of two or three letters begins the pinyin of many
    words): their first characters, each as a prefix, which finds the same and a little more (the first character's
    syllable may be shorter than the word); more than PINYIN_FIRSTS of those, none. A one-letter word is not looked
    up: it begins the pinyin of nearly everything."""
    if len(word) < 2:
        return []
    kept = getattr(_KEPT, "answers", None)
    if kept is not None:
        got = kept.get(("pinyin", word))
        if got is None:
            got = kept["pinyin", word] = _pinyin_phrases(conn, word)
        return got  # type: ignore[no-any-return]
    return _pinyin_phrases(conn, word)


def _pinyin_phrases(conn: sqlite3.Connection, word: str) -> list[str]:
    found = sorted({r[0] for r in conn.execute("SELECT zh FROM catalog_pinyin WHERE term >= ? AND term < ? LIMIT ?",
                                               (word, word + _TOP, PINYIN_SCAN))}, key=lambda z: (len(z), z))
    kept: list[str] = []
    for zh in found:
        if not any(k in zh for k in kept):
            kept.append(zh)
            if len(kept) > PINYIN_MAX:
                break
    if len(kept) > PINYIN_MAX:
        firsts = sorted({zh[0] for zh in found})
        return [fts_quote(c) + "*" for c in firsts] if len(firsts) <= PINYIN_FIRSTS else []
    return [chinese_query(zh) for zh in kept]


def _terms(conn: sqlite3.Connection, word: str) -> list[str] | None:
    """Phrases that together match every term beginning with ``word``: terms, and prefix queries of longer prefixes
    that cover many rare terms; None when the prefix query itself is the cheaper (or the only) way."""
    parts: list[str] = []
    todo = [(word, _groups(conn, word))]
    while todo:
        prefix, groups = todo.pop()
        for g, n, docs in groups:
            if g == prefix:  # the term that is the prefix itself
                parts.append(fts_quote(g))
            elif n <= FEW_TERMS:
                parts += [fts_quote(r[0]) for r in conn.execute(
                    "SELECT term FROM catalog_term WHERE term >= ? AND term < ? ORDER BY term", (g, g + _TOP))]
            elif _worth(n, docs) and len(g) < len(word) + 4:
                todo.append((g, _groups(conn, g)))
            else:
                parts.append(fts_quote(g) + "*")
            if len(parts) > MAX_TERMS:
                return None
    # nothing but prefix queries (or no term at all): the one prefix query merges the same doclists in one go
    return parts if any(not p.endswith("*") for p in parts) else None


def _groups(conn: sqlite3.Connection, prefix: str) -> list[tuple[str, int, int]]:
    """(prefix and one more character, terms, products) of the terms beginning with ``prefix``."""
    return conn.execute("SELECT substr(term, 1, ?) g, count(*), sum(docs) FROM catalog_term"
                        " WHERE term >= ? AND term < ? GROUP BY g ORDER BY g",
                        (len(prefix) + 1, prefix, prefix + _TOP)).fetchall()


def _worth(terms: int, docs: int) -> bool:
    """True when reading these terms one by one (an OR) is cheaper than merging their doclists (a prefix query)."""
    return terms <= FEW_TERMS or docs >= DOCS_PER_TERM * terms


def _fold(text: str) -> str:
    """Lower case without diacritics, as the unicode61 tokenizer (remove_diacritics 2) folds a token."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def page_terms(texts: Iterable[tuple[str, ...]]) -> Counter[str]:
    """Terms (and in how many of the rows each) of rows of indexed text (words, brand, category), for
    ``catalog_term``: those that can begin an expandable prefix."""
    counts: Counter[str] = Counter()
    for row in texts:
        found: set[str] = set()
        for text in row:
            found.update(t for t in _TOKEN.findall(_fold(text)) if _BEGINS.match(t))
        counts.update(found)
    return counts


def add_terms(conn: sqlite3.Connection, texts: Iterable[tuple[str, ...]]) -> None:
    """Record the terms of these rows of indexed text (a page applied to the catalog). Caller holds the lock."""
    conn.executemany("INSERT INTO catalog_term(term, docs) VALUES (?, ?)"
                     " ON CONFLICT(term) DO UPDATE SET docs = docs + excluded.docs",
                     sorted(page_terms(texts).items()))
