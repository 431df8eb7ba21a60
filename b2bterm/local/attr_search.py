"""Search by what a customer says: brand, category and stated values, matched on the catalog's attribute facts.

``b2bterm.domain.understand`` takes the query apart; this module turns the parts into one FTS5 expression over
``product_fts`` (words, brand, category and the ``facts`` column, see migration 0008) and reads the matches in
popularity order (rowid), so a broad match is cut with LIMIT and never sorted:

1. every stated value satisfied, each word matched as a whole token ("RVV" is not "RVVP") - then as a prefix;
   within each step the products this account has bought come first;
2. when nothing satisfies everything: the closest products (those satisfying the most stated values), each with
   what it misses.

Words that no product has are left out first (a filler word must not hide the rest).

Every function takes a connection whose lock the caller holds.
"""

from __future__ import annotations

import functools
import math
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache, partial
from itertools import combinations
from pathlib import Path
from typing import Any, Protocol

from b2bterm.domain.lazy_re import lazy
from b2bterm.domain.modelno import looks_like_code, normalise
from b2bterm.domain.models import Product
from b2bterm.domain.search_query import MatchKind, ParsedQuery, chinese_query, fts_quote
from b2bterm.domain.understand import (
    Constraint,
    Lexicon,
    Understanding,
    explain,
    values_run_together,
    written_tokens,
)
from b2bterm.domain.values import FACTS_RULES, product_facts
from b2bterm.domain.vocabulary import vocabulary_digest, vocabulary_source
from b2bterm.local import vocab_cache  # (the vocabulary is read from its kept copy from now on)
from b2bterm.local.prefix_terms import any_match, expand

TEXT_COLUMNS = "{words brand category} : "
MAX_COMBINATIONS = 10  # FTS queries per level when looking for the closest products
MAX_DROPPED = 3  # words tried one at a time without (the shortest first) before the closest drop every word
CLOSEST_POOL = 1000  # products matching any stated value that are ranked by their facts without more queries
COUNT_CAP = 10_000  # matches counted for "showing 20 of N"; more is "N+"


@lru_cache(maxsize=65536)
def _facts_of(attributes: tuple[tuple[str, str], ...]) -> str:
    return " ".join(product_facts(attributes))


def index_facts(product: Product) -> str:
    """The text ``product_fts.facts`` holds for a product (cached: attribute sets repeat across a catalog)."""
    return _facts_of(tuple(product.attributes))


def facts_version() -> str:
    """What the ``facts`` column was computed with: the value rules' version and the vocabulary files."""
    return f"{FACTS_RULES}:{vocabulary_digest()}"


def facts_source() -> str:
    """What ``facts_version`` is worked out from (the value rules' version, the vocabulary files as written): the
    same source, the same version."""
    return f"{FACTS_RULES}:{vocabulary_source()}"


def build_lexicon(conn: sqlite3.Connection, keep: Path | None = None) -> Lexicon:
    """The vocabulary joined to the catalog's brands and categories; kept at ``keep`` (vocab_cache.kept_lexicon)."""
    brands = [r[0] for r in conn.execute("SELECT value FROM catalog_facet WHERE kind='brand'")]
    cats = [r[0] for r in conn.execute("SELECT value FROM catalog_facet WHERE kind='category'")]
    return Lexicon.build(brands, cats) if keep is None else vocab_cache.kept_lexicon(brands, cats, keep)


def _or(tokens: Sequence[str]) -> str:
    return "(" + " OR ".join(fts_quote(t) for t in tokens) + ")"


def constraint_expr(c: Constraint, *, strict: bool = False) -> str:
    """A stated value: one of its facts, or (unless ``strict``; for a product whose attributes do not state it) the
    words as written, whole, in its name ("9A" in "AC contactor 9A 220V")."""
    facts = "facts : " + _or(c.asks)
    written = written_tokens(c)
    if c.soft and c.words:
        return f"({facts} OR {TEXT_COLUMNS}{fts_quote(' '.join(c.words))}*)"
    if written and not strict:
        return f"({facts} OR {{words}} : {fts_quote(' '.join(written))})"
    return facts


