"""A code's exact matches in the local catalog (``CodeLookup.match_codes``): SKU, the account's customer part
number, normalised model number, EAN, cross-reference and loose key (O/0, I/1), each batch of codes in a few
statements. Mixed into ``LocalCatalog``; its search's exact step uses ``_exact`` too."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from b2bterm.domain.modelno import decimal_key, loose_fold, normalise, without_decimal_zeros
from b2bterm.domain.models import CodeKind, CodeMatch
from b2bterm.domain.search_query import MatchKind
from b2bterm.local.catalog_index import CODE_KINDS, by_skus, chunks, qmarks
from b2bterm.local.decimal_codes import decimals_named

_EXACT_ORDER = {
    MatchKind.SKU: 0,
    MatchKind.CUSTOMER_PART: 1,
    MatchKind.MODEL: 2,
    MatchKind.EAN: 3,
    MatchKind.CROSS_REF: 4,
    MatchKind.MODEL_LOOSE: 5,
}
_CODE_KIND = {
    MatchKind.SKU: CodeKind.SKU,
    MatchKind.CUSTOMER_PART: CodeKind.CUSTOMER_PART,
    MatchKind.MODEL: CodeKind.MODEL,
    MatchKind.MODEL_LOOSE: CodeKind.MODEL_LOOSE,
    MatchKind.EAN: CodeKind.EAN,
    MatchKind.CROSS_REF: CodeKind.CROSS_REF,
}


class ExactCodes:
    """Mixed into ``LocalCatalog``: it provides the lock and the connection."""

    db: object
    _conn: sqlite3.Connection

    def _exact(self, codes: Sequence[str], account_id: str | None) -> dict[str, list[tuple[int, MatchKind]]]:
        """Every exact (product id, how) per input code, strongest first. Caller holds the lock."""
        keys: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        key_of: dict[str, str] = {}  # each code normalised once
        decimal: dict[str, str] = {}  # a code with a decimal ("BV 2.5", "RVV 2x1.0"): its modelno.decimal_key
        for code in codes:
            k = normalise(code) if isinstance(code, str) else ""
            if k and len(k) <= 128:
                key_of[code] = k
                keys.setdefault(k, []).append(code)
                loose.setdefault(loose_fold(k), []).append(code)  # (loose_key of a key normalised already)
                if d := decimal_key(code):
                    decimal[code] = d
                    if (t := normalise(without_decimal_zeros(code))) != k:  # "RVV 2x1.0": also RVV 2x1's key
                        keys.setdefault(t, []).append(code)
        found: dict[str, dict[int, MatchKind]] = {}
        dkey_of: dict[int, str] = {}  # a model hit's decimal key ('' none: its model key says it)
        rank = _EXACT_ORDER

        def add(code: str, pid: int, kind: MatchKind) -> None:
            per = found.get(code)
            if per is None:
                found[code] = {pid: kind}
            elif (was := per.get(pid)) is None or rank[kind] < rank[was]:
                per[pid] = kind

        conn = self._conn
        kinds = {CODE_KINDS["sku"]: MatchKind.SKU, CODE_KINDS["ean"]: MatchKind.EAN,
                 CODE_KINDS["cross_ref"]: MatchKind.CROSS_REF}
        parts_of = bool(account_id) and conn.execute(  # (an account with no part numbers: no look a code)
            "SELECT 1 FROM customer_part WHERE account_id=? LIMIT 1", (account_id,)).fetchone() is not None
        for chunk in chunks(list(keys)):
            q = qmarks(len(chunk))
            for key, pid, kind in conn.execute(f"SELECT key, id, kind FROM product_code WHERE key IN ({q})",
                                               tuple(chunk)):
                how = kinds.get(kind, MatchKind.CROSS_REF)
                for code in keys[key]:
                    add(code, pid, how)
            for key, pid, dkey in conn.execute(f"SELECT model_key, id, dkey FROM product WHERE model_key IN ({q})",
                                               tuple(chunk)):
                dkey_of[pid] = dkey or key
                for code in keys[key]:
                    add(code, pid, MatchKind.MODEL)
            if parts_of:
                parts = conn.execute(f"SELECT key, sku FROM customer_part WHERE account_id=? AND key IN ({q})",
                                     (account_id, *chunk)).fetchall()
                id_of = dict(by_skus(conn, [sku for _, sku in parts], "p.id")) if parts else {}
                for key, sku in parts:
                    if sku in id_of:
                        for code in keys[key]:
                            add(code, id_of[sku], MatchKind.CUSTOMER_PART)
        # loose: the distinct model keys first (a small table), products only for keys some code did not equal
        # (a model whose key is a code's loose key: looked for only when that is not the code's own key, which the
        # model step above found)
        wanted: dict[str, list[str]] = {}
        folded = [lkey for lkey, cs in loose.items() if any(key_of[code] != lkey for code in cs)]
        for sql, batch in (("SELECT loose, key FROM model WHERE loose IN ({}) AND loose != ''", list(loose)),
                           ("SELECT key, key FROM model WHERE key IN ({})", folded)):
            for chunk in chunks(batch):  # (a key without O, Q, I or L is its own loose key: model.loose '')
                for lkey, mkey in conn.execute(sql.format(qmarks(len(chunk))), chunk):
                    for code in loose[lkey]:
                        if key_of[code] != mkey:
                            wanted.setdefault(mkey, []).append(code)
        for chunk in chunks(list(wanted)):
            for mkey, pid, dkey in conn.execute(
                    f"SELECT model_key, id, dkey FROM product WHERE model_key IN ({qmarks(len(chunk))})", tuple(chunk)):
                dkey_of.setdefault(pid, dkey or mkey)
                for code in wanted[mkey]:
                    add(code, pid, MatchKind.MODEL_LOOSE)
        folded: dict[str, str] = {}  # loose_fold of each decimal key, once
        for code, per in found.items():
            decimals_named(per, decimal.get(code) or key_of[code], dkey_of, folded)
        order = rank.__getitem__
        return {code: sorted(per.items(), key=lambda kv: order(kv[1])) if len(per) > 1 else list(per.items())
                for code, per in found.items() if per}

    def match_codes(self, codes: Sequence[str], *, account_id: str | None = None) -> dict[str, list[CodeMatch]]:
        with self.db.lock:  # type: ignore[attr-defined]
            exact = self._exact(codes, account_id)
            ids = list({pid for hits in exact.values() for pid, _ in hits})
            sku_of: dict[int, str] = {}
            for chunk in chunks(ids):
                sku_of.update(self._conn.execute(
                    f"SELECT id, sku FROM product WHERE id IN ({qmarks(len(chunk))})", tuple(chunk)))
        return {code: [CodeMatch(code, sku_of[pid], _CODE_KIND[kind]) for pid, kind in hits if pid in sku_of]
                for code, hits in exact.items()}
