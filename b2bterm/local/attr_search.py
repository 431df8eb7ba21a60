"""Search by what a customer says: brand, category and stated values, matched on the catalog's attribute facts.

``b2bterm.domain.understand`` takes the query apart; this module turns the parts into one FTS5 expression over
``product_fts`` (words, brand, category and the ``facts`` column, see migration 0007) and reads the matches in
popularity order (rowid), so a broad match is cut with LIMIT and never sorted:

1. every stated value satisfied, each word matched as a whole token ("RVV" is not "RVVP") - then as a prefix;
   within each step the products this account has bought come first;
2. when nothing satisfies everything: the closest products (those satisfying the most, read from the products
   matching any stated value under the same brand, category and words), each with what it misses.

Every function takes a connection whose lock the caller holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

from b2bterm.domain.models import Product
from b2bterm.domain.search_query import MatchKind, Miss, chinese_query, fts_quote, split_terms
from b2bterm.domain.understand import Constraint, Lexicon, Understanding
from b2bterm.domain.values import attribute_values, product_facts, value_parser

TEXT_COLUMNS = "{words brand category} : "
RELAX_SCAN = 300  # products read to find the closest ones when nothing satisfies everything
COUNT_CAP = 10_000  # matches counted for "showing 20 of N"; more is "N+"


@lru_cache(maxsize=65536)
def _facts_of(attributes: tuple[tuple[str, str], ...]) -> str:
    return " ".join(product_facts(attributes))


def index_facts(product: Product) -> str:
    """The text ``product_fts.facts`` holds for a product (cached: attribute sets repeat across a catalog)."""
    return _facts_of(tuple(product.attributes))


@lru_cache(maxsize=65536)
def _attr_facts(name: str, value: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(kind, facts) of each value one attribute holds."""
    return tuple((v.kind, frozenset(v.facts)) for v in attribute_values(name, value, value_parser()))


def build_lexicon(conn: sqlite3.Connection) -> Lexicon:
    brands = [r[0] for r in conn.execute("SELECT value FROM catalog_facet WHERE kind='brand'")]
    cats = [r[0] for r in conn.execute("SELECT value FROM catalog_facet WHERE kind='category'")]
    return Lexicon.build(brands, cats)


def _or(tokens: Sequence[str]) -> str:
    return "(" + " OR ".join(fts_quote(t) for t in tokens) + ")"


def constraint_expr(c: Constraint) -> str:
    """A stated value: one of its facts, or (for a product whose attributes do not state it) the words as written,
    whole, in its name ("9A" in "AC contactor 9A 220V")."""
    facts = "facts : " + _or(c.asks)
    written = split_terms(c.asked)
    if c.soft and c.words:
        return f"({facts} OR {TEXT_COLUMNS}{fts_quote(' '.join(c.words))}*)"
    if written and c.kind not in ("curve",):
        return f"({facts} OR {{words}} : {fts_quote(' '.join(written))})"
    return facts


def base_terms(und: Understanding, *, exact: bool = False, words: bool = True, brand: bool = True) -> list[str]:
    terms: list[str] = []
    if words:
        terms += [TEXT_COLUMNS + fts_quote(w) + ("" if exact else "*") for w in und.words]
        terms += [TEXT_COLUMNS + chinese_query(run) for run in und.chinese]
        terms += [constraint_expr(c) for c in und.constraints if c.soft]
    if brand and und.brands:
        terms.append("brand : " + _or(und.brands))
    if und.categories:
        terms.append("category : " + _or(und.categories))
    return terms


def full_expr(und: Understanding, *, exact: bool = False) -> str:
    return " AND ".join(base_terms(und, exact=exact) + [constraint_expr(c) for c in und.hard])


def _ids(conn: sqlite3.Connection, expr: str, limit: int) -> list[int]:
    if not expr:
        return []
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM product_fts WHERE product_fts MATCH ? ORDER BY rowid LIMIT ?", (expr, limit))]


def count_matches(conn: sqlite3.Connection, expr: str) -> tuple[int, bool]:
    """How many products match ``expr``, counted up to COUNT_CAP (True when there are more)."""
    if not expr:
        return 0, False
    n = conn.execute("SELECT count(*) FROM (SELECT rowid FROM product_fts WHERE product_fts MATCH ? LIMIT ?)",
                     (expr, COUNT_CAP + 1)).fetchone()[0]
    return min(n, COUNT_CAP), n > COUNT_CAP