def base_terms(und: Understanding, *, exact: bool = False, words: bool = True, brand: bool = True,
               category: bool = True) -> list[str]:
    terms: list[str] = []
    if words:
        terms += [TEXT_COLUMNS + fts_quote(w) + ("" if exact else "*") for w in und.words]
        terms += [TEXT_COLUMNS + chinese_query(run) for run in und.chinese]
        terms += [constraint_expr(c) for c in und.constraints if c.soft]
    if brand and und.brands:
        terms.append("brand : " + _or(und.brands))
    if category and und.categories:
        terms.append("category : " + _or(und.categories))
    return terms


def full_expr(und: Understanding, *, exact: bool = False, strict: bool = False) -> str:
    return " AND ".join(base_terms(und, exact=exact) + [constraint_expr(c, strict=strict) for c in und.hard])


def satisfied_steps(und: Understanding) -> list[str]:
    """The expressions of "everything satisfied", best first: values held as attributes before values only written
    in a name (an M18 sensor "with M12 connector" is not an M12 sensor); within each, words matched whole ("RVV")
    before words matched as a prefix ("RVVP"). The last one is the broadest (it is counted)."""
    steps: list[str] = []
    for strict in (True, False):
        for exact in ((True, False) if und.words else (False,)):
            expr = full_expr(und, exact=exact, strict=strict)
            if expr and expr not in steps:
                steps.append(expr)
    return steps


def _ids(conn: sqlite3.Connection, expr: str, limit: int) -> list[int]:
    if not expr:
        return []
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM product_fts WHERE product_fts MATCH ? ORDER BY rowid LIMIT ?", (expand(conn, expr), limit))]


def count_matches(conn: sqlite3.Connection, expr: str) -> tuple[int, bool]:
    """How many products match ``expr``, counted up to COUNT_CAP (True when there are more)."""
    if not expr:
        return 0, False
    n = conn.execute("SELECT count(*) FROM (SELECT rowid FROM product_fts WHERE product_fts MATCH ? LIMIT ?)",
                     (expand(conn, expr), COUNT_CAP + 1)).fetchone()[0]
    return min(n, COUNT_CAP), n > COUNT_CAP


def bought_skus(conn: sqlite3.Connection, account_id: str | None, skus: Sequence[str]) -> set[str]:
    """Which of ``skus`` the account has ordered (in the orders cached locally)."""
    if not account_id or not skus:
        return set()
    q = ",".join("?" * len(skus))
    return {r[0] for r in conn.execute(
        f"SELECT DISTINCT i.sku FROM order_items i JOIN order_details d ON d.number = i.number"
        f" WHERE d.account_id = ? AND i.sku IN ({q})", (account_id, *skus))}


def known_words(conn: sqlite3.Connection, und: Understanding) -> Understanding:
    """``und`` without the plain words and Chinese runs that no product has ("pls", "two", "热继"): a filler word
    must not hide what the rest of the query finds. Words with digits stay (a model number that matches nothing
    gets "did you mean"). One indexed LIMIT 1 lookup a word."""
    def exists(term: str) -> bool:
        return any_match(conn, term)

    split = split_run_ons(conn, und.words, und.text)
    values: list[Constraint] = []
    for w in split:  # "m12pnp" (接近开关M12PNP常开): values run together, when no product has the word
        if any(c.isdigit() for c in w) and any(c.isalpha() for c in w) \
                and not exists(TEXT_COLUMNS + fts_quote(w) + "*") and (found := values_run_together(w)):
            values += [c for c in found if c not in und.constraints and c not in values]
            split = tuple(x for x in split if x != w)
    words = tuple(w for w in split if any(c.isdigit() for c in w) or exists(TEXT_COLUMNS + fts_quote(w) + "*"))
    chinese = tuple(r for r in und.chinese if exists(TEXT_COLUMNS + chinese_query(r)))
    if words == und.words and chinese == und.chinese and not values:
        return und
    dropped = tuple(t for t in (*split, *und.chinese) if t not in words and t not in chinese)
    return replace(und, words=words, chinese=chinese, unmatched=dropped,
                   constraints=(*und.constraints, *values)[:8])


def known_query(conn: sqlite3.Connection, pq: ParsedQuery) -> ParsedQuery:
    """``pq`` without the words (no digit) and Chinese runs that no product has, as ``known_words`` does for an
    understood query; unchanged when every part is known or nothing would be left."""
    known = known_words(conn, Understanding(text=pq.text, words=pq.words, chinese=pq.chinese))
    words = tuple(w for w in known.words if has_word_prefix(conn, w))
    if (words, known.chinese) == (pq.words, pq.chinese) or not (
            known.chinese or any(w[:1].isalpha() and w in pq.words for w in words)):
        return pq  # nothing but numbers left ("Hose [bold]1/2in"): no match is the honest answer
    return replace(pq, words=words, chinese=known.chinese)


