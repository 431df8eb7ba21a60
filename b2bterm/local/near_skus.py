"""Quick order's near misses as SKUs only (``CodeLookup.prefix_skus``/``fuzzy_skus``): a paste reads the products its
lines need in one batch, and a candidate's when its pick list opens, instead of decoding every candidate found. The
typo search's scans (``_fuzzy_ids``, also behind the search's "did you mean") live here too."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

from b2bterm.domain.modelno import normalise
from b2bterm.domain.search_query import parse_query
from b2bterm.local.attr_search import known_words
from b2bterm.local.catalog_index import chunks, qmarks
from b2bterm.local.prefix_terms import answers_kept

if TYPE_CHECKING:
    from b2bterm.domain.search_query import SearchResult
    from b2bterm.domain.understand import Lexicon, Understanding


# model keys read by each of the four index scans of a typo search (same first half, same second half; each both
# ways from the typed key), before the length filter: a short half of a cable model ("RVV") starts tens of thousands
FUZZY_SCAN = 2000
T = TypeVar("T")
R = TypeVar("R")
FUZZY_MIN_SCORE = 70  # rapidfuzz ratio below which a key is not offered ("ZZZ-10" is not "A9-30-10")

# the near-miss scans of ``_near_keys``, each arm one string of keys (a row each cost a paste ~1 us in Python): from
# the typed key up to the end of its first half's range and down to its start, the same on the reversed key (flagged
# 1: reversed back), and the swaps given as a JSON list; each arm reads FUZZY_SCAN keys of its index, those of a near
# length kept (162 codes at 1M: 105 -> 72 ms). Length-first indexes that read only those, the window counted along the
# key index, took it to 53 ms but cost 19 MiB and a 1M profile's files 1.47 -> 1.50x the platform file (stop 34).
_FUZZY_ARM = ("SELECT {r}, group_concat({c}, ' ') FROM (SELECT {c} FROM model WHERE {c} >= ? AND {c} < ?"
              " ORDER BY {c} {o} LIMIT ?) WHERE length({c}) BETWEEN ? AND ?")
_FUZZY_SQL = " UNION ALL ".join(
    [_FUZZY_ARM.format(c=c, r=r, o=o) for c, r in (("key", 0), ("rkey", 1)) for o in ("", "DESC")]
    + ["SELECT 0, group_concat(key, ' ') FROM model WHERE key IN (SELECT value FROM json_each(?))"])


# the keys (a JSON list) some model key starts with: an indexed LIMIT 1 look each, as ``prefix_skus`` would look
_PREFIXED_SQL = ("SELECT value FROM json_each(?) WHERE EXISTS"
                 " (SELECT 1 FROM model WHERE key >= value AND key < value || char(1114111))")


def spread(per: dict[str, list[int]], keys: Sequence[str], limit: int) -> list[tuple[int, str]]:
    """Up to ``limit`` products of these model keys (``per``: each key's products, best first): each model's most
    popular product first, then their second ones, and so on, so that five brands of one cable model do not push the
    other models out. (id, model key) grouped by model in the order given."""
    if not keys or limit < 1:
        return []
    taken: dict[str, int] = dict.fromkeys(keys, 0)
    left = limit
    for round_ in range(max((len(per[k]) for k in keys), default=0)):
        for k in keys:
            if left and round_ < len(per[k]):
                taken[k] += 1
                left -= 1
    return [(pid, k) for k in keys for pid in per[k][: taken[k]]]


def _swaps(key: str) -> list[str]:
    """The key with two neighbouring characters swapped ("LC1D90M7"), each way once."""
    return list(dict.fromkeys(key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)
                              if key[i] != key[i + 1]))


def _near_keys(conn: sqlite3.Connection, key: str, swaps: Sequence[str]) -> set[str]:
    """The model keys a near miss of ``key`` (normalised, 3 to 64 characters) is looked for among: those of a length
    within one of it among the FUZZY_SCAN keys nearest it that share its first half (up from it and down from it in
    key order), the same for its last half (on the reversed keys), and its swaps (``_swaps``: both halves may differ
    from the right key's, and a crowded key range can hide it from the scans, so every swap is looked up exactly).
    One statement (``_FUZZY_SQL``: a paste asks this for every line no code matched), reading only indexes."""
    n = len(key)
    half = n // 2
    rkey = key[::-1]
    params: list[object] = []
    for typed, start in ((key, key[:half]), (rkey, rkey[: n - half - 1])):
        for low, high in ((typed, start + "\U0010ffff"), (start, typed)):
            params += (low, high, FUZZY_SCAN, n - 1, n + 1)
    keys: set[str] = set()
    for reversed_, joined in conn.execute(_FUZZY_SQL, (*params, json.dumps(swaps))):
        if joined:  # (a model key has no space: normalised)
            keys.update((joined[::-1] if reversed_ else joined).split(" "))
    keys.discard(key)  # (the typed key itself is no near miss of it)
    return keys


def best_of(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, int]:
    """Each model key's most popular product id (``model.best``, kept by every write)."""
    if not keys:
        return {}
    return dict(conn.execute("SELECT key, best FROM model WHERE key IN (SELECT value FROM json_each(?))",
                             (json.dumps(list(keys)),)))


class NearSkus:
    """Mixed into ``LocalCatalog``: it provides the lock, the connection and the id-level searches used here."""

    db: object
    _conn: sqlite3.Connection
    _checked: int

    if TYPE_CHECKING:  # LocalCatalog's
        def _prefix_models(self, key: str, *, longer_only: bool = False) -> list[tuple[int, str]]: ...
        def _spread(self, keys: Sequence[str], limit: int) -> list[tuple[int, str]]: ...
        def _lexicon_of(self, conn: sqlite3.Connection) -> Lexicon: ...
        def search(self, query: str, *, account_id: str | None = None, limit: int = 50, count: bool = False,
                   understood: Understanding | None = None, fits_only: bool = False,
                   known: Understanding | None = None, unmatched: bool = False) -> SearchResult: ...

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
        if getattr(self._reading, "conn", None) is not None:  # type: ignore[attr-defined]
            yield  # (on a reader of this thread's own, ``_read``: no lock, and its file was attached for the block)
            return
        with self._lock():
            _ = self._conn  # the check
            self._checked += 1
            try:
                yield
            finally:
                self._checked -= 1

    @contextmanager
    def one_paste(self) -> Iterator[None]:
        """A paste's resolve (``CodeLookup.one_paste``): the lock held and the catalog file checked once for all of
        it (``checked_once``: a paste asks the catalog some two thousand times), and what its description searches
        expand and find remembered until it ends (``prefix_terms.answers_kept``: the same words, line after line)."""
        with self.checked_once(), answers_kept():
            yield

    def prefix_skus(self, code: str, *, limit: int = 5) -> list[str]:
        """The SKUs of ``prefix_matches``, no product read."""
        with self.checked_once():
            ids = self._prefix_spread(code, limit)
            sku_of = self._skus_of(ids)
        return [sku_of[i] for i in ids if i in sku_of]

    def prefixed(self, codes: Sequence[str]) -> set[str]:
        """The codes some model number starts with (normalised): those ``prefix_skus`` finds products for. One
        statement for all of them (an indexed LIMIT 1 look a key, inside SQLite: a paste asks it of every line left,
        and a statement a code cost ten times as much), no product read."""
        keys = {code: normalise(code) if isinstance(code, str) else "" for code in dict.fromkeys(codes)}
        wanted = list(dict.fromkeys(key for key in keys.values() if key))
        if not wanted:
            return set()
        with self.checked_once():
            starts = {r[0] for r in self._conn.execute(_PREFIXED_SQL, (json.dumps(wanted),))}
        return {code for code, key in keys.items() if key in starts}

    def fuzzy_skus(self, code: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """The SKUs and scores of ``fuzzy_candidates``, no product read."""
        with self.checked_once():
            picked = self._fuzzy_ids(code, limit=limit)
            sku_of = self._skus_of([pid for pid, _ in picked])
        return [(sku_of[pid], score) for pid, score in picked if pid in sku_of]

    def _each(self, items: Sequence[T], work: Callable[[T], R]) -> dict[T, R]:
        """``work(item)`` for each distinct item, in turn, the catalog held (the lock, its file checked once) and the
        searches' word lookups remembered for the block (``answers_kept``). (A second thread on the workers' reader
        took some of them until stop 33: it made a paste's near misses and description searches slower, not faster -
        20k 21 -> 11 ms, 1M 100 -> 48-62 ms without it, alternating runs at load 0.4-0.6: the scans are mostly Python
        reading rows, the two threads took turns on the GIL, and the reader's own page cache started cold. Tried again
        in stop 34, with the scans in SQLite and the interpreter handed over within 0.1 ms: 1M 47 -> 42 ms for +10 ms
        of CPU, 20k 14 -> 19 ms, pastes alternated in one process.)"""
        with self.checked_once(), answers_kept():
            return {item: work(item) for item in dict.fromkeys(items)}

    def fuzzy_many(self, codes: Sequence[str], *, limit: int = 5) -> dict[str, list[tuple[str, float]]]:
        """``fuzzy_skus`` of each code, for a paste's lines that nothing else matched (a 1M catalog's near-miss scans
        are most of a paste's resolve): the scans in turn (``_each``), then the products of every code's models in one
        read. Same answers as one by one."""
        todo = list(dict.fromkeys(codes))
        models = self._each(todo, lambda code: self._fuzzy_models(code, limit=limit))
        # a code with ``limit`` models takes each one's most popular product (its ``best``: ``spread`` takes one a
        # model); only those with fewer read their models' products, in one read, spread as _fuzzy_ids does
        few = {code for code in todo if len(models[code]) < limit}
        with self.checked_once():
            per = self._ids_of_models(list(dict.fromkeys(k for code in todo if code in few for k in models[code])))
            best = best_of(self._conn, list(dict.fromkeys(k for code in todo if code not in few
                                                          for k in models[code])))
            picked = {code: [(pid, models[code][mkey]) for pid, mkey in spread(per, list(models[code]), limit)]
                      if code in few else [(best[mkey], score) for mkey, score in models[code].items() if mkey in best]
                      for code in todo}
            sku_of = self._skus_of(list(dict.fromkeys(pid for p in picked.values() for pid, _ in p)))
        return {code: [(sku_of[pid], score) for pid, score in picked[code] if pid in sku_of] for code in todo}

    def described_many(self, asks: Sequence[tuple[str, bool, bool]], *, account_id: str | None = None,
                       limit: int = 20) -> dict[tuple[str, bool, bool], SearchResult | None]:
        """``described(text, every_word=..., unmatched=...)`` for each (text, every_word, unmatched) of a paste's
        lines, in turn (``_each``: their word lookups remembered). Same answers as one by one."""
        return self._each(asks, lambda ask: self.described(ask[0], account_id=account_id, limit=limit,
                                                             every_word=ask[1], unmatched=ask[2]))

    def _ids_of_models(self, keys: Sequence[str]) -> dict[str, list[int]]:
        """Each model key's product ids, in id order (best first). Caller holds the lock. (The index named: with
        hundreds of keys and their ORDER BY, SQLite's plan for a small catalog is to read the whole table, blobs and
        all, in id order: 13 ms a paste at 20k instead of 5.)"""
        per: dict[str, list[int]] = {k: [] for k in keys}
        for chunk in chunks(list(per)):
            for mkey, pid in self._conn.execute(f"SELECT model_key, id FROM product INDEXED BY product_model_key"
                                                f" WHERE model_key IN ({qmarks(len(chunk))}) ORDER BY id",
                                                tuple(chunk)):
                per[mkey].append(pid)
        return per

    def _fuzzy_ids(self, code: str, *, limit: int) -> list[tuple[int, float]]:
        """(product id, score) of the near misses, best first. Caller holds the lock."""
        score = self._fuzzy_models(code, limit=limit)
        return [(pid, score[mkey]) for pid, mkey in self._spread(list(score), limit)]

    def _fuzzy_models(self, code: str, *, limit: int) -> dict[str, float]:
        """The model keys of the near misses (up to ``limit``), best first, with their scores. Caller holds the lock
        (or reads on a reader of its own)."""
        from rapidfuzz import distance, fuzz, process

        conn = self._conn  # (its file checked once: each ``_conn`` asks SQLite whether another process swapped it)
        key = normalise(code[:256]) if isinstance(code, str) else ""
        n = len(key)
        if not 3 <= n <= 64 or limit < 1:
            return {}
        swaps = _swaps(key)
        keys = _near_keys(conn, key, swaps)
        # score distinct model keys; the best products are all among the products of the best `limit` models.
        # Equal scores: fewer edits first (the ratio counts a substitution like an insertion plus a deletion, so
        # "RVV287X" is as close to "RVV1287" as to "RVV2870"), then two neighbours swapped (the commonest slip:
        # "LC1D52M7" is LC1D25M7 before LC1D12M7), then the more popular model (its best product's id, read for
        # those left only).
        swapped = set(swaps)
        scored = process.extract(key, list(keys), scorer=fuzz.ratio,
                                 score_cutoff=FUZZY_MIN_SCORE, limit=None)  # (key, score, index), best score first
        if len(scored) > limit:  # only the keys that score as high as the limit-th can be among the first `limit`
            lowest = scored[limit - 1][1]
            scored = [t for t in scored if t[1] >= lowest]
        if not scored:
            return {}
        ranked = sorted((((-score, distance.OSA.distance(key, mkey), mkey not in swapped), mkey, score)
                         for mkey, score, _ in scored), key=itemgetter(0))
        cut = ranked[min(limit, len(ranked)) - 1][0]  # those ranked after the limit-th cannot be among the first
        ranked = [t for t in ranked if t[0] <= cut]
        ties = Counter(rank for rank, _, _ in ranked)
        tied = [mkey for rank, mkey, _ in ranked if ties[rank] > 1]
        best = best_of(conn, tied)
        ranked.sort(key=lambda t: (t[0], best.get(t[1], 0)))
        return {mkey: float(score) for _, mkey, score in ranked[:limit]}

    def _skus_of(self, ids: Sequence[int]) -> dict[int, str]:
        """SKU by product id. Caller holds the lock."""
        out: dict[int, str] = {}
        for chunk in chunks(ids):
            out.update(self._conn.execute(f"SELECT id, sku FROM product WHERE id IN ({qmarks(len(chunk))})",
                                          tuple(chunk)))
        return out

    def described(self, text: str, *, account_id: str | None = None, limit: int = 20,
                  every_word: bool = False, unmatched: bool = False) -> SearchResult | None:
        """``search`` for a line that no code matched, read as a description ("施耐德接触器 9A 220V"); None at once
        when the catalog's vocabulary understands nothing in it beyond plain words: the search would then find no
        products that fit a description (``understood`` None), and its other steps (codes, words, near misses)
        cost a paste of unknown codes a few milliseconds a line. The understanding read here is the search's.
        With ``every_word`` (a line taken only when every word of it is found) also None at once when a word of it
        no product has: the search would leave that word out (``understood.unmatched``), and the line would not be
        taken (an indexed LIMIT 1 look a word, instead of the search). ``unmatched``: ``match_codes`` found nothing
        for ``text`` (a paste's line code): the search does not look it up again."""
        pq = parse_query(text if isinstance(text, str) else "")
        if pq.empty or pq.filters:
            return None  # the search understands nothing when the query is empty or has filters
        with self.checked_once():
            understood = self._lexicon_of(self._conn).understand(pq.text)
            if not understood.rich:
                return None
            known = known_words(self._conn, understood) if every_word else None
            if known is not None and known.unmatched:
                return None  # what the search's own ``known_words`` would find (``take_understood``), before it
            # (``known`` worked out once: the search does not look its words up again)
            return self.search(text, account_id=account_id, limit=limit, understood=understood, fits_only=True,
                               known=known, unmatched=unmatched)
