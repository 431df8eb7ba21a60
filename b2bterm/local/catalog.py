"""The local catalog cache: products in the profile's SQLite database, searched instantly and offline.

Indexes (migrations 0001_catalog.sql, 0006_model_suffix.sql):
- B-trees on the normalised model number, on the distinct model numbers (``model``: key, loose key (O/0, I/1) and
  the key reversed, which the typo search scans from both ends), and on other codes (SKU, cross-ref, EAN);
- ``product_fts`` (contentless, unicode61, prefix='1 2 3 4 5', longer by prefix_terms): words of names, model,
  attributes, Chinese bigrams (and each run's last character), brand, category; pinyin: ``catalog_pinyin``;
- ``model_tri`` (contentless, trigram) on the distinct model numbers: fragments ("214-1AG").

``product.id`` is a popularity id (see the migration): FTS results come in rowid order, which is popularity order,
so a broad match is cut with ``LIMIT`` without ranking it; only small result sets are ranked with bm25.

Every method takes the database lock and is meant to run in a worker thread (it never needs the UI thread).
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from b2bterm.domain.modelno import normalise
from b2bterm.domain.models import Product
from b2bterm.domain.search_query import (
    MatchKind,
    ParsedQuery,
    SearchHit,
    SearchResult,
    chinese_query,
    fts_quote,
    parse_query,
    split_terms,
)
from b2bterm.domain.sqlpattern import like_escape
from b2bterm.domain.understand import Lexicon, Understanding
from b2bterm.local.attr_search import (
    TEXT_COLUMNS,
    build_lexicon,
    code_tokens,
    count_matches,
    explainer,
    has_word,
    known_query,
    split_run_ons,
    take_closest,
    take_understood,
    typo_codes,
    wants_closest,
    without_numbers,
)
from b2bterm.local.catalog_building import CatalogBuilding
from b2bterm.local.catalog_file import PRODUCTS_KEY, CatalogHome
from b2bterm.local.catalog_index import by_skus, chunks, qmarks
from b2bterm.local.catalog_reader import CatalogReading
from b2bterm.local.catalog_write import CatalogWriting
from b2bterm.local.db import Database
from b2bterm.local.decimal_codes import by_decimals
from b2bterm.local.exact_codes import ExactCodes
from b2bterm.local.near_skus import NearSkus, spread
from b2bterm.local.prefix_terms import expand
from b2bterm.local.product_codec import ProductCodec
from b2bterm.local.vocab_cache import lexicon_place

if TYPE_CHECKING:  # a build's module loads with a build (catalog_building.py): a search never runs one
    from b2bterm.local.catalog_build import CatalogBuild, TextPool

RANK_LIMIT = 300  # text matches up to this many are ranked with bm25; more are taken in popularity order
# (bm25 is rounded to 0.1 so that near-equal relevance is ordered by popularity)
COMMON_SHARE = 0.3  # a word matching this share of the products is left out of bm25 ranking (see _rank)
SHORT_WORD = 1  # words this short are left out of it without counting (see _is_common)
_PREFIX_SCAN = 2000  # model-prefix rows read in key order before sorting them by popularity

class LocalCatalog(CatalogReading, ExactCodes, NearSkus, CatalogBuilding, CatalogWriting):
    """The catalog cache of one profile. Implements ``b2bterm.quickorder.lookup.CodeLookup``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._common: dict[str, bool] = {}  # word -> matches at least COMMON_SHARE of the products (_is_common)
        self._rows: int | None = None  # products, counted when first needed
        self._lexicon: Lexicon | None = None  # the vocabulary joined to this catalog's brands and categories
        self._exprs: dict[str, str] = {}  # query text -> the FTS expression of its result set (for facets)
        self._codecs: dict[str, ProductCodec] = {}  # how each catalog file stores products, by file name
        self.home = CatalogHome(db)  # the catalog file, attached (a fresh one if it was built another way)
        self._build: CatalogBuild | None = None  # a full build in progress (b2bterm.local.catalog_build)
        self._pool: TextPool | None = None  # its index text workers, for a big catalog
        self._checked = 0  # blocks under the lock whose file was checked once (NearSkus.checked_once)
        CatalogReading.__init__(self)
        db.on_close.append(self._close_build)
        db.on_close.append(self._close_readers)

    @property
    def _conn(self) -> sqlite3.Connection:
        """The connection, with the current catalog file attached (another process may have swapped it): inside
        ``_read`` this thread's reader, else the profile's connection (its lock held by the caller)."""
        reader = getattr(self._reading, "conn", None)
        if reader is not None:
            return reader  # type: ignore[no-any-return]
        if not self._checked and self.home.refresh():
            self._forget()
        self._caches_for(self.home.current)
        return self.db.conn

    def _forget(self) -> None:
        self._common.clear()
        self._rows = None
        self._lexicon = None
        self._exprs.clear()
        self._codecs.clear()

    def cursor(self) -> str | None:
        """Where the next page starts: in the build under way, if any (an interrupted build resumes there)."""
        if self._building() and self._build is not None:
            return self._build.cursor
        with self.db.lock:
            return self._meta(self._conn, "cursor")

    def is_complete(self) -> bool:
        """True once a full pass through the catalog has finished (the last page said done)."""
        with self.db.lock:
            return self._meta(self._conn, "complete") == "1"

    def count(self) -> int:
        """Products in the catalog searched now (a build under way counts once it is swapped in): the figure every
        write keeps in the file (the start shows it at once), else counted."""
        with self.db.lock:
            conn = self._conn
            row = conn.execute("SELECT value FROM catalog_meta WHERE key=?", (PRODUCTS_KEY,)).fetchone()
            if row is not None and str(row[0]).isdigit():
                return int(row[0])
            return int(conn.execute("SELECT count(*) FROM product").fetchone()[0])

    # --- reading ----------------------------------------------------------------------------------------------------

    def product(self, sku: str) -> Product | None:
        return self.products([sku]).get(sku)

    def products(self, skus: Sequence[str]) -> dict[str, Product]:
        found: dict[str, Product] = {}
        wanted = list(dict.fromkeys(skus))
        with self.db.lock:
            for _, data in by_skus(self._conn, wanted, "p.data"):
                p = self.codec.decode(data)
                found[p.sku] = p
        return found

    def _stored(self, ids: Sequence[int]) -> dict[int, tuple[str, str | bytes]]:
        """(sku, stored row) by id, not decoded. Caller holds the lock."""
        out: dict[int, tuple[str, str | bytes]] = {}
        for chunk in chunks(ids):
            for pid, sku, data in self._conn.execute(
                    f"SELECT id, sku, data FROM product WHERE id IN ({qmarks(len(chunk))})", tuple(chunk)):
                out[pid] = (sku, data)
        return out

    def _by_ids(self, ids: Sequence[int]) -> dict[int, Product]:
        out: dict[int, Product] = {}
        for chunk in chunks(ids):
            for pid, data in self._conn.execute(
                    f"SELECT id, data FROM product WHERE id IN ({qmarks(len(chunk))})", tuple(chunk)):
                out[pid] = self.codec.decode(data)
        return out

    def _model_ids(self, keys: Sequence[str], limit: int, asked: str = "") -> list[int]:
        """The ``limit`` most popular products of these model keys (``asked``: decimal_codes.by_decimals). Locked."""
        if not keys:
            return []
        sql, args = by_decimals(asked)
        return [r[0] for r in self._conn.execute(
            f"SELECT id FROM product WHERE model_key IN ({qmarks(len(keys))}){sql} LIMIT ?", (*keys, *args, limit))]

    def customer_part_number(self, account_id: str, sku: str) -> str | None:
        with self.db.lock:
            row = self._conn.execute(
                "SELECT code FROM customer_part WHERE account_id=? AND sku=? ORDER BY code LIMIT 1", (account_id, sku)
            ).fetchone()
        return row[0] if row else None

    # --- CodeLookup -------------------------------------------------------------------------------------------------

    def _prefix_models(self, key: str, *, longer_only: bool = False) -> list[tuple[int, str]]:
        """(best, key) of the first _PREFIX_SCAN model keys (in key order) that start with ``key`` (and are longer,
        if ``longer_only``), most popular first. Caller holds the lock."""
        if not key:
            return []
        op = ">" if longer_only else ">="
        return sorted((r[0], r[1]) for r in self._conn.execute(
            f"SELECT best, key FROM model WHERE key {op} ? AND key < ? ORDER BY key LIMIT ?",
            (key, key + "\U0010ffff", _PREFIX_SCAN)))

    def _prefix_ids(self, key: str, limit: int, *, longer_only: bool = False, asked: str = "") -> list[int]:
        """Ids whose model key starts with ``key``, most popular first (with ``asked``: see ``_model_ids``). Caller
        holds the lock."""
        models = self._prefix_models(key, longer_only=longer_only)
        # the limit most popular products are all among the products of the limit most popular models
        return self._model_ids([k for _, k in models[:limit]], limit, asked)

    def _spread(self, keys: Sequence[str], limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` products of these model keys (best first): each model's most popular product first, then
        their second ones, and so on, so that five brands of one cable model do not push the other models out.
        (id, model key) grouped by model in the order given. Caller holds the lock."""
        if not keys or limit < 1:
            return []
        return spread(self._ids_of_models(keys), keys, limit)

    def prefix_matches(self, code: str, *, limit: int = 5) -> list[Product]:
        """Products whose model key starts with the code's: the most popular models first, spread over models."""
        with self.db.lock:
            ids = self._prefix_spread(code, limit)
            by_id = self._by_ids(ids)
        return [by_id[i] for i in ids if i in by_id]

    def fuzzy_candidates(self, code: str, *, limit: int = 5) -> list[tuple[Product, float]]:
        """Model keys one or two slips away, scored with rapidfuzz (at least FUZZY_MIN_SCORE).

        A substitution, insertion, deletion or swap at position i leaves key[:i] and the tail after it intact, so the
        right key either starts with the first half of the typed key or ends with the part after its middle
        character. Each half is an index range scan (``model.key``; ``model.rkey``, the key reversed) read outwards
        from where the typed key would sort, both ways: the keys sharing the longest prefix (suffix) with it come
        first, so a crowded half ("RVV" starts tens of thousands of cable keys) still yields the near ones. Keys
        longer or shorter by more than one are skipped."""
        with self.db.lock:
            return self._fuzzy_locked(code, limit=limit)

    def _fuzzy_locked(self, code: str, *, limit: int) -> list[tuple[Product, float]]:
        picked = self._fuzzy_ids(code, limit=limit)
        by_id = self._by_ids([pid for pid, _ in picked])
        return [(by_id[pid], score) for pid, score in picked if pid in by_id]

    # --- search -----------------------------------------------------------------------------------------------------

    def search(self, query: str, *, account_id: str | None = None, limit: int = 50, count: bool = False,
               understood: Understanding | None = None, fits_only: bool = False,
               known: Understanding | None = None, unmatched: bool = False) -> SearchResult:
        """Search the cache: exact codes first, then model prefixes and fragments, then what the query asks
        (brand, category, stated values: b2bterm.local.attr_search) or, for plain words, words (ranked when few).
        Nothing found: model numbers a slip or two away ("did you mean"). With ``count`` a full page also counts
        every match (up to attr_search.COUNT_CAP). With ``fits_only`` (a pasted line read as a description, which
        takes only products that fit) a result of closest products or "did you mean" comes back empty, as soon as
        that is all it can be: neither is looked for. ``known``: ``attr_search.known_words`` of ``understood``, when
        the caller worked it out already; ``unmatched``: the caller's ``match_codes`` found nothing for the query.

        Each step runs only while the page is not full; only the products shown are decoded."""
        started = time.perf_counter()
        pq = parse_query(query if isinstance(query, str) else "")
        limit = max(1, min(int(limit), 1000))
        if pq.empty:
            return SearchResult(query=pq.text, elapsed_ms=(time.perf_counter() - started) * 1000)
        ranked = exact_hit = False
        with self._held():
            conn = self._conn
            brands = self._facet_values("brand", pq.brand) if pq.brand else None
            cats = self._facet_values("category", pq.category) if pq.category else None
            if (brands is not None and not brands) or (cats is not None and not cats):
                return SearchResult(query=pq.text, elapsed_ms=(time.perf_counter() - started) * 1000)
            page = _Page(conn, limit, brands, cats, self.codec)
            key = pq.code_key
            if key:  # (its text, not its key: its decimals tell "BV 2.5" from "BV 25")
                if not (unmatched and key == normalise(query)):  # (else what match_codes found for it: nothing)
                    page.take([(pid, kind) for pid, kind in self._exact([pq.text], account_id).get(pq.text, [])])
                exact_hit = bool(page.hits)
                if account_id and not page.full:
                    parts = [r[0] for r in conn.execute(
                        "SELECT sku FROM customer_part WHERE account_id=? AND key > ? AND key < ?"
                        " ORDER BY key LIMIT 40", (account_id, key, key + "\U0010ffff"))]
                    id_of = dict(by_skus(conn, parts, "p.id")) if parts else {}
                    page.take([(id_of[s], MatchKind.CUSTOMER_PART_PREFIX) for s in parts if s in id_of][:20])
                if len(key) >= 2 and any(c.isdigit() for c in key) and not page.full:
                    # model keys equal to `key` were taken as exact matches above
                    page.take([(i, MatchKind.MODEL_PREFIX)
                               for i in self._prefix_ids(key, limit, longer_only=True, asked=pq.text)])
                    if len(key) >= 3 and not page.full:
                        models = [r[0] for r in conn.execute(
                            "SELECT m.key FROM model_tri t JOIN model m ON m.best = t.rowid"
                            " WHERE model_tri MATCH ? ORDER BY t.rowid LIMIT ?", (fts_quote(key), limit))]
                        page.take([(i, MatchKind.MODEL_FRAGMENT) for i in self._model_ids(models, limit)])
            und = None
            typed = pq
            if not pq.filters and not page.full:
                und = understood if understood is not None else self._lexicon_of(conn).understand(pq.text)
            expr = ""
            if und is not None and und.rich:
                expr, und = take_understood(conn, page, und, account_id, limit, closest=not fits_only,
                                            known=known if und is understood else None)
                if fits_only and wants_closest(page, und):
                    # closest products would fill the page, unless there are none and a model number inside the
                    # words is found (below): without such a number nothing can fit
                    codes = code_tokens(pq.text)
                    found = self._exact(codes, account_id) if codes and codes != [pq.text] else {}
                    probe = _Page(conn, limit, brands, cats, self.codec)
                    probe.take([hit for code in codes for hit in found.get(code, [])])
                    if not probe.hits:
                        return SearchResult(query=pq.text, elapsed_ms=(time.perf_counter() - started) * 1000)
                    take_closest(conn, page, und, account_id, limit)
            elif not page.full:
                typed = pq
                if pq.words:
                    pq = replace(pq, words=split_run_ons(conn, pq.words, pq.text.lower()))
                expr = _words_expr(pq, brands, cats)
                # After an exact code hit (which comes first anyway) the words only add related products: those are
                # taken in popularity order, unranked, so that bm25 (and counting common words) stays off this path.
                ids = [r[0] for r in conn.execute(
                    "SELECT rowid FROM product_fts WHERE product_fts MATCH ? ORDER BY rowid LIMIT ?",
                    (expand(conn, expr), limit if exact_hit else max(limit, RANK_LIMIT + 1)))] if expr else []
                if not exact_hit and 1 < len(ids) <= RANK_LIMIT and (pq.words or pq.chinese):
                    ranked_ids = self._rank(pq, brands, cats, ids, limit)
                    if ranked_ids is not None:
                        ids, ranked = ranked_ids, True
                page.take([(i, MatchKind.TEXT) for i in ids[:limit]], filtered=False)
            if not page.hits and len(codes := code_tokens(pq.text)) > 0 and codes != [pq.text]:
                # a model number inside a sentence ("do you have 3RV2011-1EA10", "need 10 pcs LC1D12M7")
                found = self._exact(codes, account_id)
                page.take([hit for code in codes for hit in found.get(code, [])])
            if not page.hits and expr and not (und is not None and und.rich) \
                    and (known := known_query(conn, typed)) != typed:
                # a word no product has ("短接条" in "FBS 2-5 短接条") must not hide what the rest finds
                expr = _words_expr(known, brands, cats)
                page.take([(r[0], MatchKind.TEXT) for r in conn.execute(
                    "SELECT rowid FROM product_fts WHERE product_fts MATCH ? ORDER BY rowid LIMIT ?",
                    (expand(conn, expr), limit))], filtered=False)
            if not page.hits and expr and not (und is not None and und.rich) \
                    and (rest := without_numbers(typed)) is not None:
                # a number beside a model that no product has with it ("CDZ9-52P 8": often how many): the
                # products of the rest, shown as the closest (they do not have everything asked)
                page.take([(r[0], MatchKind.CLOSEST) for r in conn.execute(
                    "SELECT rowid FROM product_fts WHERE product_fts MATCH ? ORDER BY rowid LIMIT ?",
                    (expand(conn, _words_expr(rest, brands, cats)), limit))], filtered=False)
            suggestions: list[tuple[Product, float]] = []
            if fits_only and all(kind is MatchKind.CLOSEST for _, kind in page.hits):
                return SearchResult(query=pq.text, elapsed_ms=(time.perf_counter() - started) * 1000)
            if all(kind is MatchKind.CLOSEST for _, kind in page.hits):
                # nothing has everything asked: a model number a slip away comes before the closest products
                for code in typo_codes(pq, und, closest=bool(page.hits)):
                    suggestions = self._fuzzy_locked(code, limit=min(limit, 10))
                    if suggestions:
                        break
            total, capped = len(page.hits), False
            if count and page.full and expr:
                total, capped = count_matches(conn, expr)
                total, capped = (max(total, len(page.hits)), capped)
            stored = self._stored([pid for pid, _ in page.hits])
            decode = self.codec.decode
            if len(self._exprs) >= 64:
                self._exprs.clear()
            self._exprs[pq.text] = expr
        explain_with = explainer(und) if und is not None and und.rich else None
        hits = [SearchHit(None, kind, sku=stored[pid][0], load=partial(decode, stored[pid][1]),
                          explain=explain_with if kind is MatchKind.CLOSEST else None)
                for pid, kind in page.hits if pid in stored]
        if suggestions:
            taken = {p.sku for p, _ in suggestions}
            hits = [SearchHit(p, MatchKind.DID_YOU_MEAN, score=score) for p, score in suggestions] + [
                h for h in hits if h.sku not in taken][:limit]
            total = len(hits)
        return SearchResult(query=pq.text, hits=tuple(hits), elapsed_ms=(time.perf_counter() - started) * 1000,
                            ranked=ranked, total=total, total_capped=capped,
                            understood=und if und is not None and und.rich else None)

    def _lexicon_of(self, conn: sqlite3.Connection) -> Lexicon:
        """The vocabulary joined to this catalog's brands and categories, built once. Caller holds the lock."""
        lexicon = self._lexicon
        if lexicon is None:  # (a local: a writer may forget it meanwhile, when this thread reads on a reader)
            home = self.home
            lexicon = build_lexicon(conn, None if home.memory else lexicon_place(home.folder, home.stem))
            lexicon.known = lambda word: has_word(self._conn, word)  # this thread's connection when it asks
            self._lexicon = lexicon
        return lexicon

    def warm(self) -> None:
        """Build what a search needs before its first answer (thread worker at start): the first keystroke then
        finds it ready, and can be answered in its own handler (``search_now`` leaves a cold one to a worker)."""
        with self.db.lock:
            lexicon = self._lexicon_of(self._conn)
            # the stated-value parser, the products' codec and the misspelt-word check's distance (and the modules
            # they load): 30-50 ms that the first query with a value or a long word paid
            lexicon.understand("9a 220v")
            # and what a first word or a Chinese one compiles on first use (domain/lazy_re.py: ~5 ms of the
            # session's first key)
            lexicon.understand("接触器 lc1")
            parse_query("接触器 lc1")
            _ = self.codec
        for which in ("now", "work"):  # the searches' own connections opened, their catalog file attached
            with self._read(which):
                self._conn.execute("SELECT 1 FROM product LIMIT 1").fetchall()
        from rapidfuzz.distance import OSA  # noqa: F401  (what understand's misspelt-word check loads)
        lexicon.phrases("")  # its table of brand and category phrases: built here, not by the first key

    def _rank(self, pq: ParsedQuery, brands: list[str] | None, cats: list[str] | None, ids: list[int],
              limit: int) -> list[int] | None:
        """The matches ``ids`` (all of them, in rowid order) ranked by bm25, best ``limit`` first; None when every
        word is common (nothing left to weigh: popularity order stands). Caller holds the lock.

        bm25 weighs each phrase by reading every row it matches in the whole table (its idf), which costs about
        25 ms a million rows; the idf of a phrase in a share s of the rows is log((1-s)/s), 1e-6 from s = 0.5 on.
        So a common prefix ("0"*, "mm"*, "box"*) costs the most to weigh and weighs least: words in COMMON_SHARE of
        the products or more (idf < 0.85) are left out of the ranking expression; they still filtered the matches.
        Measured on 1M products, 219 ranked queries: the same top 10 for 93%, the same top 50 set for 96% (with
        0.5, which changes nothing, the slowest 5% of sloppy model queries took 17 ms). The matches are found
        again among the rows of the shorter expression by id."""
        common = {w for w in pq.words if self._is_common(w)}
        if not common:
            expr = expand(self._conn, _words_expr(pq, brands, cats))
            return [r[0] for r in self._conn.execute(
                "SELECT rowid FROM product_fts WHERE product_fts MATCH ?"
                " ORDER BY round(bm25(product_fts, 1.0, 2.0, 2.0, 0.0), 1), rowid LIMIT ?", (expr, limit))]
        rest = ParsedQuery(text=pq.text, words=tuple(w for w in pq.words if w not in common), chinese=pq.chinese)
        if rest.empty:
            return None
        expr = expand(self._conn, _words_expr(rest, brands, cats))
        # `+rowid` keeps the id list out of the FTS plan (an IN on rowid would run the query, idf and all, per id)
        return [r[0] for r in self._conn.execute(
            "SELECT rowid FROM product_fts WHERE product_fts MATCH ? AND rowid BETWEEN ? AND ?"
            f" AND +rowid IN ({qmarks(len(ids))})"
            " ORDER BY round(bm25(product_fts, 1.0, 2.0, 2.0, 0.0), 1), rowid LIMIT ?",
            (expr, min(ids), max(ids), *ids, limit))]

    def _is_common(self, word: str) -> bool:
        """True when the prefix query ``word*`` matches at least COMMON_SHARE of the products. Counting stops there;
        the answers (and the product count) are kept until the catalog changes. Caller holds the lock.

        A word of one character (the start of a word being typed) counts as common without counting: it weighs
        little in a ranking, and counting it is what cost: "p*" at 1M matches 300k products before the count stops,
        80-120 ms, one of the slowest keys of the terminal benchmark ("lrd16 p"). (Two characters can weigh: "9a".)"""
        if len(word) <= SHORT_WORD:
            return True
        common = self._common.get(word)
        if common is None:
            rows = self._rows  # (a local: a writer may forget it meanwhile, when this thread reads on a reader)
            if rows is None:
                rows = self._rows = int(self._conn.execute("SELECT count(*) FROM product").fetchone()[0])
            if len(self._common) >= 10_000:
                self._common.clear()
            enough = max(1, math.ceil(rows * COMMON_SHARE))
            common = self._conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM product_fts WHERE product_fts MATCH ? LIMIT ?)",
                (expand(self._conn, TEXT_COLUMNS + fts_quote(word) + "*"), enough)).fetchone()[0] >= enough
            self._common[word] = common
        return common

    def _facet_values(self, kind: str, value: str) -> list[str]:
        pattern = "%" + like_escape(value) + "%"
        # values that tokenise to nothing could not be written as an FTS phrase; they cannot be searched for
        return [r[0] for r in self._conn.execute(
            "SELECT value FROM catalog_facet WHERE kind=? AND value LIKE ? ESCAPE '\\' ORDER BY value LIMIT 64",
            (kind, pattern)) if split_terms(r[0])]


class _Page:
    """A page of search hits being filled in order: deduplicated by product (id and SKU are one to one),
    brand/category filters applied to code matches, reading only the columns needed for that (the products are read
    once the page is final). Unfiltered matches (from the FTS index, already filtered) need no read at all."""

    def __init__(self, conn: sqlite3.Connection, limit: int, brands: list[str] | None, cats: list[str] | None,
                 codec: ProductCodec):
        self.conn, self.limit, self.brands, self.cats, self.codec = conn, limit, brands, cats, codec
        self.hits: list[tuple[int, MatchKind]] = []
        self.seen: set[int] = set()

    @property
    def full(self) -> bool:
        return len(self.hits) >= self.limit

    def take(self, refs: Sequence[tuple[int, MatchKind]], *, filtered: bool = True) -> None:
        step = max(self.limit, 50)
        for i in range(0, len(refs), step):
            if self.full:
                return
            part = refs[i : i + step]
            meta: dict[int, Any] = {}
            if filtered:  # the brand and category are read from the product's row (decoded) only for a filter
                ids = list({pid for pid, _ in part})
                if self.brands is None and self.cats is None:
                    meta = {r[0]: None for r in self.conn.execute(
                        f"SELECT id FROM product WHERE id IN ({qmarks(len(ids))})", ids)}
                else:
                    text = self.codec.text
                    meta = {r[0]: json.loads(text(r[1])) for r in self.conn.execute(
                        f"SELECT id, data FROM product WHERE id IN ({qmarks(len(ids))})", ids)}
            for pid, kind in part:
                if pid in self.seen:
                    continue
                if filtered:
                    if pid not in meta:
                        continue
                    d = meta[pid]
                    if d is not None and not ((self.brands is None or d.get("brand") in self.brands)
                                              and (self.cats is None or d.get("category") in self.cats)):
                        continue
                self.seen.add(pid)
                self.hits.append((pid, kind))
                if self.full:
                    return


def _words_expr(pq: ParsedQuery, brands: list[str] | None, cats: list[str] | None) -> str:
    """The FTS5 MATCH expression for the words, Chinese runs and filters. Built only from sanitised tokens."""
    terms = [TEXT_COLUMNS + fts_quote(w) + "*" for w in pq.words]
    terms += [TEXT_COLUMNS + chinese_query(run) for run in pq.chinese]
    if brands:
        terms.append("brand : (" + " OR ".join(fts_quote(b) for b in brands) + ")")
    if cats:
        terms.append("category : (" + " OR ".join(fts_quote(c) for c in cats) + ")")
    return " AND ".join(terms)