def bought_skus(conn: sqlite3.Connection, account_id: str | None, skus: Sequence[str]) -> set[str]:
    """Which of ``skus`` the account has ordered (in the orders cached locally)."""
    if not account_id or not skus:
        return set()
    q = ",".join("?" * len(skus))
    return {r[0] for r in conn.execute(
        f"SELECT DISTINCT i.sku FROM order_items i JOIN order_details d ON d.number = i.number"
        f" WHERE d.account_id = ? AND i.sku IN ({q})", (account_id, *skus))}


def satisfied_ids(conn: sqlite3.Connection, und: Understanding, limit: int) -> list[int]:
    """Ids satisfying everything, whole-word matches first, each step in popularity order."""
    ids = _ids(conn, full_expr(und, exact=True), limit) if und.words else []
    seen = set(ids)
    if len(ids) < limit:
        ids += [i for i in _ids(conn, full_expr(und), limit) if i not in seen]
    return ids[:limit]


def closest_ids(conn: sqlite3.Connection, und: Understanding) -> list[int]:
    """Candidates for the closest products: matching any stated value under the brand, category and words; failing
    that, under the category alone; failing that, the brand, category and words without the values."""
    hard = und.hard
    any_value = "(" + " OR ".join(constraint_expr(c) for c in hard) + ")" if hard else ""
    tries: list[list[str]] = []
    if any_value:
        tries.append([*base_terms(und), any_value])
        if und.categories:
            tries.append([*base_terms(und, words=False, brand=False), any_value])
    base = base_terms(und)
    if base and hard:
        tries.append(base)
    for terms in tries:
        ids = _ids(conn, " AND ".join(terms), RELAX_SCAN)
        if ids:
            return ids
    return []


def explain(product: Product, constraints: Sequence[Constraint]) -> tuple[int, tuple[tuple[str, str], ...],
                                                                           tuple[Miss, ...]]:
    """How many stated values a product satisfies, the attributes that satisfy them, and the ones it misses."""
    held = [(name, value, _attr_facts(name, value)) for name, value in product.attributes]
    named = " " + " ".join(split_terms(f"{product.model} {product.name_en} {product.name_zh}")) + " "
    count = 0
    matched: list[tuple[str, str]] = []
    misses: list[Miss] = []
    for c in constraints:
        asks = set(c.asks)
        hit = next(((n, v) for n, v, vals in held if any(asks & f for _, f in vals)), None)
        written = " ".join(split_terms(c.asked))
        if hit is None and written and c.kind != "curve" and f" {written} " in named:
            hit = ("", c.asked)
        if hit is not None:
            count += 1
            if hit[0] and hit not in matched:
                matched.append(hit)
        elif not c.soft:
            same = next(((n, v) for n, v, vals in held if any(k == c.kind for k, _ in vals)), None)
            misses.append(Miss(same[0], same[1], c.asked) if same else Miss("", "", c.asked))
    return count, tuple(matched), tuple(misses)


def rank_closest(products: dict[int, Product], ids: Sequence[int], und: Understanding, bought: set[str],
                 limit: int) -> list[int]:
    """The closest ``limit`` of the candidates: most stated values satisfied, then bought by the account, then
    popularity (id order)."""
    def key(pid: int) -> tuple[int, int, int]:
        p = products[pid]
        return (-explain(p, und.hard)[0], 0 if p.sku in bought else 1, pid)

    return sorted((i for i in ids if i in products), key=key)[:limit]


def with_bought_first(ids: Sequence[int], skus: Callable[[Sequence[int]], dict[int, str]], account_id: str | None,
                      conn: sqlite3.Connection) -> list[int]:
    """``ids`` with the products the account has bought moved first (stable otherwise)."""
    if not account_id or not ids:
        return list(ids)
    sku_of = skus(ids)
    bought = bought_skus(conn, account_id, list(sku_of.values()))
    if not bought:
        return list(ids)
    return sorted(ids, key=lambda i: 0 if sku_of.get(i) in bought else 1)


__all__ = ["COUNT_CAP", "TEXT_COLUMNS", "MatchKind", "build_lexicon", "count_matches", "explain", "index_facts"]