def without_numbers(pq: ParsedQuery) -> ParsedQuery | None:
    """``pq`` without its bare numbers ("CDZ9-52P 8": often how many the customer wants), or None when it has none
    or nothing but numbers would be left."""
    words = tuple(w for w in pq.words if not _BARE_NUMBER.fullmatch(w))
    if words == pq.words or not (words or pq.chinese):
        return None
    return replace(pq, words=words)


_BARE_NUMBER = lazy(r"\d+(?:[.,]\d+)?")


def has_word_prefix(conn: sqlite3.Connection, word: str) -> bool:
    return any_match(conn, TEXT_COLUMNS + fts_quote(word) + "*")


_RUN_ON = lazy(r"([a-z]{2,})(\d+)|(\d+)([a-z]{2,})")
_CODE_PIECE = lazy(r"[a-z0-9]+")


def split_run_ons(conn: sqlite3.Connection, words: Sequence[str], text: str) -> tuple[str, ...]:
    """Words as the catalog holds them. Letters run into a number that no product has as written are two words:
    "smart200" (S7-200 SMART), "sm1231" (SM 1231), "nxc18" (NXC-18). A model number typed in pieces is one word
    when its pieces, side by side in the query ``text``, joined begin a word of the catalog and no product has the
    pieces apart: "lc1-d32" (LC1D32M7; "ut 2.5" stays three words: UT 2,5 has them). One indexed
    LIMIT 1 lookup for each word of the first shape, two for each neighbouring pair of letter-and-digit words."""
    def exists(*words: str) -> bool:
        return any_match(conn, " AND ".join(TEXT_COLUMNS + fts_quote(w) + "*" for w in words))

    out: list[str] = []
    for w in words:
        m = _RUN_ON.fullmatch(w)
        if out and _CODE_PIECE.fullmatch(w) and _CODE_PIECE.fullmatch(out[-1]) \
                and any(c.isdigit() for c in out[-1] + w) and _side_by_side(text, out[-1], w) \
                and exists(out[-1] + w) and not exists(out[-1], w):
            out[-1] += w
        elif m and not exists(w):
            out += [g for g in m.groups() if g]
        else:
            out.append(w)
    return tuple(dict.fromkeys(out))


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_JOINERS = frozenset("-_/.")


def _side_by_side(text: str, first: str, second: str) -> bool:
    r"""Whether ``second`` follows ``first`` in ``text``, as words (no [a-z0-9] just before or after), with only
    spaces, "-", "_", "/" or "." between them: what the pattern ``(?<![a-z0-9])first[\s\-_/.]*second(?![a-z0-9])``
    finds, for two pieces of [a-z0-9] (found with str.find: a pattern compiled for each pair cost a paste's
    description searches a few milliseconds)."""
    at = text.find(first)
    while at >= 0:
        if at == 0 or text[at - 1] not in _ALNUM:
            end = at + len(first)
            while end < len(text) and (text[end] in _JOINERS or text[end].isspace()):
                end += 1
            after = end + len(second)
            if text.startswith(second, end) and (after >= len(text) or text[after] not in _ALNUM):
                return True
        at = text.find(first, at + 1)
    return False


def _satisfies(c: Constraint, facts: set[str]) -> bool:
    return any(a in facts for a in c.asks)


def typed_codes(text: str) -> list[str]:
    """The query read as a model number from each of its parts on: "abb ms116 2.5a" -> ABBMS11625A, MS11625A,
    25A (the model keys a product's model is compared with by ``model_affinity``)."""
    parts = text.split()
    return [k for k in dict.fromkeys(normalise(" ".join(parts[i:])) for i in range(len(parts))) if k]


def model_affinity(model_key: str, typed: Sequence[str]) -> int:
    """How many leading characters of a product's model key the query typed from one of its parts on (0 under
    three): "RVV 3*1.5" types RVV3… so RVV 3x1.5 (4) comes before RVVP 3x1.5 (3); "ms116 2.5a" is MS116-2.5."""
    best = 0
    for t in typed:
        n = 0
        for a, b in zip(model_key, t, strict=False):
            if a != b:
                break
            n += 1
        best = max(best, n)
    return best if best >= 3 else 0


def rank_satisfied(ids: Sequence[int], facts: dict[int, str], und: Understanding, exact: set[int],
                   bought: set[int], models: dict[int, str] | None = None) -> list[int]:
    """Every match ranked: values held as attributes before values only written in a name, words matched whole
    before prefixes, models that begin the way the query was typed (RVV before RVVP, BV before ZR-BV), what the
    account bought, then popularity (id)."""
    typed = typed_codes(und.text) if models else []

    def key(pid: int) -> tuple[int, int, int, int, int]:
        held = set(facts.get(pid, "").split())
        strict = all(_satisfies(c, held) for c in und.hard)
        affinity = model_affinity((models or {}).get(pid, ""), typed) if typed else 0
        return (0 if strict else 1, 0 if pid in exact else 1, -affinity, 0 if pid in bought else 1, pid)

    return sorted(ids, key=key)


_FACT_NUMBER = lazy(r"([a-z]+)(\d+(?:p\d+)?)")


@functools.lru_cache(maxsize=16384)  # the same facts come back for product after product (and query after query)
def _fact_number(fact: str) -> tuple[str, float] | None:
    m = _FACT_NUMBER.fullmatch(fact)
    return (m.group(1), float(m.group(2).replace("p", "."))) if m else None


_FACT_RANGE = lazy(r"([a-z]+r)(\d+(?:p\d+)?)t(\d+(?:p\d+)?)")


def _fact_range(fact: str) -> tuple[str, float, float] | None:
    m = _FACT_RANGE.fullmatch(fact)
    if m is None:
        return None
    lo, hi = (float(g.replace("p", ".")) for g in m.group(2, 3))
    return (m.group(1), lo, hi) if lo > 0 and hi > 0 else None


def nearness(c: Constraint, held: set[str]) -> float:
    """How far a product's values are from a stated value it misses: 0 when it satisfies it, else the smallest
    ratio (as a log) between the number asked and a number the product holds of the same kind ("25A" asked:
    26 A is nearer than 9 A); 100 when it holds none."""
    if _satisfies(c, held):
        return 0.0
    best = 100.0
    for ask in c.asks:
        r = _fact_range(ask)
        if r is not None:  # a setting range ("9-13A"): the ranges held, by both ends ("9-14 A" before "2.5-4 A")
            for f in held:
                h = _fact_range(f)
                if h is not None and h[0] == r[0]:
                    best = min(best, abs(math.log(h[1] / r[1])) + abs(math.log(h[2] / r[2])))
            continue
        a = _fact_number(ask)
        if a is None or a[1] <= 0:
            continue
        for f in held:
            h = _fact_number(f)
            if h is not None and h[0] == a[0] and h[1] > 0:
                best = min(best, abs(math.log(h[1] / a[1])))
    return best


def closest_ids(conn: sqlite3.Connection, und: Understanding, limit: int,
                facts_of: Callable[[Sequence[int]], dict[int, str]]) -> list[int]:
    """When nothing satisfies every stated value: the products satisfying the most of them. The products matching
    any stated value (under the brand, category and words) are ranked by their facts when they are few (CLOSEST_POOL);
    else level by level (all but one stated value, all but two, ...), each combination one FTS query in popularity
    order, under the brand, category and words, then without the words, then under the category alone; failing all,
    the brand, category and words without any value. When a brand was asked, its own products nearest to the values
    asked come first (a Mitsubishi "25A" contactor: its 26 A one before other brands' 25 A ones)."""
    hard = und.hard
    if len(hard) > 1:
        pool = _ids(conn, " AND ".join([*base_terms(und), "(" + " OR ".join(map(constraint_expr, hard)) + ")"]),
                    CLOSEST_POOL + 1)
        if 0 < len(pool) <= CLOSEST_POOL:
            return _nearest(pool, facts_of(pool), hard)[:limit]
    near: list[int] = []
    if und.brands and hard:
        # no product of the brand asked (in the category asked) has any stated value: its nearest products first
        pool = _ids(conn, " AND ".join(base_terms(und)), CLOSEST_POOL)
        near = _nearest(pool, facts_of(pool), hard)[:NEAREST_OF_BRAND] if pool else []
    found = _closest_levels(conn, und, limit)
    return list(dict.fromkeys([*near, *found]))[:limit]


NEAREST_OF_BRAND = 10  # closest products of the brand asked before other brands' products with the values asked


def _nearest(pool: Sequence[int], facts: dict[int, str], hard: Sequence[Constraint]) -> list[int]:
    """The products satisfying the most stated values first, then those nearest to the values they miss. Scored once
    for each distinct facts text (products share them: at 1M a pool of 1000 took 75 ms scored product by product)."""
    scored: dict[str, tuple[int, float]] = {}

    def key(pid: int) -> tuple[int, float, int]:
        text = facts.get(pid, "")
        score = scored.get(text)
        if score is None:
            held = set(text.split())
            score = scored[text] = (-sum(_satisfies(c, held) for c in hard), sum(nearness(c, held) for c in hard))
        return (*score, pid)

    return sorted(pool, key=key)


def _closest_levels(conn: sqlite3.Connection, und: Understanding, limit: int) -> list[int]:
    hard = und.hard
    bases = [base_terms(und)]
    if len(und.words) > 1:  # "bvr 4 red 100m k": without the one stray word before without every word
        for w in sorted(dict.fromkeys(und.words), key=len)[:MAX_DROPPED]:
            bases.append(base_terms(replace(und, words=tuple(x for x in und.words if x != w))))
    if und.words or und.chinese or len(und.hard) < len(und.constraints):  # (a bare number is a word here)
        bases.append(base_terms(und, words=False))
    if und.categories and und.brands:
        bases.append(base_terms(und, words=False, brand=False))
    if und.categories and (und.words or und.chinese):
        # "FX5U 64点 继电器" (a PLC's relay output read as the relay category): the words and values without it
        bases.append(base_terms(und, category=False))
    for n, base in enumerate(bases):
        # under the full base, all stated values were tried already (nothing satisfied them all)
        for keep in range(len(hard) - (1 if n == 0 else 0), 0, -1):
            found: dict[int, None] = {}
            for combo in list(combinations(hard, keep))[:MAX_COMBINATIONS]:
                found.update(dict.fromkeys(_ids(conn, " AND ".join([*base, *map(constraint_expr, combo)]), limit)))
            if found:
                return sorted(found)[:limit]
    # no stated value holds under any base: the first base any product is under ("欧姆龙 时间继电器 H3CR" with no H3CR
    # in the catalog: Omron's timer relays, each shown missing "h3cr")
    for base in bases:
        ids = _ids(conn, " AND ".join(base), limit) if base else []
        if ids:
            return ids
    return []


# --- the search step (called by LocalCatalog.search with the lock held) --------------------------------------------


class Page(Protocol):
    """The page LocalCatalog.search fills (b2bterm.local.catalog._Page)."""

    hits: list[tuple[int, MatchKind]]

    @property
    def full(self) -> bool: ...

    def take(self, refs: Sequence[tuple[int, MatchKind]], *, filtered: bool = True) -> None: ...


def take_understood(conn: sqlite3.Connection, page: Page, und: Understanding, account_id: str | None,
                    limit: int, *, closest: bool = True, known: Understanding | None = None
                    ) -> tuple[str, Understanding]:
    """Fill the page from what the query was understood to ask; returns the expression of everything satisfied
    (for counting and facets) and what was searched for (``und`` without the words no product has). With
    ``closest`` False, no closest products when nothing has everything asked (``take_closest`` takes them).
    ``known``: ``known_words(conn, und)`` when the caller worked it out already (its lookups are not made again)."""
    und = known if known is not None else known_words(conn, und)
    # the broadest expression first (``satisfied_steps``' last, written out alone: the others are needed only below):
    # when it has no more matches than the page holds (the usual case for a phrase with values), they are ranked
    # here from their facts, and no other step has to read the index; none (most of a paste's descriptions) ends it
    broadest = full_expr(und)
    ids = _ids(conn, broadest, limit + 1)
    if 0 < len(ids) <= limit:
        exact = set(ids) if not und.words else set(_ids(conn, full_expr(und, exact=True), limit))
        ids = rank_satisfied(ids, facts_of(conn, ids), und, exact, bought_ids(conn, account_id, ids),
                             _column(conn, "model_key", ids))
        page.take([(i, MatchKind.ATTRIBUTE) for i in ids], filtered=False)
    elif ids:
        for expr in satisfied_steps(und):
            if page.full:
                break
            ids = _ids(conn, expr, limit)
            bought = bought_ids(conn, account_id, ids)
            page.take([(i, MatchKind.ATTRIBUTE) for i in sorted(ids, key=lambda i: i not in bought)],
                      filtered=False)
    if closest:
        take_closest(conn, page, und, account_id, limit)
    return broadest, und


def wants_closest(page: Page, und: Understanding) -> bool:
    """Whether ``take_closest`` would look for the closest products: nothing on the page has everything asked."""
    return not page.hits and bool(und.constraints or und.words)


def take_closest(conn: sqlite3.Connection, page: Page, und: Understanding, account_id: str | None,
                 limit: int) -> None:
    """The products closest to what was asked, when nothing has all of it (``und`` as ``take_understood`` returns
    it)."""
    if wants_closest(page, und):
        ids = closest_ids(conn, und, limit, partial(facts_of, conn))
        bought = bought_ids(conn, account_id, ids)
        page.take([(i, MatchKind.CLOSEST) for i in sorted(ids, key=lambda i: i not in bought)], filtered=False)


def _column(conn: sqlite3.Connection, column: str, ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = tuple(ids[i : i + 500])
        out.update(conn.execute(f"SELECT id, {column} FROM product WHERE id IN ({','.join('?' * len(chunk))})",
                                chunk))
    return out


def facts_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """The attribute facts (``index_facts``) of these products, interned in ``catalog_facts``."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = tuple(ids[i : i + 500])
        out.update(conn.execute("SELECT p.id, coalesce(f.facts, '') FROM product p LEFT JOIN catalog_facts f"
                                f" ON f.fid = p.fid WHERE p.id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def bought_ids(conn: sqlite3.Connection, account_id: str | None, ids: Sequence[int]) -> set[int]:
    """Which of these products the account has ordered (in the orders cached locally)."""
    if not account_id or not ids:
        return set()
    sku_of = _column(conn, "sku", ids)
    bought = bought_skus(conn, account_id, list(sku_of.values()))
    return {i for i, sku in sku_of.items() if sku in bought}


def has_word(conn: sqlite3.Connection, word: str) -> bool:
    """True when some product's text has this word (a whole token, or the pinyin of some of its Chinese)."""
    return any_match(conn, TEXT_COLUMNS + fts_quote(word)) \
        or conn.execute("SELECT 1 FROM catalog_pinyin WHERE term = ? LIMIT 1", (word,)).fetchone() is not None


def code_tokens(text: str) -> list[str]:
    """The space-separated parts of a query that have the shape of a model number (letters and digits)."""
    return [t for t in dict.fromkeys(text.split()) if looks_like_code(t) and any(c.isalpha() for c in t)][:8]


def typo_codes(pq: ParsedQuery, und: Understanding | None, *, closest: bool = False) -> list[str]:
    """What to offer "did you mean" for, best first. With nothing found: ``typo_code``. With only the closest
    products found (nothing has everything asked): a part left over that is shaped like a model number, and before
    it the whole query as one code when it is no more than three parts and names no brand or category
    ("E3Z-D16 2M" is E3Z-D61 2M; "9A 220V" asks values, it is no code)."""
    if not closest:
        code = typo_code(pq, und)
        return [code] if code else []
    left = [w for w in (und.words if und is not None else ()) if looks_like_code(w)
            and any(c.isalpha() for c in w) and any(c.isdigit() for c in w)]
    if not left:
        return []
    out: list[str] = []
    if und is not None and not (und.brands or und.categories) and pq.code_key.isascii() \
            and len(pq.text.split()) <= 3:
        out.append(pq.code_key)
    out.append(max(left, key=len))
    return list(dict.fromkeys(out))


def typo_code(pq: ParsedQuery, und: Understanding | None) -> str:
    """What to offer "did you mean" for when nothing matched: the query as one code, or its longest part shaped
    like a model number (beside brand or category words, or in a sentence)."""
    if pq.code_key and any(c.isdigit() for c in pq.code_key) and (und is None or not und.rich) \
            and len(pq.text.split()) <= 2:
        return pq.code_key
    codes = code_tokens(pq.text)
    return max(codes, key=len) if codes else pq.code_key


def explainer(und: Understanding) -> Any:
    """For a closest product: what it misses, and the attributes that satisfied the rest, worked out when read.
    (Why an ATTRIBUTE match matched is worked out when a row is drawn: ``b2bterm.domain.understand.explain``.)"""
    def explained(product: Product) -> tuple[tuple[Any, ...], tuple[tuple[str, str], ...]]:
        _, matched, misses = explain(product, und.constraints, und.words)
        return misses, matched

    return explained
